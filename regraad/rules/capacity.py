"""K-rules: throughput positions at the hosts against agreements and demand."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..analysis.capacity import HostVerdict, verdicts
from ..findings import Finding, Severity
from ..i18n import N_, _, format_number, ngettext, plural_count
from . import AGREEMENTS, APPROVALS, PLANS, Context, active, rule


def _fmt(value: float) -> str:
    return format_number(value, decimals=1)  # in the reader's language: 7,5 / 7.5


@rule(
    "K-PLACES",
    "error",
    N_("agreements' places at a host do not exceed its positions"),
    dated=(AGREEMENTS,),
)
def check_places(ctx: Context) -> Iterator[Finding]:
    for slug, bundle in ctx.specialties():
        places: dict[str, int] = defaultdict(int)
        hosts = bundle.capacity.data["hosts"] if bundle.capacity else {}
        for agreement in bundle.agreements.values():
            if not active(agreement.data["valid"], ctx.as_of):
                continue
            host = agreement.data["host"]
            places[host] += agreement.data["places"]
            if host not in hosts and bundle.capacity is not None:
                yield ctx.finding(
                    agreement,
                    ("host",),
                    "K-PLACES",
                    _("{host} has no throughput positions in {slug}/capacity.yaml").format(
                        host=host, slug=slug
                    ),
                )
        if bundle.capacity is None:
            if bundle.agreements and ("capacity", slug) not in ctx.dataset.present:
                first = next(iter(bundle.agreements.values()))
                yield ctx.finding(
                    first,
                    ("host",),
                    "K-PLACES",
                    _("{slug} has agreements but no capacity.yaml").format(slug=slug),
                )
            continue
        for host, total in places.items():
            if host in hosts and total > hosts[host]["positions"]:
                yield ctx.finding(
                    bundle.capacity,
                    ("hosts", host, "positions"),
                    "K-PLACES",
                    _(
                        "agreements reserve {places} places at {host}, which has "
                        "{positions} positions"
                    ).format(places=total, host=host, positions=hosts[host]["positions"]),
                )


@rule(
    "K-BOTTLENECK",
    "warning",
    N_(
        "no host is a bottleneck: demand within positions and places, and no simulated wait "
        "(as regraad estimate)"
    ),
    dated=(AGREEMENTS, PLANS, APPROVALS),
)
def check_bottleneck(ctx: Context) -> Iterator[Finding]:
    for _slug, bundle in ctx.specialties():
        if bundle.capacity is None or not bundle.rotations:
            continue
        for verdict in verdicts(bundle, ctx.as_of):
            if not verdict.bottleneck:
                continue
            yield ctx.finding(
                bundle.capacity,
                ("hosts", verdict.host, "positions"),
                "K-BOTTLENECK",
                _("{host} is a bottleneck: {why}").format(host=verdict.host, why=_why(verdict)),
                _("LIS will queue for the rotation; regraad estimate shows what removes it"),
                severity=Severity.WARNING,
            )
            for load in verdict.agreements:
                agreement = bundle.agreements.get(f"{load.home}--{verdict.host}")
                if agreement is None or load.places is None or load.demand <= load.places + 1e-9:
                    continue
                yield ctx.finding(
                    agreement,
                    ("places",),
                    "K-BOTTLENECK",
                    _(
                        "{home}'s plan needs {demand} places at {host} at a time; "
                        "the agreement has {places}"
                    ).format(
                        home=load.home,
                        demand=_fmt(load.demand),
                        host=verdict.host,
                        places=agreement.data["places"],
                    ),
                    severity=Severity.WARNING,
                )


def _why(verdict: HostVerdict) -> str:
    """The bottleneck's reasons in one clause each, in the order ``reasons`` gives them."""
    parts = []
    for reason in verdict.reasons:
        if reason == "demand":
            parts.append(
                _("demand {demand} LIS at a time for {positions} positions").format(
                    demand=_fmt(verdict.demand), positions=verdict.positions
                )
            )
        elif reason == "places":
            short = [
                a.home
                for a in verdict.agreements
                if a.places is not None and a.demand > a.places + 1e-9
            ]
            parts.append(
                _("{homes} need more places than their agreements give").format(
                    homes=", ".join(short)
                )
            )
        elif verdict.wait is not None and verdict.wait.growing:
            parts.append(_("simulated waits grow year by year"))
        elif verdict.wait is not None:
            parts.append(
                ngettext(
                    "LIS wait {months} month on average for a position",
                    "LIS wait {months} months on average for a position",
                    plural_count(verdict.wait.mean),
                ).format(months=_fmt(verdict.wait.mean))
            )
    return "; ".join(parts)
