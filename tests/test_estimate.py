"""`regraad estimate`: the queue model by hand, the example dataset, and what-if."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regraad.analysis.capacity import demand
from regraad.analysis.estimate import estimate
from regraad.analysis.simulation import (
    MARCH,
    SEPTEMBER,
    HomePlan,
    Host,
    Scenario,
    Settings,
    Stay,
    simulate,
    split_intake,
)
from regraad.cli.app import main
from regraad.load.dataset import Dataset
from regraad.load.loader import load_directory

from .conftest import AS_OF, PROJECT

ORT = "ortopedisk-kirurgi"
HALVED = f"{ORT}/capacity:stolav.positions=4"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "estimate", "--as-of", AS_OF, *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(capsys, root, "--format", "json", *args)
    assert code == 0, err
    data: dict = json.loads(out)  # type: ignore[type-arg]
    return data


@pytest.fixture(scope="module")
def example() -> Dataset:
    return load_directory(PROJECT)


def one_host(
    intake: tuple[tuple[int, int], ...],
    stay: Stay,
    positions: int,
    places: dict[str, int] | None = None,
) -> Scenario:
    return Scenario(
        homes=(HomePlan("a", intake, (stay,)),),
        hosts=(Host(stay.host, positions, {} if places is None else places),),
    )


# -- the simulation, by hand -------------------------------------------------------------------


def test_march_september_split() -> None:
    assert split_intake(0) == ()
    assert split_intake(1) == ((MARCH, 1),)
    assert split_intake(2) == ((MARCH, 1), (SEPTEMBER, 1))
    assert split_intake(3) == ((MARCH, 2), (SEPTEMBER, 1))
    assert split_intake(4) == ((MARCH, 2), (SEPTEMBER, 2))
    assert split_intake(5) == ((MARCH, 3), (SEPTEMBER, 2))


def test_two_lis_one_position_wait_zero_and_twelve() -> None:
    # Two LIS start in March of year 0 and need 12 months at the host at once; one position.
    scenario = one_host(((MARCH, 2),), Stay("h", before=0, months=12), positions=1)
    outcome = simulate(scenario, Settings(horizon_years=1, warmup_years=0))
    home = outcome.homes["a"]
    assert home.waits == (0, 12)
    assert home.wait.mean == 6
    assert home.wait.p90 == 12  # nearest rank: the 2nd of 2
    assert home.wait.max == 12
    assert not home.wait.growing  # a one-year horizon has no halves to compare
    host = outcome.hosts["h"]
    assert host.mean_occupied == 1 and host.utilisation == 1
    assert host.load == 2  # 2 LIS a year × 12 months / 12
    assert outcome.months == 24  # the second LIS leaves at month 24
    assert not outcome.limited


def test_capacity_at_demand_with_spread_arrivals_means_no_wait() -> None:
    # 1 LIS in March and 1 in September, 6 months at home, then 12 months at the host:
    # exactly two at the host at any time.
    scenario = one_host(split_intake(2), Stay("h", before=6, months=12), positions=2)
    outcome = simulate(scenario)
    assert set(outcome.homes["a"].waits) == {0}
    assert outcome.homes["a"].wait.count == 20  # 2 a year over the 10-year horizon
    assert outcome.hosts["h"].utilisation == 1
    roomy = simulate(one_host(split_intake(2), Stay("h", 6, 12), positions=3))
    assert roomy.hosts["h"].utilisation == pytest.approx(2 / 3)
    assert roomy.hosts["h"].wait.mean == 0


def test_overloaded_host_grows_and_stops() -> None:
    # 2 LIS every March, 12 months each, 1 position: the k-th LIS is admitted at month 12k
    # and was ready at 12·floor(k/2), so it waits 12·ceil(k/2): 0, 12, 12, 24, 24, 36.
    scenario = one_host(((MARCH, 2),), Stay("h", 0, 12), positions=1)
    outcome = simulate(scenario, Settings(horizon_years=3, warmup_years=0))
    home = outcome.homes["a"]
    assert home.waits == (0, 12, 12, 24, 24, 36)
    assert home.wait.mean == 18
    assert home.wait.by_year == (6, 18, 30)
    assert home.wait.growing and home.wait.trend == 12
    assert outcome.hosts["h"].wait.growing
    assert outcome.months == 72
    # over the default horizon the waits keep rising year by year
    long = simulate(scenario).homes["a"].wait
    yearly = [w for w in long.by_year if w is not None]
    assert yearly == sorted(yearly) and yearly[-1] > yearly[0] + 100
    assert long.growing


def test_no_capacity_never_loops_forever() -> None:
    outcome = simulate(one_host(((MARCH, 1),), Stay("h", 0, 12), positions=0))
    home = outcome.homes["a"]
    assert outcome.limited and home.wait.growing
    assert home.wait.unfinished == home.wait.count == 10
    assert outcome.hosts["h"].utilisation is None


def test_agreement_places_limit_below_positions() -> None:
    capped = simulate(
        one_host(((MARCH, 2),), Stay("h", 0, 12), positions=5, places={"a": 1}),
        Settings(horizon_years=3, warmup_years=0),
    )
    assert capped.homes["a"].waits == (0, 12, 12, 24, 24, 36)  # as with one position
    enough = simulate(one_host(((MARCH, 2),), Stay("h", 0, 12), positions=5, places={"a": 2}))
    assert set(enough.homes["a"].waits) == {0}
    assert enough.hosts["h"].mean_occupied == 2


def test_places_are_held_against_trusts_without_an_agreement() -> None:
    # Two positions; a has 2 places but sends 1 LIS a year; b has no agreement. a's unused
    # place stays held, so b never gets a position.
    scenario = Scenario(
        homes=(
            HomePlan("a", ((MARCH, 1),), (Stay("h", 0, 12),)),
            HomePlan("b", ((MARCH, 1),), (Stay("h", 0, 12),)),
        ),
        hosts=(Host("h", 2, {"a": 2}),),
    )
    outcome = simulate(scenario, Settings(horizon_years=1, warmup_years=0))
    assert outcome.homes["a"].waits == (0,)
    assert outcome.homes["b"].wait.unfinished == 1 and outcome.homes["b"].wait.growing
    assert outcome.limited
    # with three positions b gets the one nobody holds
    roomy = simulate(Scenario(scenario.homes, (Host("h", 3, {"a": 2}),)), Settings(horizon_years=1))
    assert set(roomy.homes["b"].waits) == {0}


def test_ties_go_by_start_then_home_then_sequence() -> None:
    # both ready in month 0 for the only position: "a" sorts before "b"
    scenario = Scenario(
        homes=(
            HomePlan("b", ((MARCH, 1),), (Stay("h", 0, 12),)),
            HomePlan("a", ((MARCH, 1),), (Stay("h", 0, 12),)),
        ),
        hosts=(Host("h", 1, {}),),
    )
    outcome = simulate(scenario, Settings(horizon_years=1, warmup_years=0))
    assert outcome.homes["a"].waits == (0,)
    assert outcome.homes["b"].waits == (12,)


def test_several_stays_in_order() -> None:
    # 3 months home, 6 at x, 2 home, 6 at y; one position at each and 1 LIS a year: no waits
    plan = HomePlan("a", ((MARCH, 1),), (Stay("x", 3, 6), Stay("y", 2, 6)))
    outcome = simulate(Scenario((plan,), (Host("x", 1), Host("y", 1))))
    assert outcome.homes["a"].stay_waits == (0, 0)
    assert outcome.hosts["x"].mean_occupied == 0.5 and outcome.hosts["y"].mean_occupied == 0.5
    # two a year at one position of y: the second stay is where they wait
    busy = HomePlan("a", ((MARCH, 2),), (Stay("x", 3, 6), Stay("y", 2, 12)))
    result = simulate(Scenario((busy,), (Host("x", 2), Host("y", 1))), Settings(3, 0))
    assert result.homes["a"].stay_waits[0] == 0
    assert result.homes["a"].stay_waits[1] > 0


def test_deterministic_and_independent_of_order() -> None:
    homes = (
        HomePlan("hmr", split_intake(3), (Stay("stolav", 36, 18),)),
        HomePlan("hnt", split_intake(2), (Stay("stolav", 30, 18),)),
        HomePlan("nlsh", split_intake(2), (Stay("stolav", 24, 12), Stay("unn", 6, 6))),
    )
    hosts = (Host("stolav", 6, {"hmr": 4, "hnt": 3, "nlsh": 2}), Host("unn", 1, {}))
    first = simulate(Scenario(homes, hosts))
    again = simulate(Scenario(homes, hosts))
    shuffled = simulate(
        Scenario(
            tuple(reversed(homes)),
            (Host("unn", 1, {}), Host("stolav", 6, {"nlsh": 2, "hnt": 3, "hmr": 4})),
        )
    )
    assert repr(first) == repr(again) == repr(shuffled)
    assert first.homes["hmr"].wait.mean > 0  # the case is not trivially empty


# -- the example dataset ----------------------------------------------------------------------


def test_simulated_load_is_the_k_bottleneck_demand(example: Dataset) -> None:
    for slug in ("anestesiologi", "barnesykdommer", ORT, "radiologi", "urologi"):
        result = estimate(example, slug, AS_OF)
        per_pair = demand(example.specialties[slug].rotations)
        for host in result.hosts:
            expected = sum(v for (_home, h), v in per_pair.items() if h == host.trust)
            assert host.demand == pytest.approx(expected)


def test_orthopaedics_utilisation_and_time_per_home_trust(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    code, out, err = run(capsys, data_root, ORT)
    assert code == 0, err
    assert "\x1b" not in out
    assert "St. Olav" in out and "94 %" in out  # 7.5 of 8 positions
    lines = {ln.split()[0]: ln.split() for ln in out.splitlines() if ln.startswith(("HMR", "HNT"))}
    assert lines["HMR"][1:4] == ["3", "(2+1)", "72"] and lines["HMR"][-2:] == ["72", "72"]
    assert lines["HNT"][1:4] == ["2", "(1+1)", "72"] and lines["HNT"][-2:] == ["72", "72"]
    assert "No bottlenecks" in out

    data = run_json(capsys, data_root, ORT)
    (spec,) = data["specialties"]
    (host,) = spec["hosts"]
    assert host["trust"] == "stolav" and host["positions"] == 8
    assert host["demand"] == 7.5 and host["utilisation"] == 0.9375
    assert host["bottleneck"] is None
    totals = {h["trust"]: h["total"]["mean"] for h in spec["homes"]}
    assert totals == {"hmr": 72, "hnt": 72}


def test_halved_capacity_is_a_bottleneck_with_the_fix(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    code, out, err = run(capsys, data_root, ORT, "--set", HALVED)
    assert code == 0, err
    assert "What-if" in out and f"{ORT}/capacity:stolav.positions: 8 → 4" in out
    assert "Bottleneck at St. Olav: demand 7.5 LIS at a time for 4 positions" in out
    assert "Removed with 8 positions (now 4)" in out
    assert "HMR 5 (now 5), HNT 3 (now 3)" in out
    assert "↑" in out

    data = run_json(capsys, data_root, ORT, "--set", HALVED)
    assert data["changed"] == [
        {
            "option": HALVED,
            "specialty": ORT,
            "path": f"data/specialties/{ORT}/capacity.yaml",
            "field": "hosts.stolav.positions",
            "before": 8,
            "after": 4,
        }
    ]
    (host,) = data["specialties"][0]["hosts"]
    assert host["utilisation"] == 1 and host["wait"]["growing"]
    assert host["bottleneck"] == {
        "reasons": ["demand", "wait"],
        "positions_needed": 8,
        "places_needed": {"hmr": 5, "hnt": 3},
    }
    for home in data["specialties"][0]["homes"]:
        assert home["wait"]["growing"] and home["total"]["mean"] > 72 + 12
        yearly = home["wait"]["by_year"]
        assert yearly == sorted(yearly)


def test_places_what_if_names_the_places_needed(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    data = run_json(
        capsys, data_root, "radiologi", "--set", "radiologi/agreement:hnt--stolav.places=2"
    )
    (host,) = data["specialties"][0]["hosts"]
    assert host["bottleneck"]["reasons"][0] == "places"
    assert host["bottleneck"]["places_needed"]["hnt"] == 4  # 2 a year × 24 months
    assert host["bottleneck"]["positions_needed"] == 7
    data = run_json(
        capsys, data_root, "anestesiologi", "--set", "anestesiologi/rotation:hmr.intake_per_year=5"
    )
    homes = {h["trust"]: h for h in data["specialties"][0]["homes"]}
    assert homes["hmr"]["intake"] == {"march": 3, "september": 2}
    (host,) = data["specialties"][0]["hosts"]
    assert host["demand"] == 7 and host["bottleneck"]["places_needed"]["hmr"] == 5


def test_period_months_by_id_and_repeated_sets(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    data = run_json(
        capsys,
        data_root,
        ORT,
        "--set",
        f"{ORT}/rotation:hmr.periods.sentral.months=24",
        "--set",
        f"{ORT}/capacity:stolav.positions=10",
    )
    homes = {h["trust"]: h for h in data["specialties"][0]["homes"]}
    assert homes["hmr"]["plan_months"] == 78
    (stay,) = homes["hmr"]["stays"]
    assert (stay["host"], stay["period"], stay["months"]) == ("stolav", "sentral", 24)
    assert stay["mean_wait"] > 0  # six of HMR's LIS at a time now, on five places
    assert [c["field"] for c in data["changed"]] == [
        "periods.sentral.months",
        "hosts.stolav.positions",
    ]
    (host,) = data["specialties"][0]["hosts"]
    assert host["demand"] == 9  # 3 × 24/12 + 2 × 18/12
    assert host["bottleneck"] == {
        "reasons": ["places", "wait"],
        "positions_needed": 9,
        "places_needed": {"hmr": 6, "hnt": 3},
    }


def test_what_if_never_touches_files(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    def snapshot() -> dict[str, tuple[bytes, int]]:
        return {
            str(p): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(data_root.rglob("*"))
            if p.is_file() and ".regraad-cache" not in p.parts  # the parse cache is no data
        }

    before = snapshot()
    plain = run(capsys, data_root, ORT)[1]
    changed = run(capsys, data_root, ORT, "--set", HALVED)[1]
    assert plain != changed
    assert snapshot() == before
    assert run(capsys, data_root, ORT)[1] == plain  # and nothing lingers in memory


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (f"{ORT}/capacity:stolav.positions=many", "'many' is not a number"),
        (f"{ORT}/capacity:stolav.positions", "not of the form"),
        (f"{ORT}/budget:stolav.positions=3", "unknown kind 'budget'"),
        ("nope/capacity:stolav.positions=3", "no specialty 'nope'"),
        (f"{ORT}/capacity:ous.positions=3", "has no capacity 'ous'; there are: stolav"),
        (f"{ORT}/capacity:stolav.seats=3", "no field 'hosts.stolav.seats'"),
        (f"{ORT}/capacity:stolav.positions=-1", "is not allowed"),
        (f"{ORT}/capacity:stolav.positions=2.5", "is not allowed"),
        (f"{ORT}/agreement.places=3", "agreement needs a key"),
        (f"{ORT}/agreement:hmr--ous.places=3", "has no agreement 'hmr--ous'"),
        (f"{ORT}/rotation:hmr.periods.midt.months=3", "no item 'midt'"),
        (f"{ORT}/rotation:hmr.periods.sentral.trust=3", "is not a number"),
        (f"{ORT}/rotation:hmr.periods.sentral.months=0", "is not allowed"),
        ("radiologi/capacity:stolav.positions=3", "radiologi is not estimated here"),
    ],
)
def test_bad_set_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], data_root: Path, value: str, message: str
) -> None:
    code, out, err = run(capsys, data_root, ORT, "--set", value)
    assert code == 2
    assert out == ""
    assert f"--set '{value}'" in err and message in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope",), "no specialty 'nope'"),
        ((ORT, "--trust", "nope"), "no trust 'nope'"),
        ((ORT, "--trust", "ous"), "ous has no rotation plan"),
        ((ORT, "--years", "0"), "--years"),
        ((ORT, "--as-of", "someday"), "not a date"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], data_root: Path, args: tuple[str, ...], message: str
) -> None:
    code, _out, err = run(capsys, data_root, *args)
    assert code == 2 and message in err


def test_trust_filter(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    data = run_json(capsys, data_root, "--trust", "hnt")
    slugs = [s["specialty"] for s in data["specialties"]]
    assert slugs == ["anestesiologi", "barnesykdommer", ORT, "radiologi"]  # not urologi
    for spec in data["specialties"]:
        assert [h["trust"] for h in spec["homes"]] == ["hnt"]
        assert [h["trust"] for h in spec["hosts"]] == ["stolav"]


def test_json_shape(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    data = run_json(capsys, data_root)
    assert data["format"] == 1 and data["as_of"] == AS_OF and data["changed"] == []
    assert [s["specialty"] for s in data["specialties"]] == [
        "anestesiologi",
        "barnesykdommer",
        ORT,
        "radiologi",
        "urologi",
    ]
    spec = data["specialties"][-1]
    assert set(spec) == {"specialty", "name", "model", "homes", "hosts", "notes"}
    # 234: the run drains until Innlandet's last counted LIS, who waits for OUS, is through
    assert spec["model"] == {"horizon_years": 10, "warmup_years": 5, "months_simulated": 234}
    home = spec["homes"][0]
    assert set(home) == {
        "trust", "name", "intake_per_year", "intake", "plan_months", "lis", "wait", "total",
        "stays",
    }  # fmt: skip
    assert set(home["wait"]) == {"mean", "p90", "max", "by_year", "growing", "unfinished"}
    assert len(home["wait"]["by_year"]) == 10
    host = spec["hosts"][0]
    assert set(host) == {
        "trust", "name", "positions", "demand", "mean_occupied", "utilisation", "max_queue",
        "wait", "agreements", "bottleneck",
    }  # fmt: skip
    # 8.975 of 10 positions held on average: Innlandet's LIS wait for places, not positions
    assert host["trust"] == "ous" and host["utilisation"] == pytest.approx(0.8975)


def test_a_period_at_a_trust_without_positions_is_noted(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    plan = data_root / f"data/specialties/{ORT}/rotations/hnt.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("    trust: stolav\n", "    trust: hmr\n", 1), encoding="utf-8")
    data = run_json(capsys, data_root, ORT)
    notes = data["specialties"][0]["notes"]
    assert [(n["code"], n["home"], n["host"]) for n in notes] == [("no-capacity", "hnt", "hmr")]
    assert "not simulated" in notes[0]["message"]


def test_same_input_same_output(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    """Determinism through the CLI; speed is measured by make bench, not here."""
    first = run(capsys, data_root, "--set", HALVED)
    assert first[0] == 0
    assert run(capsys, data_root, "--set", HALVED) == first
