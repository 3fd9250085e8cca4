"""The baseline: `audit --verify` takes the state a repository started from as given.

`regraad init` records its first commit as the baseline; `regraad audit baseline` adopts a
repository that kept its data in git before regraad. Everything up to the first baseline
is given, everything after it is judged; a second baseline, or one that rewrites the data
it claims to take as it stands, fails. Real temporary git repositories throughout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import git
from .gitsteps import P004, commit, end_membership, flip_state, head, problems_of, verify
from .repostate import Snapshot


@pytest.fixture
def identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """A git identity for the commands that commit (``init``, ``audit baseline``)."""
    for var, value in (
        ("GIT_AUTHOR_NAME", "Test Koordinator"),
        ("GIT_AUTHOR_EMAIL", "koordinator@example.org"),
        ("GIT_COMMITTER_NAME", "Test Koordinator"),
        ("GIT_COMMITTER_EMAIL", "koordinator@example.org"),
    ):
        monkeypatch.setenv(var, value)


@pytest.fixture
def adopted(data_root: Path, identity: None) -> Path:
    """A RegUt's repository with three years of plain commits before regraad."""
    repo = data_root
    git(repo, "init", "-q", "-b", "main")
    for year, text in (("2023", "Regnearket lagt inn"), ("2024", "Årlig gjennomgang")):
        (repo / "NOTES.md").write_text(f"{text}\n", encoding="utf-8")
        when = f"{year}-06-01T10:00:00+02:00"
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", text, f"--date={when}")
    flip_state(repo)  # a state change no command recorded, in 2025
    commit(repo, "Status etter møtet", "--date=2025-03-01T10:00:00+01:00")
    return repo


def baseline(capsys: pytest.CaptureFixture[str], root: Path, *extra: str) -> tuple[int, str]:
    code = main(["--root", str(root), "audit", "baseline", "--by", "RegUt HMN", *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def trailer_block(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "log", "-1", "--format=%(trailers:only)", rev).strip()


def test_init_example_then_verify_over_the_whole_history_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], identity: None
) -> None:
    target = tmp_path / "R"
    assert main(["init", "--example", str(target)]) == 0
    capsys.readouterr()
    assert trailer_block(target) == "Regraad-Action: baseline"
    code, result = verify(capsys, target)
    assert code == 0, result
    assert result["ok"] is True


def test_init_then_a_plain_state_flip_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], identity: None
) -> None:
    target = tmp_path / "R"
    assert main(["init", "--example", str(target)]) == 0
    capsys.readouterr()
    flip_state(target)
    sha = commit(target, "Oppdatert status")
    code, result = verify(capsys, target)
    assert code == 1
    assert "no-trailers" in {p["code"] for p in problems_of(result, sha)}
    assert all(p["commit"] == sha for p in result["problems"])


def test_without_a_baseline_the_first_commit_is_judged(
    adopted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = git(adopted, "rev-list", "--max-parents=0", "HEAD").strip()
    code, result = verify(capsys, adopted)
    assert code == 1
    assert problems_of(result, first)  # the data arrived without trailers


def test_an_adopted_repository_verifies_from_its_baseline(
    adopted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = baseline(capsys, adopted, "--note", "Data fra regnearket")
    assert code == 0, out
    assert "baseline: the data as it stands is the starting point" in out
    message = git(adopted, "log", "-1", "--format=%B")
    assert message.rstrip().endswith("Regraad-Action: baseline\nRegraad-By: RegUt HMN")
    assert "Data fra regnearket" in message
    assert git(adopted, "show", "--name-only", "--format=", "HEAD").strip() == ""  # empty
    code, result = verify(capsys, adopted)
    assert code == 0, result
    assert result["ok"] is True


def test_a_plain_state_flip_after_the_baseline_fails(
    adopted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert baseline(capsys, adopted)[0] == 0
    git(adopted, "checkout", "-q", "HEAD~2", "--", P004)  # before the 2025 flip
    commit(adopted, "Tilbake til rådet")  # itself a hand-made step
    edit_commit = head(adopted)
    code, result = verify(capsys, adopted)
    assert code == 1
    assert "no-trailers" in {p["code"] for p in problems_of(result, edit_commit)}
    assert {p["commit"] for p in result["problems"]} == {edit_commit}


def test_a_range_that_starts_before_the_baseline_takes_the_given_commits_as_given(
    adopted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root_commit = git(adopted, "rev-list", "--max-parents=0", "HEAD").strip()
    assert baseline(capsys, adopted)[0] == 0
    code, result = verify(capsys, adopted, f"{root_commit}..HEAD")
    assert code == 0, result
    code, result = verify(capsys, adopted, "--since", "2024-01-01")
    assert code == 0, result


def test_a_range_after_the_baseline_is_judged_in_full(
    adopted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert baseline(capsys, adopted)[0] == 0
    base = head(adopted)
    end_membership(adopted)
    sha = commit(adopted, "Håkon går av")
    code, result = verify(capsys, adopted, f"{base}..HEAD")
    assert code == 1
    assert problems_of(result, sha)


def test_a_second_baseline_is_refused_and_nothing_changes(
    adopted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert baseline(capsys, adopted)[0] == 0
    first = head(adopted)
    before = Snapshot.of(adopted)
    code, out = baseline(capsys, adopted)
    assert code == 1
    assert f"the history already starts from baseline {first[:10]}" in out
    assert Snapshot.of(adopted) == before


def test_init_records_the_baseline_so_audit_baseline_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], identity: None
) -> None:
    target = tmp_path / "R"
    assert main(["init", "--example", str(target)]) == 0
    capsys.readouterr()
    before = Snapshot.of(target)
    assert baseline(capsys, target)[0] == 1
    assert Snapshot.of(target) == before


def test_a_hand_made_second_baseline_fails_verify(
    adopted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert baseline(capsys, adopted)[0] == 0
    first = head(adopted)
    flip_back = "Regraad-Action: baseline\nRegraad-By: Noen"
    git(adopted, "checkout", "-q", "HEAD~2", "--", P004)
    sha = commit(adopted, "Ny start\n\n" + flip_back)
    code, result = verify(capsys, adopted)
    assert code == 1
    found = problems_of(result, sha)
    assert any(
        p["code"] == "baseline" and f"already starts from baseline {first[:10]}" in p["message"]
        for p in found
    ), found
    assert any("hint" in p and p["hint"] for p in found)


def test_a_baseline_that_rewrites_the_data_it_takes_as_given_fails(
    adopted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    end_membership(adopted)
    sha = commit(adopted, "Start\n\nRegraad-Action: baseline\nRegraad-By: RegUt HMN")
    code, result = verify(capsys, adopted)
    assert code == 1
    found = problems_of(result, sha)
    assert [p["path"] for p in found if p["code"] == "baseline"] == [
        "data/specialties/anestesiologi/councils/hmn.yaml"
    ]
    assert {p["commit"] for p in result["problems"]} == {sha}  # what came before is given


def test_the_baseline_is_listed_in_the_trail(
    adopted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert baseline(capsys, adopted)[0] == 0
    assert main(["--root", str(adopted), "audit"]) == 0
    out = capsys.readouterr().out
    assert "baseline" in out and "RegUt HMN" in out
