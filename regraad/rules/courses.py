"""Course catalogues (``data/courses/<catalogue>.yaml``): what a catalogue names exists,
and each run lies in its semester.

CRS-REF: the catalogue is a specialty, a goal set or ``ledelse``; each course's
organiser is a known region and its goals are goals of the catalogue (a specialty's own
and its goal sets', a goal set's in any version; ``ledelse`` courses serve the common
goal sets). CRS-RUN: a run's first day is not after its last, and both are in its
semester (V: January to June, H: July to December), so the long-term plan puts it in
the right column.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import N_, _
from ..load.dataset import Dataset, Document
from . import Context, rule

LEADERSHIP = "ledelse"  # the administration and leadership courses every LIS takes


def catalogues(ds: Dataset) -> list[Document]:
    """The valid course catalogues, by file name."""
    found = [d for d in ds.documents if d.valid and d.kind.name == "courses"]
    return sorted(found, key=lambda d: d.params["catalogue"])


def catalogue_goals(ds: Dataset, catalogue: str) -> set[str] | None:
    """The goal ids a catalogue's courses may name; None when the catalogue names no
    specialty or goal set on file, or when one it reads is broken (its own findings
    say what is wrong, and its goals are not known)."""
    present = ds.present
    bundle = ds.specialties.get(catalogue)
    if ("specialty", catalogue) in present:
        if bundle is None or bundle.spec is None:
            return None
        sets = bundle.spec.data["goalsets"]
        if any(("goalset", s) in present and s not in ds.goalsets for s in sets):
            return None
        return set(ds.goals(catalogue))
    if ("goalset", catalogue) in present:
        return set(ds.goalset_goals(catalogue)) if catalogue in ds.goalsets else None
    if catalogue == LEADERSHIP:
        if any(k == "goalset" and rest[0] not in ds.goalsets for k, *rest in present):
            return None
        return {g for set_id in ds.goalsets for g in ds.goalset_goals(set_id)}
    return None


def known_catalogue(ds: Dataset, catalogue: str) -> bool:
    """A specialty or goal set with a file (broken or not), or ``ledelse``."""
    present = ds.present
    return catalogue == LEADERSHIP or any(
        (kind, catalogue) in present for kind in ("specialty", "goalset")
    )


def semester_days(semester: str) -> tuple[str, str]:
    """The first and last day of a semester such as 2027V or 2027H."""
    year, half = semester[:4], semester[4]
    return (f"{year}-01-01", f"{year}-06-30") if half == "V" else (f"{year}-07-01", f"{year}-12-31")


@rule(
    "CRS-REF",
    "error",
    N_("a course catalogue is a specialty, a goal set or ledelse; its organisers and goals exist"),
)
def check_course_references(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    regions = {rest[0] for kind, *rest in ds.present if kind == "region"}  # broken ones too
    for doc in catalogues(ds):
        catalogue = doc.params["catalogue"]
        known = catalogue_goals(ds, catalogue)
        if not known_catalogue(ds, catalogue):
            yield ctx.finding(
                doc,
                ("id",),
                "CRS-REF",
                _("unknown course catalogue '{id}'").format(id=catalogue),
                _("a catalogue is a specialty, a goal set (FKM, FIM, KIR) or ledelse"),
            )
        for i, course in enumerate(doc.data["courses"]):
            if course["organiser"] not in regions:
                yield ctx.finding(
                    doc,
                    ("courses", i, "organiser"),
                    "CRS-REF",
                    _("unknown region '{id}'").format(id=course["organiser"]),
                    _("known regions: {ids}").format(ids=", ".join(sorted(regions))),
                )
            if known is None:
                continue
            for j, goal in enumerate(course.get("goals", [])):
                if goal not in known:
                    yield ctx.finding(
                        doc,
                        ("courses", i, "goals", j),
                        "CRS-REF",
                        _("unknown learning goal '{id}' for course catalogue {catalogue}").format(
                            id=goal, catalogue=catalogue
                        ),
                    )


@rule("CRS-RUN", "error", N_("a course run's dates are in order and inside its semester"))
def check_course_runs(ctx: Context) -> Iterator[Finding]:
    for doc in catalogues(ctx.dataset):
        for i, course in enumerate(doc.data["courses"]):
            for j, run in enumerate(course.get("runs", [])):
                first, last = semester_days(run["semester"])
                path = ("courses", i, "runs", j)
                if run["from"] > run["to"]:
                    yield ctx.finding(
                        doc,
                        (*path, "to"),
                        "CRS-RUN",
                        _("course run ends ({to}) before it starts ({start})").format(
                            to=run["to"], start=run["from"]
                        ),
                    )
                for field in ("from", "to"):
                    if not first <= run[field] <= last:
                        yield ctx.finding(
                            doc,
                            (*path, field),
                            "CRS-RUN",
                            _("course run day {day} is outside semester {semester}").format(
                                day=run[field], semester=run["semester"]
                            ),
                            _("{semester} runs from {first} to {last}").format(
                                semester=run["semester"], first=first, last=last
                            ),
                        )
