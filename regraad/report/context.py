"""The report's context: plain dicts the templates read, built from one dataset.

Which specialties a region's report covers: those with a council file for the region or
a coverage file of one of its trusts. Per specialty:

- ``council``: the region's council on the date, its leader, deputy, union and LIS
  representatives against the region's policy, and a member per offering trust; the
  verdicts are the C-rules' findings for that council (``run_rules``), not a second
  implementation of them;
- ``coverage``: ``analysis.coverage.matrix`` for the region: the goals no trust of the
  region covers fully, and each trust's share of goals reached at home;
- ``estimate``: ``analysis.estimate`` for the region's home trusts and the hosts they
  rotate to (or that are in the region), with bottlenecks and what removes them;
- ``proposals``: those that concern the region (national ones, and local ones from the
  region), open ones with their stage and age in days, and those decided since the
  report's point;
- ``changes``: the audit trail's actions for the region since the point;
- ``findings``: validation findings in the specialty's files that concern the region.

Numbers, ids, dates and codes are left to the templates to format and translate, as in
``regraad.render.context``; the sentences that need the data's words in the middle
(the attention list, the changes, the findings' own messages) are written here, in the
report's language, which the caller installs (``regraad.report.document_language``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from .. import clock
from ..analysis.coverage import matrix
from ..analysis.estimate import SEARCH_STEPS, SpecialtyEstimate, estimate
from ..audit.history import Action
from ..findings import Finding, Severity
from ..i18n import N_, _
from ..load.dataset import Dataset, SpecialtyData
from ..load.kinds import match_path
from ..render.context import ROLE_ORDER, localized, region_info, trust_info, trust_order
from ..render.environment import LABELS
from ..rules import active
from ..rules.proposal_flow import FINAL, NEEDS_RECOMMENDATION, STATE_TITLES, WORKFLOWS
from . import since as since_mod
from .since import Since

#: Council roles the region's policy speaks of, with their rule and policy key.
POLICY_ROLES: tuple[tuple[str, str, str | None], ...] = (
    ("leader", "C-LEADER", None),
    ("deputy", "C-DEPUTY", "deputy"),
    ("union-rep", "C-UNION", "union_rep"),
    ("lis-rep", "C-LIS", "lis_rep"),
)
VOTING = ("leader", "deputy", "member")
LEAVING_DAYS = 90  # memberships ending this soon after the date are named
REGIONAL_REVIEW = "regional-review"  # where a local-la proposal waits for its council

POSITIONS = {
    "support": N_("supports"),
    "oppose": N_("opposes"),
    "amend": N_("supports with amendments"),
}


def days_between(start: str, end: str) -> int:
    return clock.days_between(start, end)


def _region_of(ds: Dataset, trust: str) -> str | None:
    doc = ds.trusts.get(trust)
    return str(doc.data["region"]) if doc else None


def specialties_in(ds: Dataset, region: str) -> list[str]:
    """Slugs of the specialties with a council in ``region`` or coverage at its trusts."""
    return [
        slug
        for slug, bundle in ds.specialties.items()
        if bundle.spec is not None
        and (region in bundle.councils or any(_region_of(ds, t) == region for t in bundle.coverage))
    ]


def concerns(data: dict[str, Any], region: str) -> bool:
    """A national proposal concerns every region; a local one its own region."""
    workflow = WORKFLOWS.get(data["kind"])
    return (workflow is not None and workflow.national) or data["origin"]["region"] == region


# -- findings --------------------------------------------------------------------------------------


class Scope:
    """Which files of the dataset a region's report speaks for."""

    def __init__(self, ds: Dataset, region: str, slugs: Iterable[str]) -> None:
        self.ds = ds
        self.region = region
        self.slugs = set(slugs)
        self.goalsets: set[str] = set()
        for slug in self.slugs:
            spec = ds.specialties[slug].spec
            self.goalsets.update(spec.data["goalsets"] if spec else ())
        self.proposals = {
            (slug, pid)
            for slug in self.slugs
            for pid, doc in ds.specialties[slug].proposals.items()
            if concerns(doc.data, region)
        }

    def _ours(self, trust: str) -> bool:
        return _region_of(self.ds, trust) == self.region

    def place(self, path: str) -> tuple[bool, str | None]:
        """(whether the file concerns the region, the specialty it belongs to)."""
        matched = match_path(path)
        if matched is None:
            return False, None
        kind, params = matched
        name = kind.name
        if name == "region":
            return params["region"] == self.region, None
        if name == "trust":  # one that did not load may be anyone's: counted as ours
            trust = params["trust"]
            return trust not in self.ds.trusts or self._ours(trust), None
        if name == "goalset":
            return params["goalset"] in self.goalsets, None
        slug = params["specialty"]
        if slug not in self.slugs:
            return False, None
        if name == "council":
            ours = params["region"] == self.region
        elif name in ("coverage", "rotation"):
            ours = self._ours(params["trust"])
        elif name == "agreement":
            ours = self._ours(params["home"]) or self._ours(params["host"])
        elif name == "proposal":
            ours = (slug, params["proposal"]) in self.proposals
        elif name == "meeting":
            ours = params["meeting"].endswith(f"-{self.region}")
        else:  # specialty, capacity
            ours = True
        return ours, slug


def finding_info(f: Finding) -> dict[str, Any]:
    return {
        "location": f.location,
        "path": f.path,
        "line": f.line,
        "rule": f.rule,
        "severity": f.severity.value,
        "message": f.message,
        "hint": f.hint,
    }


def findings_summary(findings: list[Finding]) -> dict[str, Any]:
    """Counts by rule (errors and warnings) and the errors themselves."""
    errors = Counter(f.rule for f in findings if f.severity is Severity.ERROR)
    warnings = Counter(f.rule for f in findings if f.severity is Severity.WARNING)
    return {
        "errors": sum(errors.values()),
        "warnings": sum(warnings.values()),
        "by_rule": [
            {"rule": rule, "errors": errors[rule], "warnings": warnings[rule]}
            for rule in sorted(set(errors) | set(warnings))
        ],
        "error_list": [finding_info(f) for f in findings if f.severity is Severity.ERROR],
    }


# -- the council -----------------------------------------------------------------------------------


def _member(ds: Dataset, m: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": m["name"],
        "role": m["role"],
        "trust": trust_info(ds, m["trust"]),
        "union": m.get("union"),
        "from": m["from"],
        "to": m.get("to"),
    }


SINGLE_ROLES = ("leader", "deputy", "union-rep", "lis-rep")


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


def _status(findings: list[Finding]) -> str:
    if any(f.severity is Severity.ERROR for f in findings):
        return "error"
    return "warning" if findings else "ok"


def council_context(
    ds: Dataset, bundle: SpecialtyData, region: str, as_of: str, findings: list[Finding]
) -> dict[str, Any]:
    """The region's council for the specialty, against the policy, with the C-rules' findings
    (``findings``: those of this council, and C-TRUSTS on the region's coverage files)."""
    doc = bundle.councils.get(region)
    region_doc = ds.regions.get(region)
    policy = dict(region_doc.data["council_policy"]) if region_doc else {}
    members = [m for m in doc.data["members"] if active(m, as_of)] if doc else []
    members.sort(key=lambda m: (ROLE_ORDER.index(m["role"]), m["name"]))
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
    offering = sorted(
        (t for t in bundle.coverage if _region_of(ds, t) == region),
        key=lambda t: trust_order(ds, t),
    )
    voting: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        if m["role"] in VOTING:
            voting.setdefault(m["trust"], []).append(_member(ds, m))
    trusts = [
        {"trust": trust_info(ds, t), "offers": t in offering, "members": voting.get(t, [])}
        for t in [*offering, *sorted(set(voting) - set(offering), key=lambda t: trust_order(ds, t))]
    ]
    horizon = clock.shift(as_of, LEAVING_DAYS) or clock.FOREVER
    ending = [m for m in members if m.get("to") and m["to"] <= horizon]
    everyone = list(doc.data["members"]) if doc else []
    taken_over = {id(m): successor(everyone, m) for m in ending}
    others = [f for i, f in enumerate(findings) if i not in used]
    return {
        "exists": doc is not None,
        "broken": doc is None and ("council", bundle.slug, region) in ds.present,
        "path": doc.path if doc else None,
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
        "findings": [finding_info(f) for f in others],
        "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
        "complete": doc is not None and not any(f.severity is Severity.ERROR for f in findings),
    }


# -- coverage --------------------------------------------------------------------------------------


def coverage_context(ds: Dataset, slug: str, region: str, as_of: str) -> dict[str, Any]:
    m = matrix(ds, slug, as_of, region)
    titles = {row.goal: row.title for row in m.rows}
    return {
        "goals": len(m.rows),
        "trusts": [
            {
                "trust": trust_info(ds, s.trust),
                "full": s.full,
                "goals": s.goals,
                "percent": round(100 * s.share),
                "via": [{"trust": trust_info(ds, t), "goals": n} for t, n in s.via.items()],
                "unresolved": s.unresolved,
            }
            for s in m.summaries
        ],
        "uncovered": [{"id": g, "title": titles.get(g, "")} for g in m.uncovered.get(region, ())],
    }


# -- estimate --------------------------------------------------------------------------------------


def _round(value: float) -> float:
    return round(value, 1)


def estimate_context(
    ds: Dataset, bundle: SpecialtyData, region: str, as_of: str
) -> dict[str, Any] | None:
    """The estimate of the region's home trusts and the hosts they use (or in the region);
    None when neither has anything to estimate."""
    if not bundle.rotations and bundle.capacity is None:
        return None
    result: SpecialtyEstimate = estimate(ds, bundle.slug, as_of)
    homes = [h for h in result.homes if _region_of(ds, h.trust) == region]
    visited = {s.host for h in homes for s in h.stays}
    hosts = [h for h in result.hosts if h.trust in visited or _region_of(ds, h.trust) == region]
    if not homes and not hosts:
        return None
    return {
        "model": {
            "horizon_years": result.settings.horizon_years,
            "warmup_years": result.settings.warmup_years,
        },
        "homes": [
            {
                "trust": trust_info(ds, h.trust),
                "intake_per_year": h.intake_per_year,
                "plan_months": h.plan_months,
                "wait_mean": _round(h.wait.mean) if h.stays else 0,
                "wait_p90": h.wait.p90 if h.stays else 0,
                "total_mean": _round(h.plan_months + (h.wait.mean if h.stays else 0)),
                "growing": h.wait.growing,
                "stays": [
                    {
                        "host": trust_info(ds, s.host),
                        "months": s.months,
                        "wait": _round(s.mean_wait),
                    }
                    for s in h.stays
                ],
            }
            for h in homes
        ],
        "hosts": [
            {
                "trust": trust_info(ds, h.trust),
                "positions": h.positions,
                "demand": _round(h.demand),
                "utilisation": h.utilisation,
                "percent": None if h.utilisation is None else round(100 * h.utilisation),
                "wait_mean": _round(h.wait.mean),
                "growing": h.wait.growing,
                "trend": _round(h.wait.trend) if h.wait.growing else None,
                "agreements": [
                    {
                        "home": trust_info(ds, a.home),
                        "places": a.places,
                        "demand": _round(a.demand),
                        "over": a.places is not None and a.demand > a.places + 1e-9,
                    }
                    for a in h.agreements
                ],
                "bottleneck": None
                if h.bottleneck is None
                else {
                    "reasons": list(h.bottleneck.reasons),
                    "positions_needed": h.bottleneck.positions_needed,
                    "search_steps": SEARCH_STEPS,
                    "places_needed": [
                        {
                            "home": trust_info(ds, a.home),
                            "needed": h.bottleneck.places_needed[a.home],
                            "now": a.places,
                        }
                        for a in h.agreements
                        if a.home in h.bottleneck.places_needed
                    ],
                },
            }
            for h in hosts
        ],
        "notes": [
            _estimate_note(ds, n.code, n.home, n.host, as_of)
            for n in result.notes
            if _region_of(ds, n.home) == region
        ],
    }


def _estimate_note(ds: Dataset, code: str, home: str, host: str | None, as_of: str) -> str:
    from ..analysis.estimate_formats import note as _note  # the same words as regraad estimate

    def name(trust: str | None) -> str | None:
        return trust_info(ds, trust)["short"] if trust else trust

    return _note(code, str(name(home)), name(host), as_of)


# -- proposals -------------------------------------------------------------------------------------


def proposal_context(
    ds: Dataset, slug: str, pid: str, data: dict[str, Any], region: str, as_of: str
) -> dict[str, Any] | None:
    """One proposal as the report shows it; None when it was filed after ``as_of``."""
    history = [step for step in data["history"] if str(step["at"]) <= as_of]
    if not history:
        return None
    state = history[-1]["state"]
    workflow = WORKFLOWS.get(data["kind"])
    national = workflow is not None and workflow.national
    recommendation = next(
        (r for r in data.get("recommendations", []) if r["region"] == region), None
    )
    is_open = state not in FINAL
    waits_for_region = is_open and (
        (national and state == NEEDS_RECOMMENDATION and recommendation is None)
        or (not national and state == REGIONAL_REVIEW)
    )
    origin = data["origin"]
    filed, since = str(history[0]["at"]), str(history[-1]["at"])
    return {
        "id": pid,
        "specialty": slug,
        "title": data["title"],
        "kind": data["kind"],
        "state": state,
        "state_title": STATE_TITLES.get(state, state),
        "open": is_open,
        "filed": filed,
        "age_days": days_between(filed, as_of),
        "since": since,
        "days_in_stage": days_between(since, as_of),
        "origin": {
            "region": region_info(ds, origin["region"]),
            "trust": trust_info(ds, origin["trust"]) if origin.get("trust") else None,
            "by": origin["by"],
        },
        "recommendation": None
        if recommendation is None
        else {
            "position": recommendation["position"],
            "position_title": POSITIONS.get(recommendation["position"], ""),
            "at": recommendation["at"],
        },
        "waits_for_region": waits_for_region,
        "decided": None if is_open else since,
    }


# -- changes since ---------------------------------------------------------------------------------


def concerns_region(a: Action, region: str, proposals: set[tuple[str, str]]) -> bool:
    """An action on the region's council or meetings, or on a proposal of the report."""
    if a.council is not None:
        return a.council.endswith(f"/{region}")
    if a.proposal is not None:
        slug, _sep, pid = a.proposal.partition("/")
        return (slug, pid) in proposals or (a.recommendation or "").split(" ")[0] == region
    meeting = a.meeting
    return meeting is not None and meeting.endswith(f"-{region}")


def _role(role: str | None) -> str:
    word = LABELS["role"].get(role or "")
    return _(word) if word else (role or "—")


def _state(state: str | None) -> str:
    word = STATE_TITLES.get(state or "")
    return _(word) if word else (state or "—")


def describe(a: Action) -> str:
    """What an action did, in words."""
    pid = (a.proposal or "").partition("/")[2]
    meeting = (a.meeting or "").partition("/")[2]
    member = a.member or "?"
    if a.action == "council.add":
        text = _("{member} joins as {role}").format(member=member, role=_role(a.after))
    elif a.action == "council.end":
        text = _("{member} leaves ({role})").format(member=member, role=_role(a.before))
    elif a.action == "council.role":
        text = _("{member}: {before} → {after}").format(
            member=member, before=_role(a.before), after=_role(a.after)
        )
    elif a.action == "proposal.new":
        text = _("proposal {id} filed").format(id=pid)
    elif a.action == "proposal.advance":
        text = _("proposal {id}: {before} → {after}").format(
            id=pid, before=_state(a.before), after=_state(a.after)
        )
    elif a.action == "proposal.recommend":
        where, _sep, position = (a.recommendation or "").partition(" ")
        word = POSITIONS.get(position)
        text = _("proposal {id}: {region} {position}").format(
            id=pid, region=where.upper(), position=_(word) if word else position
        )
    elif a.action == "proposal.withdraw":
        text = _("proposal {id} withdrawn").format(id=pid)
    elif a.action == "meeting.new":
        text = _("meeting {id} created").format(id=meeting)
    elif a.action == "meeting.agenda":
        text = _("agenda of meeting {id} written").format(id=meeting)
    else:
        text = f"{a.action} {a.target or ''}".strip()
    if a.replaces and a.action in ("council.add", "council.role"):
        text += " " + _("(succeeding {member})").format(member=a.replaces)
    if meeting and not a.action.startswith("meeting."):
        text += " " + _("(decided in meeting {id})").format(id=meeting)
    return text


def change_context(a: Action) -> dict[str, Any]:
    c = a.commit
    area = a.action.partition(".")[0]
    return {
        "date": c.date[:10],
        "commit": c.short,
        "action": a.action,
        "area": area if area in ("council", "proposal", "meeting") else "other",
        "specialty": a.specialty,
        "what": describe(a),
        "by": a.by or c.author,
        "subject": c.subject,
    }


def since_context(ds_label: str, since: Since) -> dict[str, Any]:
    """The point, and why the history was not read when it was not."""
    note = None
    if since.note == since_mod.NO_GIT:
        note = _(
            "{root} is not in a git repository, so membership changes and decisions cannot "
            "be read from the audit trail."
        ).format(root=ds_label)
    elif since.note == since_mod.NO_COMMITS:
        note = _("The git repository has no commits yet, so there is no audit trail to read.")
    elif since.note == since_mod.INCOMPLETE:
        note = _("The history is incomplete in this clone: {detail}").format(
            detail=since.detail or ""
        )
    return {
        "given": since.given,
        "kind": since.kind,
        "date": since.date,
        "commit": since.short,
        "range": since.range,
        "commits": since.commits,
        "read": since.read,
        "note": note,
    }


# -- the whole report ------------------------------------------------------------------------------


def specialty_context(
    ds: Dataset,
    slug: str,
    region: str,
    *,
    as_of: str,
    lang: str,
    scope: Scope,
    findings: list[Finding],
    since: Since,
    changes: list[dict[str, Any]],
) -> dict[str, Any]:
    bundle = ds.specialties[slug]
    spec = bundle.spec.data if bundle.spec else {}
    mine = [f for f in findings if scope.place(f.path) == (True, slug)]
    council_path = f"data/specialties/{slug}/councils/{region}.yaml"
    coverage_paths = {f"data/specialties/{slug}/coverage/{t}.yaml" for t in bundle.coverage}
    council_findings = [
        f
        for f in mine
        if f.rule.startswith("C-")
        and (f.path == council_path or (f.rule == "C-TRUSTS" and f.path in coverage_paths))
    ]
    proposals = [
        p
        for p in (
            proposal_context(ds, slug, pid, doc.data, region, as_of)
            for pid, doc in sorted(bundle.proposals.items())
            if (slug, pid) in scope.proposals
        )
        if p is not None
    ]
    decided = [
        p
        for p in proposals
        if not p["open"] and since.date is not None and str(p["decided"]) >= since.date
    ]
    return {
        "slug": slug,
        "anchor": f"specialty-{slug}",
        "code": spec.get("code"),
        "name": localized(spec.get("name", slug), lang),
        "fagkontakt": region_info(ds, spec.get("fagkontakt")),
        "council": council_context(ds, bundle, region, as_of, council_findings),
        "coverage": coverage_context(ds, slug, region, as_of),
        "estimate": estimate_context(ds, bundle, region, as_of),
        "proposals": {
            "open": [p for p in proposals if p["open"]],
            "decided": decided,
        },
        "changes": [c for c in changes if c["specialty"] == slug],
        "findings": findings_summary(mine),
    }


def report_context(
    ds: Dataset,
    region: str,
    *,
    as_of: str,
    lang: str,
    findings: list[Finding],
    since: Since,
) -> dict[str, Any]:
    """Everything the report templates read (see the module docstring); ``summary`` holds
    the key numbers and the points that need the RHF's attention."""
    from .attention import summary

    slugs = specialties_in(ds, region)
    scope = Scope(ds, region, slugs)
    actions = [a for a in since.actions if concerns_region(a, region, scope.proposals)]
    changes = [change_context(a) for a in actions]
    specialties = [
        specialty_context(
            ds,
            slug,
            region,
            as_of=as_of,
            lang=lang,
            scope=scope,
            findings=findings,
            since=since,
            changes=changes,
        )
        for slug in slugs
    ]
    regional = [f for f in findings if scope.place(f.path)[0]]
    info = region_info(ds, region)
    assert info is not None
    region_doc = ds.regions[region].data
    unregistered = [
        {
            "slug": slug,
            "code": bundle.spec.data.get("code"),
            "name": localized(bundle.spec.data.get("name", slug), lang),
        }
        for slug, bundle in ds.specialties.items()
        if bundle.spec is not None and slug not in slugs
    ]
    context: dict[str, Any] = {
        "label": info["name"],
        "region": {**info, "reports_to": list(region_doc.get("reports_to", []))},
        "since": since_context(ds.label, since),
        "specialties": specialties,
        "unregistered": unregistered,
        "all_specialties": len(specialties) + len(unregistered),
        "changes": changes,
        "findings": {
            **findings_summary(regional),
            "outside": [
                finding_info(f)
                for f in regional
                if f.severity is Severity.ERROR and scope.place(f.path)[1] is None
            ],
            "dataset_errors": sum(1 for f in findings if f.severity is Severity.ERROR),
            "dataset_warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
        },
    }
    context["summary"] = summary(context, as_of=as_of, lang=lang)
    return context
