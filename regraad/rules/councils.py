"""Council composition per the council's policy: its region's (data/regions/<region>.yaml)
or its own ``policy`` over it (``load.councils.effective_policy``).

The two seeds differ: HMN wants the leader from St. Olavs and a union representative,
HSØ elects a leader and a deputy. The rules read the policy instead of hard-coding a
region. They judge every council: a specialty's in a region, a national one, and one
for a common goal set (FIM, KIR, FKM).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ..findings import Finding, Severity
from ..i18n import N_, _, ngettext
from ..load.approvals import offering
from ..load.councils import (
    CROSS_REGIONAL,
    Council,
    all_councils,
    concerned_trusts,
    effective_policy,
    goalset_users,
    national_council,
    stated_policy,
)
from ..load.dataset import Document
from . import APPROVALS, MEMBERS, Context, active, rule

VOTING = ("leader", "deputy", "member")


def _active_members(doc: Document, as_of: str) -> list[tuple[int, dict[str, Any]]]:
    return [(i, m) for i, m in enumerate(doc.data["members"]) if active(m, as_of)]


def in_scope(ctx: Context, council: Council) -> bool:
    """A specialty's council when the specialty is judged; a goal set's when some
    specialty that uses the set is."""
    if ctx.scope is None:
        return True
    if council.owner == "specialty":
        return council.subject in ctx.scope
    return not ctx.scope.isdisjoint(goalset_users(ctx.dataset, council.subject))


def scoped_councils(ctx: Context) -> Iterator[Council]:
    for council in all_councils(ctx.dataset):
        if in_scope(ctx, council):
            yield council


def _councils(ctx: Context) -> Iterator[tuple[str, Document, dict[str, Any] | None]]:
    """Each valid council in scope with its effective policy (None for cross-regional
    or unknown)."""
    for council in scoped_councils(ctx):
        yield council.subject, council.doc, effective_policy(ctx.dataset, council)


@rule("C-LEADER", "error", N_("exactly one active leader per council"), dated=(MEMBERS,))
def check_leader(ctx: Context) -> Iterator[Finding]:
    for _slug, doc, _policy in _councils(ctx):
        leaders = [(i, m) for i, m in _active_members(doc, ctx.as_of) if m["role"] == "leader"]
        if not leaders:
            yield ctx.finding(
                doc,
                ("members",),
                "C-LEADER",
                _("the council has no active leader"),
                _("record the elected leader with `role: leader`"),
                at_key=True,
                gap=True,
            )
        for i, m in leaders[1:]:
            yield ctx.finding(
                doc,
                ("members", i, "role"),
                "C-LEADER",
                _("{name} is a second active leader (also {first})").format(
                    name=m["name"], first=leaders[0][1]["name"]
                ),
                _("end the previous leader's term with `to:`"),
            )


@rule(
    "C-LEADER-TRUST",
    "warning",
    N_("the leader comes from the region's preferred trust (HMN: St. Olavs)"),
    dated=(MEMBERS,),
)
def check_leader_trust(ctx: Context) -> Iterator[Finding]:
    for _slug, doc, policy in _councils(ctx):
        preferred = policy and policy["leader_preferred_trust"]
        if not preferred:
            continue
        for i, m in _active_members(doc, ctx.as_of):
            if m["role"] == "leader" and m["trust"] != preferred:
                yield ctx.finding(
                    doc,
                    ("members", i, "trust"),
                    "C-LEADER-TRUST",
                    _(
                        "the leader is from {trust}; the region prefers a leader from {preferred}"
                    ).format(trust=m["trust"], preferred=preferred),
                    severity=Severity.WARNING,
                )


def _policy_role(
    ctx: Context, rule_id: str, role: str, policy_key: str, title: str
) -> Iterator[Finding]:
    for _slug, doc, policy in _councils(ctx):
        holders = [(i, m) for i, m in _active_members(doc, ctx.as_of) if m["role"] == role]
        for i, m in holders[1:]:
            yield ctx.finding(
                doc,
                ("members", i, "role"),
                rule_id,
                _("{name} is a second active {role}").format(name=m["name"], role=_(title)),
            )
        if holders or policy is None:
            continue
        level = policy[policy_key]
        if level == "optional":
            continue
        severity = Severity.ERROR if level == "required" else Severity.WARNING
        yield ctx.finding(
            doc,
            ("members",),
            rule_id,
            _("the council has no active {role}; the region's policy says {level}").format(
                role=_(title), level=_(level)
            ),
            _("add one with `role: {role}`").format(role=role),
            severity=severity,
            at_key=True,
            gap=True,
        )


@rule(
    "C-DEPUTY",
    "policy",
    N_("a deputy leader per the region's policy; at most one"),
    dated=(MEMBERS,),
)
def check_deputy(ctx: Context) -> Iterator[Finding]:
    return _policy_role(ctx, "C-DEPUTY", "deputy", "deputy", N_("deputy leader"))


@rule("C-UNION", "policy", N_("one union representative per the region's policy"), dated=(MEMBERS,))
def check_union(ctx: Context) -> Iterator[Finding]:
    return _policy_role(ctx, "C-UNION", "union-rep", "union_rep", N_("union representative"))


@rule(
    "C-LIS",
    "policy",
    N_("a LIS representative per the region's policy; at most one"),
    dated=(MEMBERS,),
)
def check_lis(ctx: Context) -> Iterator[Finding]:
    return _policy_role(ctx, "C-LIS", "lis-rep", "lis_rep", N_("LIS representative"))


# make the policy levels extractable for translation
_LEVELS = (N_("required"), N_("recommended"), N_("optional"))


def offering_trusts(ctx: Context, slug: str) -> dict[str, list[str]]:
    """Per region, the trusts that offer the specialty on the day judged (approved in its
    register; without a register, those with a coverage file)."""
    ds = ctx.dataset
    out: dict[str, list[str]] = defaultdict(list)
    for trust_id in offering(ds, slug, ctx.as_of):
        trust = ds.trusts.get(trust_id)
        if trust is not None:
            out[trust.data["region"]].append(trust_id)
    return out


@rule(
    "C-TRUSTS",
    "error",
    N_("every trust of the region that offers the specialty has an active member"),
    dated=(MEMBERS, APPROVALS),
)
def check_trusts(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    for slug, bundle in ctx.specialties():
        if national_council(ds, slug) is not None:
            continue  # one council for the whole country: judged below
        for region, trusts in offering_trusts(ctx, slug).items():
            if ("council", slug, region) in ds.present:
                continue
            first = bundle.coverage.get(trusts[0]) or bundle.approvals
            if first is not None:
                yield ctx.finding(
                    first,
                    (),
                    "C-TRUSTS",
                    _("{trusts} offer {slug} but region {region} has no council file").format(
                        trusts=", ".join(trusts), slug=slug, region=region
                    ),
                    _("add data/specialties/{slug}/councils/{region}.yaml").format(
                        slug=slug, region=region
                    ),
                    gap=True,
                )
    for council in scoped_councils(ctx):
        if council.region != CROSS_REGIONAL:
            yield from _members_per_trust(ctx, council)


def _members_per_trust(ctx: Context, council: Council) -> Iterator[Finding]:
    """A regional council's members come from its region; every concerned trust has a
    voting member, and no more than the policy allows."""
    ds, doc, region = ctx.dataset, council.doc, council.region
    per_trust = stated_policy(ds, council).get("members_per_trust", 1)
    voting: dict[str, list[int]] = defaultdict(list)
    for i, m in _active_members(doc, ctx.as_of):
        trust = ds.trusts.get(m["trust"])
        if not council.national and trust is not None and trust.data["region"] != region:
            yield ctx.finding(
                doc,
                ("members", i, "trust"),
                "C-TRUSTS",
                _("{name} represents {trust}, which is not in region {region}").format(
                    name=m["name"], trust=m["trust"], region=region
                ),
            )
        if m["role"] in VOTING:
            voting[m["trust"]].append(i)
    for trust_id, slugs in concerned_trusts(ds, council, ctx.as_of).items():
        if trust_id in voting:
            continue
        if council.owner == "specialty":
            message = _("{trust} offers {slug} but has no active member in the council").format(
                trust=trust_id, slug=council.subject
            )
        else:
            message = _(
                "{trust} offers {slugs} (goal set {set}) but has no active member in the council"
            ).format(trust=trust_id, slugs=", ".join(slugs), set=council.subject)
        yield ctx.finding(
            doc,
            ("members",),
            "C-TRUSTS",
            message,
            _("add the trust's representative with `role: member`"),
            at_key=True,
            gap=True,
        )
    for trust_id, indexes in voting.items():
        for i in indexes[per_trust:]:
            yield ctx.finding(
                doc,
                ("members", i, "trust"),
                "C-TRUSTS",
                ngettext(
                    "{trust} has more than {n} voting member; others attend as observers",
                    "{trust} has more than {n} voting members; others attend as observers",
                    per_trust,
                ).format(trust=trust_id, n=per_trust),
            )


@rule(
    "C-QUALIFIED",
    "error",
    N_("members (not union or LIS representatives, observers) are overlege and specialist"),
    dated=(MEMBERS,),
)
def check_qualified(ctx: Context) -> Iterator[Finding]:
    for _slug, doc, _policy in _councils(ctx):
        for i, m in _active_members(doc, ctx.as_of):
            if m["role"] not in VOTING:
                continue
            if "overlege" not in m.get("title", "").casefold():
                yield ctx.finding(
                    doc,
                    ("members", i, "title") if "title" in m else ("members", i),
                    "C-QUALIFIED",
                    _("{name} ({role}) must be an overlege").format(name=m["name"], role=m["role"]),
                    _("the mandate asks for overlege and specialist in the specialty"),
                )
            if m.get("specialist") is not True:
                path = ("members", i, "specialist") if "specialist" in m else ("members", i)
                yield ctx.finding(
                    doc,
                    path,
                    "C-QUALIFIED",
                    _("{name} ({role}) must be a specialist in the specialty").format(
                        name=m["name"], role=m["role"]
                    ),
                    _("set `specialist: true` when it holds"),
                )


def _person(name: str) -> str:
    return " ".join(name.casefold().split())


@rule("C-DATES", "error", N_("membership periods are valid; one person is not in twice at once"))
def check_dates(ctx: Context) -> Iterator[Finding]:
    for _slug, doc, _policy in _councils(ctx):
        spans: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for i, m in enumerate(doc.data["members"]):
            start, end = m["from"], m.get("to", "9999-12-31")
            if end < start:
                yield ctx.finding(
                    doc,
                    ("members", i, "to"),
                    "C-DATES",
                    _("{name}'s membership ends ({to}) before it starts ({start})").format(
                        name=m["name"], to=end, start=start
                    ),
                )
                continue
            for other_start, other_end, j in spans[_person(m["name"])]:
                if start <= other_end and other_start <= end:  # `to` is inclusive
                    yield ctx.finding(
                        doc,
                        ("members", i, "from"),
                        "C-DATES",
                        _(
                            "{name} is listed twice for overlapping periods (see line {line})"
                        ).format(name=m["name"], line=doc.locate(("members", j))[0]),
                        _(
                            "end the first membership with `to:` before the new "
                            "one starts (a role change is a new entry)"
                        ),
                    )
            spans[_person(m["name"])].append((start, end, i))
