"""Rules that hold over time: future-dated changes are judged on the day they take effect.

Every test here is written relative to the suite's clock (``TODAY``), and `make test-ahead`
runs them again two years ahead: the dates they make are always in the future.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regraad import clock
from regraad.cli.app import main

from .conftest import TODAY, git
from .repostate import Snapshot

pytestmark = pytest.mark.clock

ANE = "data/specialties/anestesiologi"
ANE_HMN = f"{ANE}/councils/hmn.yaml"
URO_HSO = "data/specialties/urologi/councils/hso.yaml"
KARI = (
    "--name",
    "Kari Nordvik",
    "--trust",
    "stolav",
    "--site",
    "trondheim",
    "--title",
    "overlege",
    "--specialist",
)


def later(days: int) -> str:
    day = clock.shift(TODAY, days)
    assert day is not None
    return day


def day_before(day: str) -> str:
    before = clock.day_before(day)
    assert before is not None
    return before


def day_after(day: str) -> str:
    after = clock.day_after(day)
    assert after is not None
    return after


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def findings(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, list[dict]]:  # type: ignore[type-arg]
    code, out, err = run(capsys, root, "validate", "--format", "json", *args)
    assert code in (0, 1), err
    return code, json.loads(out)["findings"]


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    file.write_text(text.replace(old, new), encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture
def repo_id(repo: Path) -> Path:
    git(repo, "config", "user.name", "Test Koordinator")
    git(repo, "config", "user.email", "koordinator@example.org")
    return repo


# -- a second leader from a later date -----------------------------------------------------------


def test_a_second_leader_from_a_later_date_is_refused_naming_that_date(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    start = later(25)
    before = Snapshot.of(repo_id)
    code, _out, err = run(
        capsys, repo_id, "council", "add", "anestesiologi", "--region", "hmn",
        *KARI, "--role", "leader", "--from", start,
    )  # fmt: skip
    assert code == 1
    assert f"the change would make the data invalid from {start}; nothing was changed" in err
    assert (
        f"{ANE_HMN}:" in err
        and f"C-LEADER from {start}: Kari Nordvik is a second active leader "
        "(also Ingrid Sæther Bakken)"
        in err
    )
    assert Snapshot.of(repo_id) == before  # HEAD, index, refs and files byte for byte


def test_the_same_leader_written_by_hand_fails_validate_from_that_date(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    start = later(25)
    text = (repo_id / ANE_HMN).read_text(encoding="utf-8")
    text = text.replace(
        'note: "Rådet møtes',
        "  - name: Kari Nordvik\n    trust: stolav\n    role: leader\n    title: overlege\n"
        f'    specialist: true\n    from: {start}\nnote: "Rådet møtes',
    )
    (repo_id / ANE_HMN).write_text(text, encoding="utf-8")
    commit(repo_id, "A new leader, written by hand")
    code, found = findings(capsys, repo_id)
    assert code == 1  # the contradiction is an error today, not on the day it happens
    leaders = [f for f in found if f["rule"] == "C-LEADER"]
    assert len(leaders) == 1
    assert leaders[0]["severity"] == "error"
    assert leaders[0]["from"] == start
    assert leaders[0]["message"] == (
        f"from {start}: Kari Nordvik is a second active leader (also Ingrid Sæther Bakken)"
    )
    assert leaders[0]["path"] == ANE_HMN
    # on the day before, judged alone, the council is fine
    code, found = findings(capsys, repo_id, "--as-of", day_before(start))
    assert code == 0 and not [f for f in found if f["rule"] == "C-LEADER"]
    # text output says the same, with the file's line
    code, out, _err = run(capsys, repo_id, "validate", "--rule", "C-LEADER")
    assert code == 1
    assert f"error C-LEADER from {start}: Kari Nordvik is a second active leader" in out


def test_a_leader_handover_is_one_command(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    start = later(25)
    code, out, err = run(
        capsys, repo_id, "council", "add", "anestesiologi", "--region", "hmn",
        *KARI, "--role", "leader", "--from", start, "--replaces", "Ingrid Sæther Bakken",
    )  # fmt: skip
    assert code == 0, err
    assert (
        "council(anestesiologi/hmn): Kari Nordvik joins as leader, succeeding "
        "Ingrid Sæther Bakken (leader)" in out
    )
    message = git(repo_id, "log", "-1", "--format=%B")
    assert "Regraad-Action: council.add\n" in message
    assert "Regraad-To: leader\nRegraad-Replaces: Ingrid Sæther Bakken\n" in message
    assert git(repo_id, "show", "--name-only", "--format=", "HEAD").split() == [ANE_HMN]
    text = (repo_id / ANE_HMN).read_text(encoding="utf-8")
    assert f"    github: isbakken\n    from: 2023-01-01\n    to: {day_before(start)}\n" in text
    assert "# Leder fra St. Olavs etter mandatet." in text  # comments kept
    code, found = findings(capsys, repo_id)
    assert code == 0 and not [f for f in found if f["rule"].startswith("C-")]
    code, _out, err = run(capsys, repo_id, "audit", "--verify", "HEAD~1..HEAD")
    assert code == 0, err
    code, out, _err = run(capsys, repo_id, "audit", "--format", "json")
    last = json.loads(out)["actions"][-1]
    assert (last["member"], last["replaces"]) == ("Kari Nordvik", "Ingrid Sæther Bakken")


def test_a_role_handover_lets_two_members_change_places(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    """HSØ elects a new deputy among its members: the deputy returns to being a member."""
    start = later(10)
    code, out, err = run(
        capsys, repo_id, "council", "role", "urologi", "Ola Haugland", "deputy",
        "--from", start, "--replaces", "Marte Bakken",
    )  # fmt: skip
    assert code == 0, err
    assert "Ola Haugland member → deputy, Marte Bakken deputy → member" in out
    from regraad.load.yamlparse import parse_text

    members = parse_text((repo_id / URO_HSO).read_text(encoding="utf-8")).data["members"]
    rows = sorted(
        (m["name"], m["role"], m["from"], m.get("to"))
        for m in members
        if m["name"] in ("Ola Haugland", "Marte Bakken") and m.get("to", "9999") >= TODAY
    )
    assert [r for r in rows if r[2] == start] == [
        ("Marte Bakken", "member", start, None),
        ("Ola Haugland", "deputy", start, None),
    ]
    assert all(r[3] == day_before(start) for r in rows if r[2] != start)
    assert run(capsys, repo_id, "validate")[0] == 0
    code, _out, err = run(capsys, repo_id, "audit", "--verify", "HEAD~1..HEAD")
    assert code == 0, err


def test_a_handover_naming_someone_else_is_refused(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    before = Snapshot.of(repo_id)
    code, _out, err = run(
        capsys, repo_id, "council", "add", "anestesiologi", "--region", "hmn",
        *KARI, "--role", "leader", "--from", later(5), "--replaces", "Nobody Here",
    )  # fmt: skip
    assert code == 1
    assert "--replaces: Nobody Here is not a member of anestesiologi/hmn" in err
    assert Snapshot.of(repo_id) == before


def test_an_election_in_a_meeting_hands_the_role_over(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    """The council elects a new deputy while the sitting one's term runs: one commit."""
    start = later(40)
    code, _out, err = run(
        capsys, repo_id, "meeting", "new", "urologi", "--region", "hso", "--date", later(20)
    )
    assert code == 0, err
    meeting = f"{later(20)}-hso"
    code, out, err = run(
        capsys, repo_id, "meeting", "decide", meeting, "elect", "Ola Haugland",
        "--role", "deputy", "--from", start,
    )  # fmt: skip
    assert code == 0, err
    assert "Marte Bakken deputy → member" in out
    assert run(capsys, repo_id, "validate")[0] == 0
    assert run(capsys, repo_id, "audit", "--verify", "HEAD~1..HEAD")[0] == 0


# -- a gap an end date opens ----------------------------------------------------------------------


def test_ending_a_trusts_only_member_is_refused_naming_the_day_after(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    end = later(24)
    before = Snapshot.of(repo_id)
    code, _out, err = run(
        capsys, repo_id, "council", "end", "anestesiologi", "Eirik Fossum", "--to", end
    )
    assert code == 1
    assert f"invalid from {day_after(end)}" in err
    assert "hnt offers anestesiologi but has no active member in the council" in err
    assert "--replaces" in err  # the hint says how to record it in one step
    assert Snapshot.of(repo_id) == before


def test_a_gap_is_a_warning_with_the_days_left_then_an_error(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    end = later(24)
    edit(
        repo_id, ANE_HMN,
        "    github: efossum-hnt\n    from: 2024-09-01\n",
        f"    github: efossum-hnt\n    from: 2024-09-01\n    to: {end}\n",
    )  # fmt: skip
    commit(repo_id, "HNT's member leaves, written by hand")
    code, found = findings(capsys, repo_id)
    assert code == 0
    gap = [f for f in found if f["rule"] == "C-TRUSTS"]
    assert [(f["severity"], f["message"], f["from"]) for f in gap] == [
        (
            "warning",
            f"from {day_after(end)} (in 25 days): hnt offers anestesiologi but has no active "
            "member in the council",
            day_after(end),
        )
    ]
    code, found = findings(capsys, repo_id, "--as-of", day_after(end))
    assert code == 1
    assert [(f["severity"], f["message"]) for f in found if f["rule"] == "C-TRUSTS"] == [
        ("error", "hnt offers anestesiologi but has no active member in the council")
    ]
    assert run(capsys, repo_id, "validate", "--strict")[0] == 1  # warnings fail with --strict


def test_an_agreement_expiring_under_a_running_plan_is_a_dated_warning(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    end = later(40)
    edit(
        data_root, f"{ANE}/agreements/hnt--stolav.yaml",
        "valid: {from: 2019-03-01}", f"valid: {{from: 2019-03-01, to: {end}}}",
    )  # fmt: skip
    code, found = findings(capsys, data_root)
    assert code == 0
    expiring = [f for f in found if f["rule"] == "P-AGREEMENT"]
    assert [(f["path"], f["severity"], f["message"]) for f in expiring] == [
        (
            f"{ANE}/rotations/hnt.yaml",
            "warning",
            f"from {day_after(end)} (in 41 days): agreement hnt--stolav is not in force "
            f"(valid 2019-03-01 to {end})",
        )
    ]
    code, found = findings(capsys, data_root, "--as-of", day_after(end))
    assert code == 1 and [f["severity"] for f in found if f["rule"] == "P-AGREEMENT"] == ["error"]


def test_a_goal_coming_into_force_asks_every_coverage_file_for_it(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    since = later(60)
    edit(
        data_root, f"{ANE}/specialty.yaml", "goals:\n",
        f"goals:\n  - {{id: ANE-099, topic: Ny, title: Nytt læringsmål, since: {since}}}\n",
    )  # fmt: skip
    code, found = findings(capsys, data_root)
    assert code == 0
    complete = sorted(
        (f["path"], f["severity"], f["message"]) for f in found if f["rule"] == "V-COMPLETE"
    )
    assert complete == [
        (
            f"{ANE}/coverage/{trust}.yaml",
            "warning",
            f"from {since} (in 60 days): 1 goal of anestesiologi not listed: ANE-099",
        )
        for trust in ("hmr", "hnt", "stolav")
    ]
    assert {f["path"] for f in found if f["rule"] == "P-GOALS"} == {
        f"{ANE}/rotations/hmr.yaml",
        f"{ANE}/rotations/hnt.yaml",
    }


def test_a_future_contradiction_between_files_is_an_error_now(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    """HMR's agreement is renewed from a later day with more places than St. Olavs has."""
    start = later(90)
    agreement = f"{ANE}/agreements/hmr--stolav.yaml"
    edit(data_root, agreement, "valid: {from: 2019-03-01}", f"valid: {{from: {start}}}")
    code, found = findings(capsys, data_root, "--rule", "K-PLACES")
    assert code == 0 and found == []  # 4 + 2 places fit the 7 positions
    edit(data_root, agreement, "places: 4", "places: 6")
    code, found = findings(capsys, data_root, "--rule", "K-PLACES")
    assert code == 1
    assert [(f["severity"], f["message"], f["from"]) for f in found] == [
        (
            "error",
            f"from {start}: agreements reserve 8 places at stolav, which has 7 positions",
            start,
        )
    ]


# -- pull-request findings -----------------------------------------------------------------------


def test_changed_since_reports_what_a_change_breaks_in_an_unchanged_file(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    edit(
        repo_id, f"{ANE}/coverage/hmr.yaml",
        "  ANE-014: {status: full, sites: [alesund, molde]}",
        "  ANE-014: {status: none, via: stolav}",
    )  # fmt: skip
    code, out, err = run(capsys, repo_id, "validate", "--changed-since", "HEAD")
    assert code == 1, err
    plan = f"{ANE}/rotations/hmr.yaml"
    assert f"{plan}:7:1 error P-GOALS 1 goal not reached" in out
    assert f"{plan}:18:85 error P-GOALS period 'local-1' lists ANE-014" in out
    assert "F-FAGKONTAKT" not in out  # old warnings elsewhere are not the change's
    assert "2 errors, 0 warnings" in out
    # nothing new: nothing reported, even though the dataset has warnings
    git(repo_id, "checkout", "-q", "--", ".")
    code, out, _err = run(capsys, repo_id, "validate", "--changed-since", "HEAD")
    assert code == 0 and "no problems found" in out


def test_changed_since_compares_by_entity_not_by_line(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    """A warning that was there before stays out when lines above it move in its file,
    unless the file itself changed."""
    specialty = "data/specialties/radiologi/specialty.yaml"
    commit(repo_id, "nothing")
    edit(repo_id, f"{ANE}/coverage/hmr.yaml", "specialty: anestesiologi\n",
         "specialty: anestesiologi\n# en ny kommentar\n")  # fmt: skip
    code, out, _err = run(capsys, repo_id, "validate", "--changed-since", "HEAD")
    assert code == 0 and specialty not in out
    edit(repo_id, specialty, "code: RAD\n", "# ny linje\ncode: RAD\n")
    code, out, _err = run(capsys, repo_id, "validate", "--changed-since", "HEAD")
    assert code == 0
    assert f"{specialty}:5:1 warning F-FAGKONTAKT" in out  # in a changed file: reported


# -- reports and agendas -------------------------------------------------------------------------


def test_a_region_with_nothing_registered_is_reported_as_not_registered(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    for lang, words, reassurance in (
        ("en", "not registered", "Nothing in the data needs the RHF's attention"),
        ("nb", "ikke registrert", "Ingenting i dataene krever oppmerksomhet"),
    ):
        code, md, err = run(capsys, repo_id, "report", "--region", "hn", "--lang", lang)
        assert code == 0, err
        summary = md.split("\n## ")[1]  # the summary: attention and key numbers
        # councils complete, trusts offering, goals uncovered: not registered, not "0 of 0"
        assert summary.count(f"| {words} |") == 3
        assert reassurance not in md
    code, md, _err = run(capsys, repo_id, "report", "--region", "hn", "--lang", "en")
    assert "1. Nothing is registered for Helse Nord yet" in md
    assert "every learning goal" not in md


def test_the_report_gives_no_advice_the_data_already_answers(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    """A member whose term ends soon: advice to appoint a successor, until one is recorded."""
    end = later(30)
    code, _out, err = run(
        capsys, repo_id, "council", "add", "anestesiologi", "--region", "hmn", *KARI,
        "--role", "leader", "--from", day_after(end), "--replaces", "Ingrid Sæther Bakken",
    )  # fmt: skip
    assert code == 0, err
    code, md, err = run(capsys, repo_id, "report", "--region", "hmn", "--lang", "en")
    assert code == 0, err
    assert "successor should be appointed" not in md.lower()
    assert "Handovers recorded: Ingrid Sæther Bakken (leader) until" in md
    assert "then Kari Nordvik" in md
    # an ending nobody is recorded to take over is advised on
    edit(
        repo_id, ANE_HMN,
        "    github: efossum-hnt\n    from: 2024-09-01\n",
        f"    github: efossum-hnt\n    from: 2024-09-01\n    to: {end}\n",
    )  # fmt: skip
    code, md, _err = run(capsys, repo_id, "report", "--region", "hmn", "--lang", "en")
    assert "with no successor recorded: Eirik Fossum (member, Anaesthesiology, until" in md
    assert "A successor should be appointed and reported to RegUt." in md


def _wait_only_bottleneck(root: Path) -> None:
    """St. Olavs with as many positions as the plans' demand, so the old formula saw
    nothing; but HMR's LIS come in March and September for 9 months, and queue."""
    edit(root, f"{ANE}/rotations/hmr.yaml", "    months: 12\n    agreement: hmr--stolav",
         "    months: 9\n    agreement: hmr--stolav")  # fmt: skip
    edit(root, f"{ANE}/rotations/hmr.yaml", "    months: 18\n", "    months: 21\n")
    edit(root, f"{ANE}/capacity.yaml", "positions: 7", "positions: 5")


@pytest.mark.parametrize("variant", ["wait", "demand", "places", "none"])
def test_one_definition_of_bottleneck_everywhere(
    capsys: pytest.CaptureFixture[str], repo_id: Path, variant: str
) -> None:
    if variant == "wait":
        _wait_only_bottleneck(repo_id)
    elif variant == "demand":
        edit(repo_id, f"{ANE}/capacity.yaml", "positions: 7", "positions: 5")
        edit(repo_id, f"{ANE}/agreements/hmr--stolav.yaml", "places: 4", "places: 3")
    elif variant == "places":
        edit(repo_id, f"{ANE}/agreements/hnt--stolav.yaml", "places: 2", "places: 1")
    commit(repo_id, f"capacity: {variant}")
    code, out, err = run(capsys, repo_id, "estimate", "anestesiologi", "--format", "json")
    assert code == 0, err
    hosts = json.loads(out)["specialties"][0]["hosts"]
    by_estimate = {h["trust"] for h in hosts if h["bottleneck"]}
    reasons = {r for h in hosts if h["bottleneck"] for r in h["bottleneck"]["reasons"]}
    assert by_estimate == (set() if variant == "none" else {"stolav"})
    if variant != "none":
        assert variant in reasons
    # validate
    _code, found = findings(capsys, repo_id, "--rule", "K-BOTTLENECK")
    by_validate = {
        f["message"].split(" is a bottleneck")[0]
        for f in found
        if f["path"].endswith("capacity.yaml")
    }
    # urology's real bottleneck in the example (Innlandet's LIS wait for OUS) is there throughout
    assert by_validate == by_estimate | {"ous"}
    # the meeting agenda
    code, _out, err = run(
        capsys, repo_id, "meeting", "new", "anestesiologi", "--region", "hmn",
        "--date", later(20),
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run(capsys, repo_id, "meeting", "agenda", f"{later(20)}-hmn", "--lang", "en")
    assert code == 0, err
    on_agenda = {"stolav"} if "Capacity at St. Olav" in out else set()
    assert on_agenda == by_estimate
    # the report
    code, md, err = run(capsys, repo_id, "report", "--region", "hmn", "--lang", "en")
    assert code == 0, err
    in_report = {"stolav"} if "Bottleneck at St. Olav" in md else set()
    assert in_report == by_estimate
    # the rendered landing page
    code, _out, err = run(
        capsys, repo_id, "render", "--specialty", "anestesiologi", "--out", str(repo_id / "site"),
        "--quiet", "--lang", "en",
    )  # fmt: skip
    assert code == 0, err
    page = (repo_id / "site" / "anestesiologi" / "index.html").read_text(encoding="utf-8")
    rendered = {"stolav"} if '<strong class="tag">bottleneck</strong>' in page else set()
    assert rendered == by_estimate
