"""Valid-looking data and ordinary shell use never end in an internal error (exit 3).

Each test is a case an adversarial pass found crashing: a whole number written 4.0, a
national proposal whose history holds a regional step, a meeting on the calendar's last
day, a branch name git refuses, a closed pipe, and a file with more findings than anyone
can read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from regraad.cli.app import main
from regraad.errors import EXIT_INTERNAL, EXIT_USAGE
from regraad.load.fastschema import compile_schema
from regraad.validate import FINDINGS_PER_RULE_AND_FILE

from .conftest import AS_OF, git
from .repostate import Snapshot

ANE = "data/specialties/anestesiologi"
PLAN = f"{ANE}/rotations/hmr.yaml"
PROPOSAL = f"{ANE}/proposals/2026-002.yaml"
MEETING = f"{ANE}/meetings/2026-02-03-hmn.yaml"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def edit(root: Path, path: str, old: str, new: str) -> None:
    target = root / path
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out, err = run(capsys, root, "validate", "--as-of", AS_OF, "--format", "json")
    assert code in (0, 1), err
    report: dict = json.loads(out)  # type: ignore[type-arg]
    return code, report


# -- a whole number written with a decimal point -----------------------------------------


def test_a_count_written_as_4_0_is_a_schema_finding_and_nothing_crashes(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    edit(data_root, PLAN, "intake_per_year: 4\n", "intake_per_year: 4.0\n")
    code, report = findings(capsys, data_root)
    assert code == 1
    found = [f for f in report["findings"] if f["path"] == PLAN and f["rule"] == "SCHEMA"]
    assert [(f["line"], f["column"]) for f in found] == [(5, 18)]  # at the value
    assert found[0]["message"] == "intake_per_year: expected a whole number, found a number"
    assert found[0]["hint"] == "write a whole number without a decimal point: 4"
    for args in (
        ("estimate", "--as-of", AS_OF),
        ("render", "--as-of", AS_OF, "-q", "--out", str(tmp_path / "site")),
        ("report", "--as-of", AS_OF, "--region", "hmn"),
    ):
        code, _out, err = run(capsys, data_root, *args)
        assert code == 0, (args, err)


def test_the_compiled_check_and_jsonschema_agree_that_4_0_is_no_integer() -> None:
    check = compile_schema({"type": "integer"})
    assert check(4) and check(0) and check(-3)
    assert not check(4.0) and not check(True) and not check("4")
    assert compile_schema({"type": "number"})(4.0)


# -- a regional step in a national proposal's history ------------------------------------


def test_a_national_proposal_with_a_regional_review_step_is_a_w_state_finding(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    edit(
        data_root,
        PROPOSAL,
        '  - {state: draft, at: 2025-11-18, by: "LUU anestesiologi, Helse Møre og Romsdal"}\n',
        '  - {state: draft, at: 2025-11-18, by: "LUU anestesiologi, Helse Møre og Romsdal"}\n'
        "  - {state: regional-review, at: 2025-11-20, by: LUU}\n",
    )
    code, report = findings(capsys, data_root)
    assert code == 1
    messages = [
        (f["message"], f["hint"])
        for f in report["findings"]
        if f["path"] == PROPOSAL and f["rule"] == "W-STATE"
    ]
    assert messages == [
        (
            "a national-la proposal cannot go from draft to regional-review",
            "legal next states: submitted, withdrawn",
        ),
        (
            "a national-la proposal cannot go from regional-review to submitted",
            "legal next states: none ('regional-review' is not a step of this workflow)",
        ),
    ]


# -- a meeting on the last day of the calendar ---------------------------------------------


def test_a_meeting_on_the_calendars_last_day_gets_its_agenda(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    text = (data_root / MEETING).read_text(encoding="utf-8")
    text = text.replace("2026-02-03-hmn", "9999-12-31-hmn").replace(
        "date: 2026-02-03", "date: 9999-12-31"
    )
    (data_root / f"{ANE}/meetings/9999-12-31-hmn.yaml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, data_root, "meeting", "agenda", "anestesiologi/9999-12-31-hmn")
    assert code == 0, err
    assert "On the agenda of anestesiologi/9999-12-31-hmn" in out
    for args in (
        ("validate", "--as-of", AS_OF),
        ("meeting", "minutes", "anestesiologi/9999-12-31-hmn"),
        ("render", "--as-of", AS_OF, "-q", "--out", str(tmp_path / "site")),
        ("report", "--as-of", AS_OF, "--region", "hmn"),
    ):
        code, _out, err = run(capsys, data_root, *args)
        assert code != EXIT_INTERNAL, (args, err)


# -- a branch name git will not create -------------------------------------------------------

END_ENGEN = ("council", "end", "urologi", "Thomas Engen", "--to", "2026-12-31", "--as-of", AS_OF)


@pytest.mark.parametrize(
    "name",
    [
        "@{-1}",  # check-ref-format --branch expands it to the previous branch
        "main/x",  # refs/heads/main exists, so refs/heads/main/x cannot
    ],
)
def test_a_branch_name_git_refuses_is_a_usage_error_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], repo: Path, name: str
) -> None:
    git(repo, "config", "user.name", "Test Koordinator")
    git(repo, "config", "user.email", "koordinator@example.org")
    git(repo, "switch", "-q", "-c", "previous")
    git(repo, "switch", "-q", "main")
    before = Snapshot.of(repo)
    code, _out, err = run(capsys, repo, *END_ENGEN, "--branch", name)
    assert code == EXIT_USAGE, err
    assert err.startswith(f"error: --branch: '{name}' is not a valid branch name") or (
        err.startswith(f"error: --branch: git cannot create branch {name}: ")
    ), err
    assert "internal error" not in err
    assert Snapshot.of(repo) == before


# -- a closed pipe ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("validate", "-f", "json"), ("coverage", "--format", "json"), ("rules",)],
)
def test_a_closed_stdout_ends_quietly_with_exit_0(data_root: Path, args: tuple[str, ...]) -> None:
    """``regraad validate -f json | head -1``: the reader is gone before the output is."""
    env = {**os.environ, "REGRAAD_ROOT": str(data_root)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "regraad", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # as `head` does once it has what it wants
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=120) == 0, err
    assert err == ""  # no traceback, no "Exception ignored … BrokenPipeError"


# -- more findings than anyone can read ----------------------------------------------------


def test_findings_per_rule_and_file_are_capped_and_every_one_counted(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    bad = 400
    ids = ", ".join(f"x{i}" for i in range(bad))  # not goal ids: one SCHEMA error each
    edit(data_root, PLAN, "goals: [ANE-005, ANE-008,", f"goals: [{ids}, ANE-005, ANE-008,")
    code, report = findings(capsys, data_root)
    assert code == 1
    mine = [f for f in report["findings"] if f["path"] == PLAN and f["rule"] == "SCHEMA"]
    assert len(mine) == FINDINGS_PER_RULE_AND_FILE + 1
    rest = bad - FINDINGS_PER_RULE_AND_FILE
    assert mine[-1]["message"] == f"{rest} more SCHEMA findings in this file are not listed"
    listed_elsewhere = sum(
        1 for f in report["findings"] if f["severity"] == "error" and f not in mine
    )
    assert report["summary"]["errors"] == bad + listed_elsewhere  # every one counted
    code, out, _err = run(capsys, data_root, "validate", "--as-of", AS_OF)
    assert code == 1
    assert out.count(f"{PLAN}:") == FINDINGS_PER_RULE_AND_FILE + 1
    assert f": {bad + listed_elsewhere} errors," in out.splitlines()[-1]
