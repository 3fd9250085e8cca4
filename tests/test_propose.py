"""`regraad propose`: every step one commit with trailers, refusals change nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import AS_OF, git

URO = "data/specialties/urologi/proposals"


@pytest.fixture
def repo_with_identity(repo: Path) -> Path:
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    return repo


def propose(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "propose", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def commits(repo: Path) -> list[str]:
    return git(repo, "log", "--format=%H").split()


def message(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "log", "-1", "--format=%B", rev)


def trailers(repo: Path, rev: str = "HEAD") -> dict[str, str]:
    out = git(repo, "log", "-1", "--format=%(trailers:only,unfold)", rev)
    return dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)


def state(repo: Path, changed: str) -> str:
    for line in (repo / changed).read_text(encoding="utf-8").splitlines():
        if line.startswith("state: "):
            return line.split(": ", 1)[1]
    raise AssertionError("no state")


def test_national_proposal_from_hn_goes_all_the_way(
    capsys: pytest.CaptureFixture[str], repo_with_identity: Path, tmp_path: Path
) -> None:
    repo = repo_with_identity
    fields = tmp_path / "forslag.yaml"
    fields.write_text(
        "summary: Ny prosedyre for robotassistert prostatektomi.\n"
        "rationale: Flere sykehus bruker robot.\n"
        "consequences:\n  economic: Ingen.\n  organisational: Noe mer veiledning.\n"
        "affects: {activities: [], goals: [URO-016]}\n",
        encoding="utf-8",
    )
    start = len(commits(repo))
    code, out, err = propose(
        capsys,
        repo,
        "new",
        "urologi",
        "--kind",
        "national-la",
        "--title",
        "Robotassistert prostatektomi",
        "--region",
        "hn",
        "--trust",
        "unn",
        "--by",
        "LUU urologi, UNN",
        "--from-file",
        str(fields),
        "--at",
        "2026-11-02",
        "--as-of",
        AS_OF,
    )
    assert code == 0, err
    assert "proposal(urologi/2026-010): new national-la" in out  # 2026-009 is the highest
    path = f"{URO}/2026-010.yaml"
    assert trailers(repo) == {
        "Regraad-Action": "proposal.new",
        "Regraad-Proposal": "urologi/2026-010",
        "Regraad-To": "draft",
        "Regraad-By": "LUU urologi, UNN",
    }
    steps = [
        ("submitted", ["--by", "RegUt HN"]),
        ("council-review", ["--by", "RegUt HV"]),
    ]
    for expected, extra in steps:
        code, out, err = propose(
            capsys, repo, "advance", "2026-010", *extra, "--at", "2026-11-03", "--as-of", AS_OF
        )
        assert code == 0, err
        assert state(repo, path) == expected
    assert "to: hv" in (repo / path).read_text(encoding="utf-8")  # routed to the fagkontakt
    for region, position in (("hmn", "support"), ("hso", "amend")):
        code, out, err = propose(
            capsys,
            repo,
            "recommend",
            "urologi/2026-010",
            "--region",
            region,
            "--position",
            position,
            "--at",
            "2026-11-04",
            "--as-of",
            AS_OF,
        )
        assert code == 0, err
    assert trailers(repo)["Regraad-Recommendation"] == "hso amend"
    for expected in ("leader-meeting", "leadership-review", "directorate", "committee-review"):
        code, out, err = propose(
            capsys, repo, "advance", "2026-010", "--by", "RegUt HV", "--at", "2026-11-05",
            "--as-of", AS_OF,
        )  # fmt: skip
        assert code == 0, err
        assert state(repo, path) == expected
    # two ways out of the committee: the tool asks which
    code, out, err = propose(capsys, repo, "advance", "2026-010", "--as-of", AS_OF)
    assert code == 1
    assert "accepted or rejected" in err
    code, out, err = propose(
        capsys,
        repo,
        "advance",
        "2026-010",
        "--to",
        "accepted",
        "--decided",
        "2026-11-20",
        "--in-force",
        "2027-03-01",
        "--by",
        "Helsedirektoratet",
        "--at",
        "2026-11-20",
        "--as-of",
        AS_OF,
    )
    assert code == 0, err
    text = (repo / path).read_text(encoding="utf-8")
    assert "decided: 2026-11-20" in text and "in_force: 2027-03-01" in text
    history = commits(repo)[: len(commits(repo)) - start]
    assert len(history) == 1 + 2 + 2 + 4 + 1
    for sha in history:
        files = git(repo, "show", "--name-only", "--format=", sha).split()
        assert files == [path]
        assert trailers(repo, sha)["Regraad-Proposal"] == "urologi/2026-010"
    last = trailers(repo)
    assert (last["Regraad-From"], last["Regraad-To"]) == ("committee-review", "accepted")
    assert git(repo, "status", "--porcelain") == ""
    # the data is valid all the way
    assert main(["--root", str(repo), "validate", "--as-of", AS_OF]) == 0
    capsys.readouterr()
    code, out, err = propose(capsys, repo, "show", "2026-010")
    assert "accepted" in out and "HSØ  supports with amendments" in out  # in words, HSØ
    code, out, err = propose(capsys, repo, "log", "urologi/2026-010")
    assert len(out.splitlines()) == len(history)
    # the audit trail: every step verified, and listed with who and when
    first = history[-1]
    assert main(["--root", str(repo), "audit", "--verify", f"{first}~1..HEAD"]) == 0
    capsys.readouterr()
    assert main(["--root", str(repo), "audit", "--format", "json", f"{first}~1..HEAD"]) == 0
    actions = json.loads(capsys.readouterr().out)["actions"]
    assert [a["to"] for a in actions if a["action"] == "proposal.advance"] == [
        "submitted", "council-review", "leader-meeting", "leadership-review", "directorate",
        "committee-review", "accepted",
    ]  # fmt: skip
    assert actions[-1]["by"] == "Helsedirektoratet"
    assert {a["date"][:10] for a in actions} <= {AS_OF, "2026-11-22"} or all(
        a["date"] for a in actions
    )


def test_staged_work_stays_staged_and_out_of_the_commit(
    capsys: pytest.CaptureFixture[str], repo_with_identity: Path
) -> None:
    repo = repo_with_identity
    other = repo / "data/specialties/urologi/capacity.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# arbeid på gang\n", encoding="utf-8")
    git(repo, "add", str(other))
    unstaged = repo / "data/specialties/radiologi/capacity.yaml"
    unstaged.write_text(unstaged.read_text(encoding="utf-8") + "# ulagret\n", encoding="utf-8")
    code, _out, err = propose(
        capsys, repo, "recommend", "urologi/2026-004", "--region", "hmn", "--position", "support",
        "--as-of", AS_OF,
    )  # fmt: skip
    assert code == 0, err
    changed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert changed == [f"{URO}/2026-004.yaml"]
    status = git(repo, "status", "--porcelain").splitlines()
    assert "M  data/specialties/urologi/capacity.yaml" in status
    assert " M data/specialties/radiologi/capacity.yaml" in status
    assert len(status) == 2


def test_comments_survive_an_advance_byte_for_byte(
    capsys: pytest.CaptureFixture[str], repo_with_identity: Path
) -> None:
    repo = repo_with_identity
    path = repo / "data/specialties/anestesiologi/proposals/2026-002.yaml"
    before = path.read_text(encoding="utf-8").replace(
        "recommendations:\n", "# Rådene har svart.\nrecommendations:  # per region\n"
    )
    path.write_text(before, encoding="utf-8")
    git(repo, "commit", "-qam", "Kommentarer")
    code, _out, err = propose(
        capsys, repo, "advance", "anestesiologi/2026-002", "--by", "RegUt HN", "--at",
        "2026-11-21", "--note", "Behandlet i ledermøtet.", "--as-of", AS_OF,
    )  # fmt: skip
    assert code == 0, err
    after = path.read_text(encoding="utf-8")
    assert (
        after.replace("state: leader-meeting", "state: council-review", 1).replace(
            "  - state: leader-meeting\n    at: 2026-11-21\n    by: RegUt HN\n"
            "    note: Behandlet i ledermøtet.\n",
            "",
        )
        == before
    )
    assert "Behandlet i ledermøtet." in message(repo)


def snapshot(repo: Path) -> tuple[str, str, str]:
    status = git(repo, "status", "--porcelain", "--ignored").splitlines(keepends=True)
    return (
        git(repo, "rev-parse", "HEAD"),
        "".join(line for line in status if ".regraad-cache/" not in line),  # no data
        git(repo, "diff", "HEAD"),
    )


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        # an illegal transition lists the legal ones
        (
            ["advance", "urologi/2026-004", "--to", "directorate"],
            1,
            "legal next states: leader-meeting",
        ),
        # guards of the workflow
        (["advance", "urologi/2026-009", "--to", "rejected"], 1, "cannot go from draft"),
        (["advance", "anestesiologi/2026-002"], 0, ""),  # has a recommendation: allowed
        (["withdraw", "urologi/2022-011", "--reason", "x"], 1, "does not move"),
        (["recommend", "urologi/2026-004", "--region", "hso", "--position", "oppose"], 1,
         "already recommended"),
        (["advance", "2099-001"], 1, "no proposal 2099-001"),
        (["advance", "urologi/2026-004", "--at", "2026-13-01"], 2, "not a date"),
    ],
)  # fmt: skip
def test_refusals_change_nothing(
    capsys: pytest.CaptureFixture[str],
    repo_with_identity: Path,
    args: list[str],
    code: int,
    words: str,
) -> None:
    repo = repo_with_identity
    before = snapshot(repo)
    got, _out, err = propose(capsys, repo, *args, "--as-of", AS_OF)
    assert got == code, err
    if code:
        assert words in err
        assert snapshot(repo) == before


def test_leaving_council_review_needs_a_recommendation(
    capsys: pytest.CaptureFixture[str], repo_with_identity: Path
) -> None:
    repo = repo_with_identity
    path = repo / f"{URO}/2026-004.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("recommendations:")], encoding="utf-8")
    git(repo, "commit", "-qam", "Uten anbefaling")
    before = snapshot(repo)
    code, _out, err = propose(capsys, repo, "advance", "urologi/2026-004", "--as-of", AS_OF)
    assert code == 1
    assert "before a council has recommended it" in err
    assert snapshot(repo) == before


def test_leaving_the_leader_meeting_needs_consequences(
    capsys: pytest.CaptureFixture[str], repo_with_identity: Path
) -> None:
    repo = repo_with_identity
    path = repo / f"{URO}/2026-004.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("consequences:"), text.index("affects:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    git(repo, "commit", "-qam", "Uten konsekvenser")
    assert propose(capsys, repo, "advance", "urologi/2026-004", "--as-of", AS_OF)[0] == 0
    before = snapshot(repo)
    code, _out, err = propose(capsys, repo, "advance", "urologi/2026-004", "--as-of", AS_OF)
    assert code == 1
    assert "economic and organisational consequences" in err
    assert snapshot(repo) == before


def test_git_state_refusals(capsys: pytest.CaptureFixture[str], repo_with_identity: Path) -> None:
    repo = repo_with_identity
    target = repo / f"{URO}/2026-004.yaml"
    # a target file with uncommitted changes
    target.write_text(target.read_text(encoding="utf-8") + "# endret\n", encoding="utf-8")
    before = snapshot(repo)
    code, _out, err = propose(
        capsys, repo, "recommend", "2026-004", "--region", "hmn", "--position", "support"
    )
    assert code == 1 and "uncommitted changes" in err
    assert snapshot(repo) == before
    git(repo, "checkout", "--", str(target))
    # a stale index.lock
    lock = repo / ".git/index.lock"
    lock.write_text("", encoding="utf-8")
    before = snapshot(repo)
    code, _out, err = propose(
        capsys, repo, "recommend", "2026-004", "--region", "hmn", "--position", "support"
    )
    lock.unlink()
    assert code == 1 and "index.lock" in err
    assert snapshot(repo) == before


def test_merge_in_progress_is_refused(
    capsys: pytest.CaptureFixture[str], repo_with_identity: Path
) -> None:
    repo = repo_with_identity
    git(repo, "switch", "-q", "-c", "annen")
    cap = repo / "data/specialties/urologi/capacity.yaml"
    cap.write_text(cap.read_text(encoding="utf-8") + "# annen\n", encoding="utf-8")
    git(repo, "commit", "-qam", "Annen")
    git(repo, "switch", "-q", "main")
    cap.write_text(cap.read_text(encoding="utf-8") + "# main\n", encoding="utf-8")
    git(repo, "commit", "-qam", "Main")
    subprocess.run(
        ["git", "-C", str(repo), "merge", "-q", "annen"], capture_output=True, check=False
    )
    before = git(repo, "rev-parse", "HEAD")
    code, _out, err = propose(
        capsys, repo, "recommend", "2026-004", "--region", "hmn", "--position", "support"
    )
    assert code == 1 and "merge is in progress" in err
    assert git(repo, "rev-parse", "HEAD") == before


def test_no_git_identity_is_refused(
    capsys: pytest.CaptureFixture[str],
    repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "none"))
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
                "EMAIL"):  # fmt: skip
        monkeypatch.delenv(var, raising=False)
    git(repo, "config", "user.useConfigOnly", "true")
    before = snapshot(repo)
    code, _out, err = propose(
        capsys, repo, "recommend", "2026-004", "--region", "hmn", "--position", "support",
        "--by", "RegUt HMN",
    )  # fmt: skip
    assert code == 1 and "who you are" in err
    assert snapshot(repo) == before


def test_invalid_after_the_edit_is_refused(
    capsys: pytest.CaptureFixture[str], repo_with_identity: Path
) -> None:
    repo = repo_with_identity
    before = snapshot(repo)
    code, _out, err = propose(
        capsys, repo, "recommend", "2026-004", "--region", "hmn", "--position", "support",
        "--meeting", "2026-01-01-finnes-ikke",
    )  # fmt: skip
    assert code == 1
    assert "REF" in err and "invalid" in err
    assert snapshot(repo) == before


def test_dry_run_no_commit_and_branch(
    capsys: pytest.CaptureFixture[str], repo_with_identity: Path
) -> None:
    repo = repo_with_identity
    before = snapshot(repo)
    code, out, _err = propose(
        capsys, repo, "recommend", "2026-004", "--region", "hmn", "--position", "support",
        "--dry-run",
    )  # fmt: skip
    assert code == 0
    assert "+  - region: hmn" in out
    assert snapshot(repo) == before
    code, out, _err = propose(
        capsys, repo, "recommend", "2026-004", "--region", "hmn", "--position", "support",
        "--no-commit",
    )  # fmt: skip
    assert code == 0
    assert git(repo, "rev-parse", "HEAD") == before[0]
    assert git(repo, "status", "--porcelain").strip() == f"M {URO}/2026-004.yaml"
    git(repo, "checkout", "--", ".")
    code, out, _err = propose(
        capsys, repo, "recommend", "2026-004", "--region", "hmn", "--position", "support",
        "--branch", "anbefaling-hmn",
    )  # fmt: skip
    assert code == 0
    assert git(repo, "branch", "--show-current").strip() == "anbefaling-hmn"
    assert git(repo, "rev-parse", "main") == before[0]
    assert trailers(repo)["Regraad-Action"] == "proposal.recommend"


def test_new_opens_the_editor(
    capsys: pytest.CaptureFixture[str],
    repo_with_identity: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo = repo_with_identity
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('summary: \"\"', 'summary: Skrevet i editoren'))\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    code, _out, err = propose(
        capsys, repo, "new", "anestesiologi", "--kind", "local-la", "--title", "Simulering",
        "--region", "hmn", "--edit", "--at", "2026-11-22", "--as-of", AS_OF,
    )  # fmt: skip
    assert code == 0, err
    text = (repo / "data/specialties/anestesiologi/proposals/2026-010.yaml").read_text("utf-8")
    assert "summary: Skrevet i editoren" in text
    assert "rationale" not in text  # left empty in the template: not written


def test_new_ids_count_every_branch(
    capsys: pytest.CaptureFixture[str], repo_with_identity: Path
) -> None:
    """A colleague's proposal on another branch (or remote) takes its id."""
    repo = repo_with_identity
    args = ["--kind", "local-la", "--region", "hmn", "--at", "2026-11-22", "--as-of", AS_OF]
    git(repo, "switch", "-q", "-c", "kollega")
    code, out, err = propose(capsys, repo, "new", "radiologi", "--title", "MR-kurs", *args)
    assert code == 0, err
    assert "radiologi/2026-010" in out
    git(repo, "switch", "-q", "main")
    code, out, err = propose(capsys, repo, "new", "urologi", "--title", "Robotkurs", *args)
    assert code == 0, err
    assert "urologi/2026-011" in out


@pytest.mark.parametrize("step", ["hash-object", "commit-tree", "update-ref"])
def test_interrupted_commit_leaves_nothing_behind(
    capsys: pytest.CaptureFixture[str],
    repo_with_identity: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    """Ctrl-C while the commit is being made: the file is put back, HEAD has not moved."""
    from regraad.git import commit as gitcommit

    repo = repo_with_identity
    real = gitcommit._git

    def interrupted(where: Path, *args: str, **kwargs: object) -> str:
        if args and args[0] == step:
            raise KeyboardInterrupt
        return real(where, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(gitcommit, "_git", interrupted)
    before = snapshot(repo)
    code = main(
        ["--root", str(repo), "propose", "recommend", "2026-004", "--region", "hmn",
         "--position", "support", "--as-of", AS_OF]
    )  # fmt: skip
    capsys.readouterr()
    assert code == 130
    assert snapshot(repo) == before
    assert not list((repo / ".git").glob("regraad-index-*"))
