"""The landing page of one specialty, across regions: councils, the trusts that offer it,
their coverage of its goals, host capacity, open proposals and what to read."""

from __future__ import annotations

from typing import Any

from ...load.approvals import keeps_register, offering, offers, scope_on
from ...load.dataset import Dataset, SpecialtyData
from .agreement import agreement_info
from .capacity import capacity_info
from .council import council_info
from .courses import course_plan
from .places import region_info, trust_info, trust_order
from .proposals import open_proposals
from .specialty import (
    activities_info,
    coverage_info,
    goal_groups,
    goal_info,
    spec_data,
    specialty_info,
)


def landing_context(ds: Dataset, slug: str, *, as_of: str, lang: str) -> dict[str, Any]:
    """The landing page of one specialty, across regions.

    Keys: ``specialty``, ``goal_count`` (goals in force on ``as_of``), ``councils`` (one
    per council file, regions in order and the cross-regional council last, members
    active on ``as_of`` with the leader and deputy first; ``page`` of its region),
    ``regions_without_council``, ``trusts`` (the trusts that offer the specialty by the
    approval register, and those with a coverage file or an education plan: ``offers``,
    ``approval`` (full, partial or None), ``assessed`` (has a coverage file),
    ``coverage`` counts per status, ``intake_per_year``, ``plan_page``), ``coverage``
    (per goal group: ``goals``, ``columns`` (the trusts with a coverage file), ``cells``
    for the heatmap and ``rows`` for its table), ``capacity`` (``hosts`` with positions,
    agreement places and demand; ``homes``: the demand of each home trust's plan at each
    host with the agreement's places; ``chart``: the rows of the utilisation chart),
    ``proposals`` (open on ``as_of``, with their stage), ``activities``, ``course_plan``
    (``context.courses``: the coming course runs by semester), ``literature``,
    ``agreements`` (each with the ``page`` of its annex), ``label``. Page paths are
    ``None`` here; the page registry sets them.
    """
    bundle = ds.specialties[slug]
    specialty = specialty_info(ds, bundle, lang)
    offered = offering(ds, slug, as_of)
    trust_ids = sorted(
        set(bundle.coverage) | set(bundle.rotations) | set(offered),
        key=lambda t: trust_order(ds, t),
    )
    assessed = [t for t in trust_ids if t in bundle.coverage]
    councils = [
        council
        for council in (
            council_info(ds, bundle, region, as_of)
            for region in sorted(bundle.councils, key=lambda r: (r not in ds.regions, r))
        )
        if council is not None
    ]
    for council in councils:
        council["cross_regional"] = council["region"]["id"] not in ds.regions
        council["page"] = None  # the region's page, set by the page registry
    return {
        "label": specialty["name"],
        "specialty": specialty,
        "goal_count": len(ds.active_goals(slug, as_of)),
        "councils": councils,
        "regions_without_council": [
            region_info(ds, region) for region in ds.regions if region not in bundle.councils
        ],
        "trusts": [_offering_trust(ds, bundle, t, as_of) for t in trust_ids],
        "coverage": _coverage_groups(ds, bundle, assessed, as_of, lang, specialty),
        "capacity": capacity_info(ds, bundle, as_of),
        "proposals": open_proposals(ds, bundle, as_of),
        "activities": activities_info(ds, bundle),
        "course_plan": course_plan(ds, slug, as_of=as_of, lang=lang),
        "literature": [
            {
                "title": item["title"],
                "authors": item.get("authors"),
                "year": item.get("year"),
                "url": item.get("url"),
                "note": item.get("note"),
            }
            for item in spec_data(bundle).get("literature", [])
        ],
        "agreements": [
            a
            for a in (agreement_info(ds, bundle, key, as_of) for key in sorted(bundle.agreements))
            if a is not None
        ],
    }


def _offering_trust(ds: Dataset, bundle: SpecialtyData, trust: str, as_of: str) -> dict[str, Any]:
    info = trust_info(ds, trust)
    doc = bundle.coverage.get(trust)
    counts = dict.fromkeys(("full", "partial", "none", "missing"), 0)
    if doc is not None:
        entries = doc.data["goals"]
        for goal_id in ds.active_goals(bundle.slug, as_of):
            entry = entries.get(goal_id)
            counts[entry["status"] if entry else "missing"] += 1
    plan = bundle.rotations.get(trust)
    info.update(
        {
            "region": region_info(ds, info["region"]),
            # who offers it is the approval register's answer (load.approvals); the
            # coverage counts are the trust's own assessment, shown where it has one
            "offers": offers(ds, bundle.slug, trust, as_of),
            "approval": scope_on(bundle, trust, as_of),
            "register": keeps_register(ds, bundle.slug),
            "assessed": doc is not None,
            "coverage": counts,
            "updated": doc.data.get("updated") if doc else None,
            "intake_per_year": plan.data["intake_per_year"] if plan else None,
            "has_plan": plan is not None,
            "plan_page": None,  # set by the page registry
        }
    )
    return info


def _coverage_groups(
    ds: Dataset,
    bundle: SpecialtyData,
    offering: list[str],
    as_of: str,
    lang: str,
    specialty: dict[str, Any],
) -> list[dict[str, Any]]:
    """Goals × offering trusts, per goal group (the specialty's own, then each goal set's)."""
    columns = []
    for t in offering:
        info = trust_info(ds, t)
        columns.append({"id": t, "label": info["short"], "name": info["name"]})
    goals = [goal_info(ds, bundle.slug, g, as_of) for g in ds.active_goals(bundle.slug, as_of)]
    out = []
    for group in goal_groups(ds, goals, lang, specialty):
        rows = []
        for goal in group["goals"]:
            cells = []
            for trust in offering:
                entry = bundle.coverage[trust].data["goals"].get(goal["id"])
                coverage = coverage_info(ds, trust, entry)
                cells.append(
                    {
                        "goal": goal["id"],
                        "trust": trust,
                        "status": coverage["status"] if coverage else None,
                        "via": coverage["via"] if coverage else None,
                    }
                )
            rows.append({"goal": goal, "cells": cells})
        out.append(
            {
                **group,
                "columns": columns,
                "rows": rows,
                "cells": [cell for row in rows for cell in row["cells"]],
            }
        )
    return out
