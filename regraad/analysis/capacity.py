"""Throughput positions against the plans: the queue model's inputs, and what a
bottleneck is, defined once for validate, estimate, report, render and the agenda.

From the dataset to ``simulation`` inputs, on a day:

- the rotation plans valid that day (``valid`` from/to), of home trusts approved that
  day where the specialty keeps an approval register (``load.approvals``; the others are
  left out with a note), each home trust's ``intake_per_year`` split March/September
  (``simulation.split_intake``);
- a period at another trust that has throughput positions in ``capacity.yaml`` is a stay
  at that host; a period at another trust without positions is not queued for (a note
  says so) and counts as plain months;
- the simulation counts whole months: a LIS is ready for a stay when the plan's months
  before it, rounded up, have passed, and a stay holds its position for its months
  rounded up;
- places: the agreements (home--host) valid that day;
- demand: intake × months at the host / 12 over the valid plans (``demand``).

A host is a *bottleneck* when its demand exceeds its positions, a home trust's demand
exceeds its agreement's places, or the simulated mean wait there is half a month or
more, or grows (``reasons``). Simulating every specialty on every ``validate`` would
cost more than all other rules together, so ``verdicts`` first asks
``simulation.never_waits``, which proves from the plans alone when nobody can ever wait
(and then no host is a bottleneck); otherwise the simulation decides, as in
``regraad estimate``. Both paths give the same answer: the shortcut only skips a
simulation whose waits would all be zero.
"""

from __future__ import annotations

import math
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..clock import active
from ..load.approvals import approvals_on
from ..load.dataset import Document, SpecialtyData
from .simulation import (
    DEFAULT_HORIZON,
    DEFAULT_WARMUP,
    NEGLIGIBLE_WAIT,
    HomePlan,
    Host,
    Outcome,
    Scenario,
    Settings,
    Stay,
    WaitStats,
    never_waits,
    simulate,
    split_intake,
)

EPS = 1e-9
_CACHE_SIZE = 256


def demand(rotations: Mapping[str, Document]) -> dict[tuple[str, str], float]:
    """Average concurrent LIS per (home, host): intake × months at the host / 12.

    The home trust is the one the plan's file is named for, as everywhere plans are
    looked up; a ``trust:`` that disagrees is the ID rule's to report."""
    out: dict[tuple[str, str], float] = defaultdict(float)
    for home, plan in rotations.items():
        intake = plan.data["intake_per_year"]
        for period in plan.data["periods"]:
            if period["trust"] != home:
                out[(home, period["trust"])] += intake * period["months"] / 12
    return dict(out)


def plans_in_force(bundle: SpecialtyData, as_of: str) -> dict[str, Document]:
    """The specialty's rotation plans valid on ``as_of``, by home trust."""
    return {
        trust: doc
        for trust, doc in sorted(bundle.rotations.items())
        if active(doc.data.get("valid") or {}, as_of)
    }


def plans_offered(bundle: SpecialtyData, as_of: str) -> dict[str, Document]:
    """The plans in force on ``as_of`` of home trusts that may employ LIS in the specialty
    that day: approved in its register, when it keeps one (``load.approvals``)."""
    plans = plans_in_force(bundle, as_of)
    if bundle.approvals is None:
        return plans
    approved = approvals_on(bundle, as_of)
    return {t: doc for t, doc in plans.items() if t in approved}


def places_in_force(bundle: SpecialtyData, as_of: str) -> dict[tuple[str, str], int]:
    """Agreement places per (home, host) valid on ``as_of``."""
    places: dict[tuple[str, str], int] = {}
    for agreement in bundle.agreements.values():
        if active(agreement.data["valid"], as_of):
            pair = (agreement.data["home"], agreement.data["host"])
            places[pair] = places.get(pair, 0) + agreement.data["places"]
    return places


@dataclass(frozen=True)
class Note:
    """Something the estimate could not model as the data says."""

    code: str  # no-capacity | no-agreement | plan-not-valid | not-approved
    home: str
    host: str | None = None


@dataclass(frozen=True)
class StayEstimate:
    host: str
    period: str  # the period's id in the plan
    months: float  # as in the plan
    mean_wait: float


@dataclass(frozen=True)
class Inputs:
    """One specialty on one day, as the queue model sees it."""

    scenario: Scenario
    plans: dict[str, Document]
    stays: dict[str, tuple[StayEstimate, ...]]  # wait filled in by the estimate
    demand: dict[tuple[str, str], float]
    notes: tuple[Note, ...]


def up(value: float) -> int:
    """Whole months, rounded up (a plan's 5.5 months hold a position for 6)."""
    return math.ceil(value - EPS)


def inputs(bundle: SpecialtyData, as_of: str) -> Inputs:
    """The simulation's scenario for ``bundle`` on ``as_of`` (see the module docstring)."""
    hosts_data: dict[str, Any] = bundle.capacity.data["hosts"] if bundle.capacity else {}
    places = places_in_force(bundle, as_of)
    plans = plans_in_force(bundle, as_of)
    notes = [Note("plan-not-valid", t) for t in sorted(bundle.rotations) if t not in plans]
    offered = plans_offered(bundle, as_of)  # only an approved trust employs LIS in it
    notes += [Note("not-approved", t) for t in plans if t not in offered]
    plans = offered
    homes: list[HomePlan] = []
    stays_out: dict[str, tuple[StayEstimate, ...]] = {}
    for home, doc in plans.items():
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
                    ready = up(elapsed)
                    months = max(1, up(period["months"]))
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
    return Inputs(
        Scenario(tuple(homes), hosts),
        plans,
        stays_out,
        demand(plans),
        tuple(dict.fromkeys(notes)),
    )


def settings_for(scenario: Scenario, horizon: int, warmup: int) -> Settings:
    """The warm-up is ``warmup`` or, when longer, the years a plan needs to the end of its
    last stay away, so the hosts are as full as they get before counting starts."""
    longest = max((sum(s.before + s.months for s in p.stays) for p in scenario.homes), default=0)
    return Settings(horizon_years=horizon, warmup_years=max(warmup, up(longest / 12)))


_SIMULATED: OrderedDict[str, Outcome] = OrderedDict()


def simulated(scenario: Scenario, settings: Settings) -> Outcome:
    """``simulate``, remembered: the same specialty is judged on several days and by
    several layers in one run, mostly with the same inputs."""
    key = repr((scenario, settings))
    found = _SIMULATED.get(key)
    if found is None:
        found = _SIMULATED[key] = simulate(scenario, settings)
        if len(_SIMULATED) > _CACHE_SIZE:
            _SIMULATED.popitem(last=False)
    else:
        _SIMULATED.move_to_end(key)
    return found


@dataclass(frozen=True)
class AgreementLoad:
    home: str
    places: int | None  # None: no valid agreement
    demand: float


def loads(host: Host, pair_demand: Mapping[str, float]) -> tuple[AgreementLoad, ...]:
    """Places and demand per home trust that rotates to ``host`` or has places there."""
    homes = sorted(set(pair_demand) | set(host.places))
    return tuple(AgreementLoad(h, host.places.get(h), pair_demand.get(h, 0.0)) for h in homes)


def reasons(
    positions: int, host_demand: float, agreements: Iterable[AgreementLoad], wait: WaitStats | None
) -> tuple[str, ...]:
    """Why a host is a bottleneck (empty when it is not): ``demand`` above the positions,
    a home trust's demand above its ``places``, a ``wait`` of half a month or more on
    average or growing (``wait`` None: proven to be no wait at all)."""
    out = []
    if host_demand > positions + EPS:
        out.append("demand")
    if any(a.places is not None and a.demand > a.places + EPS for a in agreements):
        out.append("places")
    if wait is not None and (wait.mean >= NEGLIGIBLE_WAIT or wait.growing):
        out.append("wait")
    return tuple(out)


@dataclass(frozen=True)
class HostVerdict:
    """One host of a specialty on a day: its load and whether it is a bottleneck."""

    host: str
    positions: int
    demand: float
    agreements: tuple[AgreementLoad, ...]
    wait: WaitStats | None  # None when no LIS can wait (nothing was simulated)
    reasons: tuple[str, ...]

    @property
    def bottleneck(self) -> bool:
        return bool(self.reasons)


def verdicts(
    bundle: SpecialtyData,
    as_of: str,
    horizon_years: int = DEFAULT_HORIZON,
    warmup_years: int = DEFAULT_WARMUP,
) -> tuple[HostVerdict, ...]:
    """Every host of the specialty on ``as_of``, simulated only when someone may wait."""
    data = inputs(bundle, as_of)
    outcome = None
    if not never_waits(data.scenario):
        outcome = simulated(data.scenario, settings_for(data.scenario, horizon_years, warmup_years))
    out = []
    for host in data.scenario.hosts:
        pair_demand = {home: v for (home, h), v in data.demand.items() if h == host.host}
        host_demand = sum(pair_demand.values())
        agreements = loads(host, pair_demand)
        wait = outcome.hosts[host.host].wait if outcome is not None else None
        out.append(
            HostVerdict(
                host.host,
                host.positions,
                host_demand,
                agreements,
                wait,
                reasons(host.positions, host_demand, agreements, wait),
            )
        )
    return tuple(out)
