"""Time to specialist per home trust: the plan's months plus the simulated wait for host
positions; hosts with their demand, utilisation and, for bottlenecks, what removes them.

From the dataset to ``simulation`` inputs:

- the rotation plans valid on the date (``valid`` from/to), each home trust's
  ``intake_per_year`` split March/September (``simulation.split_intake``);
- a period at another trust that has throughput positions in ``capacity.yaml`` is a stay
  at that host; a period at another trust without positions is not queued for (a note
  says so) and counts as plain months;
- the simulation counts whole months: a LIS is ready for a stay when the plan's months
  before it, rounded up, have passed, and a stay holds its position for its months rounded
  up. Total time = the plan's months as written + the simulated wait;
- places: the valid agreements (home--host) on the date;
- demand: ``rules.capacity.demand`` over the valid plans (intake × months at the host / 12);
- the warm-up is ``warmup_years`` (5) or, when longer, the years a plan needs to the end of
  its last stay away, so the hosts are as full as they get before counting starts.

A host is a *bottleneck* when its demand exceeds its positions, a home trust's demand
exceeds its agreement's places, or its simulated mean wait is half a month or more (or
grows). What removes it is found by re-running the simulation: first, per home trust with
an agreement, the fewest places (at least its demand) with which its LIS wait less than
half a month at that host when positions are unlimited; then, with those places (or the
current ones when larger), the fewest positions (at least the host's demand) with which
the host's mean wait is under half a month and not growing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from ..dataset import Dataset, Document, SpecialtyData
from ..rules import active
from ..rules.capacity import demand
from .names import specialty_title, trust_names
from .simulation import (
    DEFAULT_HORIZON,
    DEFAULT_WARMUP,
    NEGLIGIBLE_WAIT,
    HomePlan,
    Host,
    Scenario,
    Settings,
    Stay,
    WaitStats,
    simulate,
    split_intake,
)
from .whatif import Change

SEARCH_STEPS = 200  # never try more than this many capacities above the start
_EPS = 1e-9
_UNLIMITED = 10**6


@dataclass(frozen=True)
class Note:
    """Something the estimate could not model as the data says."""

    code: str  # no-capacity | no-agreement | plan-not-valid
    home: str
    host: str | None = None


@dataclass(frozen=True)
class StayEstimate:
    host: str
    period: str  # the period's id in the plan
    months: float  # as in the plan
    mean_wait: float


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
class AgreementLoad:
    home: str
    places: int | None  # None: no valid agreement
    demand: float


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


@dataclass(frozen=True)
class _Inputs:
    scenario: Scenario
    plans: dict[str, Document]
    stays: dict[str, tuple[StayEstimate, ...]]  # wait filled in later
    demand: dict[tuple[str, str], float]
    notes: tuple[Note, ...]


def _up(value: float) -> int:
    return math.ceil(value - _EPS)


def _inputs(bundle: SpecialtyData, as_of: str) -> _Inputs:
    hosts_data: dict[str, Any] = bundle.capacity.data["hosts"] if bundle.capacity else {}
    places: dict[tuple[str, str], int] = {}
    for agreement in bundle.agreements.values():
        if active(agreement.data["valid"], as_of):
            key = (agreement.data["home"], agreement.data["host"])
            places[key] = places.get(key, 0) + agreement.data["places"]
    notes: list[Note] = []
    plans: dict[str, Document] = {}
    for trust, doc in sorted(bundle.rotations.items()):
        if active(doc.data.get("valid", {}), as_of):
            plans[trust] = doc
        else:
            notes.append(Note("plan-not-valid", trust))
    homes: list[HomePlan] = []
    stays_out: dict[str, tuple[StayEstimate, ...]] = {}
    for home, doc in plans.items():  # the file's trust, as ``demand`` and the pages key it
        elapsed = 0.0
        end = 0  # simulation month (from the start) where the last stay ended, without waits
        stays: list[Stay] = []
        described: list[StayEstimate] = []
        for period in doc.data["periods"]:
            where = period["trust"]
            if where != home:
                if where not in hosts_data:
                    notes.append(Note("no-capacity", home, where))
                else:
                    ready = _up(elapsed)
                    months = max(1, _up(period["months"]))
                    stays.append(Stay(where, max(0, ready - end), months))
                    end = max(ready, end) + months
                    described.append(StayEstimate(where, period["id"], period["months"], 0.0))
                    if (home, where) not in places:
                        notes.append(Note("no-agreement", home, where))
            elapsed += period["months"]
        homes.append(HomePlan(home, split_intake(doc.data["intake_per_year"]), tuple(stays)))
        stays_out[home] = tuple(described)
    hosts = tuple(
        Host(
            host,
            entry["positions"],
            {home: n for (home, h), n in sorted(places.items()) if h == host},
        )
        for host, entry in sorted(hosts_data.items())
    )
    per_pair = demand(replace(bundle, rotations=plans))
    return _Inputs(
        Scenario(tuple(homes), hosts), plans, stays_out, per_pair, tuple(dict.fromkeys(notes))
    )


def _settings(scenario: Scenario, horizon: int, warmup: int) -> Settings:
    longest = max((sum(s.before + s.months for s in p.stays) for p in scenario.homes), default=0)
    return Settings(horizon_years=horizon, warmup_years=max(warmup, _up(longest / 12)))


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

        found = _search(max(1, _up(need)), home_ok)
        if found is not None:
            places_needed[home] = found
    places = {h: max(n, places_needed.get(h, 0)) for h, n in host.places.items()}

    def host_ok(value: int) -> bool:
        trial = Host(host.host, value, places)
        result = simulate(_with_host(scenario, trial), settings).hosts[host.host].wait
        return result.mean < NEGLIGIBLE_WAIT and not result.growing

    return _search(max(1, _up(host_demand)), host_ok), places_needed


def estimate(
    ds: Dataset,
    slug: str,
    as_of: str,
    horizon_years: int = DEFAULT_HORIZON,
    warmup_years: int = DEFAULT_WARMUP,
) -> SpecialtyEstimate:
    """The estimate for one specialty on ``as_of`` (pure; same dataset → same result)."""
    bundle = ds.specialties[slug]
    inputs = _inputs(bundle, as_of)
    settings = _settings(inputs.scenario, horizon_years, warmup_years)
    outcome = simulate(inputs.scenario, settings)
    homes = []
    for plan in inputs.scenario.homes:
        mine = outcome.homes[plan.home]
        doc = inputs.plans[plan.home]
        homes.append(
            HomeEstimate(
                trust=plan.home,
                intake_per_year=doc.data["intake_per_year"],
                intake=plan.intake,
                plan_months=sum(p["months"] for p in doc.data["periods"]),
                stays=tuple(
                    replace(s, mean_wait=mine.stay_waits[i])
                    for i, s in enumerate(inputs.stays[plan.home])
                ),
                wait=mine.wait,
            )
        )
    hosts = []
    for host in inputs.scenario.hosts:
        there = outcome.hosts[host.host]
        pair_demand = {home: v for (home, h), v in inputs.demand.items() if h == host.host}
        host_demand = sum(pair_demand.values())
        homes_here = sorted(set(pair_demand) | set(host.places))
        loads = tuple(
            AgreementLoad(home, host.places.get(home), pair_demand.get(home, 0.0))
            for home in homes_here
        )
        reasons = []
        if host_demand > host.positions + _EPS:
            reasons.append("demand")
        if any(a.places is not None and a.demand > a.places + _EPS for a in loads):
            reasons.append("places")
        if there.wait.mean >= NEGLIGIBLE_WAIT or there.wait.growing:
            reasons.append("wait")
        bottleneck = None
        if reasons:
            positions, places = _remove(inputs.scenario, settings, host, pair_demand, host_demand)
            bottleneck = Bottleneck(tuple(reasons), positions, places)
        hosts.append(
            HostEstimate(
                trust=host.host,
                positions=host.positions,
                demand=host_demand,
                mean_occupied=there.mean_occupied,
                utilisation=there.utilisation,
                max_queue=there.max_queue,
                wait=there.wait,
                agreements=loads,
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
        notes=inputs.notes,
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
