"""``regraad coverage``."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from ..analysis.coverage_formats import COVERAGE_FORMATS_BY_NAME
from ..i18n import _
from .complete import region_values, specialty_values
from .helptext import examples, paragraphs, verbatim
from .options import AsOf, as_of_date
from .state import STATE
from .terminal import style

# The choices come from the registry: adding a format adds a --format value.
CoverageFormat = enum.Enum(  # type: ignore[misc]
    "CoverageFormat", {name: name for name in COVERAGE_FORMATS_BY_NAME}, type=str
)


def coverage(
    specialty: Annotated[
        str | None,
        typer.Argument(
            metavar="SPECIALTY",
            help=_("The specialty's slug (default: every specialty with coverage files)."),
            show_default=False,
            autocompletion=specialty_values,
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            metavar="REGION",
            help=_("Only trusts in this region."),
            autocompletion=region_values,
        ),
    ] = None,
    output_format: Annotated[
        CoverageFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = CoverageFormat.text,  # type: ignore[attr-defined]
    as_of: AsOf = None,
) -> None:
    from ..analysis.coverage import report, with_coverage
    from ..errors import UsageError
    from ..load.loader import load_directory

    when = as_of_date(as_of)
    ds = load_directory(STATE.data_root())
    if region is not None and region not in ds.regions:
        raise UsageError(
            _("--region: no region '{region}'; there are: {regions}").format(
                region=region, regions=", ".join(sorted(ds.regions))
            )
        )
    if specialty is not None:
        bundle = ds.specialties.get(specialty)
        if bundle is None or bundle.spec is None:
            raise UsageError(
                _("no specialty '{slug}'").format(slug=specialty),
                _("with coverage files: {slugs}").format(slugs=", ".join(with_coverage(ds))),
            )
        slugs = [specialty]
    else:
        slugs = with_coverage(ds, region)
    result = report(ds, slugs, when, region)
    from .paging import paged

    with paged() as out:
        COVERAGE_FORMATS_BY_NAME[output_format.value](result, out, style(STATE.colour(out)))


def register(app: typer.Typer) -> None:
    help_text = paragraphs(
        _("Show where each goal is reached: goals in force × trusts, gaps first."),
        _(
            "Per trust: the share of goals reached locally (status full) and via which "
            "trusts the rest is reached. Goals that no trust in a region covers fully are "
            "named at the end. On a terminal the matrix is in colour with a legend; piped, "
            "it is plain text."
        ),
        examples(
            "regraad coverage anestesiologi", "regraad coverage --region hmn -f csv > dekning.csv"
        ),
        _(
            "--format csv: one row per specialty, goal and trust; the status is full, "
            "partial, none or missing:"
        ),
        verbatim("specialty,goal,trust,status,via"),
        _("--format json: one object, goals gaps first:"),
        verbatim(
            '{"format": 1, "as_of", "region", "specialties": [{"specialty", "name",',
            '  "trusts": [{"id", "name", "region", "full", "goals", "share",',
            '              "via": {trust: n}, "unresolved"}],',
            '  "goals": [{"id", "topic", "title", "gap", "uncovered_in": [region],',
            '             "coverage": {trust: {"status", "via"}}}],',
            '  "uncovered": {region: [goal]}}]}',
        ),
    )
    app.command("coverage", help=help_text)(coverage)
