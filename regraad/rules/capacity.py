"""K-rules: throughput positions at the hosts against agreements and demand."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..dataset import SpecialtyData
from ..findings import Finding, Severity
from ..i18n import N_, _, format_number
from . import Context, active, rule


def demand(bundle: SpecialtyData) -> dict[tuple[str, str], float]:
    """Average concurrent LIS per (home, host): intake × months at the host / 12.

    The home trust is the one the plan's file is named for, as everywhere plans are
    looked up; a ``trust:`` that disagrees is the ID rule's to report."""
    out: dict[tuple[str, str], float] = defaultdict(float)
    for home, plan in bundle.rotations.items():
        intake = plan.data["intake_per_year"]
        for period in plan.data["periods"]:
            if period["trust"] != home:
                out[(home, period["trust"])] += intake * period["months"] / 12
    return dict(out)


def _fmt(value: float) -> str:
    return format_number(value, decimals=1)  # in the reader's language: 7,5 / 7.5


@rule("K-PLACES", "error", N_("agreements' places at a host do not exceed its positions"))
def check_places(ctx: Context) -> Iterator[Finding]:
    for slug, bundle in ctx.dataset.specialties.items():
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
    N_("demand (intake × months at host / 12) exceeds places or positions"),
)
def check_bottleneck(ctx: Context) -> Iterator[Finding]:
    for _slug, bundle in ctx.dataset.specialties.items():
        per_pair = demand(bundle)
        if bundle.capacity is not None:
            hosts = bundle.capacity.data["hosts"]
            per_host: dict[str, float] = defaultdict(float)
            for (_home, host), value in per_pair.items():
                per_host[host] += value
            for host, value in sorted(per_host.items()):
                if host in hosts and value > hosts[host]["positions"] + 1e-9:
                    yield ctx.finding(
                        bundle.capacity,
                        ("hosts", host, "positions"),
                        "K-BOTTLENECK",
                        _(
                            "demand at {host} is {demand} LIS at a time, above its "
                            "{positions} positions"
                        ).format(host=host, demand=_fmt(value), positions=hosts[host]["positions"]),
                        _("LIS will queue for the rotation; see regraad estimate"),
                        severity=Severity.WARNING,
                    )
        for (home, host), value in sorted(per_pair.items()):
            agreement = bundle.agreements.get(f"{home}--{host}")
            if agreement is not None and value > agreement.data["places"] + 1e-9:
                yield ctx.finding(
                    agreement,
                    ("places",),
                    "K-BOTTLENECK",
                    _(
                        "{home}'s plan needs {demand} places at {host} at a time; "
                        "the agreement has {places}"
                    ).format(
                        home=home, demand=_fmt(value), host=host, places=agreement.data["places"]
                    ),
                    severity=Severity.WARNING,
                )
