"""``regraad export coverage|plans|councils|goals``: workbooks for HF leaders."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from ..spreadsheet.workbook import WRITERS_BY_NAME
from .complete import region_values
from .helptext import examples, paragraphs
from .options import OnlySpecialty, as_of_date
from .state import STATE

# The choices come from the writers' registry: adding a writer adds a --format value.
OutputFormat = enum.Enum(  # type: ignore[misc]
    "OutputFormat", {name: name for name in WRITERS_BY_NAME}, type=str
)


class Language(str, enum.Enum):
    """Documents are in bokmål unless asked otherwise, like rendered pages."""

    nb = "nb"
    en = "en"


Out = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        metavar="FILE",
        help=_("The file to write: .xlsx or .csv."),
        show_default=False,
    ),
]
Region = Annotated[
    str | None,
    typer.Option(
        "--region",
        "-r",
        metavar="REGION",
        help=_("Only this region."),
        autocompletion=region_values,
    ),
]
Format = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help=_("The format (default: from the suffix of --out).")),
]
Lang = Annotated[
    Language, typer.Option("--lang", help=_("Language of the document: nb (bokmål) or en."))
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help=_("Goals in force and members active on this date (default: today)."),
    ),
]


def _run(
    what: str,
    out: Path,
    output_format: OutputFormat | None,
    lang: Language,
    as_of: str | None,
    specialty: str | None = None,
    region: str | None = None,
    include_contact: bool = False,
) -> None:
    from ..spreadsheet.exporting import ExportRequest, execute
    from ..spreadsheet.exports import Scope

    scope = Scope(
        as_of=as_of_date(as_of),
        lang=lang.value,
        specialty=specialty,
        region=region,
        include_contact=include_contact,
    )
    request = ExportRequest(
        STATE.data_root(), what, out, scope, output_format.value if output_format else None
    )
    result = execute(request)
    sys.stdout.write(
        _("wrote {file} ({format}): {sheets}").format(
            file=result.out, format=result.output_format, sheets=", ".join(result.sheets)
        )
        + "\n"
    )


def coverage(
    out: Out,
    specialty: OnlySpecialty = None,
    region: Region = None,
    output_format: Format = None,
    lang: Lang = Language.nb,
    as_of: AsOf = None,
) -> None:
    _run("coverage", out, output_format, lang, as_of, specialty, region)


def plans(
    out: Out,
    specialty: OnlySpecialty = None,
    region: Region = None,
    output_format: Format = None,
    lang: Lang = Language.nb,
) -> None:
    _run("plans", out, output_format, lang, None, specialty, region)


def councils(
    out: Out,
    specialty: OnlySpecialty = None,
    region: Region = None,
    output_format: Format = None,
    lang: Lang = Language.nb,
    as_of: AsOf = None,
    include_contact: Annotated[
        bool,
        typer.Option(
            "--include-contact", help=_("Add e-mail, phone and GitHub (left out by default).")
        ),
    ] = False,
) -> None:
    _run("councils", out, output_format, lang, as_of, specialty, region, include_contact)


def goals(
    specialty: Annotated[
        str,
        typer.Argument(metavar="SPECIALTY", help=_("The specialty's slug."), show_default=False),
    ],
    out: Out,
    output_format: Format = None,
    lang: Lang = Language.nb,
) -> None:
    _run("goals", out, output_format, lang, None, specialty)


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help=paragraphs(
            _(
                "Export the coverage matrix, rotation plans, councils or a goal list to xlsx "
                "or csv, in bokmål unless --lang en."
            ),
            examples(
                "regraad export coverage --region hmn --out dekning.xlsx",
                "regraad export plans --specialty anestesiologi --out planer.xlsx",
                "regraad export goals anestesiologi --out laeringsmaal.xlsx",
            ),
        ),
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    csv_note = _(
        "As csv (UTF-8 with BOM, ; between cells, as Norwegian Excel reads it): the same "
        "rows with the specialty first, without colours and totals."
    )
    group.command(
        "coverage",
        help=paragraphs(
            _("The goals × trusts coverage matrix, one sheet per specialty."),
            _(
                "Rows are the goals in force (gaps first), columns the trusts with a coverage "
                "file; each cell's status is also its colour (green full, yellow partial, red "
                "none, grey not listed) and names the trust where the rest is reached. Below "
                "the table: the number of goals per status for each trust. A legend sheet "
                "explains the colours."
            ),
            csv_note,
        ),
    )(coverage)
    group.command(
        "plans",
        help=paragraphs(
            _("The trusts' rotation plans, one sheet per specialty, one row per period."),
            _(
                "--region keeps the plans of home trusts in that region; below each sheet, "
                "the months of each plan in total."
            ),
            csv_note,
        ),
    )(plans)
    group.command(
        "councils",
        help=paragraphs(
            _("The regional councils' members with roles and dates, one sheet per specialty."),
            _(
                "Past members are included with their end date; below each sheet, the number "
                "of members active on --as-of. E-mail, phone and GitHub are left out unless "
                "--include-contact asks for them."
            ),
            csv_note,
        ),
    )(councils)
    group.command(
        "goals",
        help=paragraphs(
            _("The specialty's own learning goals, in the columns regraad import goals reads."),
            _(
                "Edit the sheet and import it back; a list exported and imported unchanged "
                "changes nothing."
            ),
        ),
    )(goals)
    app.add_typer(group, name="export")
