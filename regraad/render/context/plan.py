"""The education plan (utdanningsplan) page of one home trust in one specialty.

Its periods are also what an agreement annex lists, so ``periods`` is shared.
"""

from __future__ import annotations

from typing import Any

from ...load.dataset import Dataset, SpecialtyData
from .agreement import agreement_info
from .council import council_info
from .education import education_plan
from .estimate import plan_estimate
from .places import region_info, site_name, trust_info
from .specialty import (
    activities_info,
    coverage_info,
    goal_groups,
    goal_info,
    goalset_name,
    specialty_info,
)


def plan_context(ds: Dataset, slug: str, home: str, *, as_of: str, lang: str) -> dict[str, Any]:
    """The education plan (utdanningsplan) of one home trust in one specialty.

    Keys: ``specialty``, ``trust`` (the home trust with its sites), ``region`` (with its
    RegUt), ``plan`` (intake, validity, note, total ``months``), ``periods`` (in order,
    each with ``start_month``/``end_month`` from the plan's start, ``away`` for a period
    at another trust, its ``agreement`` key and ``requires``), ``prerequisites`` (the
    periods that have requirements), ``goal_groups`` (every goal in force, the
    specialty's own first, then each goal set's, with ``reached``: the periods that list
    it, and ``coverage`` at home), ``estimate`` (see ``plan_estimate``), ``agreements``
    (those the plan's periods use), ``activities`` (national courses and procedures),
    ``council`` (the home region's council, members active on ``as_of``),
    ``utdanningsplan`` (the published plan's texts and facts, see ``education_plan``),
    ``landing_page`` and ``region_page`` (the pages its breadcrumbs lead up to), ``label``.
    """
    bundle = ds.specialties[slug]
    plan = bundle.rotations[home].data
    home_trust = trust_info(ds, home)
    specialty = specialty_info(ds, bundle, lang)

    plan_periods = periods(ds, bundle, plan, home, lang)
    total = sum(p["months"] for p in plan_periods)
    keys = list(dict.fromkeys(p["agreement"] for p in plan_periods if p["agreement"]))
    agreements = [a for a in (agreement_info(ds, bundle, k, as_of) for k in keys) if a]
    valid = plan.get("valid") or {}

    return {
        "label": f"{specialty['name']} – {home_trust['name']}",
        "specialty": specialty,
        "trust": home_trust,
        "region": region_info(ds, home_trust["region"]),
        "plan": {
            "intake_per_year": plan.get("intake_per_year"),
            "valid": {"from": valid.get("from"), "to": valid.get("to")},
            "note": plan.get("note"),
            "months": total,
        },
        "periods": plan_periods,
        "prerequisites": [p for p in plan_periods if p["requires"] is not None],
        "goal_groups": _reached_goals(
            ds, bundle, home, plan_periods, (valid.get("from"), as_of), lang, specialty
        ),
        "estimate": plan_estimate(ds, slug, home, as_of, total),
        "utdanningsplan": education_plan(ds, bundle, home),
        "agreements": agreements,
        "activities": activities_info(ds, bundle),
        "council": council_info(ds, bundle, home_trust["region"], as_of),
        "landing_page": None,  # the specialty's landing page, set by the page registry
        "region_page": None,  # the home region's page, set by the page registry
    }


def periods(
    ds: Dataset, bundle: SpecialtyData, plan: dict[str, Any], home: str, lang: str
) -> list[dict[str, Any]]:
    """The plan's periods in order, each placed on the plan's month scale."""
    out = []
    start: float = 0
    began = (plan.get("valid") or {}).get("from")  # picks the goal-set versions
    for number, period in enumerate(plan["periods"], start=1):
        trust = period["trust"]
        away = trust != home
        key = period.get("agreement") or (f"{home}--{trust}" if away else None)
        requires = period.get("requires")
        out.append(
            {
                "number": number,
                "id": period["id"],
                "title": period.get("title") or period["id"],
                "trust": trust_info(ds, trust),
                "site": site_name(ds, trust, period.get("site")),
                "department": period.get("department"),
                "months": period["months"],
                "start_month": start,
                "end_month": start + period["months"],
                "away": away,
                "agreement": key if key in bundle.agreements else None,
                "agreement_page": None,  # set by the page registry
                "requires": _requires(ds, bundle.slug, requires, lang, began) if requires else None,
                "goals": list(period["goals"]),
                "note": period.get("note"),
            }
        )
        start += period["months"]
    return out


def _requires(
    ds: Dataset, slug: str, requires: dict[str, Any], lang: str, began: str | None
) -> dict[str, Any]:
    return {
        "goals": [goal_info(ds, slug, g) for g in requires.get("goals", [])],
        "goalsets": [
            {
                "id": set_id,
                "name": goalset_name(ds, set_id, lang),
                "count": len(ds.goalset_goals(set_id, began)),
            }
            for set_id in requires.get("goalsets", [])
        ],
        "note": requires.get("note"),
    }


def _reached_goals(
    ds: Dataset,
    bundle: SpecialtyData,
    home: str,
    plan_periods: list[dict[str, Any]],
    days: tuple[str | None, str],
    lang: str,
    specialty: dict[str, Any],
) -> list[dict[str, Any]]:
    """Every goal the plan must reach (``days``: the day it began and the day judged,
    which pick the goal-set versions, as P-GOALS does), grouped, with the periods that
    reach it and the home trust's coverage of it."""
    coverage_doc = bundle.coverage.get(home)
    coverage = coverage_doc.data["goals"] if coverage_doc else {}
    goals = []
    for goal_id in ds.plan_goals(bundle.slug, *days):
        goal = goal_info(ds, bundle.slug, goal_id, days[0] or days[1])
        goal["reached"] = [
            {
                "period": p["id"],
                "number": p["number"],
                "title": p["title"],
                "trust": p["trust"],
                "site": p["site"],
                "away": p["away"],
            }
            for p in plan_periods
            if goal_id in p["goals"]
        ]
        goal["coverage"] = coverage_info(ds, home, coverage.get(goal_id))
        goals.append(goal)
    return goal_groups(ds, goals, lang, specialty)
