"""Course catalogues as pages show them: the long-term course plan of a specialty (its
own catalogue, its goal sets' and the administration and leadership courses every LIS
takes) and the courses one RegUt organises.

A plan is a table per catalogue: courses down, semesters across, each cell the runs of
that course in that semester. Runs that ended before the day the pages are rendered
for are history, not plan, and are left out; a course without a coming run is still
listed (its cells empty), as the catalogue is what LIS plan their training from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...collation import collated
from ...load.dataset import Dataset, Document
from ...rules.courses import LEADERSHIP, catalogues
from .places import region_info
from .specialty import goalset_name, localized, spec_data


def _catalogue_ref(ds: Dataset, doc: Document, lang: str) -> dict[str, Any]:
    """Enough of a catalogue to head its table: ``kind`` is specialty, goalset or
    leadership (the template words the leadership heading)."""
    cid = doc.params["catalogue"]
    bundle = ds.specialties.get(cid)
    if bundle is not None and bundle.spec is not None:
        kind, name = "specialty", localized(spec_data(bundle)["name"], lang)
    elif cid in ds.goalsets:
        kind, name = "goalset", goalset_name(ds, cid, lang)
    else:
        kind, name = ("leadership" if cid == LEADERSHIP else "other"), doc.data.get("title", cid)
    return {"id": cid, "kind": kind, "name": name, "note": doc.data.get("note")}


def _run(run: dict[str, Any], course: dict[str, Any]) -> dict[str, Any]:
    return {
        "semester": run["semester"],
        "from": run["from"],
        "to": run["to"],
        "place": run.get("place"),
        "capacity": run.get("capacity", course.get("capacity")),
        "registration": run.get("registration", course.get("registration")),
    }


def _course(ds: Dataset, course: dict[str, Any], as_of: str) -> dict[str, Any]:
    runs = [_run(r, course) for r in course.get("runs", []) if r["to"] >= as_of]
    return {
        "id": course["id"],
        "title": course["title"],
        "organiser": region_info(ds, course["organiser"]),
        "organiser_page": None,  # the RegUt's course page, set by the page registry
        "outcome": course.get("outcome"),
        "goals": list(course.get("goals", [])),
        "format": course.get("format"),
        "days": course.get("days"),
        "hours": course.get("hours"),
        "capacity": course.get("capacity"),
        "leader": course.get("leader"),
        "registration": course.get("registration"),
        "runs": sorted(runs, key=lambda r: r["from"]),
    }


def _table(
    ds: Dataset, doc: Document, courses: Iterable[dict[str, Any]], as_of: str, lang: str
) -> dict[str, Any]:
    listed = [_course(ds, c, as_of) for c in courses]
    # spring (V) before autumn (H) of the same year
    semesters = sorted(
        {r["semester"] for c in listed for r in c["runs"]}, key=lambda s: (s[:4], s[4] == "H")
    )
    for course in listed:
        course["cells"] = [
            {"semester": s, "runs": [r for r in course["runs"] if r["semester"] == s]}
            for s in semesters
        ]
    return {
        **_catalogue_ref(ds, doc, lang),
        "semesters": semesters,
        "courses": listed,
        "page": None,  # a specialty catalogue's landing page, set by the page registry
    }


def course_plan(ds: Dataset, slug: str, *, as_of: str, lang: str) -> list[dict[str, Any]]:
    """The long-term course plan of a specialty: its own catalogue, then its goal sets'
    in the order it names them, then the leadership courses; only catalogues on file.

    Each: ``id``, ``kind``, ``name``, ``note``, ``semesters`` (with a coming run, in
    order) and ``courses`` (``runs`` coming, ``cells`` one per semester, and the
    catalogue fields: ``organiser``, ``format``, ``days``, ``hours``, ``capacity``,
    ``leader``, ``registration``, ``outcome``, ``goals``).
    """
    by_id = {doc.params["catalogue"]: doc for doc in catalogues(ds)}
    wanted = [slug, *spec_data(ds.specialties[slug]).get("goalsets", []), LEADERSHIP]
    return [
        _table(ds, by_id[cid], by_id[cid].data["courses"], as_of, lang)
        for cid in dict.fromkeys(wanted)
        if cid in by_id
    ]


def regut_context(ds: Dataset, region: str, *, as_of: str, lang: str) -> dict[str, Any]:
    """The page of one RegUt: the courses it organises, per catalogue.

    Keys: ``region`` (with its RegUt), ``catalogues`` (as in ``course_plan``, only this
    RegUt's courses; specialties in Norwegian alphabetical order, then goal sets, then
    the leadership courses), ``run_count`` (coming runs), ``label``. The catalogues'
    ``page`` (a specialty's landing page) is ``None`` here; the page registry sets it.
    """
    info = region_info(ds, region)
    assert info is not None
    tables = []
    for doc in catalogues(ds):
        own = [c for c in doc.data["courses"] if c["organiser"] == region]
        if own:
            tables.append(_table(ds, doc, own, as_of, lang))
    order = {"specialty": 0, "goalset": 1, "leadership": 2, "other": 3}
    tables = collated(tables, key=lambda t: t["name"])
    tables.sort(key=lambda t: order[t["kind"]])
    name = info["regut"]["name"] if info["regut"] else info["name"]
    return {
        "label": name,
        "region": info,
        "catalogues": tables,
        "run_count": sum(len(c["runs"]) for t in tables for c in t["courses"]),
    }
