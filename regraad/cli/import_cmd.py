"""``regraad import goals|activities``: a spreadsheet into a specialty's file."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import _
from ..spreadsheet.columns import ACTIVITY_KINDS
from .complete import specialty_values
from .helptext import examples, paragraphs
from .options import as_of_date
from .state import STATE

if TYPE_CHECKING:
    from ..spreadsheet.changes import Entry
    from ..spreadsheet.importing import ImportResult

# The choices come from the registry of importable kinds.
ActivityKind = enum.Enum(  # type: ignore[misc]
    "ActivityKind", {k: k for k in ACTIVITY_KINDS}, type=str
)


Specialty = Annotated[
    str,
    typer.Argument(
        metavar="SPECIALTY",
        help=_("The specialty's slug."),
        show_default=False,
        autocompletion=specialty_values,
    ),
]
File = Annotated[
    Path,
    typer.Argument(metavar="FILE", help=_("An .xlsx workbook or a .csv file."), show_default=False),
]
Apply = Annotated[
    bool, typer.Option("--apply", help=_("Write the change; without it only the diff is shown."))
]
Sheet = Annotated[
    str | None,
    typer.Option("--sheet", metavar="NAME", help=_("The workbook's sheet (default: the first).")),
]
Map = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="COLUMN=FIELD",
        help=_("Read the column with this header as FIELD; COLUMN= leaves it out. Repeatable."),
    ),
]
ImportDate = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help=_("The import date: retired goals end on it, new goals start on it (default: today)."),
    ),
]


def goals(
    specialty: Specialty,
    file: File,
    apply: Apply = False,
    sheet: Sheet = None,
    map_: Map = None,
    as_of: ImportDate = None,
) -> None:
    _run(specialty, file, "goals", apply, sheet, map_, as_of)


def activities(
    specialty: Specialty,
    file: File,
    kind: Annotated[
        ActivityKind | None,
        typer.Option(
            "--kind", help=_("Courses or procedures (default: told by the sheet's columns).")
        ),
    ] = None,
    apply: Apply = False,
    sheet: Sheet = None,
    map_: Map = None,
) -> None:
    _run(specialty, file, kind.value if kind else None, apply, sheet, map_, None)


def _run(
    specialty: str,
    file: Path,
    kind: str | None,
    apply: bool,
    sheet: str | None,
    maps: list[str] | None,
    as_of: str | None,
) -> None:
    from ..spreadsheet.importing import ImportRequest, execute

    request = ImportRequest(
        root=STATE.data_root(),
        specialty=specialty,
        file=file,
        kind=kind,
        as_of=as_of_date(as_of),
        sheet=sheet,
        maps=tuple(maps or ()),
        apply=apply,
    )
    _show(execute(request))


_SIGNS = {"added": "+", "changed": "~", "retired": "-", "kept": "="}


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, str) and (" " in value or '"' in value):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _entry(entry: Entry) -> list[str]:
    label = {
        "added": _("added"),
        "changed": _("changed"),
        "retired": _("retired"),
        "kept": _("not in the sheet, kept"),
    }[entry.action]
    lines = [f"  {_SIGNS[entry.action]} {entry.id}  {entry.title}  ({label})"]
    if entry.action == "changed":
        lines += [
            f"      {d.field}: {_value(d.before)} → {_value(d.after)}" for d in entry.differences
        ]
    elif entry.action == "retired":
        lines += [f"      until: {_value(d.before)} → {_value(d.after)}" for d in entry.differences]
    return lines


def _show(result: ImportResult) -> None:
    plan = result.plan
    source = result.table.source
    if result.table.sheet:
        source += f" [{result.table.sheet}]"
    out = [_("{file} compared with {path}:").format(file=source, path=plan.path)]
    for entry in plan.entries:
        out += _entry(entry)
    counts = _("{added} added, {changed} changed, {retired} retired, {unchanged} unchanged").format(
        added=plan.count("added"),
        changed=plan.count("changed"),
        retired=plan.count("retired"),
        unchanged=plan.unchanged,
    )
    out.append(counts)
    if plan.count("kept"):
        out.append(
            _(
                "{count} not in the sheet and kept; remove them by hand if they are withdrawn"
            ).format(count=plan.count("kept"))
        )
    if plan.skipped:
        out.append(
            _("not imported, they belong to the goal sets: {ids}").format(
                ids=", ".join(plan.skipped)
            )
        )
    if result.ignored:
        out.append(_("ignored columns: {names}").format(names=", ".join(result.ignored)))
    if not plan.changes:
        out.append(_("Nothing to change."))
    elif result.written:
        out.append(_("Updated {path}; review the change and commit it.").format(path=plan.path))
        if plan.count("added") and result.kind == "goals":
            out.append(
                _(
                    "New goals must also be placed in each trust's coverage file and "
                    "rotation plan; regraad validate lists where."
                )
            )
    else:
        out.append(
            _("Nothing written; run again with --apply to update {path}.").format(path=plan.path)
        )
    sys.stdout.write("\n".join(out) + "\n")


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help=paragraphs(
            _("Import learning goals or activities from a spreadsheet (xlsx or csv)."),
            examples(
                "regraad import goals anestesiologi laeringsmaal.xlsx",
                "regraad import goals anestesiologi laeringsmaal.xlsx --apply",
                "regraad import activities anestesiologi kurs.xlsx --kind courses",
            ),
        ),
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    group.command(
        "goals",
        help=paragraphs(
            _("Update a specialty's learning goals from a spreadsheet; show the diff first."),
            _(
                "Columns are found by their headers, in bokmål or English, whatever the "
                "case: id; tema/topic; tittel/title/læringsmål; and optionally nivå/level, "
                "gyldig fra/fra/since, gyldig til/til/until. Other columns are ignored; "
                "--map names one that is not recognised."
            ),
            _(
                "Goals the sheet adds are placed after the last goal of their topic; "
                "changed fields are edited in place, comments kept; goals in force that "
                "the sheet no longer lists are retired (until: the import date), never "
                "deleted. An empty cell leaves the field as it is. Rows with a bad id, a "
                "duplicate id, no title or a bad date are named by row number, and nothing "
                "is written."
            ),
            _(
                "The file is only written with --apply, after the result validates; review "
                "it and commit it like any other edit."
            ),
            examples(
                "regraad import goals anestesiologi laeringsmaal.xlsx",
                "regraad import goals anestesiologi laeringsmaal.xlsx --apply",
                'regraad import goals geriatri mål.csv --map "Mål-ID=id" --apply',
            ),
        ),
    )(goals)
    group.command(
        "activities",
        help=paragraphs(
            _("Update a specialty's national courses or procedures from a spreadsheet."),
            _(
                "Columns: id; tittel/title; læringsmål/goals (ids separated by commas or "
                "spaces, each a goal of the specialty or its goal sets); for courses "
                "arrangør/organiser (a region id), timer/hours, læringsutbytte/description; "
                "for procedures minimum, teller som/mode, kommentar/comment. Activities the "
                "sheet does not list are reported and kept. Written only with --apply."
            ),
            examples(
                "regraad import activities anestesiologi kurs.xlsx --kind courses",
                "regraad import activities anestesiologi prosedyrer.csv --apply",
            ),
        ),
    )(activities)
    app.add_typer(group, name="import")
