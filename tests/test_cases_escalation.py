"""`regraad case`: a council case from the estimate to the fagdirektørmøte and closed,
each step one commit the audit verifies; refusals change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import git
from .repostate import Snapshot

ANE = "data/specialties/anestesiologi"
CASE = f"{ANE}/cases/2026-001.yaml"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def trailers(repo: Path, rev: str = "HEAD") -> dict[str, str]:
    out = git(repo, "log", "-1", "--format=%(trailers:only,unfold)", rev)
    return dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)


@pytest.fixture
def squeezed(repo: Path) -> Path:
    """The example with St. Olav's anaesthesia positions cut from 7 to 5: HMR and HNT
    need 6 at a time, so the estimate finds a bottleneck there."""
    git(repo, "config", "user.name", "RegUt HMN")
    git(repo, "config", "user.email", "regut@example.org")
    path = repo / ANE / "capacity.yaml"
    text = path.read_text(encoding="utf-8")
    assert "positions: 7" in text
    path.write_text(text.replace("positions: 7", "positions: 5"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Færre stillinger ved St. Olav")
    return repo


def test_bottleneck_case_from_estimate_escalated_decided_closed_and_audited(
    capsys: pytest.CaptureFixture[str], squeezed: Path
) -> None:
    repo = squeezed
    base = git(repo, "rev-parse", "HEAD").strip()

    code, out, err = run(
        capsys, repo, "case", "new", "anestesiologi", "--from-estimate", "--region", "hmn"
    )
    assert code == 0, err
    assert "case(anestesiologi/2026-001): new bottleneck" in out
    text = (repo / CASE).read_text(encoding="utf-8")
    assert "kind: bottleneck" in text and "state: open" in text
    assert "St. Olav" in text and "5 gjennomstrømningsstillinger" in text  # the figures
    assert "behov for 6 LIS samtidig" in text and "ventetid" in text
    assert trailers(repo)["Regraad-Action"] == "case.new"
    assert trailers(repo)["Regraad-Case"] == "anestesiologi/2026-001"

    code, _out, err = run(
        capsys,
        repo,
        "case",
        "position",
        "2026-001",
        "--trust",
        "hmr",
        "--position",
        "HMR trenger to stillinger til ved St. Olav",
    )
    assert code == 0, err
    code, _out, err = run(
        capsys,
        repo,
        "case",
        "escalate",
        "2026-001",
        "--to",
        "fagdirektormote",
        "--at",
        "2026-11-24",
    )
    assert code == 0, err
    assert trailers(repo) == {
        "Regraad-Action": "case.escalate",
        "Regraad-Case": "anestesiologi/2026-001",
        "Regraad-From": "open",
        "Regraad-To": "escalated",
        "Regraad-By": "RegUt HMN",
    }

    # the next meeting's agenda and the report to the RHF show the escalated case
    code, _out, err = run(
        capsys, repo, "meeting", "new", "anestesiologi", "--region", "hmn", "--date", "2026-12-10"
    )
    assert code == 0, err
    code, out, err = run(capsys, repo, "meeting", "agenda", "anestesiologi/2026-12-10-hmn")
    assert code == 0, err
    assert "Sak 2026-001 (oversendt fagdirektørmøtet): Flaskehals ved St. Olav" in out
    code, out, err = run(capsys, repo, "report", "--region", "hmn", "--as-of", "2026-11-25")
    assert code == 0, err
    assert "2026-001: Flaskehals ved St. Olav" in out
    assert "fagdirektørmøtet" in out and "HMR trenger to stillinger til" in out

    code, _out, err = run(
        capsys,
        repo,
        "case",
        "decide",
        "2026-001",
        "--decision",
        "St. Olav øker til 7 stillinger fra 2027-03-01",
        "--at",
        "2027-01-14",
    )
    assert code == 0, err
    code, _out, err = run(capsys, repo, "case", "close", "2026-001", "--at", "2027-03-02")
    assert code == 0, err
    text = (repo / CASE).read_text(encoding="utf-8")
    assert "state: closed" in text
    assert "body: fagdirektormote" in text  # decided where it was escalated to

    code, out, err = run(capsys, repo, "audit", "--verify", f"{base}..HEAD", "--format", "json")
    assert code == 0, out + err
    actions = [a["action"] for a in json.loads(out)["actions"]]
    assert [a for a in actions if a.startswith("case.")] == [
        "case.new",
        "case.position",
        "case.escalate",
        "case.decide",
        "case.close",
    ]

    # a state changed by hand fails the audit
    path = repo / CASE
    path.write_text(
        path.read_text(encoding="utf-8").replace("\nstate: closed", "\nstate: escalated"),
        encoding="utf-8",
    )
    git(repo, "commit", "-q", "-am", "gjenåpnet")
    code, out, err = run(capsys, repo, "audit", "--verify", f"{base}..HEAD")
    assert code == 1
    assert "changes case anestesiologi/2026-001 (state closed → escalated) without" in out
    assert "illegal step closed → escalated for case anestesiologi/2026-001" in out


def test_a_case_opened_in_the_council_is_on_its_agenda(
    capsys: pytest.CaptureFixture[str], squeezed: Path
) -> None:
    repo = squeezed
    code, _out, err = run(
        capsys,
        repo,
        "case",
        "new",
        "anestesiologi",
        "--region",
        "hmn",
        "--kind",
        "disagreement",
        "--subject",
        "Rekkefølge i sentral periode",
        "--trust",
        "hmr",
        "--trust",
        "stolav",
    )
    assert code == 0, err
    assert "kind: disagreement" in (repo / CASE).read_text(encoding="utf-8")
    run(capsys, repo, "meeting", "new", "anestesiologi", "--region", "hmn", "--date", "2026-12-10")
    code, out, err = run(capsys, repo, "meeting", "agenda", "anestesiologi/2026-12-10-hmn")
    assert code == 0, err
    assert "Sak 2026-001: Rekkefølge i sentral periode" in out
    assert "case 2026-001 is open in the council" in out

    # a reviewer reads the steps in the pull request's diff
    run(
        capsys,
        repo,
        "case",
        "position",
        "2026-001",
        "--trust",
        "stolav",
        "--position",
        "Sentral anestesi først",
    )
    run(capsys, repo, "case", "escalate", "2026-001", "--to", "hr-direktormote")
    code, out, err = run(capsys, repo, "diff", "HEAD~2", "HEAD")
    assert code == 0, err
    assert "case 2026-001: position of St. Olav: Sentral anestesi først" in out
    assert "case 2026-001: open in the council → escalated" in out


@pytest.mark.parametrize(
    ("setup", "step", "said"),
    [
        ((), ("close", "2026-001"), "cannot go from open to closed"),
        (
            (("escalate", "2026-001", "--to", "hr-direktormote"),),
            ("escalate", "2026-001", "--to", "fagdirektormote"),
            "cannot go from escalated to escalated",
        ),
        (
            (("escalate", "2026-001", "--to", "hr-direktormote"),),
            ("position", "2026-001", "--trust", "hnt", "--position", "For sent"),
            "positions are recorded while the case is open",
        ),
        (
            (("decide", "2026-001", "--decision", "Rådet ble enig"),),
            ("escalate", "2026-001", "--to", "fagdirektormote"),
            "cannot go from decided to escalated",
        ),
    ],
)
def test_an_illegal_step_is_refused_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    squeezed: Path,
    setup: tuple[tuple[str, ...], ...],
    step: tuple[str, ...],
    said: str,
) -> None:
    repo = squeezed
    assert (
        run(capsys, repo, "case", "new", "anestesiologi", "--from-estimate", "--region", "hmn")[0]
        == 0
    )
    for args in setup:
        assert run(capsys, repo, "case", *args)[0] == 0
    before = Snapshot.of(repo)
    code, _out, err = run(capsys, repo, "case", *step)
    assert code == 1
    assert said in err
    assert Snapshot.of(repo) == before


def test_no_bottleneck_no_draft(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    before = Snapshot.of(repo)
    code, _out, err = run(
        capsys, repo, "case", "new", "anestesiologi", "--from-estimate", "--region", "hmn"
    )
    assert code == 1
    assert "no bottleneck at a host in HMN for anestesiologi" in err
    assert Snapshot.of(repo) == before


def test_the_example_case_is_escalated_decided_and_closed(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    code, out, err = run(capsys, data_root, "case", "list", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["id"], r["region"], r["kind"], r["state"]) for r in rows] == [
        ("2024-001", "hmn", "bottleneck", "closed")
    ]
