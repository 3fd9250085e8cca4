"""Merges and rewritten history in `audit --verify`.

A merge commit may bring only what its parents bring: a proposal step or membership
change made in the merge itself (an "evil merge") fails, while a conflict resolved by
taking a side passes. `git replace` and grafts cannot hide a forged commit: the audit
reads the commits a branch really holds. Real temporary git repositories.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from regraad.audit import merges

from .conftest import git
from .gitsteps import ANE_HMN, P004, commit, edit, end_membership, flip_state, head, verify


@pytest.fixture
def forked(repo: Path) -> tuple[Path, str]:
    """A branch ``feature`` with a harmless edit, and one on main: ready to merge.
    Returns the repository and the commit before the fork."""
    base = head(repo)
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "NOTES.md").write_text("Notater\n", encoding="utf-8")
    commit(repo, "Notater")
    git(repo, "checkout", "-q", "main")
    edit(repo, P004, "Det foreslås en ny linje", "Det foreslås én ny linje")
    commit(repo, "Språkvask på main")
    return repo, base


def merge(repo: Path, branch: str = "feature") -> None:
    """Start a merge without committing it, so the test can change what it holds."""
    git(repo, "merge", "-q", "--no-ff", "--no-commit", branch)


def test_a_clean_merge_passes(forked: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    repo, base = forked
    merge(repo)
    sha = commit(repo, "Merge feature")
    code, result = verify(capsys, repo, f"{base}..HEAD")
    assert code == 0, result
    assert result["commits"] == 2  # the data edit on main and the merge (notes aside)
    assert git(repo, "rev-parse", "HEAD^2") and sha == head(repo)


def test_an_evil_merge_that_advances_a_proposal_and_ends_a_membership_fails(
    forked: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, base = forked
    merge(repo)
    flip_state(repo)
    end_membership(repo)
    sha = commit(repo, "Merge feature")
    code, result = verify(capsys, repo, f"{base}..HEAD")
    assert code == 1
    found = {p["path"]: p for p in result["problems"]}
    assert set(found) == {P004, ANE_HMN}
    assert {p["commit"] for p in found.values()} == {sha}
    assert {p["code"] for p in found.values()} == {"merge"}
    assert "state council-review → leader-meeting" in found[P004]["message"]
    assert "Håkon Rønneberg" in found[ANE_HMN]["message"]
    assert "regraad command" in found[P004]["hint"]


def test_the_same_change_as_an_ordinary_commit_is_caught_too(
    forked: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, base = forked
    flip_state(repo)
    sha = commit(repo, "Ikke en merge")
    code, result = verify(capsys, repo, f"{base}..HEAD")
    assert code == 1
    assert {p["commit"] for p in result["problems"]} == {sha}


def _conflicting(repo: Path) -> str:
    """Both sides add their own comment at one place in the council file: a conflict git
    cannot resolve, left in the work tree. Returns the commit before the fork."""
    base = head(repo)
    git(repo, "checkout", "-q", "-b", "feature")
    edit(repo, ANE_HMN, "    github: hronneberg\n", "    github: hronneberg\n    # feature\n")
    commit(repo, "Kommentar på feature")
    git(repo, "checkout", "-q", "main")
    edit(repo, ANE_HMN, "    github: hronneberg\n", "    github: hronneberg\n    # main\n")
    commit(repo, "Kommentar på main")
    merging = subprocess.run(
        ["git", "-C", str(repo), "merge", "-q", "--no-ff", "--no-commit", "feature"],
        capture_output=True,
        check=False,
    )
    assert merging.returncode != 0  # the conflict
    return base


def _resolve(repo: Path) -> None:
    """Keep both comments: the resolution takes everything governed from the sides."""
    text = (repo / ANE_HMN).read_text(encoding="utf-8")
    markers = ("<<<<<<<", "=======", ">>>>>>>")
    kept = [line for line in text.splitlines(keepends=True) if not line.startswith(markers)]
    (repo / ANE_HMN).write_text("".join(kept), encoding="utf-8")


def test_a_conflict_resolved_from_the_sides_passes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _conflicting(repo)
    _resolve(repo)
    commit(repo, "Merge feature")
    code, result = verify(capsys, repo, f"{base}..HEAD")
    assert code == 0, result


def test_a_conflict_resolution_that_brings_a_change_of_its_own_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _conflicting(repo)
    _resolve(repo)
    end_membership(repo)
    sha = commit(repo, "Merge feature")
    code, result = verify(capsys, repo, f"{base}..HEAD")
    assert code == 1
    assert [(p["commit"], p["path"], p["code"]) for p in result["problems"]] == [
        (sha, ANE_HMN, "merge")
    ]


def test_without_merge_tree_a_merge_is_judged_against_its_parents(
    forked: tuple[Path, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older git (no ``merge-tree --write-tree``): each governed value must come from
    a parent."""

    def no_merge_tree(*_args: object) -> object:
        raise merges.gitio.GitError(["merge-tree"], "unknown option")

    monkeypatch.setattr(merges, "_merge_trees", no_merge_tree)
    repo, base = forked
    merge(repo)
    flip_state(repo)
    sha = commit(repo, "Merge feature")
    code, result = verify(capsys, repo, f"{base}..HEAD")
    assert code == 1
    assert [(p["commit"], p["path"]) for p in result["problems"]] == [(sha, P004)]


def test_an_octopus_merge_that_changes_a_proposal_itself_fails(
    forked: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, base = forked
    git(repo, "checkout", "-q", "-b", "other", base)
    (repo / "OTHER.md").write_text("Annet\n", encoding="utf-8")
    commit(repo, "Annet")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "--no-commit", "feature", "other")
    flip_state(repo)
    sha = commit(repo, "Merge feature and other")
    assert len(git(repo, "log", "-1", "--format=%P").split()) == 3
    code, result = verify(capsys, repo, f"{base}..HEAD")
    assert code == 1
    assert [(p["commit"], p["path"]) for p in result["problems"]] == [(sha, P004)]


# -- history as the objects record it ---------------------------------------------------------


def test_git_replace_does_not_hide_a_forged_commit(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    (repo / "NOTES.md").write_text("Ufarlig\n", encoding="utf-8")
    harmless = commit(repo, "Ufarlig endring")
    git(repo, "reset", "-q", "--hard", base)
    flip_state(repo)
    forged = commit(repo, "Ufarlig endring")
    git(repo, "replace", forged, harmless)
    assert "NOTES.md" in git(repo, "show", "--name-only", "--format=", "HEAD")  # git is fooled
    code, result = verify(capsys, repo, f"{base}..HEAD")
    assert code == 1
    assert {p["commit"] for p in result["problems"]} == {forged}
    assert any(p["path"] == P004 for p in result["problems"])


def test_a_graft_does_not_hide_a_forged_commit(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A graft that makes the forged step look like a root commit outside the range."""
    base = head(repo)
    flip_state(repo)
    forged = commit(repo, "Status")
    (repo / "NOTES.md").write_text("Etterpå\n", encoding="utf-8")
    commit(repo, "Etterpå")
    grafts = Path(git(repo, "rev-parse", "--git-path", "info/grafts").strip())
    grafts = grafts if grafts.is_absolute() else repo / grafts
    grafts.parent.mkdir(parents=True, exist_ok=True)
    grafts.write_text(f"{head(repo)} {base}\n", encoding="utf-8")  # skip the forged commit
    code, result = verify(capsys, repo, f"{base}..HEAD")
    assert code == 1
    assert {p["commit"] for p in result["problems"]} == {forged}
