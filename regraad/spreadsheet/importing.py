"""``regraad import``: from a spreadsheet to a planned, checked change of ``specialty.yaml``.

The CLI fills an ``ImportRequest`` and calls ``execute``. Nothing is written unless the
request says ``apply``, and then only after the edited dataset is validated: the import
may leave follow-up work in other files (a new goal is not yet in any coverage file or
plan), but it may not make ``specialty.yaml`` itself invalid. Writing is the whole of
it: the user reviews the change and commits it in a pull request like any data edit.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ..errors import RefusedError, UsageError
from ..i18n import _
from ..load.dataset import Dataset, Document
from .activities import plan_activities
from .changes import ImportPlan
from .columns import ACTIVITY_KINDS, FIELDS_BY_KIND, map_columns, normalise, parse_map
from .goals import plan_goals
from .rows import Context, read_items, rejected
from .tables import Table, read_table


@dataclass(frozen=True)
class ImportRequest:
    root: Path
    specialty: str
    file: Path
    kind: str | None  # goals | courses | procedures; None: activities, told by the columns
    as_of: str
    sheet: str | None = None
    maps: tuple[str, ...] = ()
    apply: bool = False


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    kind: str
    table: Table
    ignored: tuple[str, ...]  # headers no field reads
    written: bool


def specialty_document(dataset: Dataset, slug: str) -> Document:
    """The specialty's ``specialty.yaml``; it must exist and validate."""
    bundle = dataset.specialties.get(slug)
    if bundle is None or ("specialty", slug) not in dataset.present:
        close = difflib.get_close_matches(slug, list(dataset.specialties), n=3)
        raise UsageError(
            _("unknown specialty '{slug}'").format(slug=slug),
            _("did you mean {names}?").format(names=", ".join(close))
            if close
            else _("specialties are the folder names in data/specialties/"),
        )
    if bundle.spec is None:
        raise RefusedError(
            _("data/specialties/{slug}/specialty.yaml does not validate").format(slug=slug),
            _("run regraad validate and fix it first"),
        )
    return bundle.spec


def activity_kind(table: Table) -> str:
    """Courses or procedures, by the columns only one of them has."""
    headers = {normalise(h) for h in table.header}
    found = []
    for kind in ACTIVITY_KINDS:
        other = next(k for k in ACTIVITY_KINDS if k != kind)
        theirs = {n for f in FIELDS_BY_KIND[other] for n in f.names()}
        own = {n for f in FIELDS_BY_KIND[kind] for n in f.names()} - theirs
        if headers & own:
            found.append(kind)
    if len(found) != 1:
        raise UsageError(
            _("{file}: cannot tell courses from procedures by its columns").format(
                file=table.source
            ),
            _("say which with --kind courses or --kind procedures"),
        )
    return found[0]


def execute(request: ImportRequest) -> ImportResult:
    """Read, check and plan the import; write it when the request says so."""
    from ..load.loader import load_directory
    from ..workflow import Change, CommitOptions, apply, check

    table = read_table(request.file, request.sheet)  # first: a hostile file is refused at once
    dataset = load_directory(request.root)
    spec = specialty_document(dataset, request.specialty)
    kind = request.kind or activity_kind(table)
    fields = FIELDS_BY_KIND[kind]
    columns = map_columns(table, fields, parse_map(list(request.maps), fields))
    ctx = Context(kind, frozenset(dataset.goals(request.specialty)), frozenset(dataset.regions))
    items = read_items(table, columns, fields, ctx)
    text = dataset.texts[spec.path]
    if kind == "goals":
        shared = {
            goal_id: doc.params["goalset"]
            for goal_id, (doc, _i) in dataset.goals(request.specialty).items()
            if doc is not spec
        }
        plan = plan_goals(text, spec.path, spec.data["goals"], shared, items, request.as_of)
    else:
        plan, problems = plan_activities(text, spec.path, spec.data, kind, items)
        if problems:
            raise rejected(table, problems)
    written = False
    if plan.text != text:
        change = Change(
            subject=f"import({request.specialty}): {kind} from {request.file.name}",
            trailers=[],
            texts={spec.path: plan.text},
            # a new goal leaves every coverage file and plan to be completed (V-COMPLETE,
            # P-GOALS): those gaps are the work the import creates; anything else, on any
            # day from the import date on, refuses it
            tolerate=lambda finding: finding.gap and finding.path != spec.path,
            effective=request.as_of,
        )
        if request.apply:
            apply(request.root, dataset, change, CommitOptions(no_commit=True), request.as_of)
            written = True
        else:  # say now, not after --apply, that the file would not validate
            check(request.root, dataset, change, request.as_of)
    return ImportResult(plan, kind, table, columns.ignored, written)
