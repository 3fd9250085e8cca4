"""One definition of bottleneck: ``analysis.capacity``.

K-BOTTLENECK skips the simulation when ``simulation.never_waits`` proves nobody can wait.
That shortcut must never change the answer: generated scenarios check that whenever it
says "never", the simulation has no LIS waiting at all, and that ``verdicts`` (what
validate, the agenda and render use) always agrees with ``estimate``.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regraad.analysis.capacity import loads, reasons
from regraad.analysis.simulation import (
    HomePlan,
    Host,
    Scenario,
    Settings,
    Stay,
    never_waits,
    simulate,
    split_intake,
)

HOSTS = ("ous", "stolav")
HOMES = ("ahus", "hmr", "hnt", "siv")


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    homes = []
    for home in draw(st.lists(st.sampled_from(HOMES), min_size=1, max_size=4, unique=True)):
        stays = tuple(
            Stay(
                draw(st.sampled_from(HOSTS)),
                draw(st.integers(0, 30)),
                draw(st.integers(1, 18)),
            )
            for _ in range(draw(st.integers(0, 2)))
        )
        homes.append(HomePlan(home, split_intake(draw(st.integers(0, 6))), stays))
    hosts = []
    for host in HOSTS:
        places = {
            home: draw(st.integers(0, 6))
            for home in draw(st.lists(st.sampled_from(HOMES), max_size=3, unique=True))
        }
        hosts.append(Host(host, draw(st.integers(0, 12)), places))
    return Scenario(tuple(homes), tuple(hosts))


SHORT = Settings(horizon_years=4, warmup_years=3)


@given(scenarios())
def test_never_waits_is_only_said_when_the_simulation_has_no_wait(scenario: Scenario) -> None:
    if never_waits(scenario):
        outcome = simulate(scenario, SHORT)
        assert all(w == 0 for home in outcome.homes.values() for w in home.waits)
        assert not outcome.limited


@given(scenarios())
def test_the_shortcut_gives_the_simulations_verdict(scenario: Scenario) -> None:
    """Per host, the reasons with the shortcut (wait None) equal those the estimate finds."""
    outcome = simulate(scenario, SHORT)
    shortcut = never_waits(scenario)
    for host in scenario.hosts:
        pair = {
            plan.home: plan.per_year * sum(s.months for s in plan.stays if s.host == host.host) / 12
            for plan in scenario.homes
            if any(s.host == host.host for s in plan.stays)
        }
        agreements = loads(host, pair)
        simulated = reasons(
            host.positions, sum(pair.values()), agreements, outcome.hosts[host.host].wait
        )
        if shortcut:
            assert reasons(host.positions, sum(pair.values()), agreements, None) == simulated


def test_a_busy_month_the_yearly_mean_hides_is_found() -> None:
    """Demand 4 for 4 positions, but two intakes of 9-month stays overlap: never_waits
    cannot promise anything, and the simulation finds the wait."""
    scenario = Scenario(
        (
            HomePlan("hmr", split_intake(4), (Stay("stolav", 12, 9),)),
            HomePlan("hnt", split_intake(1), (Stay("stolav", 12, 12),)),
        ),
        (Host("stolav", 4, {"hmr": 100, "hnt": 100}),),
    )
    assert not never_waits(scenario)
    wait = simulate(scenario).hosts["stolav"].wait
    demand = {"hmr": 3.0, "hnt": 1.0}
    assert reasons(4, 4.0, loads(scenario.hosts[0], demand), wait) == ("wait",)


def test_a_steady_flow_needs_no_simulation() -> None:
    scenario = Scenario(
        (HomePlan("hmr", split_intake(4), (Stay("stolav", 30, 12),)),),
        (Host("stolav", 4, {"hmr": 4}),),
    )
    assert never_waits(scenario)
    assert not never_waits(
        Scenario(scenario.homes, (Host("stolav", 4, {"hmr": 3}),))  # places below the flow
    )
