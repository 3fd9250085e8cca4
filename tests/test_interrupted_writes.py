"""Killed and concurrent recording commands: the repository is unchanged or fully advanced.

Each scenario runs the real CLI in a child process (tests/crashing.py) that kills
itself with SIGKILL — no clean-up of regraad's own can run — before or after one step
of recording a change, on a real temporary repository. The next regraad command,
whatever it is, settles the change from the journal the killed one left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import AS_OF, PROJECT, git
from .repostate import Snapshot
from .test_council import ADD_KARI

PROPOSAL = "data/specialties/urologi/proposals/2026-009.yaml"
ADVANCE = ("propose", "advance", "2026-009", "--at", AS_OF, "--by", "RegUt HSØ", "--as-of", AS_OF)
COUNCIL = "data/specialties/anestesiologi/councils/hmn.yaml"


def _add(name: str) -> tuple[str, ...]:
    """``council add`` of an observer to anestesiologi/hmn, as in the council tests."""
    return ("council", *(name if arg == "Kari Nordvik" else arg for arg in ADD_KARI))


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "REGRAAD_LANG": "en",
        "GIT_AUTHOR_NAME": "Kari Koordinator",
        "GIT_AUTHOR_EMAIL": "kari@example.org",
        "GIT_COMMITTER_NAME": "Kari Koordinator",
        "GIT_COMMITTER_EMAIL": "kari@example.org",
    }


def _regraad(
    repo: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "regraad", "--root", str(repo), *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=env or _env(),
        check=False,
    )


def _faulty(
    repo: Path, step: str, mode: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crashing", step, mode, "--root", str(repo), *args],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env or _env(),
    )


def _git_dir(repo: Path) -> Path:
    return Path(git(repo, "rev-parse", "--absolute-git-dir").strip())


@pytest.fixture(scope="module")
def advanced_text(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The proposal as an uninterrupted ``propose advance`` leaves it."""
    import shutil

    root = tmp_path_factory.mktemp("reference")
    shutil.copytree(PROJECT / "data", root / "data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Example dataset")
    done = _regraad(root, *ADVANCE)
    assert done.returncode == 0, done.stderr
    return (root / PROPOSAL).read_bytes()


STEPS = [
    ("regraad.git.commit._record_objects", "kill-before"),
    ("regraad.git.commit._record_objects", "kill-after"),
    ("regraad.git.journal.write", "kill-after"),
    ("regraad.git.commit._write_files", "kill-after"),
    ("regraad.git.commit._move_branch", "kill-before"),
    ("regraad.git.commit._move_branch", "kill-after"),
    ("regraad.git.commit._sync_index", "kill-after"),
    ("regraad.git.journal.remove", "kill-before"),
]
# up to and including this step nothing is visible yet, even before any recovery
INVISIBLE = {STEPS[0], STEPS[1], STEPS[2]}
# once the branch has moved, the change is the one that counts
COMMITTED = {STEPS[5], STEPS[6], STEPS[7]}
# what the next command says it did: nothing before the journal exists
NOTE = {STEPS[2]: "was undone", STEPS[3]: "was undone", STEPS[4]: "was undone"} | dict.fromkeys(
    COMMITTED, "was finished"
)


@pytest.mark.parametrize(
    ("step", "mode"), STEPS, ids=[f"{m}:{s.rsplit('.', 1)[1]}" for s, m in STEPS]
)
def test_a_killed_propose_advance_is_undone_or_finished(
    repo: Path, advanced_text: bytes, step: str, mode: str
) -> None:
    before = Snapshot.of(repo)

    killed = _faulty(repo, step, mode, *ADVANCE)
    killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL

    if (step, mode) in INVISIBLE:
        assert Snapshot.of(repo) == before

    # the next regraad command, here a read-only one, settles what the killed one left
    nxt = _regraad(repo, "validate", "--as-of", AS_OF)
    assert nxt.returncode == 0, nxt.stderr
    assert "Traceback" not in nxt.stderr
    after = Snapshot.of(repo)
    assert not (_git_dir(repo) / "regraad-journal.json").exists()
    assert not (_git_dir(repo) / "regraad.lock").exists()
    assert after.status == ""
    note = NOTE.get((step, mode))
    if note:
        assert "an interrupted regraad change (proposal(urologi/2026-009): " in nxt.stderr
        assert note in nxt.stderr
    else:
        assert "interrupted" not in nxt.stderr

    if (step, mode) in COMMITTED:
        assert git(repo, "rev-parse", "HEAD~1").strip() == before.head
        assert git(repo, "diff", "--name-only", "HEAD~1", "HEAD").split() == [PROPOSAL]
        assert (repo / PROPOSAL).read_bytes() == advanced_text
        assert "Regraad-Action: proposal.advance\nRegraad-Proposal: urologi/2026-009" in git(
            repo, "log", "-1", "--format=%B"
        )
    else:
        assert after == before
        # and the repository is fit for the same command again
        again = _regraad(repo, *ADVANCE)
        assert again.returncode == 0, again.stderr
        assert (repo / PROPOSAL).read_bytes() == advanced_text


# -- two recording commands at once ------------------------------------------------------


def _paused(
    repo: Path, tmp_path: Path, step: str, *args: str
) -> tuple[subprocess.Popen[str], Path]:
    """A command stopped just before ``step``; touch the returned file to let it go on."""
    reached, go = tmp_path / "reached", tmp_path / "go"
    env = {**_env(), "CRASHING_REACHED": str(reached), "CRASHING_GO": str(go)}
    first = _faulty(repo, step, "pause-before", *args, env=env)
    deadline = time.monotonic() + 120
    while not reached.exists():
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "the first command never reached its step"
        time.sleep(0.02)
    return first, go


def _members(repo: Path, rev: str | None = None) -> str:
    if rev:
        return git(repo, "show", f"{rev}:{COUNCIL}")
    return (repo / COUNCIL).read_text(encoding="utf-8")


def test_a_second_council_add_while_the_first_commits_is_refused(
    repo: Path, tmp_path: Path
) -> None:
    start = git(repo, "rev-parse", "HEAD").strip()
    first, go = _paused(repo, tmp_path, "regraad.git.commit._record_objects", *_add("Kari Nordvik"))

    second = _regraad(repo, *_add("Per Hansen"))

    assert second.returncode == 1
    assert "another regraad command (process " in second.stderr
    assert "is recording a change in this repository" in second.stderr
    assert git(repo, "rev-parse", "HEAD").strip() == start
    go.touch()
    _out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert git(repo, "rev-list", "--count", f"{start}..HEAD").strip() == "1"
    assert "Kari Nordvik" in _members(repo, "HEAD") and "Per Hansen" not in _members(repo)
    assert git(repo, "status", "--porcelain") == ""


def test_a_council_add_whose_file_changed_after_it_read_it_is_refused(
    repo: Path, tmp_path: Path
) -> None:
    start = git(repo, "rev-parse", "HEAD").strip()
    # the first has read the council and decided its edit, but not yet taken the lock
    first, go = _paused(repo, tmp_path, "regraad.workflow.session", *_add("Kari Nordvik"))
    second = _regraad(repo, *_add("Per Hansen"))
    assert second.returncode == 0, second.stderr
    go.touch()
    _out, err = first.communicate(timeout=120)

    assert first.returncode == 1
    assert f"{COUNCIL} changed while this command was running" in err
    assert "run the command again" in err
    assert git(repo, "rev-list", "--count", f"{start}..HEAD").strip() == "1"
    assert "Per Hansen" in _members(repo, "HEAD") and "Kari Nordvik" not in _members(repo)
    assert git(repo, "status", "--porcelain") == ""


def test_a_commit_made_while_regraad_writes_wins_and_regraad_puts_its_file_back(
    repo: Path, tmp_path: Path
) -> None:
    # the file is written, the branch about to move: someone commits with plain git
    first, go = _paused(repo, tmp_path, "regraad.git.commit._move_branch", *ADVANCE)
    git(repo, "commit", "-q", "--allow-empty", "-m", "Meanwhile, by hand")
    theirs = git(repo, "rev-parse", "HEAD").strip()
    go.touch()
    _out, err = first.communicate(timeout=120)

    assert first.returncode == 1
    assert "git refused the commit" in err and "nothing was changed" in err
    assert git(repo, "rev-parse", "HEAD").strip() == theirs
    assert git(repo, "status", "--porcelain") == ""
    assert not (_git_dir(repo) / "regraad-journal.json").exists()


def test_two_council_adds_started_together_never_lose_one_silently(repo: Path) -> None:
    start = git(repo, "rev-parse", "HEAD").strip()
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "regraad", "--root", str(repo), *_add(name)],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for name in ("Kari Nordvik", "Per Hansen")
    ]
    results = [(run.wait(timeout=120), run.communicate()[1]) for run in runs]

    assert all(code in (0, 1) for code, _err in results), results
    assert all(
        "changed while this command was running" in err or "is recording a change" in err
        for code, err in results
        if code == 1
    ), results
    succeeded = [
        name
        for name, (code, _e) in zip(("Kari Nordvik", "Per Hansen"), results, strict=True)
        if code == 0
    ]
    assert succeeded, results
    assert git(repo, "rev-list", "--count", f"{start}..HEAD").strip() == str(len(succeeded))
    for name in ("Kari Nordvik", "Per Hansen"):
        assert (name in _members(repo, "HEAD")) == (name in succeeded)
    assert git(repo, "status", "--porcelain") == ""
