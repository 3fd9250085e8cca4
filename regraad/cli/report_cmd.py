"""``regraad report``."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from ..report import (
    DEFAULT_FOLDER,
    DEFAULT_FORMAT,
    DEFAULT_LANGUAGE,
    FORMATS_BY_NAME,
    REPORT_LANGUAGES,
)
from .complete import region_values, revision_values
from .helptext import examples, paragraphs
from .options import AsOf, IncludeContact, as_of_date
from .state import STATE

# The choices come from the registries: adding a format adds a --format value.
ReportFormat = enum.Enum(  # type: ignore[misc]
    "ReportFormat", {name: name for name in FORMATS_BY_NAME}, type=str
)
ReportLanguage = enum.Enum(  # type: ignore[misc]
    "ReportLanguage", {code: code for code in REPORT_LANGUAGES}, type=str
)


def report(
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            metavar="REGION",
            help=_("The region reported on (default: the only region in the data)."),
            autocompletion=region_values,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV|DATE",
            help=_(
                "List membership changes and decisions since this point: a revision "
                "(the commits REV..HEAD) or a date (commits on or after it)."
            ),
            autocompletion=revision_values,
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = ReportFormat[DEFAULT_FORMAT],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help=_(
                "Where to write the report; - for stdout (default: stdout for md, "
                "{folder}/report-REGION.html for html)."
            ).format(folder=DEFAULT_FOLDER),
        ),
    ] = None,
    lang: Annotated[
        ReportLanguage,
        typer.Option("--lang", help=_("Language of the documents: nb (bokmål) or en.")),
    ] = ReportLanguage[DEFAULT_LANGUAGE],
    fagkontakt: Annotated[
        str | None,
        typer.Option(
            "--fagkontakt",
            metavar="REGION",
            help=_(
                "Instead of the region's report: the specialties the region's RegUt is "
                "fagkontakt for, their open national proposals from all regions with days "
                "waiting and deadlines, and each region's council."
            ),
            autocompletion=region_values,
        ),
    ] = None,
    as_of: AsOf = None,
    include_contact: IncludeContact = False,
) -> None:
    from ..report import ReportOptions, execute

    result = execute(
        ReportOptions(
            root=STATE.data_root(),
            region=region,
            since=since,
            output_format=output_format.value,
            out=out,
            lang=lang.value,
            as_of=as_of_date(as_of),
            include_contact=include_contact,
            fagkontakt=fagkontakt,
        )
    )
    if result.path is None:
        sys.stdout.write(result.text)
    else:
        sys.stdout.write(f"{result.path}\n")


def register(app: typer.Typer) -> None:
    help_text = paragraphs(
        _(
            "Write RegUt's status and progress report to the RHF (HR director and "
            "medical director) for one region."
        ),
        _(
            "A one-page summary comes first: the key numbers and what needs the RHF's "
            "attention. Then, per specialty with a council or coverage in the region: "
            "council completeness by the region's policy, learning goals no trust in the "
            "region covers, time to specialist with the expected wait and the hosts' "
            "utilisation and bottlenecks, change proposals by stage with their age, and "
            "the membership changes and decisions since --since (from the audit trail). "
            "The specialties not yet registered are listed in one line, the validation "
            "findings at the end."
        ),
        _(
            "Markdown goes to stdout (for e-mail or a wiki); HTML is one self-contained, "
            "printable file (a page per specialty in print), written to "
            "site/report-REGION.html unless --out says otherwise; its path is printed. "
            "E-mail addresses and phone numbers are left out unless --include-contact "
            "is given."
        ),
        examples(
            ("regraad report --region hmn", _("Markdown on stdout")),
            ("regraad report -r hmn --since 2026-01-01 -f html", _("HTML, changes this year")),
            ("regraad report -r hmn --since v2026.1 --lang en", _("changes since a tag, English")),
            ("regraad report --fagkontakt hn", _("RegUt HN's national duty as fagkontakt")),
        ),
    )
    app.command("report", help=help_text)(report)
