"""Time to specialist per home trust: the plan's months plus the simulated wait for host
positions; hosts with their demand, utilisation and, for bottlenecks, what removes them.

The inputs (plans, places and demand on the date) and what makes a host a bottleneck
are ``analysis.capacity``'s, shared with validate, report, render and the meeting
agenda. Total time = the plan's months as written + the simulated wait.

What removes a bottleneck is found by re-running the simulation: first, per home trust
with an agreement, the fewest places (at least its demand) with which its LIS wait less
than half a month at that host when positions are unlimited; then, with those places (or
the current ones when larger), the fewest positions (at least the host's demand) with
which the host's mean wait is under half a month and not growing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..load.dataset import Dataset
from .capacity import (
    AgreementLoad,
    Note,
    StayEstimate,
    inputs,
    loads,
    reasons,
    settings_for,
    simulated,
    up,
)
from .names import specialty_title, trust_names
from .simulation import (
    DEFAULT_HORIZON,
    DEFAULT_WARMUP,
    NEGLIGIBLE_WAIT,
    Host,
    Scenario,
    Settings,
    WaitStats,
    simulate,
)
from .whatif import Change

__all__ = ["AgreementLoad", "Note", "StayEstimate"]

SEARCH_STEPS = 200  # never try more than this many capacities above the start
_EPS = 1e-9
_UNLIMITED = 10**6


@dataclass(frozen=True)
class HomeEstimate:
    trust: str
    intake_per_year: int
    intake: tuple[tuple[int, int], ...]  # (month of year from March, LIS)
    plan_months: float
    stays: tuple[StayEstimate, ...]
    wait: WaitStats

    @property
    def mean_total(self) -> float:
        return self.plan_months + self.wait.mean

    @property
    def p90_total(self) -> float:
        return self.plan_months + self.wait.p90


@dataclass(frozen=True)
class Bottleneck:
    reasons: tuple[str, ...]  # demand | places | wait
    positions_needed: int | None  # None: not found within SEARCH_STEPS
    places_needed: dict[str, int]  # per home trust with an agreement and demand


@dataclass(frozen=True)
class HostEstimate:
    trust: str
    positions: int
    demand: float
    mean_occupied: float
    utilisation: float | None
    max_queue: int
    wait: WaitStats
    agreements: tuple[AgreementLoad, ...]
    bottleneck: Bottleneck | None


@dataclass(frozen=True)
class SpecialtyEstimate:
    specialty: str
    as_of: str
    settings: Settings  # as run (the warm-up may be longer than asked)
    months: int  # months simulated
    homes: tuple[HomeEstimate, ...]
    hosts: tuple[HostEstimate, ...]
    notes: tuple[Note, ...]

    def for_trust(self, trust: str) -> SpecialtyEstimate:
        """Only ``trust`` as a home trust and the hosts it rotates to (or itself as a host)."""
        homes = tuple(h for h in self.homes if h.trust == trust)
        visited = {s.host for h in homes for s in h.stays} | {trust}
        return replace(
            self,
            homes=homes,
            hosts=tuple(h for h in self.hosts if h.trust in visited),
            notes=tuple(n for n in self.notes if trust in (n.home, n.host)),
        )

    def involves(self, trust: str) -> bool:
        return any(h.trust == trust for h in self.homes) or any(
            h.trust == trust for h in self.hosts
        )


def _with_host(scenario: Scenario, host: Host) -> Scenario:
    return replace(
        scenario, hosts=tuple(host if h.host == host.host else h for h in scenario.hosts)
    )


def _search(start: int, ok: Any) -> int | None:
    for value in range(start, start + SEARCH_STEPS):
        if ok(value):
            return value
    return None


def _remove(
    scenario: Scenario,
    settings: Settings,
    host: Host,
    pair_demand: dict[str, float],
    host_demand: float,
) -> tuple[int | None, dict[str, int]]:
    """Fewest positions and places with which the host's wait is negligible (see module doc)."""
    places_needed: dict[str, int] = {}
    for home in sorted(host.places):
        need = pair_demand.get(home, 0.0)
        if need <= _EPS:
            continue
        indexes = [
            i
            for plan in scenario.homes
            if plan.home == home
            for i, stay in enumerate(plan.stays)
            if stay.host == host.host
        ]

        def home_ok(value: int, home: str = home, indexes: list[int] = indexes) -> bool:
            trial = Host(host.host, _UNLIMITED, {**host.places, home: value})
            outcome = simulate(_with_host(scenario, trial), settings).homes[home]
            return all(outcome.stay_waits[i] < NEGLIGIBLE_WAIT for i in indexes)

        found = _search(max(1, up(need)), home_ok)
        if found is not None:
            places_needed[home] = found
    places = {h: max(n, places_needed.get(h, 0)) for h, n in host.places.items()}

    def host_ok(value: int) -> bool:
        trial = Host(host.host, value, places)
        result = simulate(_with_host(scenario, trial), settings).hosts[host.host].wait
        return result.mean < NEGLIGIBLE_WAIT and not result.growing

    return _search(max(1, up(host_demand)), host_ok), places_needed


def estimate(
    ds: Dataset,
    slug: str,
    as_of: str,
    horizon_years: int = DEFAULT_HORIZON,
    warmup_years: int = DEFAULT_WARMUP,
) -> SpecialtyEstimate:
    """The estimate for one specialty on ``as_of`` (pure; same dataset → same result)."""
    data = inputs(ds.specialties[slug], as_of)
    settings = settings_for(data.scenario, horizon_years, warmup_years)
    outcome = simulated(data.scenario, settings)
    homes = []
    for plan in data.scenario.homes:
        mine = outcome.homes[plan.home]
        doc = data.plans[plan.home]
        homes.append(
            HomeEstimate(
                trust=plan.home,
                intake_per_year=doc.data["intake_per_year"],
                intake=plan.intake,
                plan_months=sum(p["months"] for p in doc.data["periods"]),
                stays=tuple(
                    replace(s, mean_wait=mine.stay_waits[i])
                    for i, s in enumerate(data.stays[plan.home])
                ),
                wait=mine.wait,
            )
        )
    hosts = []
    for host in data.scenario.hosts:
        there = outcome.hosts[host.host]
        pair_demand = {home: v for (home, h), v in data.demand.items() if h == host.host}
        host_demand = sum(pair_demand.values())
        agreements = loads(host, pair_demand)
        why = reasons(host.positions, host_demand, agreements, there.wait)
        bottleneck = None
        if why:
            positions, places = _remove(data.scenario, settings, host, pair_demand, host_demand)
            bottleneck = Bottleneck(why, positions, places)
        hosts.append(
            HostEstimate(
                trust=host.host,
                positions=host.positions,
                demand=host_demand,
                mean_occupied=there.mean_occupied,
                utilisation=there.utilisation,
                max_queue=there.max_queue,
                wait=there.wait,
                agreements=agreements,
                bottleneck=bottleneck,
            )
        )
    return SpecialtyEstimate(
        specialty=slug,
        as_of=as_of,
        settings=settings,
        months=outcome.months,
        homes=tuple(homes),
        hosts=tuple(hosts),
        notes=data.notes,
    )


@dataclass(frozen=True)
class EstimateReport:
    as_of: str
    estimates: tuple[SpecialtyEstimate, ...]
    changes: tuple[Change, ...]  # what-if overrides, in the order given
    trust_names: dict[str, str]
    titles: dict[str, str]  # specialty slug → name


def report(
    ds: Dataset,
    slugs: list[str],
    as_of: str,
    horizon_years: int = DEFAULT_HORIZON,
    trust: str | None = None,
    changes: tuple[Change, ...] = (),
) -> EstimateReport:
    """The estimates of ``slugs``, with names; with ``trust``, only the specialties where
    it is a home trust or a host, and only its part of them."""
    estimates = []
    for slug in slugs:
        result = estimate(ds, slug, as_of, horizon_years)
        if trust is not None:
            if not result.involves(trust):
                continue
            result = result.for_trust(trust)
        estimates.append(result)
    return EstimateReport(
        as_of,
        tuple(estimates),
        changes,
        trust_names(ds),
        {s: specialty_title(ds, s) for s in slugs},
    )


def estimable(ds: Dataset) -> list[str]:
    """Specialties with at least one rotation plan, by slug."""
    return [slug for slug, bundle in ds.specialties.items() if bundle.rotations]
