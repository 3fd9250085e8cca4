"""The council section: the region's council against its policy, and who is leaving.

The verdicts are the C-rules' findings for the council (``run_rules``), not a second
implementation of them; this module only sorts them under the roles the region's
policy speaks of. Memberships ending soon are advice to act unless a successor is
already recorded, in which case they are a handover and only information.

A specialty offered in few places may have one national council instead of one per
region: every region's report then shows that council, its policy and the offering
trusts of the whole country. The region's councils for common goal sets (FIM, KIR, FKM),
and the national ones, have a section of their own (``goalset_councils_context``).
"""

from __future__ import annotations

from typing import Any

from .. import clock
from ..collation import sort_key
from ..findings import Finding, Severity
from ..load.approvals import offering as offering_on
from ..load.councils import (
    Council,
    concerned_trusts,
    council_of,
    effective_policy,
    goalset_councils,
    national_council,
)
from ..load.dataset import Dataset, SpecialtyData
from ..load.regions import region_short
from ..render.context import ROLE_ORDER, trust_info, trust_order
from ..rules import active
from .scope import in_region
from .validation import count, finding_info

#: Council roles the region's policy speaks of, with their rule and policy key.
POLICY_ROLES: tuple[tuple[str, str, str | None], ...] = (
    ("leader", "C-LEADER", None),
    ("deputy", "C-DEPUTY", "deputy"),
    ("union-rep", "C-UNION", "union_rep"),
    ("lis-rep", "C-LIS", "lis_rep"),
)
VOTING = ("leader", "deputy", "member")
SINGLE_ROLES = ("leader", "deputy", "union-rep", "lis-rep")
LEAVING_DAYS = 90  # memberships ending this soon after the date are named


def council_context(
    ds: Dataset, bundle: SpecialtyData, region: str, as_of: str, findings: list[Finding]
) -> dict[str, Any]:
    """The region's council for the specialty (or its national council), against the
    policy it is judged by, with the C-rules' findings (``findings``: those of this
    council, and C-TRUSTS on the region's coverage files)."""
    national = national_council(ds, bundle.slug)
    doc = national.doc if national is not None else bundle.councils.get(region)
    region_doc = ds.regions.get(region)
    policy = dict(region_doc.data["council_policy"]) if region_doc else {}
    if doc is not None:
        policy = effective_policy(ds, council_of(doc)) or policy
    members = [m for m in doc.data["members"] if active(m, as_of)] if doc else []
    members.sort(key=lambda m: (ROLE_ORDER.index(m["role"]), sort_key(m["name"])))
    roles, used = _roles(ds, policy, members, findings)
    trusts = _trusts(ds, bundle, None if national else region, members, as_of)
    horizon = clock.shift(as_of, LEAVING_DAYS) or clock.FOREVER
    ending = [m for m in members if m.get("to") and m["to"] <= horizon]
    everyone = list(doc.data["members"]) if doc else []
    taken_over = {id(m): successor(everyone, m) for m in ending}
    errors = count(findings, Severity.ERROR)
    return {
        "exists": doc is not None,
        "broken": doc is None and ("council", bundle.slug, region) in ds.present,
        "path": doc.path if doc else None,
        # a national council serves every region; it is run by the RegUt of ``host``
        "national": national is not None,
        "host": _region_info(ds, national.region) if national is not None else None,
        "policy": policy,
        "members": [_member(ds, m) for m in members],
        "roles": roles,
        "trusts": trusts,
        "missing_trusts": [t["trust"] for t in trusts if t["offers"] and not t["members"]],
        # memberships ending soon that nobody is recorded to take over: advice to act
        "leaving": [_member(ds, m) for m in ending if taken_over[id(m)] is None],
        "leaving_by": horizon,
        # those with a successor already recorded (a handover): information only
        "handovers": [
            {"member": _member(ds, m), "successor": _member(ds, other)}
            for m in ending
            if (other := taken_over[id(m)]) is not None and other is not m
        ],
        "findings": [finding_info(f) for i, f in enumerate(findings) if i not in used],
        "errors": errors,
        "warnings": count(findings, Severity.WARNING),
        "complete": doc is not None and errors == 0,
    }


def council_file(ds: Dataset, slug: str, region: str) -> str:
    """The path of the council that serves ``region`` for the specialty: its national
    council's, when it has one."""
    national = national_council(ds, slug)
    return national.doc.path if national else f"data/specialties/{slug}/councils/{region}.yaml"


def successor(doc_members: list[dict[str, Any]], m: dict[str, Any]) -> dict[str, Any] | None:
    """Who is recorded to take over from ``m`` the day after its membership ends: the
    next holder of a leader's, deputy's or representative's role, or another voting
    member for the same trust; None when nobody is (an observer needs no successor and
    is its own)."""
    day = clock.day_after(str(m["to"]))
    if day is None:
        return m
    if m["role"] not in (*SINGLE_ROLES, *VOTING):
        return m
    for other in doc_members:
        if other is m or not active(other, day):
            continue
        if m["role"] in SINGLE_ROLES and other["role"] == m["role"]:
            return other
        if m["role"] == "member" and other["role"] in VOTING and other["trust"] == m["trust"]:
            return other
    return None


def _roles(
    ds: Dataset,
    policy: dict[str, Any],
    members: list[dict[str, Any]],
    findings: list[Finding],
) -> tuple[list[dict[str, Any]], set[int]]:
    """Each policy role with its holders and verdict; the indexes of the findings used."""
    used: set[int] = set()
    roles = []
    for role, rule_id, key in POLICY_ROLES:
        mine = [
            (i, f)
            for i, f in enumerate(findings)
            if f.rule == rule_id or (role == "leader" and f.rule == "C-LEADER-TRUST")
        ]
        used.update(i for i, _f in mine)
        preferred = policy.get("leader_preferred_trust") if role == "leader" else None
        roles.append(
            {
                "role": role,
                "policy": "required" if key is None else policy.get(key, "optional"),
                "preferred": trust_info(ds, preferred) if preferred else None,
                "holders": [_member(ds, m) for m in members if m["role"] == role],
                "status": _status([f for _i, f in mine]),
                "findings": [finding_info(f) for _i, f in mine],
            }
        )
    return roles, used


def _trusts(
    ds: Dataset,
    bundle: SpecialtyData,
    region: str | None,
    members: list[dict[str, Any]],
    as_of: str,
) -> list[dict[str, Any]]:
    """The region's offering trusts (``load.approvals``: approved on ``as_of``, or with a
    coverage file where the specialty keeps no register; every region's for a national
    council, ``region`` None), then any other with a voting member, with those members."""
    offering = sorted(
        (
            t
            for t in offering_on(ds, bundle.slug, as_of)
            if region is None or in_region(ds, t, region)
        ),
        key=lambda t: trust_order(ds, t),
    )
    voting: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        if m["role"] in VOTING:
            voting.setdefault(m["trust"], []).append(_member(ds, m))
    return [
        {"trust": trust_info(ds, t), "offers": t in offering, "members": voting.get(t, [])}
        for t in [*offering, *sorted(set(voting) - set(offering), key=lambda t: trust_order(ds, t))]
    ]


def _member(ds: Dataset, m: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": m["name"],
        "role": m["role"],
        "trust": trust_info(ds, m["trust"]),
        "union": m.get("union"),
        "from": m["from"],
        "to": m.get("to"),
    }


def _status(findings: list[Finding]) -> str:
    if any(f.severity is Severity.ERROR for f in findings):
        return "error"
    return "warning" if findings else "ok"


def _region_info(ds: Dataset, region: str) -> dict[str, Any]:
    doc = ds.regions.get(region)
    regut = doc.data["regut"]["name"] if doc is not None else None
    name = doc.data["name"] if doc else region_short(ds, region)
    return {"id": region, "name": name, "short": region_short(ds, region), "regut": regut}


def goalset_councils_context(
    ds: Dataset, region: str, as_of: str, findings: list[Finding]
) -> list[dict[str, Any]]:
    """The councils for common goal sets that serve ``region`` (its own and the national
    ones), each against its policy, with the trusts it must have and the C-rules'
    findings on its file (``findings``: all of the report's)."""
    out = []
    for council in goalset_councils(ds):
        if council.region != region and not council.national:
            continue
        mine = [f for f in findings if f.path == council.doc.path and f.rule.startswith("C-")]
        out.append(_goalset_council(ds, council, as_of, mine))
    return out


def _goalset_council(
    ds: Dataset, council: Council, as_of: str, findings: list[Finding]
) -> dict[str, Any]:
    doc = council.doc
    gs = ds.goalsets.get(council.subject)
    policy = effective_policy(ds, council) or {}
    members = [m for m in doc.data["members"] if active(m, as_of)]
    members.sort(key=lambda m: (ROLE_ORDER.index(m["role"]), sort_key(m["name"])))
    roles, used = _roles(ds, policy, members, findings)
    voting: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        if m["role"] in VOTING:
            voting.setdefault(m["trust"], []).append(_member(ds, m))
    concerned = concerned_trusts(ds, council, as_of)
    order = sorted({*concerned, *voting}, key=lambda t: trust_order(ds, t))
    errors = count(findings, Severity.ERROR)
    return {
        "goalset": council.subject,
        "name": doc.data.get("name"),  # as the region calls it, else the goal set's
        "goalset_name": gs.data["name"] if gs else {},
        "ref": council.ref,
        "path": doc.path,
        "national": council.national,
        "host": _region_info(ds, council.region),
        "policy": policy,
        "members": [_member(ds, m) for m in members],
        "roles": roles,
        "trusts": [
            {
                "trust": trust_info(ds, t),
                "offers": t in concerned,
                "specialties": concerned.get(t, []),
                "members": voting.get(t, []),
            }
            for t in order
        ],
        "findings": [finding_info(f) for i, f in enumerate(findings) if i not in used],
        "errors": errors,
        "warnings": count(findings, Severity.WARNING),
        "complete": errors == 0,
    }
