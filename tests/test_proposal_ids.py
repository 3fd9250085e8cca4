"""Proposal ids are one national sequence: unique across worktrees, branches and the
``propose new`` commands running at the same time, and ``validate`` names a shared one."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import AS_OF, git
from .repostate import Snapshot

NEW = ("--kind", "local-la", "--region", "hmn", "--at", AS_OF, "--as-of", AS_OF)
# A command that has chosen its id and not yet written it: it reserves the id as
# `propose new` does, says which, and keeps running until its stdin closes.
HOLDER = """
import sys
from pathlib import Path
from regraad.load.loader import load_directory
from regraad.workflow.proposal_ids import next_id
root = Path(sys.argv[1])
print(next_id(root, "", load_directory(root), 2026), flush=True)
sys.stdin.read()
"""


@pytest.fixture
def worktrees(repo: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The example repository and a second worktree of it on its own branch."""
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    other = tmp_path / "andre"
    git(repo, "worktree", "add", "-q", "-b", "kollega", str(other))
    return repo, other


def new_in_process(
    capsys: pytest.CaptureFixture[str], root: Path, specialty: str, *args: str
) -> tuple[int, str, str]:
    code = main(["--root", str(root), "propose", "new", specialty, "--title", "Kurs", *NEW, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def regraad(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One regraad command in a process of its own, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "regraad", "--root", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def start_new(root: Path, specialty: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "regraad", "--root", str(root), "propose", "new", specialty,
         "--title", "Kurs", *NEW, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def start_holder(root: Path) -> tuple[subprocess.Popen[str], str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    return holder, holder.stdout.readline().strip()


def filed(out: str) -> str:
    """The SPECIALTY/ID a successful `propose new` reports."""
    match = re.search(r"proposal\(([a-z-]+/\d{4}-\d{3})\)", out)
    assert match, out
    return match.group(1)


def reservations(repo: Path) -> list[str]:
    folder = Path(git(repo, "rev-parse", "--git-common-dir").strip())
    folder = (folder if folder.is_absolute() else repo / folder) / "regraad" / "proposal-ids"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_an_id_filed_in_another_worktree_is_not_reused(
    capsys: pytest.CaptureFixture[str], worktrees: tuple[Path, Path]
) -> None:
    """The first proposal exists only as a file in the other worktree (not committed, not
    on any branch); the second, filed in this worktree, takes the next id."""
    main_tree, other = worktrees
    code, _out, err = new_in_process(capsys, other, "radiologi", "--no-commit")
    assert code == 0, err
    assert (other / "data/specialties/radiologi/proposals/2026-010.yaml").is_file()
    code, out, err = new_in_process(capsys, main_tree, "urologi")
    assert code == 0, err
    assert filed(out) == "urologi/2026-011"
    assert not (main_tree / "data/specialties/radiologi/proposals/2026-010.yaml").exists()


def test_a_running_command_holds_its_id_until_it_ends(
    capsys: pytest.CaptureFixture[str], worktrees: tuple[Path, Path]
) -> None:
    """A command in the other worktree that has chosen 2026-010 and not yet written it
    keeps it from this worktree; killed before writing it, it no longer holds it."""
    main_tree, other = worktrees
    holder, held = start_holder(other)
    try:
        assert held == "2026-010"
        shown = regraad(main_tree, "propose", "new", "urologi", "--title", "Kurs", *NEW,
                        "--dry-run")  # fmt: skip
        assert shown.returncode == 0, shown.stderr
        assert "+id: 2026-011" in shown.stdout
        assert reservations(main_tree) == ["2026-010"]  # the dry run holds nothing
    finally:
        os.kill(holder.pid, signal.SIGKILL)  # no chance to clean up after itself
        holder.wait()
    code, out, err = new_in_process(capsys, main_tree, "urologi")
    assert code == 0, err
    assert filed(out) == "urologi/2026-010"


def test_refused_and_dry_run_commands_do_not_burn_ids(worktrees: tuple[Path, Path]) -> None:
    """While the other worktree's command holds 2026-010 this one is shown 2026-011;
    once it has ended without writing, neither a dry run nor a refused command keeps an
    id from the next real one, and nothing is left reserved."""
    main_tree, other = worktrees
    holder, held = start_holder(other)
    assert held == "2026-010"
    shown = regraad(main_tree, "propose", "new", "urologi", "--title", "Kurs", *NEW, "--dry-run")
    assert "+id: 2026-011" in shown.stdout, shown.stderr
    holder.communicate("")  # it ends without writing its proposal
    assert holder.returncode == 0
    assert reservations(main_tree) == []
    before = Snapshot.of(main_tree)
    refused = regraad(main_tree, "propose", "new", "urologi", "--title", "Kurs", *NEW,
                      "--trust", "finnes-ikke")  # fmt: skip
    assert refused.returncode == 1, refused.stderr
    assert Snapshot.of(main_tree) == before
    shown = regraad(main_tree, "propose", "new", "urologi", "--title", "Kurs", *NEW, "--dry-run")
    assert "+id: 2026-010" in shown.stdout, shown.stderr
    done = regraad(main_tree, "propose", "new", "urologi", "--title", "Kurs", *NEW)
    assert done.returncode == 0, done.stderr
    assert filed(done.stdout) == "urologi/2026-010"
    assert reservations(main_tree) == []


def test_two_worktrees_filing_at_the_same_time_get_different_ids(
    worktrees: tuple[Path, Path],
) -> None:
    main_tree, other = worktrees
    first = start_new(main_tree, "urologi")
    second = start_new(other, "radiologi")
    out1, err1 = first.communicate()
    out2, err2 = second.communicate()
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    ids = {filed(out1).split("/")[1], filed(out2).split("/")[1]}
    assert ids == {"2026-010", "2026-011"}
    assert reservations(main_tree) == []
    # each is committed on its own branch; merged, they are two proposals
    git(main_tree, "merge", "-q", "--no-edit", "kollega")
    checked = regraad(main_tree, "validate", "--as-of", AS_OF)
    assert checked.returncode == 0, checked.stdout


def test_validate_flags_one_id_in_two_specialties(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    """Two proposals filed with one id (in two clones, or before this check existed):
    an error at both files, with a hint. Outside git, `propose new` works as before."""
    code, _out, err = new_in_process(capsys, data_root, "urologi", "--no-commit")
    assert code == 0, err
    uro = "data/specialties/urologi/proposals/2026-010.yaml"
    rad = "data/specialties/radiologi/proposals/2026-010.yaml"
    text = (data_root / uro).read_text(encoding="utf-8")
    (data_root / rad).write_text(
        text.replace("specialty: urologi", "specialty: radiologi"), encoding="utf-8"
    )
    code = main(["--root", str(data_root), "validate", "--as-of", AS_OF, "--format", "json"])
    captured = capsys.readouterr()
    assert code == 1, captured.err
    findings = [f for f in json.loads(captured.out)["findings"] if f["severity"] == "error"]
    assert {(f["path"], f["rule"], f["line"]) for f in findings} == {(uro, "ID", 2), (rad, "ID", 2)}
    by_path = {f["path"]: f for f in findings}
    assert rad in by_path[uro]["message"] and uro in by_path[rad]["message"]
    assert "2026-010" in by_path[uro]["message"]
    assert "one sequence for the whole country" in by_path[uro]["hint"]


def test_a_case_number_taken_in_another_worktree_is_not_reused(
    capsys: pytest.CaptureFixture[str], worktrees: tuple[Path, Path]
) -> None:
    """Case numbers are per specialty, allocated like proposal ids: a case drafted (not
    committed) in the other worktree keeps its number from one opened here."""
    main_tree, other = worktrees
    case = ("--region", "hmn", "--kind", "disagreement", "--subject", "Rekkefølge", "--at", AS_OF)
    code = main(["--root", str(other), "case", "new", "anestesiologi", *case, "--no-commit"])
    assert code == 0, capsys.readouterr().err
    assert (other / "data/specialties/anestesiologi/cases/2026-001.yaml").is_file()
    capsys.readouterr()
    code = main(["--root", str(main_tree), "case", "new", "anestesiologi", *case])
    out = capsys.readouterr().out
    assert code == 0
    assert "case(anestesiologi/2026-002)" in out
    # another specialty's sequence is its own
    code = main(["--root", str(main_tree), "case", "new", "urologi", *case[:1], "hso", *case[2:]])
    assert code == 0
    assert "case(urologi/2026-001)" in capsys.readouterr().out
