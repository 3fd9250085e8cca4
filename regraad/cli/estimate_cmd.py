"""``regraad estimate``."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from ..analysis.estimate_formats import ESTIMATE_FORMATS_BY_NAME
from ..analysis.simulation import DEFAULT_HORIZON
from ..i18n import _
from .complete import specialty_values, trust_values
from .helptext import examples, paragraphs, verbatim
from .options import AsOf, as_of_date
from .state import STATE
from .terminal import style

# The choices come from the registry: adding a format adds a --format value.
EstimateFormat = enum.Enum(  # type: ignore[misc]
    "EstimateFormat", {name: name for name in ESTIMATE_FORMATS_BY_NAME}, type=str
)
MAX_YEARS = 50


def estimate(
    specialty: Annotated[
        str | None,
        typer.Argument(
            metavar="SPECIALTY",
            help=_("The specialty's slug (default: every specialty with rotation plans)."),
            show_default=False,
            autocompletion=specialty_values,
        ),
    ] = None,
    trust: Annotated[
        str | None,
        typer.Option(
            "--trust",
            "-t",
            metavar="TRUST",
            help=_("Only this home trust (and the hosts it rotates to)."),
            autocompletion=trust_values,
        ),
    ] = None,
    years: Annotated[
        int,
        typer.Option(
            "--years",
            min=1,
            max=MAX_YEARS,
            metavar="N",
            help=_("Years of intakes counted, after the warm-up."),
        ),
    ] = DEFAULT_HORIZON,
    output_format: Annotated[
        EstimateFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = EstimateFormat.text,  # type: ignore[attr-defined]
    as_of: AsOf = None,
    overrides: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="SPECIALTY/KIND[:KEY].FIELD=VALUE",
            help=_(
                "What-if: change a number in memory, e.g. "
                "radiologi/capacity:stolav.positions=3 (repeatable; files are not changed)."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    from ..analysis import whatif
    from ..analysis.estimate import estimable, report
    from ..errors import UsageError
    from ..load.loader import load_directory

    for option in overrides or ():
        whatif.parse(option)  # malformed values fail before the data is read
    when = as_of_date(as_of)
    ds = load_directory(STATE.data_root())
    if specialty is not None:
        bundle = ds.specialties.get(specialty)
        if bundle is None or bundle.spec is None:
            raise UsageError(
                _("no specialty '{slug}'").format(slug=specialty),
                _("with rotation plans: {slugs}").format(slugs=", ".join(estimable(ds))),
            )
    if trust is not None and trust not in ds.trusts:
        raise UsageError(_("--trust: no trust '{trust}'").format(trust=trust))
    ds, changes = whatif.apply(ds, overrides or ())
    slugs = [specialty] if specialty is not None else estimable(ds)
    for change in changes:
        if change.specialty not in slugs:
            raise UsageError(
                _("--set '{option}': {slug} is not estimated here").format(
                    option=change.option, slug=change.specialty
                ),
                _("name it: regraad estimate {slug} --set ...").format(slug=change.specialty),
            )
    result = report(ds, slugs, when, years, trust, tuple(changes))
    if trust is not None and not result.estimates:
        where = specialty or _("any specialty")
        raise UsageError(
            _(
                "--trust: {trust} has no rotation plan and no throughput positions in {where}"
            ).format(trust=trust, where=where)
        )
    from .paging import paged

    with paged() as out:
        ESTIMATE_FORMATS_BY_NAME[output_format.value](result, out, style(STATE.colour(out)))


def register(app: typer.Typer) -> None:
    help_text = paragraphs(
        _("Estimate time to specialist: the plan's months plus the wait for host positions."),
        _(
            "The wait comes from a deterministic simulation: each home trust's LIS start "
            "every March and September, queue for the host's throughput positions and "
            "their agreement's places, first come first served, over N years after a "
            "warm-up. Hosts whose demand exceeds their capacity are named as bottlenecks, "
            "with the positions and places that would remove them. The README section "
            '"Analysis: coverage and time to specialist" describes the model.'
        ),
        examples(
            "regraad estimate ortopedisk-kirurgi",
            "regraad estimate --trust hnt --years 20",
            "regraad estimate ortopedisk-kirurgi \\",
            "    --set ortopedisk-kirurgi/capacity:stolav.positions=4",
        ),
        _(
            "--set KIND is capacity (key: host trust), agreement (key: home--host) or "
            "rotation (key: home trust); FIELD is a path to a number, list items by id:"
        ),
        verbatim(
            "radiologi/agreement:hnt--stolav.places=2",
            "anestesiologi/rotation:hmr.intake_per_year=5",
            "anestesiologi/rotation:hmr.periods.central.months=9",
        ),
        _("--format json: one object, months throughout; WAIT stands for the last line:"),
        verbatim(
            '{"format": 1, "as_of", "changed": [{"option", "specialty", "path", "field",',
            '  "before", "after"}], "specialties": [{"specialty", "name",',
            '  "model": {"horizon_years", "warmup_years", "months_simulated"},',
            '  "homes": [{"trust", "name", "intake_per_year", "intake": {"march",',
            '    "september"}, "plan_months", "lis", "wait": WAIT, "total": {"mean",',
            '    "p90"}, "stays": [{"host", "period", "months", "mean_wait"}]}],',
            '  "hosts": [{"trust", "name", "positions", "demand", "mean_occupied",',
            '    "utilisation", "max_queue", "wait": WAIT, "agreements": [{"home",',
            '    "places", "demand"}], "bottleneck": null | {"reasons",',
            '    "positions_needed", "places_needed": {home: n}}}],',
            '  "notes": [{"code", "home", "host", "message"}]}]}',
            'WAIT: {"mean", "p90", "max", "by_year", "growing", "unfinished"}',
        ),
    )
    app.command("estimate", help=help_text)(estimate)
