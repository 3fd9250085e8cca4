"""The change process as it runs: requests coming in from Helsedirektoratet with a
deadline per council, returns and stops at intermediate stages, local activities adopted
by the trust on the council's advice, and accepted changes that must reach the data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regraad import clock
from regraad.cli.app import main
from regraad.load.loader import load_directory

from .clirun import ok, run
from .conftest import AS_OF, git, set_clock
from .gitsteps import commit, edit, head, verify
from .repostate import Snapshot

ANE = "data/specialties/anestesiologi/proposals"
P004 = "data/specialties/urologi/proposals/2026-004.yaml"  # national-la, council review
P009 = "data/specialties/urologi/proposals/2026-009.yaml"  # local-la, draft (Innlandet)
P011 = "data/specialties/urologi/proposals/2022-011.yaml"  # national-la, accepted
URO_SPEC = "data/specialties/urologi/specialty.yaml"


def text(root: Path, path: str) -> str:
    return (root / path).read_text(encoding="utf-8")


def due_rows(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(
        ok(capsys, root, "propose", "due", "--format", "json", *args)
    )
    return rows


def receive(capsys: pytest.CaptureFixture[str], repo: Path) -> str:
    """Helsedirektoratet's request about a new anaesthesia goal, received by RegUt HN on
    1 November with the councils' deadline 15 November; the new proposal's ref."""
    out = ok(
        capsys, repo, "propose", "receive", "anestesiologi", "--kind", "learning-goal",
        "--title", "Nytt læringsmål om ultralydveiledet vurdering (POCUS)",
        "--committee", "Spesialitetskomiteen i anestesiologi", "--reference", "26/04567",
        "--input", "Komiteen foreslår et nytt læringsmål om POCUS i del 3.",
        "--due", "2026-11-15", "--reply-by", "2026-12-15",
        "--by", "RegUt HN", "--at", "2026-11-01", "--as-of", AS_OF,
    )  # fmt: skip
    return out.split("proposal(", 1)[1].split(")", 1)[0]


def test_an_inbound_request_lists_the_councils_that_have_not_answered_past_deadline_first(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    base = head(repo)
    ref = receive(capsys, repo)
    path = f"{ANE}/{ref.split('/')[1]}.yaml"
    data = text(repo, path)
    assert "state: received\n" in data and "from: helsedirektoratet" in data
    assert "reference: 26/04567" in data and "reply_by: 2026-12-15" in data
    assert "region: hn" not in data.split("inbound:")[0]  # it comes from no region
    ok(capsys, repo, "propose", "advance", ref, "--by", "RegUt HN", "--at", "2026-11-02",
       "--as-of", AS_OF)  # fmt: skip
    ok(capsys, repo, "propose", "recommend", ref, "--region", "hmn", "--position", "support",
       "--at", "2026-11-10", "--as-of", AS_OF)  # fmt: skip

    rows = [r for r in due_rows(capsys, repo) if r["id"] == ref.split("/")[1]]
    late = clock.days_between("2026-11-15", AS_OF)
    assert [(r["region"], r["due"], r["days_left"], r["overdue"]) for r in rows] == [
        ("hn", "2026-11-15", -late, True),
        ("hso", "2026-11-15", -late, True),
        ("hv", "2026-11-15", -late, True),
    ]  # HMN has answered
    everything = due_rows(capsys, repo)
    overdue = [r["overdue"] for r in everything]
    assert overdue == sorted(overdue, reverse=True)  # past their deadline first
    # the text lists the same, naming each council by its region
    out = ok(capsys, repo, "propose", "due", "--region", "hso")
    assert f"the council in Helse Sør-Øst: {late} days past 2026-11-15" in out
    assert "Helse Midt-Norge" not in out

    # all answer; the fagkontakt RegUt replies by Helsedirektoratet's date; it decides
    for region in ("hn", "hso", "hv"):
        ok(capsys, repo, "propose", "recommend", ref, "--region", region, "--position",
           "support", "--at", "2026-11-20", "--as-of", AS_OF)  # fmt: skip
    rows = [r for r in due_rows(capsys, repo) if r["id"] == ref.split("/")[1]]
    assert [(r["region"], r["due"]) for r in rows] == [("hn", "2026-12-15")]
    assert "collect the answers" in rows[0]["waiting_on"]
    ok(capsys, repo, "propose", "advance", ref, "--by", "RegUt HN", "--at", "2026-11-21",
       "--as-of", AS_OF)  # fmt: skip
    assert "state: replied\n" in text(repo, path)
    code, verdict = verify(capsys, repo, f"{base}..HEAD")
    assert code == 0, verdict["problems"]
    assert main(["--root", str(repo), "validate", "--as-of", AS_OF]) == 0


def test_a_proposal_returned_and_then_stopped(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """The leader meeting sends 2026-004 back to the councils; later the HF/RHF leaders
    stop it. Both are steps of their own, audited, with the reason in the file."""
    base = head(repo)
    ok(capsys, repo, "propose", "advance", "2026-004", "--by", "RegUt HV", "--at",
       "2026-11-10", "--as-of", AS_OF)  # fmt: skip
    assert "state: leader-meeting\n" in text(repo, P004)
    before = Snapshot.of(repo)
    code, _out, err = run(
        capsys, repo, "propose", "return", "2026-004", "--to", "directorate",
        "--reason", "Feil", "--as-of", AS_OF,
    )  # fmt: skip
    assert code == 1 and "cannot be returned from leader-meeting to directorate" in err
    assert "earlier stages: draft, submitted, council-review" in err
    assert Snapshot.of(repo) == before
    ok(capsys, repo, "propose", "return", "2026-004", "--to", "council-review", "--reason",
       "Helse Nord og Helse Vest har ikke uttalt seg", "--by", "RegUt-ledermøtet",
       "--at", "2026-11-12", "--as-of", AS_OF)  # fmt: skip
    data = text(repo, P004)
    assert "state: council-review\n" in data and "returned: true" in data
    assert "Regraad-Action: proposal.return" in git(repo, "log", "-1", "--format=%B")
    ok(capsys, repo, "propose", "deadline", "2026-004", "--region", "hn", "--region", "hv",
       "--due", "2026-12-01", "--at", "2026-11-12", "--as-of", AS_OF)  # fmt: skip
    deadlines = load_directory(repo).specialties["urologi"].proposals["2026-004"]
    assert {d["region"]: d["due"] for d in deadlines.data["deadlines"]} == {
        "hmn": "2026-04-15",  # as recorded before
        "hn": "2026-12-01",
        "hso": "2026-04-15",
        "hv": "2026-12-01",
    }
    ok(capsys, repo, "propose", "advance", "2026-004", "--by", "RegUt HV", "--at",
       "2026-11-15", "--as-of", AS_OF)  # fmt: skip
    ok(capsys, repo, "propose", "stop", "2026-004", "--reason",
       "HF-ledelsene prioriterer ikke endringen nå", "--by", "Fagdirektørmøtet",
       "--at", "2026-11-20", "--as-of", AS_OF)  # fmt: skip
    data = text(repo, P004)
    assert "state: stopped\n" in data and "decided: 2026-11-20" in data
    assert "reason: HF-ledelsene prioriterer ikke endringen nå" in data
    code, verdict = verify(capsys, repo, f"{base}..HEAD")
    assert code == 0, verdict["problems"]
    assert main(["--root", str(repo), "validate", "--as-of", AS_OF]) == 0
    capsys.readouterr()
    # a stopped proposal waits on nobody
    assert not [r for r in due_rows(capsys, repo) if r["id"] == "2026-004"]


def test_a_draft_is_withdrawn_not_stopped(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    before = Snapshot.of(repo)
    code, _out, err = run(capsys, repo, "propose", "stop", "2026-009", "--reason", "Nei")
    assert code == 1 and "withdraws it instead" in err
    assert Snapshot.of(repo) == before


def test_a_local_activity_is_adopted_by_the_trust_after_the_councils_advice(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    base = head(repo)
    ok(capsys, repo, "propose", "advance", "2026-009", "--by", "RegUt HSØ", "--at",
       "2026-11-05", "--as-of", AS_OF)  # fmt: skip
    before = Snapshot.of(repo)
    code, _out, err = run(capsys, repo, "propose", "advance", "2026-009", "--to", "accepted")
    assert code == 2 and "adopted by the trust" in err and "propose adopt" in err
    code, _out, err = run(capsys, repo, "propose", "adopt", "2026-009", "--as-of", AS_OF)
    assert code == 1 and "no advice from the HSØ council" in err
    assert Snapshot.of(repo) == before
    ok(capsys, repo, "propose", "recommend", "2026-009", "--region", "hso", "--position",
       "support", "--at", "2026-11-10", "--as-of", AS_OF)  # fmt: skip
    out = ok(capsys, repo, "propose", "show", "2026-009")
    assert "The council's advice:" in out and "needs the trust's decision" in out
    ok(capsys, repo, "propose", "adopt", "2026-009", "--by", "Sykehuset Innlandet",
       "--at", "2026-11-12", "--as-of", AS_OF)  # fmt: skip
    data = text(repo, P009)
    assert "state: adopted\n" in data and "adopted_by: innlandet" in data
    assert "decided: 2026-11-12" in data
    code, verdict = verify(capsys, repo, f"{base}..HEAD")
    assert code == 0, verdict["problems"]
    assert main(["--root", str(repo), "validate", "--as-of", AS_OF]) == 0


def test_a_local_activity_written_as_accepted_is_a_finding(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    edit(data_root, P009, "state: draft\n", "state: accepted\n")
    edit(
        data_root,
        P009,
        '  - {state: draft, at: 2026-10-19, by: "LUU urologi, Sykehuset Innlandet"}\n',
        '  - {state: draft, at: 2026-10-19, by: "LUU urologi, Sykehuset Innlandet"}\n'
        "  - {state: regional-review, at: 2026-10-20, by: RegUt HSØ}\n"
        "  - {state: accepted, at: 2026-11-01, by: Rådet}\n",
    )
    code, out, _err = run(capsys, data_root, "validate", "--as-of", AS_OF)
    assert code == 1
    assert (
        "W-STATE a local learning activity is adopted by the trust, not accepted: the council "
        "only gives its advice" in out
    )
    assert P009 in out


def test_an_accepted_change_missing_from_the_data_after_its_in_force_date(
    capsys: pytest.CaptureFixture[str], data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2022-011 changed the minimum for URS from 2023-03-08; the procedure list must show
    it (``changed_by``) from then on."""
    assert run(capsys, data_root, "validate", "--as-of", AS_OF)[0] == 0
    line = next(
        n for n, t in enumerate(text(data_root, P011).splitlines(), 1) if t.startswith("affects:")
    )
    edit(data_root, URO_SPEC, "fra 2023, changed_by: [2022-011]}", "fra 2023}")
    code, out, _err = run(capsys, data_root, "validate", "--as-of", AS_OF)
    assert code == 1
    assert (
        f"{P011}:{line + 1}:" in out
        and "W-IN-FORCE 2022-011 is accepted and in force from 2023-03-08, but uro-p02 does "
        "not name it in `changed_by`"
        in out
    )
    # judged over time from before the in-force date, the same is a warning with the days left
    set_clock(monkeypatch, "2023-03-01")
    code, out, _err = run(capsys, data_root, "validate", "--rule", "W-IN-FORCE")
    assert "warning W-IN-FORCE from 2023-03-08 (in 7 days): 2022-011 is accepted" in out


def test_a_removed_goal_still_in_the_data_is_a_finding(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    edit(data_root, P011, "affects:\n", "removes:\n  goals: [URO-012]\naffects:\n")
    code, out, _err = run(capsys, data_root, "validate", "--as-of", AS_OF)
    assert code == 1
    assert "2022-011 removes URO-012 from 2023-03-08, but it is still in the data" in out


def test_accepting_needs_the_ids_it_changes_and_is_then_checked_from_in_force(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    ref = receive(capsys, repo)
    path = f"{ANE}/{ref.split('/')[1]}.yaml"
    for at in ("2026-11-02", "2026-11-03"):
        if at == "2026-11-03":
            for region in ("hmn", "hn", "hso", "hv"):
                ok(capsys, repo, "propose", "recommend", ref, "--region", region,
                   "--position", "support", "--at", at, "--as-of", AS_OF)  # fmt: skip
        ok(capsys, repo, "propose", "advance", ref, "--at", at, "--as-of", AS_OF)
    before = Snapshot.of(repo)
    accept = ("propose", "advance", ref, "--to", "accepted", "--in-force", "2027-03-01",
              "--by", "Helsedirektoratet", "--at", "2026-11-20", "--as-of", AS_OF)  # fmt: skip
    code, _out, err = run(capsys, repo, *accept)
    assert code == 1 and "does not name the goals or activities it changes" in err
    assert Snapshot.of(repo) == before
    edit(repo, path, "state: replied\n", "affects:\n  goals: [ANE-099]\nstate: replied\n")
    commit(repo, "Målet forslaget gjelder")
    ok(capsys, repo, *accept)  # the decision is recorded; the data change follows
    code, out, _err = run(capsys, repo, "validate")  # today, and every later day
    assert code == 0
    days = clock.days_between(AS_OF, "2027-03-01")
    assert f"W-IN-FORCE from 2027-03-01 (in {days} days): " in out
    assert "ANE-099 is not in the data" in out
    code, out, _err = run(capsys, repo, "validate", "--as-of", "2027-03-01")
    assert code == 1 and "error W-IN-FORCE" in out


def test_a_council_decision_on_positions_is_recorded_as_advice(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """The council minutes its view on St. Olavs' positions: as a decision it is refused
    (the trust decides), as a recommendation to St. Olavs it is recorded and valid."""
    ok(capsys, repo, "meeting", "new", "anestesiologi", "--region", "hmn", "--date", "2026-12-10")
    meeting = "data/specialties/anestesiologi/meetings/2026-12-10-hmn.yaml"
    decide = ("meeting", "decide", "anestesiologi/2026-12-10-hmn", "note", "--title",
              "Gjennomstrømningsstillinger ved St. Olavs")  # fmt: skip
    before = Snapshot.of(repo)
    code, _out, err = run(capsys, repo, *decide, "--text",
                          "St. Olavs øker til 8 gjennomstrømningsstillinger fra 2027.")  # fmt: skip
    assert code == 1 and "does not decide throughput positions" in err
    assert "--recommends positions --to WHO" in err
    code, _out, err = run(capsys, repo, *decide, "--text", "St. Olavs øker til 8 stillinger.",
                          "--recommends", "positions", "--to", "stolav")  # fmt: skip
    assert code == 1 and "the council only recommends on throughput positions" in err
    assert Snapshot.of(repo) == before
    ok(capsys, repo, *decide, "--text",
       "Rådet anbefaler at St. Olavs øker til 8 gjennomstrømningsstillinger fra 2027.",
       "--recommends", "positions", "--to", "stolav")  # fmt: skip
    written = text(repo, meeting)
    assert "recommends:\n      subject: positions\n      to: stolav\n" in written
    code, out, _err = run(capsys, repo, "validate", "--rule", "M-ADVICE")
    assert code == 0 and "M-ADVICE" not in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        # a deadline before the request came in, or after the reply date
        (("propose", "receive", "anestesiologi", "--kind", "learning-goal", "--title", "X",
          "--committee", "K", "--due", "2026-10-01", "--at", "2026-11-01"), 2,
         "--due: 2026-10-01 is before the request was received (2026-11-01)"),
        (("propose", "receive", "anestesiologi", "--kind", "learning-goal", "--title", "X",
          "--committee", "K", "--due", "2026-12-20", "--reply-by", "2026-12-15",
          "--at", "2026-11-01"), 2, "is after the reply date 2026-12-15"),
        (("propose", "receive", "anestesiologi", "--kind", "local-la", "--title", "X",
          "--committee", "K"), 2, "--kind"),
        # deadlines belong to council review; a draft has none
        (("propose", "deadline", "2026-009", "--due", "2027-01-01"), 1,
         "deadlines are set for the councils' review"),
        (("propose", "deadline", "2026-004", "--due", "2027-01-01", "--region", "xx"), 2,
         "--region: no region 'xx'"),
        (("propose", "deadline", "2026-004", "--due", "1. januar"), 2, "--due"),
        (("propose", "return", "2026-009", "--to", "draft", "--reason", "Nei"), 1,
         "cannot be returned from draft to draft"),
        (("propose", "adopt", "2026-004"), 1, "only a local learning activity"),
    ],
)  # fmt: skip
def test_refusals_change_nothing(
    capsys: pytest.CaptureFixture[str], repo: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    before = Snapshot.of(repo)
    got, _out, err = run(capsys, repo, *args, "--as-of", AS_OF)
    assert got == code, err
    assert message in err and "Traceback" not in err
    assert Snapshot.of(repo) == before


def test_due_refuses_an_unknown_region_and_a_bad_date(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    code, out, err = run(capsys, repo, "propose", "due", "--region", "xx")
    assert code == 2 and "--region: no region 'xx'" in err and out == ""
    code, out, err = run(capsys, repo, "propose", "due", "--as-of", "i morgen")
    assert code == 2 and "--as-of" in err and out == ""
    # and with nothing open it says so
    code, out, _err = run(capsys, repo, "propose", "due", "--specialty", "radiologi")
    assert code == 0 and out == "Nothing is waiting.\n"
