"""A specialty as pages show it: its names, learning goals, goal sets and activities.

Names are localised here (the data writes ``{nb, en}``), so templates print them as
they are; goals are grouped the same way on every page that lists them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...load.dataset import Dataset, SpecialtyData
from .places import region_info, site_name, trust_info


def localized(name: Any, lang: str) -> str:
    """A ``{nb, en}`` name in ``lang`` (bokmål when missing), or a plain string as it is."""
    if isinstance(name, dict):
        return str(name.get(lang) or name.get("nb") or next(iter(name.values()), ""))
    return str(name)


def spec_data(bundle: SpecialtyData) -> dict[str, Any]:
    """The specialty.yaml of ``bundle``, empty when it has none."""
    return bundle.spec.data if bundle.spec else {}


def specialty_ref(bundle: SpecialtyData, lang: str) -> dict[str, Any]:
    """Enough of a specialty to name and link it."""
    spec = spec_data(bundle)
    return {
        "slug": bundle.slug,
        "code": spec.get("code"),
        "name": localized(spec.get("name", bundle.slug), lang),
    }


def specialty_info(ds: Dataset, bundle: SpecialtyData, lang: str) -> dict[str, Any]:
    spec = spec_data(bundle)
    return {
        **specialty_ref(bundle, lang),
        "part2": spec.get("part2"),
        "goalsets": [
            {"id": set_id, "name": goalset_name(ds, set_id, lang)}
            for set_id in spec.get("goalsets", [])
        ],
        "fagkontakt": region_info(ds, spec.get("fagkontakt")),
        "note": spec.get("note"),
    }


def goalset_name(ds: Dataset, set_id: str, lang: str) -> str:
    doc = ds.goalsets.get(set_id)
    return localized(doc.data["name"], lang) if doc else set_id


def goal_info(ds: Dataset, slug: str, goal_id: str, on: str | None = None) -> dict[str, Any]:
    """A goal for a page; ``on`` a day, as the goal-set version valid that day words it."""
    goal = ds.goal(slug, goal_id, on) or {}
    found = ds.goals(slug).get(goal_id)
    source = found[0].params.get("goalset") if found else None
    return {
        "id": goal_id,
        "title": goal.get("title"),
        "topic": goal.get("topic"),
        "level": goal.get("level"),
        "goalset": source,  # the goal set it comes from, None for the specialty's own
    }


def goal_groups(
    ds: Dataset, goals: Iterable[dict[str, Any]], lang: str, specialty: dict[str, Any]
) -> list[dict[str, Any]]:
    """``goals`` (as ``goal_info`` gives them) by where they come from: the specialty's
    own first, then each goal set's in the order first met; empty groups left out."""
    own: list[dict[str, Any]] = []
    by_set: dict[str, list[dict[str, Any]]] = {}
    for goal in goals:
        if goal["goalset"] is None:
            own.append(goal)
        else:
            by_set.setdefault(goal["goalset"], []).append(goal)
    groups = [
        {"id": specialty["code"] or specialty["slug"], "name": specialty["name"], "goals": own}
    ]
    groups += [
        {"id": set_id, "name": goalset_name(ds, set_id, lang), "goals": listed}
        for set_id, listed in by_set.items()
    ]
    return [g for g in groups if g["goals"]]


def coverage_info(ds: Dataset, trust: str, entry: dict[str, Any] | None) -> dict[str, Any] | None:
    """How ``trust`` covers one goal (its coverage file's entry), ``None`` when not assessed."""
    if entry is None:
        return None
    via = entry.get("via")
    return {
        "status": entry["status"],
        "sites": [site_name(ds, trust, s) for s in entry.get("sites", [])],
        "via": trust_info(ds, via) if via else None,
        "note": entry.get("note"),
    }


def activities_info(ds: Dataset, bundle: SpecialtyData) -> dict[str, list[dict[str, Any]]]:
    activities = spec_data(bundle).get("activities", {})
    return {
        "courses": [
            {
                "id": c["id"],
                "title": c["title"],
                "organiser": region_info(ds, c.get("organiser")),
                "hours": c.get("hours"),
                "goals": list(c.get("goals", [])),
                "description": c.get("description"),
            }
            for c in activities.get("courses", [])
        ],
        "procedures": [procedure_info(p) for p in activities.get("procedures", [])],
    }


#: The count columns of the national procedure list, and the mode each one counts.
COUNT_COLUMNS = ("assisted", "performed", "main_operator")
_COLUMN_OF_MODE = {
    "assisted": "assisted",
    "performed": "performed",
    "main-operator": "main_operator",
}


def procedure_info(p: dict[str, Any]) -> dict[str, Any]:
    """A procedure as the national list shows it: a number per count column (``counts``,
    or the one column its ``minimum`` and ``mode`` name), ``other`` for a minimum no
    column holds (seen, assisted or performed), and its "hvorav" sub-lines, each with
    the column it counts in (its own mode's, else the procedure's first) or ``other``.
    ``minimum``, ``mode`` and ``comment`` stay as the data writes them (a ``counts``
    with one assisted or performed number gives them too, for one-number lists)."""
    counts: dict[str, int | None] = dict.fromkeys(COUNT_COLUMNS)
    other = None
    if "counts" in p:
        counts.update(p["counts"])
    elif p.get("minimum") is not None:
        column = _COLUMN_OF_MODE.get(p.get("mode") or "performed")
        if column is None:
            other = {"minimum": p["minimum"], "mode": p.get("mode")}
        else:
            counts[column] = p["minimum"]
    first = next((c for c in COUNT_COLUMNS if counts[c] is not None), None)
    of_which = []
    for sub in p.get("of_which", []):
        column = _COLUMN_OF_MODE.get(sub["mode"]) if "mode" in sub else first
        of_which.append(
            {
                "title": sub["title"],
                "minimum": sub["minimum"],
                "mode": sub.get("mode") or (p.get("mode") if other else None),
                "column": column,
            }
        )
    minimum, mode = p.get("minimum"), p.get("mode")
    given = [c for c in COUNT_COLUMNS if counts[c] is not None]
    if minimum is None and len(given) == 1 and given[0] != "main_operator":
        minimum, mode = counts[given[0]], given[0]  # for pages that show one number
    return {
        "id": p["id"],
        "title": p["title"],
        "minimum": minimum,
        "mode": mode,
        "goals": list(p.get("goals", [])),
        "comment": p.get("comment"),
        "counts": counts,
        "other": other,
        "of_which": of_which,
    }
