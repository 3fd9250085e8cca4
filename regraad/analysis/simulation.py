"""A deterministic queue model: LIS waiting for throughput positions at host trusts.

Independent of the dataset: plain dataclasses in (``Scenario``), plain dataclasses out
(``Outcome``), so every rule can be checked by hand. No randomness: the same scenario
gives the same outcome, whatever order its homes, hosts and places are given in.

The rules (the README section "Analysis: coverage and time to specialist" says the same
for the councils):

1. Time runs in whole months. Month 0 is the first March; month ``m`` is a March when
   ``m % 12 == 0`` and a September when ``m % 12 == 6``.
2. Each home trust's ``intake`` repeats every year: ``split_intake(n)`` puts ceil(n/2) LIS
   in March and floor(n/2) in September (3 → 2 + 1, 2 → 1 + 1, 1 → 1 + 0).
3. A LIS follows its plan: before each stay away it spends ``Stay.before`` months (at home,
   or at trusts that are not modelled), then it is *ready* and queues at the host. Stays
   are taken in plan order; the next ``before`` counts from the end of the previous stay.
4. Every month, in this order: stays that end free their positions; new LIS start; LIS
   who are ready join their host's queue; each host (by id) admits waiting LIS in order
   of ready month, start month, home trust id and sequence number (first come, first
   served), skipping those who do not fit. A LIS fits when
   - its home trust has an agreement with the host: fewer of its home trust's LIS are at
     the host than the agreement's ``places`` AND fewer positions are occupied than the
     host's ``positions``;
   - its home trust has no agreement: a position is free that is not held for unused
     places, i.e. positions − occupied − Σ max(0, places − occupied by that home) ≥ 1.
   So places cap their home trust and are reserved against trusts without an agreement;
   positions are shared. When the places add up to more than the positions, the
   positions go first come, first served.
5. A stay holds its position from the month of admission for ``Stay.months`` months.
6. Counted are the LIS who start in the ``horizon_years`` years after ``warmup_years``
   years of warm-up. The run goes on, intakes continuing, until every counted LIS has
   finished its last stay away, and stops at the latest after ``DRAIN_FACTOR`` × (warm-up
   + horizon) years plus the longest plan; a counted LIS not through its stays by then is
   *unfinished*, and its wait so far is a lower bound.
7. The wait of a LIS is the months between being ready and being admitted, summed over
   its stays. The 90th percentile is the nearest rank: the ⌈0.9·n⌉-th smallest wait.
8. Utilisation is the mean number of occupied positions over the horizon's months
   (months 12·warm-up up to 12·(warm-up + horizon)) divided by the positions.
9. Waits are *growing* when the LIS who start in the last half of the horizon's years
   wait on average more than ``GROWTH_THRESHOLD`` months longer than those who start in
   the first half (an odd middle year is left out; a one-year horizon has no halves), or
   when some counted LIS is unfinished.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

DEFAULT_HORIZON = 10  # years counted
DEFAULT_WARMUP = 5  # years before counting starts
MARCH = 0  # month of the year, counted from March
SEPTEMBER = 6
DRAIN_FACTOR = 4
GROWTH_THRESHOLD = 1.0  # months
NEGLIGIBLE_WAIT = 0.5  # months: a mean wait below this is "no wait" (bottleneck search)


def split_intake(per_year: int) -> tuple[tuple[int, int], ...]:
    """(month of year, LIS) pairs: ceil(n/2) start in March, floor(n/2) in September."""
    march, september = (per_year + 1) // 2, per_year // 2
    return tuple((month, n) for month, n in ((MARCH, march), (SEPTEMBER, september)) if n > 0)


@dataclass(frozen=True)
class Stay:
    """A period away: ``before`` whole months since the last stay (or the start), then
    ``months`` whole months at ``host``."""

    host: str
    before: int
    months: int


@dataclass(frozen=True)
class HomePlan:
    """A home trust's yearly intake and the stays away in its plan, in order."""

    home: str
    intake: tuple[tuple[int, int], ...]  # (month of year 0..11, LIS), repeated every year
    stays: tuple[Stay, ...]

    @property
    def per_year(self) -> int:
        return sum(n for _month, n in self.intake)


@dataclass(frozen=True)
class Host:
    """A host trust's throughput positions and the agreements' places per home trust."""

    host: str
    positions: int
    places: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    homes: tuple[HomePlan, ...]
    hosts: tuple[Host, ...]


@dataclass(frozen=True)
class Settings:
    horizon_years: int = DEFAULT_HORIZON
    warmup_years: int = DEFAULT_WARMUP


@dataclass(frozen=True)
class WaitStats:
    """Waits in months of the counted LIS (or of their stays at one host)."""

    count: int
    mean: float
    p90: int
    max: int
    unfinished: int
    by_year: tuple[float | None, ...]  # mean per year of the horizon the LIS started in
    growing: bool

    @property
    def trend(self) -> float:
        """Change of the yearly mean wait per year, first year with LIS to the last."""
        years = [(i, w) for i, w in enumerate(self.by_year) if w is not None]
        if len(years) < 2:
            return 0.0
        (i0, w0), (i1, w1) = years[0], years[-1]
        return (w1 - w0) / (i1 - i0)


@dataclass(frozen=True)
class HomeOutcome:
    home: str
    waits: tuple[int, ...]  # each counted LIS's total wait, in order of start
    wait: WaitStats
    stay_waits: tuple[float, ...]  # mean wait before each stay, in plan order


@dataclass(frozen=True)
class HostOutcome:
    host: str
    positions: int
    load: float  # offered: Σ LIS per year × months at the host / 12
    mean_occupied: float
    utilisation: float | None  # None without positions
    max_queue: int  # most LIS waiting at once during the horizon
    wait: WaitStats


@dataclass(frozen=True)
class Outcome:
    settings: Settings
    months: int  # months simulated
    limited: bool  # stopped at the limit with counted LIS unfinished
    homes: dict[str, HomeOutcome]
    hosts: dict[str, HostOutcome]


class _Lis:
    __slots__ = ("counted", "home", "plan", "ready", "seq", "start", "stay", "waits")

    def __init__(self, plan: HomePlan, seq: int, start: int, counted: bool) -> None:
        self.plan = plan
        self.home = plan.home
        self.seq = seq
        self.start = start
        self.counted = counted
        self.stay = 0  # index of the next (or current) stay
        self.ready = 0
        self.waits: list[int] = []


def _check(scenario: Scenario, settings: Settings) -> None:
    if settings.horizon_years < 1 or settings.warmup_years < 0:
        raise ValueError("the horizon must be at least one year and the warm-up not negative")
    hosts = {h.host for h in scenario.hosts}
    for host in scenario.hosts:
        if host.positions < 0 or any(p < 0 for p in host.places.values()):
            raise ValueError(f"{host.host}: positions and places must not be negative")
    for plan in scenario.homes:
        for month, n in plan.intake:
            if not 0 <= month < 12 or n < 0:
                raise ValueError(f"{plan.home}: bad intake ({month}, {n})")
        for stay in plan.stays:
            if stay.host not in hosts:
                raise ValueError(f"{plan.home}: stay at {stay.host}, which is not a host")
            if stay.before < 0 or stay.months < 1:
                raise ValueError(f"{plan.home}: stays need before >= 0 and months >= 1")


def _mean(values: Sequence[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def _p90(values: Sequence[int]) -> int:
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def _stats(samples: Sequence[tuple[int, int, bool]], first: int, years: int) -> WaitStats:
    """``samples``: (start month, wait, unfinished) of counted LIS."""
    waits = [w for _s, w, _u in samples]
    unfinished = sum(1 for _s, _w, u in samples if u)
    per_year: list[list[int]] = [[] for _ in range(years)]
    for start, wait, _u in samples:
        per_year[(start - first) // 12].append(wait)
    by_year = tuple(sum(ws) / len(ws) if ws else None for ws in per_year)
    half = years // 2
    early = [w for ws in per_year[:half] for w in ws]
    late = [w for ws in per_year[years - half :] for w in ws]
    rising = bool(
        half
        and early
        and late
        and sum(late) / len(late) - sum(early) / len(early) > GROWTH_THRESHOLD
    )
    return WaitStats(
        count=len(waits),
        mean=_mean(waits),
        p90=_p90(waits),
        max=max(waits, default=0),
        unfinished=unfinished,
        by_year=by_year,
        growing=rising or unfinished > 0,
    )


class _Run:
    """The state of one run; ``simulate`` is the entry point."""

    def __init__(self, scenario: Scenario, settings: Settings) -> None:
        self.settings = settings
        self.plans = sorted(scenario.homes, key=lambda p: p.home)
        self.hosts = {h.host: h for h in sorted(scenario.hosts, key=lambda h: h.host)}
        self.places = {h: dict(sorted(host.places.items())) for h, host in self.hosts.items()}
        self.first = 12 * settings.warmup_years
        self.end = 12 * (settings.warmup_years + settings.horizon_years)
        longest = max((sum(s.before + s.months for s in p.stays) for p in self.plans), default=0)
        self.limit = DRAIN_FACTOR * self.end + longest
        self.occupied = dict.fromkeys(self.hosts, 0)
        self.by_home: dict[str, dict[str, int]] = {h: {} for h in self.hosts}
        # per host, per home: a heap of (ready, start, seq) of the LIS waiting there
        self.queues: dict[str, dict[str, list[tuple[int, int, int]]]] = {h: {} for h in self.hosts}
        self.waiting: dict[tuple[str, int], _Lis] = {}
        self.ready_at: dict[int, list[_Lis]] = {}
        self.ending: dict[int, list[_Lis]] = {}
        self.occupancy = dict.fromkeys(self.hosts, 0)
        self.max_queue = dict.fromkeys(self.hosts, 0)
        self.counted: list[_Lis] = []
        self.samples: dict[str, list[tuple[int, int, bool]]] = {h: [] for h in self.hosts}
        self.seq = dict.fromkeys((p.home for p in self.plans), 0)
        self.pending = 0  # counted LIS not through their stays yet
        self.unfinished: set[tuple[str, int]] = set()

    def run(self) -> int:
        """Step month by month until the counted LIS are through (or the limit); the months."""
        month = 0
        while True:
            self.release(month)
            if (month >= self.end and self.pending == 0) or month >= self.limit:
                break
            self.start(month)
            for lis in self.ready_at.pop(month, ()):
                host = lis.plan.stays[lis.stay].host
                heapq.heappush(
                    self.queues[host].setdefault(lis.home, []), (lis.ready, lis.start, lis.seq)
                )
                self.waiting[(lis.home, lis.seq)] = lis
            for host in self.queues:
                self.admit(host, month)
            month += 1
        self.stop(month)
        return month

    def schedule(self, lis: _Lis, now: int) -> bool:
        """Make ``lis`` ready for its next stay; False when it has none left."""
        if lis.stay >= len(lis.plan.stays):
            return False
        lis.ready = now + lis.plan.stays[lis.stay].before
        self.ready_at.setdefault(lis.ready, []).append(lis)
        return True

    def release(self, month: int) -> None:
        for lis in self.ending.pop(month, ()):
            host = lis.plan.stays[lis.stay].host
            self.occupied[host] -= 1
            self.by_home[host][lis.home] -= 1
            lis.stay += 1
            if not self.schedule(lis, month) and lis.counted:
                self.pending -= 1

    def start(self, month: int) -> None:
        for plan in self.plans:
            for when, n in plan.intake:
                if month % 12 != when:
                    continue
                for _ in range(n):
                    lis = _Lis(plan, self.seq[plan.home], month, self.first <= month < self.end)
                    self.seq[plan.home] += 1
                    if lis.counted:
                        self.counted.append(lis)
                    if self.schedule(lis, month) and lis.counted:
                        self.pending += 1

    def fits(self, host: str, home: str) -> bool:
        capacity = self.hosts[host].positions
        occupied = self.occupied[host]
        if occupied >= capacity:
            return False
        taken = self.by_home[host]
        places = self.places[host]
        if home in places:
            return taken.get(home, 0) < places[home]
        held = sum(max(0, p - taken.get(h, 0)) for h, p in places.items())
        return capacity - occupied - held >= 1

    def admit(self, host: str, month: int) -> None:
        per_home = self.queues[host]
        while self.occupied[host] < self.hosts[host].positions:
            best: tuple[int, int, str, int] | None = None
            for home in sorted(per_home):
                heap = per_home[home]
                if heap and self.fits(host, home):
                    key = (heap[0][0], heap[0][1], home, heap[0][2])
                    if best is None or key < best:
                        best = key
            if best is None:
                break
            heapq.heappop(per_home[best[2]])
            lis = self.waiting.pop((best[2], best[3]))
            wait = month - lis.ready
            lis.waits.append(wait)
            if lis.counted:
                self.samples[host].append((lis.start, wait, False))
            self.occupied[host] += 1
            self.by_home[host][lis.home] = self.by_home[host].get(lis.home, 0) + 1
            self.ending.setdefault(month + lis.plan.stays[lis.stay].months, []).append(lis)
        if self.first <= month < self.end:
            self.occupancy[host] += self.occupied[host]
            queued = sum(len(heap) for heap in per_home.values())
            self.max_queue[host] = max(self.max_queue[host], queued)

    def stop(self, month: int) -> None:
        """Counted LIS not through their stays: what they waited so far is a lower bound."""
        for lis in self.counted:
            if lis.stay >= len(lis.plan.stays):
                continue
            self.unfinished.add((lis.home, lis.seq))
            if (lis.home, lis.seq) in self.waiting:  # queued: waited from ready until the stop
                wait = max(0, month - lis.ready)
                lis.waits.append(wait)
                self.samples[lis.plan.stays[lis.stay].host].append((lis.start, wait, True))

    def home_outcome(self, plan: HomePlan) -> HomeOutcome:
        mine = [lis for lis in self.counted if lis.home == plan.home]
        samples = [
            (lis.start, sum(lis.waits), (lis.home, lis.seq) in self.unfinished) for lis in mine
        ]
        return HomeOutcome(
            home=plan.home,
            waits=tuple(w for _s, w, _u in samples),
            wait=_stats(samples, self.first, self.settings.horizon_years),
            stay_waits=tuple(
                _mean([lis.waits[i] for lis in mine if len(lis.waits) > i])
                for i in range(len(plan.stays))
            ),
        )

    def host_outcome(self, host: Host) -> HostOutcome:
        load = sum(
            plan.per_year * stay.months / 12
            for plan in self.plans
            for stay in plan.stays
            if stay.host == host.host
        )
        mean_occupied = self.occupancy[host.host] / (self.end - self.first)
        return HostOutcome(
            host=host.host,
            positions=host.positions,
            load=load,
            mean_occupied=mean_occupied,
            utilisation=mean_occupied / host.positions if host.positions else None,
            max_queue=self.max_queue[host.host],
            wait=_stats(sorted(self.samples[host.host]), self.first, self.settings.horizon_years),
        )


def never_waits(scenario: Scenario) -> bool:
    """True when no LIS can ever wait, so ``simulate`` would give no wait anywhere.

    Without waits every LIS follows its plan at fixed months after its start, so each
    host's occupancy repeats every year once the intakes are running (and is lower
    before). When in every month of that year, at every host, the LIS present fit the
    positions, each home trust's fit its agreement's places, and the LIS of trusts
    without an agreement fit what the places do not hold (rule 4), every ready LIS is
    admitted at once, and by induction nobody ever waits. When this says False the
    simulation decides: the busiest month not fitting does not mean a wait on average.
    """
    hosts = {h.host: h for h in scenario.hosts}
    # per host, per home trust: LIS present in each month of the repeating year
    present: dict[str, dict[str, list[int]]] = {h: {} for h in hosts}
    for plan in scenario.homes:
        offset = 0
        for stay in plan.stays:
            offset += stay.before
            row = present[stay.host].setdefault(plan.home, [0] * 12)
            # a stay of 12·full + part months: `full` LIS of each yearly intake are there
            # in every month, one more in the `part` months after its start month
            full, part = divmod(stay.months, 12)
            for month, n in plan.intake:
                start = month + offset
                if full:
                    row[:] = [x + n * full for x in row]
                for k in range(part):
                    row[(start + k) % 12] += n
            offset += stay.months
    for name, by_home in present.items():
        if not by_home:
            continue
        host = hosts[name]
        if max(map(sum, zip(*by_home.values(), strict=True))) > host.positions:
            return False
        outside = []
        for home, row in by_home.items():
            if home not in host.places:
                outside.append(row)
            elif max(row) > host.places[home]:
                return False
        if outside:
            for t, others in enumerate(map(sum, zip(*outside, strict=True))):
                if not others:
                    continue
                held = sum(
                    max(n, by_home[h][t] if h in by_home else 0) for h, n in host.places.items()
                )
                if others + held > host.positions:
                    return False
    return True


def simulate(scenario: Scenario, settings: Settings | None = None) -> Outcome:
    """Run the month-step queue model; see the module docstring for the rules."""
    settings = settings or Settings()
    _check(scenario, settings)
    state = _Run(scenario, settings)
    months = state.run()
    return Outcome(
        settings=settings,
        months=months,
        limited=bool(state.unfinished),
        homes={plan.home: state.home_outcome(plan) for plan in state.plans},
        hosts={name: state.host_outcome(host) for name, host in state.hosts.items()},
    )
