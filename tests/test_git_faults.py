"""Repositories in the states people leave them in: every command ends in a clear message
and its documented exit code, and a refused command leaves the repository exactly as it was.

All on real temporary repositories (see DESIGN.md §4 exit codes and §6 refusals)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import AS_OF, PROJECT, git
from .repostate import Snapshot

PROPOSAL = "data/specialties/urologi/proposals/2026-009.yaml"
ADVANCE = ("propose", "advance", "2026-009", "--at", AS_OF, "--by", "RegUt HSØ", "--as-of", AS_OF)
HNT = "data/trusts/hnt.yaml"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _commit_edit(repo: Path, path: str, old: str, new: str, message: str) -> None:
    target = repo / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(repo, "commit", "-q", "-am", message)


@pytest.fixture
def repo2(repo: Path) -> Path:
    """The example repository with a second commit, so HEAD~1 exists."""
    _commit_edit(repo, HNT, "name: Helse Nord-Trøndelag HF", "name: Helse Nord-Trøndelag", "Navn")
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@example.org")
    return repo


# -- shallow clone ---------------------------------------------------------------------------


def test_shallow_clone_validates_and_asks_for_history_it_lacks(
    capsys: pytest.CaptureFixture[str], repo2: Path, tmp_path: Path
) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo2}", str(shallow)], check=True
    )
    before = Snapshot.of(shallow)

    assert run(capsys, shallow, "validate", "--as-of", AS_OF)[0] == 0
    code, _out, err = run(capsys, shallow, "diff", "HEAD~1")
    assert code == 2
    assert "unknown revision 'HEAD~1'" in err and "fetch-depth: 0" in err
    code, _out, err = run(capsys, shallow, "audit", "--verify", "HEAD~1..HEAD")
    assert code == 2 and "fetch-depth: 0" in err
    assert Snapshot.of(shallow) == before


# -- detached HEAD ---------------------------------------------------------------------------


def test_detached_head_reads_fine_and_refuses_a_commit_on_no_branch(
    capsys: pytest.CaptureFixture[str], repo2: Path
) -> None:
    git(repo2, "checkout", "-q", "--detach", "HEAD")
    before = Snapshot.of(repo2)

    assert run(capsys, repo2, "validate", "--as-of", AS_OF)[0] == 0
    code, out, _err = run(capsys, repo2, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert code == 0 and json.loads(out)["changes"]
    code, _out, err = run(capsys, repo2, *ADVANCE)
    assert code == 1
    assert "HEAD is detached" in err and "--branch" in err
    assert Snapshot.of(repo2) == before

    code, _out, err = run(capsys, repo2, *ADVANCE, "--branch", "forslag-2026-009")
    assert code == 0, err
    assert git(repo2, "rev-parse", "--abbrev-ref", "HEAD").strip() == "forslag-2026-009"
    assert git(repo2, "rev-parse", "HEAD~1").strip() == before.head


# -- merges and rebases left half done -------------------------------------------------------


def _conflict(repo: Path) -> None:
    """Two branches change the same line of the same trust file."""
    git(repo, "switch", "-q", "-c", "other")
    _commit_edit(repo, HNT, "regional_hospital: false", "regional_hospital: true", "Other")
    git(repo, "switch", "-q", "main")
    _commit_edit(repo, HNT, "regional_hospital: false", "regional_hospital: null", "Main")


def _marker_line(repo: Path, path: str) -> int:
    lines = (repo / path).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith("<<<<<<<"))


def test_merge_conflict_is_reported_at_its_marker_and_refuses_recording(
    capsys: pytest.CaptureFixture[str], repo2: Path
) -> None:
    _conflict(repo2)
    merge = subprocess.run(
        ["git", "-C", str(repo2), "merge", "-q", "other"], capture_output=True, check=False
    )
    assert merge.returncode != 0
    before = Snapshot.of(repo2)

    code, out, _err = run(capsys, repo2, "validate", "--as-of", AS_OF, "--format", "json")
    assert code == 1
    conflict = [f for f in json.loads(out)["findings"] if f["rule"] == "YAML-CONFLICT"]
    assert [(f["path"], f["line"], f["column"]) for f in conflict] == [
        (HNT, _marker_line(repo2, HNT), 1)
    ]
    code, _out, err = run(capsys, repo2, *ADVANCE)
    assert code == 1 and "a merge is in progress" in err and "nothing was changed" in err
    assert Snapshot.of(repo2) == before


def test_rebase_in_progress_refuses_recording(
    capsys: pytest.CaptureFixture[str], repo2: Path
) -> None:
    _conflict(repo2)
    git(repo2, "switch", "-q", "other")
    rebase = subprocess.run(
        ["git", "-C", str(repo2), "rebase", "main"], capture_output=True, check=False
    )
    assert rebase.returncode != 0
    before = Snapshot.of(repo2)
    assert "rebase-merge" in before.in_progress or "rebase-apply" in before.in_progress

    code, out, _err = run(capsys, repo2, "validate", "--as-of", AS_OF, "--format", "json")
    assert code == 1
    assert {f["rule"] for f in json.loads(out)["findings"] if f["severity"] == "error"} == {
        "YAML-CONFLICT"
    }
    code, _out, err = run(capsys, repo2, *ADVANCE)
    assert code == 1 and "a rebase is in progress" in err
    assert Snapshot.of(repo2) == before


# -- a stale index.lock ----------------------------------------------------------------------


def test_stale_index_lock_refuses_recording_and_names_the_lock(
    capsys: pytest.CaptureFixture[str], repo2: Path
) -> None:
    lock = repo2 / ".git" / "index.lock"
    lock.touch()
    before = Snapshot.of(repo2)

    assert run(capsys, repo2, "validate", "--as-of", AS_OF)[0] == 0
    assert run(capsys, repo2, "diff", "HEAD~1", "HEAD")[0] == 0
    code, _out, err = run(capsys, repo2, *ADVANCE)
    assert code == 1
    assert "the git index is locked" in err and str(lock) in err
    assert Snapshot.of(repo2) == before and lock.exists()


# -- revisions that look like options --------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("diff", "--", "--output=evil.txt"),
        ("validate", "--changed-since=--output=evil.txt"),
        ("audit", "--", "--output=evil.txt"),
        ("render", "--rev=--output=evil.txt", "--out", "site"),
        ("report", "--region", "hmn", "--since=--output=evil.txt", "--out", "report.md"),
    ],
    ids=lambda a: a[0],
)
def test_a_revision_that_looks_like_an_option_is_refused(
    capsys: pytest.CaptureFixture[str], repo2: Path, args: tuple[str, ...]
) -> None:
    before = Snapshot.of(repo2)
    code, _out, err = run(capsys, repo2, *args)
    assert code == 2
    assert "--output=evil.txt" in err
    assert Snapshot.of(repo2) == before
    assert not (repo2 / "evil.txt").exists() and not (PROJECT / "evil.txt").exists()


# -- a long history in a partial clone with an object it cannot fetch ------------------------


def _long_history(repo: Path, commits: int) -> None:
    """``commits`` commits that each change a comment in one trust file, via fast-import."""
    base = (repo / HNT).read_bytes()
    parent = git(repo, "rev-parse", "HEAD").strip()
    stream = []
    for n in range(1, commits + 1):
        content = base + f"# revisjon {n}\n".encode()
        message = f"Revisjon {n}\n".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer Test <t@example.org> {1_700_000_000 + n} +0100\n".encode())
        stream.append(b"data %d\n%s" % (len(message), message))
        if n == 1:
            stream.append(f"from {parent}\n".encode())
        stream.append(f"M 100644 inline {HNT}\n".encode())
        stream.append(b"data %d\n%s\n" % (len(content), content))
    subprocess.run(
        ["git", "-C", str(repo), "fast-import", "--quiet"], input=b"".join(stream), check=True
    )
    git(repo, "reset", "-q", "--hard", "main")


def test_partial_clone_with_an_unfetchable_object_says_so(
    capsys: pytest.CaptureFixture[str], repo2: Path, tmp_path: Path
) -> None:
    _long_history(repo2, 2000)
    git(repo2, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "partial"
    subprocess.run(
        ["git", "clone", "-q", "--filter=blob:none", f"file://{repo2}", str(clone)], check=True
    )
    gone = repo2.with_name("moved-away")
    shutil.move(repo2, gone)  # the promisor remote can no longer be reached
    before = Snapshot.of(clone)

    assert run(capsys, clone, "validate", "--as-of", AS_OF)[0] == 0
    code, out, _err = run(capsys, clone, "audit", "--format", "json")
    assert code == 0 and json.loads(out)["commits"] >= 2000
    code, _out, err = run(capsys, clone, "diff", "HEAD~1500", "HEAD")
    assert code == 2
    assert "git cannot read the files of this revision" in err
    assert "partial or damaged" in err
    assert Snapshot.of(clone) == before


# -- the data root in a subfolder, paths with æøå and spaces, Windows line endings -----------


def test_data_root_in_a_subfolder_with_norwegian_letters_and_spaces(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    repo = tmp_path / "Regionalt råd"
    root = repo / "LIS-utdanning Øst" / "datasett"
    shutil.copytree(PROJECT / "data", root / "data")
    git(repo.parent, "init", "-q", "-b", "main", str(repo))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Datasett")
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@example.org")

    assert run(capsys, root, "validate", "--as-of", AS_OF)[0] == 0
    code, out, err = run(capsys, root, *ADVANCE)
    assert code == 0, err
    assert git(
        repo, "-c", "core.quotePath=false", "diff", "--name-only", "HEAD~1", "HEAD"
    ).strip() == (f"LIS-utdanning Øst/datasett/{PROPOSAL}")
    assert git(repo, "status", "--porcelain") == ""
    code, out, _err = run(capsys, root, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert code == 0
    assert [(c["area"], c["action"], c["subject"]) for c in json.loads(out)["changes"]] == [
        ("proposals", "advanced", "2026-009")
    ]
    code, _out, err = run(capsys, root, "audit", "--verify", "HEAD~1..HEAD")
    assert code == 0, err


def test_windows_line_endings_survive_a_recorded_change(
    capsys: pytest.CaptureFixture[str], repo2: Path
) -> None:
    git(repo2, "config", "core.autocrlf", "false")
    for path in (repo2 / "data").rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    git(repo2, "commit", "-q", "-am", "CRLF")

    assert run(capsys, repo2, "validate", "--as-of", AS_OF)[0] == 0
    code, _out, err = run(capsys, repo2, *ADVANCE)
    assert code == 0, err
    raw = (repo2 / PROPOSAL).read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") and b"state: regional-review\r\n" in raw
    code, out, _err = run(capsys, repo2, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert code == 0
    assert [(c["area"], c["action"], c["subject"]) for c in json.loads(out)["changes"]] == [
        ("proposals", "advanced", "2026-009")
    ]
    assert git(repo2, "status", "--porcelain") == ""
