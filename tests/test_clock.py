"""One clock: every "today" comes from ``regraad.clock``; bad dates are usage errors (exit 2)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from regraad import clock
from regraad.cli.app import main

from .conftest import TODAY, git, set_clock
from .repostate import Snapshot

ANE_HMN = "data/specialties/anestesiologi/councils/hmn.yaml"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.clock
def test_a_recorded_step_without_a_date_takes_the_clocks_today(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    git(repo, "config", "user.name", "Test Koordinator")
    git(repo, "config", "user.email", "koordinator@example.org")
    code, _out, err = run(
        capsys,
        repo,
        "council",
        "add",
        "anestesiologi",
        "--region",
        "hmn",
        "--name",
        "Kari Nordvik",
        "--trust",
        "hnt",
        "--role",
        "observer",
    )
    assert code == 0, err
    assert f"    from: {TODAY}\n" in (repo / ANE_HMN).read_text(encoding="utf-8")
    # the commit is dated by the same clock (the suite dates git's commits with it)
    assert git(repo, "log", "-1", "--format=%ad", "--date=short").strip() == TODAY


@pytest.mark.clock
def test_validate_judges_on_the_clocks_today(
    capsys: pytest.CaptureFixture[str], data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A leader whose term ends tomorrow is the council's leader today, and not the day after."""
    path = data_root / ANE_HMN
    tomorrow = clock.day_after(TODAY)
    assert tomorrow is not None
    text = path.read_text(encoding="utf-8").replace(
        "    github: isbakken\n    from: 2023-01-01\n",
        f"    github: isbakken\n    from: 2023-01-01\n    to: {tomorrow}\n",
    )
    path.write_text(text, encoding="utf-8")
    code, out, _err = run(capsys, data_root, "validate", "--format", "json", "--rule", "C-LEADER")
    found = json.loads(out)["findings"]
    assert code == 0
    # the gap is ahead, two days from the clock's today: a warning saying so
    assert [(f["severity"], f["from"]) for f in found] == [("warning", clock.day_after(tomorrow))]
    assert "(in 2 days)" in found[0]["message"]
    set_clock(monkeypatch, clock.day_after(tomorrow) or "")
    code, out, _err = run(capsys, data_root, "validate", "--format", "json", "--rule", "C-LEADER")
    assert code == 1
    assert [f["message"] for f in json.loads(out)["findings"]] == [
        "the council has no active leader"
    ]


def test_the_clock_reads_regraad_today_or_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGRAAD_TODAY", "2031-02-28")
    assert clock.today() == "2031-02-28"
    monkeypatch.delenv("REGRAAD_TODAY")
    assert clock.today() == dt.date.today().isoformat()


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2026-02-30", "is not a date (YYYY-MM-DD)"),
        ("20260105", "is not a date (YYYY-MM-DD)"),
        ("2026-1-5", "is not a date (YYYY-MM-DD)"),
        ("9999-12-31", "is outside the dates regraad works with (1900-01-01 to 2999-12-31)"),
        ("0001-01-01", "is outside the dates regraad works with"),
    ],
)
def test_bad_dates_are_usage_errors_naming_the_option(
    capsys: pytest.CaptureFixture[str], repo: Path, value: str, why: str
) -> None:
    git(repo, "config", "user.name", "Test Koordinator")
    git(repo, "config", "user.email", "koordinator@example.org")
    before = Snapshot.of(repo)
    calls = [
        (["validate", "--as-of", value], "--as-of"),
        (["council", "end", "anestesiologi", "Eirik Fossum", "--to", value], "--to"),
        (
            ["council", "role", "anestesiologi", "Eirik Fossum", "deputy", "--from", value],
            "--from",
        ),
        (["propose", "advance", "anestesiologi/2026-002", "--at", value], "--at"),
        (["report", "--region", "hmn", "--as-of", value], "--as-of"),
        (["report", "--region", "hmn", "--since", value], "--since"),
        (["audit", "--since", value], "--since"),
        (["estimate", "anestesiologi", "--as-of", value], "--as-of"),
    ]
    for args, option in calls:
        code, _out, err = run(capsys, repo, *args)
        assert code == 2, (args, err)
        assert f"{option}: " in err, (args, err)
        if args[0] == "report" and option == "--since" and value in ("20260105", "2026-1-5"):
            # report --since also takes a revision: a value that is neither is named so
            assert "is neither a date (YYYY-MM-DD) nor a revision" in err, (args, err)
        else:
            assert why in err, (args, err)
        assert "Traceback" not in err
    assert Snapshot.of(repo) == before


def test_a_bad_regraad_today_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGRAAD_TODAY", "2026-13-01")
    code, _out, err = run(capsys, data_root, "validate")
    assert code == 2
    assert "REGRAAD_TODAY: '2026-13-01' is not a date (YYYY-MM-DD)" in err


def test_date_arithmetic_stays_in_the_calendar() -> None:
    assert clock.day_after("9999-12-31") is None
    assert clock.day_before("0001-01-01") is None
    assert clock.day_after("2026-12-31") == "2027-01-01"
    assert clock.day_before("2028-03-01") == "2028-02-29"
    assert clock.days_between("2026-12-07", "2027-01-01") == 25
    assert clock.active({"from": "2026-01-01", "to": "2026-12-31"}, "2026-12-31")
    assert not clock.active({"from": "2026-01-01", "to": "2026-12-31"}, "2027-01-01")
