"""P-rules: each implementation plan reaches every goal, in a sensible order, under
valid agreements, over at least five years."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..clock import FOREVER
from ..findings import Finding, Severity
from ..i18n import N_, _, format_number, ngettext, plural_count
from ..load.dataset import Dataset, Document, SpecialtyData
from ..load.goalversions import for_plan, on_day
from . import AGREEMENTS, GOALS, PLANS, Context, active, rule
from .coverage import short_list

MIN_MONTHS = 60  # parts 2 + 3 together: at least five years (spesialistforskriften)


def _plans(ds: Dataset) -> Iterator[tuple[str, SpecialtyData, Document]]:
    for slug, bundle in ds.specialties.items():
        if bundle.spec is None:
            continue
        for plan in bundle.rotations.values():
            yield slug, bundle, plan


def _plans_in_force(ctx: Context) -> Iterator[tuple[str, SpecialtyData, Document]]:
    """The plans in scope whose ``valid`` period (if any) covers the day judged."""
    for slug, bundle in ctx.specialties():
        if bundle.spec is None:
            continue
        for plan in bundle.rotations.values():
            if active(plan.data.get("valid") or {}, ctx.as_of):
                yield slug, bundle, plan


@rule(
    "P-GOALS",
    "error",
    N_("the rotation plan reaches every goal in some period, at a trust that covers it"),
    dated=(GOALS, PLANS),
)
def check_goals(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    statuses: dict[tuple[str, str], tuple[frozenset[str], frozenset[str]]] = {}

    def full_and_none(
        slug: str, trust: str, covered: dict[str, Any]
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The goals a trust covers fully, and those it does not cover (once per run)."""
        found = statuses.get((slug, trust))
        if found is None:
            full = frozenset(g for g, e in covered.items() if e["status"] == "full")
            none = frozenset(g for g, e in covered.items() if e["status"] == "none")
            found = statuses[(slug, trust)] = (full, none)
        return found

    for slug, bundle, plan in _plans_in_force(ctx):
        reached: set[str] = set()
        for i, period in enumerate(plan.data["periods"]):
            trust = period["trust"]
            if trust not in bundle.coverage:
                if ("coverage", slug, trust) in ds.present:
                    reached.update(period["goals"])  # broken file: its own findings say why
                else:
                    yield ctx.finding(
                        plan,
                        ("periods", i, "trust"),
                        "P-GOALS",
                        _(
                            "period '{id}' is at {trust}, which has no coverage file for {slug}"
                        ).format(id=period["id"], trust=trust, slug=slug),
                    )
                continue
            full, none = full_and_none(slug, trust, bundle.coverage[trust].data["goals"])
            goals = period["goals"]
            reached.update(full.intersection(goals))
            if none.isdisjoint(goals):
                continue
            for j, goal in enumerate(goals):
                if goal in none:
                    yield ctx.finding(
                        plan,
                        ("periods", i, "goals", j),
                        "P-GOALS",
                        _("period '{id}' lists {goal}, but {trust} does not cover it").format(
                            id=period["id"], goal=goal, trust=trust
                        ),
                    )
        required = ds.plan_goals(slug, _start(plan), ctx.as_of)
        missing = [] if reached.issuperset(required) else [g for g in required if g not in reached]
        if missing:
            yield ctx.finding(
                plan,
                ("periods",),
                "P-GOALS",
                ngettext(
                    "{n} goal not reached in any period at a trust that covers it fully: {ids}",
                    "{n} goals not reached in any period at a trust that covers them fully: {ids}",
                    len(missing),
                ).format(n=len(missing), ids=short_list(missing)),
                _("list each goal in a period at a trust whose coverage is full for it"),
                at_key=True,
                gap=True,
            )


def _start(plan: Document) -> str | None:
    """The day a plan began, which picks the goal-set versions it is judged against."""
    start = (plan.data.get("valid") or {}).get("from")
    return start if isinstance(start, str) else None


def _required_goals(
    ds: Dataset, requires: dict[str, Any], start: str | None, as_of: str
) -> list[str]:
    """The goals ``requires`` names, a goal set as the version the plan is held to."""
    goals = list(requires.get("goals", []))
    for set_id in requires.get("goalsets", []):
        versions = ds.goalset_versions(set_id)
        version = on_day(versions, as_of) if start is None else for_plan(versions, start, as_of)
        if version is not None:
            goals.extend(g["id"] for g in version.goals)
    return goals


@rule(
    "P-REQUIRES",
    "error",
    N_("goals required before a period are reached in earlier periods"),
    dated=(GOALS,),
)
def check_requires(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    for _slug, bundle in ctx.specialties():
        for plan in bundle.rotations.values() if bundle.spec is not None else ():
            yield from _requires(ctx, ds, plan)


def _requires(ctx: Context, ds: Dataset, plan: Document) -> Iterator[Finding]:
    """One plan's periods against what each requires before it."""
    earlier: set[str] = set()
    for i, period in enumerate(plan.data["periods"]):
        requires = period.get("requires")
        if requires:
            required = _required_goals(ds, requires, _start(plan), ctx.as_of)
            missing = [g for g in required if g not in earlier]
            if missing:
                yield ctx.finding(
                    plan,
                    ("periods", i, "requires"),
                    "P-REQUIRES",
                    _("period '{id}' requires {ids}, not reached in an earlier period").format(
                        id=period["id"], ids=short_list(missing)
                    ),
                    _("move those goals to an earlier period, or relax the requirement"),
                    at_key=True,
                    gap=True,  # on a later day: a goal-set version ahead, warned until then
                )
        earlier.update(period["goals"])


@rule(
    "P-AGREEMENT",
    "error",
    N_("a period at another trust has a valid agreement for those goals"),
    dated=(AGREEMENTS, PLANS),
)
def check_agreement(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    for slug, bundle, plan in _plans_in_force(ctx):
        home = plan.data["trust"]
        for i, period in enumerate(plan.data["periods"]):
            host = period["trust"]
            if host == home:
                continue
            name = period.get("agreement", f"{home}--{host}")
            base = ("periods", i)
            where = (*base, "agreement") if "agreement" in period else (*base, "trust")
            if name != f"{home}--{host}":
                yield ctx.finding(
                    plan,
                    where,
                    "P-AGREEMENT",
                    _(
                        "period '{id}' at {host} names agreement {name}; expected {home}--{host}"
                    ).format(id=period["id"], host=host, name=name, home=home),
                )
                continue
            agreement = bundle.agreements.get(name)
            if agreement is None:
                if ("agreement", slug, home, host) not in ds.present:
                    yield ctx.finding(
                        plan,
                        where,
                        "P-AGREEMENT",
                        _(
                            "period '{id}' at {host} has no subject agreement (fagavtale) {name}"
                        ).format(id=period["id"], host=host, name=name),
                        _("add data/specialties/{slug}/agreements/{name}.yaml").format(
                            slug=slug, name=name
                        ),
                    )
                continue
            valid = agreement.data["valid"]
            if not active(valid, ctx.as_of):
                yield ctx.finding(
                    plan,
                    where,
                    "P-AGREEMENT",
                    _("agreement {name} is not in force (valid {start} to {end})").format(
                        name=name, start=valid["from"], end=valid.get("to", "…")
                    ),
                    _("renew the agreement, or end the plan's validity before it expires")
                    if valid.get("to", FOREVER) < ctx.as_of
                    else None,
                    gap=True,
                )
            outside = [g for g in period["goals"] if g not in agreement.data["goals"]]
            if outside:
                yield ctx.finding(
                    plan,
                    (*base, "goals"),
                    "P-AGREEMENT",
                    _(
                        "period '{id}' lists goals its agreement {name} does not cover: {ids}"
                    ).format(id=period["id"], name=name, ids=short_list(outside)),
                )
            if period["months"] > agreement.data["months"]:
                yield ctx.finding(
                    plan,
                    (*base, "months"),
                    "P-AGREEMENT",
                    ngettext(
                        "period '{id}' is {months} month; agreement {name} allows {allowed}",
                        "period '{id}' is {months} months; agreement {name} allows {allowed}",
                        plural_count(period["months"]),
                    ).format(
                        id=period["id"],
                        months=period["months"],
                        name=name,
                        allowed=agreement.data["months"],
                    ),
                )


@rule("P-LENGTH", "warning", N_("parts 2 and 3 total at least 60 months"))
def check_length(ctx: Context) -> Iterator[Finding]:
    for _slug, _bundle, plan in _plans(ctx.dataset):
        total = sum(p["months"] for p in plan.data["periods"])
        if total < MIN_MONTHS:
            yield ctx.finding(
                plan,
                ("periods",),
                "P-LENGTH",
                ngettext(
                    "the plan totals {months} month; parts 2 and 3 take at least {min}",
                    "the plan totals {months} months; parts 2 and 3 take at least {min}",
                    plural_count(total),
                ).format(months=_number(total), min=MIN_MONTHS),
                severity=Severity.WARNING,
                at_key=True,
            )


def _number(value: float) -> str:
    return format_number(value, decimals=1)  # in the reader's language: 7,5 / 7.5
