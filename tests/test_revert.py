"""`regraad revert`: a mistaken step undone by one commit that `audit --verify` accepts
only as the step's exact inverse; a plain `git revert` named with the command to use.

Real temporary git repositories; the steps are recorded with the commands themselves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import AS_OF, git
from .repostate import Snapshot

ANE_HMN = "data/specialties/anestesiologi/councils/hmn.yaml"
P009 = "data/specialties/urologi/proposals/2026-009.yaml"
URO_HSO = "data/specialties/urologi/councils/hso.yaml"
MEETING = "data/specialties/urologi/meetings/2026-12-03-hso.yaml"
ADD_KARI = (
    "council", "add", "anestesiologi", "--region", "hmn", "--name", "Kari Nordvik",
    "--trust", "hmr", "--site", "alesund", "--role", "observer", "--from", "2026-11-01",
    "--by", "RegUt HMN", "--as-of", AS_OF,
)  # fmt: skip


@pytest.fixture
def repo_id(repo: Path) -> Path:
    """The example repository with a git identity in its own config (in-process commits)."""
    git(repo, "config", "user.name", "Test Koordinator")
    git(repo, "config", "user.email", "koordinator@example.org")
    return repo


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ok(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    code, out, err = run(capsys, root, *args)
    assert code == 0, out + err
    return out


def revert(
    capsys: pytest.CaptureFixture[str], root: Path, rev: str, *extra: str
) -> tuple[int, str, str]:
    return run(capsys, root, "revert", rev, "--reason", "Registrert ved en feil", *extra)


def head(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "rev-parse", rev).strip()


def first(repo: Path) -> str:
    return git(repo, "rev-list", "--max-parents=0", "HEAD").strip()


def verify(capsys: pytest.CaptureFixture[str], repo: Path) -> tuple[int, str]:
    """``audit --verify`` over everything after the example dataset's plain first commit."""
    code, out, err = run(capsys, repo, "audit", "--verify", f"{first(repo)}..HEAD")
    return code, out + err


def read(repo: Path, path: str) -> bytes:
    return (repo / path).read_bytes()


def commit_all(repo: Path, text: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", text)
    return head(repo)


# -- a wrong council add ------------------------------------------------------------------------


def test_a_wrong_council_add_is_undone_byte_for_byte_and_verifies(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    before = read(repo_id, ANE_HMN)
    ok(capsys, repo_id, *ADD_KARI)
    step = head(repo_id)
    out = ok(capsys, repo_id, "revert", step[:10], "--reason", "Feil person", "--by", "RegUt HMN")
    subject = (
        "revert(anestesiologi/hmn): council(anestesiologi/hmn): Kari Nordvik joins as observer"
    )
    assert out.startswith("[") and subject in out
    assert read(repo_id, ANE_HMN) == before
    assert git(repo_id, "log", "-1", "--format=%B") == (
        f"{subject}\n\n"
        "Feil person\n\n"
        "Regraad-Action: revert\n"
        f"Regraad-Reverts: {step}\n"
        "Regraad-Council: anestesiologi/hmn\n"
        "Regraad-By: RegUt HMN\n\n"
    )
    assert git(repo_id, "show", "--name-only", "--format=", "HEAD").split() == [ANE_HMN]
    assert head(repo_id, "HEAD~1") == step
    assert git(repo_id, "status", "--porcelain") == ""
    assert verify(capsys, repo_id)[0] == 0


def test_audit_lists_the_revert_with_its_target(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    ok(capsys, repo_id, *ADD_KARI)
    step = head(repo_id)
    ok(capsys, repo_id, "revert", step, "--reason", "Feil person", "--by", "RegUt HMN")
    out = ok(capsys, repo_id, "audit", "--format", "json", f"{first(repo_id)}..HEAD")
    listed = json.loads(out)["actions"][-1]
    assert listed["action"] == "revert"
    assert listed["council"] == "anestesiologi/hmn"
    assert listed["by"] == "RegUt HMN"
    assert listed["subject"].startswith("revert(anestesiologi/hmn): council(")
    text = ok(capsys, repo_id, "audit", f"{first(repo_id)}..HEAD")
    assert f"{head(repo_id)[:10]} revert anestesiologi/hmn  RegUt HMN" in text


def test_git_revert_of_a_step_fails_verify_naming_the_command(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    ok(capsys, repo_id, *ADD_KARI)
    step = head(repo_id)
    git(repo_id, "revert", "--no-edit", "HEAD")
    code, out = verify(capsys, repo_id)
    assert code == 1
    assert f"✗ {head(repo_id)[:10]} Revert " in out
    assert f"undo a step with regraad revert {step[:10]} --reason TEXT" in out


# -- a proposal advanced one step too far -------------------------------------------------------


def test_a_proposal_advanced_too_far_is_reverted_newest_first(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    original = read(repo_id, P009)
    advance = ("propose", "advance", "urologi/2026-009", "--by", "RegUt HSØ", "--as-of", AS_OF)
    ok(capsys, repo_id, *advance)
    once = read(repo_id, P009)
    ok(capsys, repo_id, *advance, "--to", "rejected", "--reason", "Ikke aktuelt")
    too_far = head(repo_id)
    ok(capsys, repo_id, "revert", too_far, "--reason", "Ikke avgjort ennå")
    assert read(repo_id, P009) == once
    assert b"state: regional-review\n" in once
    assert verify(capsys, repo_id)[0] == 0
    # the step before is the latest again, so it can be undone as well
    ok(capsys, repo_id, "revert", "HEAD~2", "--reason", "Sendt for tidlig")
    assert read(repo_id, P009) == original
    assert verify(capsys, repo_id)[0] == 0
    # and the proposal moves on as if the steps had never been taken
    ok(capsys, repo_id, *advance)
    assert verify(capsys, repo_id)[0] == 0


def test_a_meeting_decision_is_reverted_as_a_whole(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    ok(capsys, repo_id, "meeting", "new", "urologi", "--region", "hso", "--date", "2026-12-03")
    council, meeting = read(repo_id, URO_HSO), read(repo_id, MEETING)
    elect = ("meeting", "decide", "2026-12-03-hso", "elect", "Ola Haugland", "--role", "deputy")
    ok(capsys, repo_id, *elect, "--from", "2027-01-01", "--as-of", AS_OF)
    ok(capsys, repo_id, "revert", "HEAD", "--reason", "Valget ble ikke holdt")
    assert (read(repo_id, URO_HSO), read(repo_id, MEETING)) == (council, meeting)
    assert verify(capsys, repo_id)[0] == 0


def test_the_rest_of_the_file_is_kept(capsys: pytest.CaptureFixture[str], repo_id: Path) -> None:
    """A later plain edit elsewhere in the file (a comment, another member's e-mail)
    survives the revert, which still verifies."""

    def edit(text: str) -> str:
        return text.replace("  # Leder fra St. Olavs", "  # Leder (St. Olavs)", 1).replace(
            "olav.kvernmo@stolav.no", "olav.kvernmo@example.org", 1
        )

    original = read(repo_id, ANE_HMN).decode()
    ok(capsys, repo_id, *ADD_KARI)
    step = head(repo_id)
    (repo_id / ANE_HMN).write_text(edit(read(repo_id, ANE_HMN).decode()), encoding="utf-8")
    commit_all(repo_id, "Retter kommentar og e-post")
    ok(capsys, repo_id, "revert", step, "--reason", "Feil person")
    assert read(repo_id, ANE_HMN).decode() == edit(original)
    assert verify(capsys, repo_id)[0] == 0


# -- refusals ----------------------------------------------------------------------------------


def _later_step(capsys: pytest.CaptureFixture[str], repo: Path) -> str:
    """Kari added, then another step on the same council: Kari's is no longer the latest."""
    ok(capsys, repo, *ADD_KARI)
    step = head(repo)
    ok(capsys, repo, "council", "end", "anestesiologi", "Sara Grønning", "--to", "2026-12-31",
       "--by", "RegUt HMN", "--as-of", AS_OF, "--allow-gap")  # fmt: skip
    return step


def _plain_commit(capsys: pytest.CaptureFixture[str], repo: Path) -> str:
    text = read(repo, P009).decode()
    (repo / P009).write_text(text.replace("title:", "title: (utkast)", 1), encoding="utf-8")
    return commit_all(repo, "Retter tittelen")


def _clobbered(capsys: pytest.CaptureFixture[str], repo: Path) -> str:
    """A later plain commit edits a line the step added."""
    ok(capsys, repo, *ADD_KARI)
    step = head(repo)
    text = read(repo, ANE_HMN).decode()
    (repo / ANE_HMN).write_text(text.replace("role: observer", "role: observer # ny"), "utf-8")
    commit_all(repo, "Kommentar")
    return step


def _git_reverted(capsys: pytest.CaptureFixture[str], repo: Path) -> str:
    ok(capsys, repo, *ADD_KARI)
    step = head(repo)
    git(repo, "revert", "--no-edit", "HEAD")
    return step


def _meeting_new(capsys: pytest.CaptureFixture[str], repo: Path) -> str:
    ok(capsys, repo, "meeting", "new", "urologi", "--region", "hso", "--date", "2026-12-03")
    return head(repo)


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        pytest.param(_later_step, "is no longer the latest step on anestesiologi/hmn", id="later"),
        pytest.param(_plain_commit, "is not a recorded step", id="plain-commit"),
        pytest.param(lambda _c, _r: "0123456789abcdef", "no commit 0123456789abcdef", id="unknown"),
        pytest.param(_clobbered, f"{ANE_HMN} changed since", id="clobbered"),
        pytest.param(_git_reverted, "there is nothing to revert", id="git-reverted"),
        pytest.param(_meeting_new, "records meeting.new", id="meeting-new"),
        pytest.param(lambda _c, r: first(r), "is not a recorded step", id="first-commit"),
    ],
)
def test_refusals_change_nothing(
    capsys: pytest.CaptureFixture[str], repo_id: Path, setup: object, expected: str
) -> None:
    rev = setup(capsys, repo_id)  # type: ignore[operator]
    before = Snapshot.of(repo_id)
    code, out, err = revert(capsys, repo_id, rev)
    assert code == 1, out + err
    assert err.startswith("error: ") and expected in err
    assert "\nhint: " in err or expected == "there is nothing to revert"
    assert out == ""
    assert Snapshot.of(repo_id) == before


def test_a_step_already_reverted_is_refused(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    ok(capsys, repo_id, *ADD_KARI)
    step = head(repo_id)
    ok(capsys, repo_id, "revert", step, "--reason", "Feil person")
    before = Snapshot.of(repo_id)
    code, _out, err = revert(capsys, repo_id, step)
    assert code == 1 and f"{step[:10]} was already undone by {head(repo_id)[:10]}" in err
    code, _out, err = revert(capsys, repo_id, "HEAD")
    assert code == 1 and "is itself a revert" in err
    assert Snapshot.of(repo_id) == before


# -- hand-made reverts -----------------------------------------------------------------------


def _hand_revert(repo: Path, step: str, target: str = "anestesiologi/hmn") -> str:
    return commit_all(
        repo,
        f"revert({target}): by hand\n\nFeil person\n\n"
        f"Regraad-Action: revert\nRegraad-Reverts: {step}\n"
        f"Regraad-Council: {target}\nRegraad-By: RegUt HMN\n",
    )


def test_a_hand_made_revert_that_is_not_the_inverse_fails_verify(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    before = read(repo_id, ANE_HMN).decode()
    ok(capsys, repo_id, *ADD_KARI)
    step = head(repo_id)
    # Kari goes, but Silje Aune's membership is ended on the way
    (repo_id / ANE_HMN).write_text(
        before.replace("    from: 2018-11-01\n    to: 2024-08-31\n", "    from: 2018-11-01\n", 1),
        encoding="utf-8",
    )
    assert read(repo_id, ANE_HMN).decode() != before
    revert_sha = _hand_revert(repo_id, step)
    code, out = verify(capsys, repo_id)
    assert code == 1
    assert f"✗ {revert_sha[:10]} revert(anestesiologi/hmn): by hand" in out
    assert f"does not undo {step[:10]} exactly" in out


def test_a_hand_made_revert_of_a_step_that_is_not_the_latest_fails_verify(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    before = read(repo_id, ANE_HMN).decode()
    step = _later_step(capsys, repo_id)
    # Kari's lines taken out, Sara Grønning's end kept
    now = read(repo_id, ANE_HMN).decode()
    start = now.index("  - name: Kari Nordvik")
    end = now.index("  - name:", start + 1) if "  - name:" in now[start + 1 :] else len(now)
    (repo_id / ANE_HMN).write_text(now[:start] + now[end:], encoding="utf-8")
    assert "Kari Nordvik" not in read(repo_id, ANE_HMN).decode()
    assert read(repo_id, ANE_HMN).decode() != before  # Sara Grønning's end is kept
    _hand_revert(repo_id, step)
    code, out = verify(capsys, repo_id)
    assert code == 1
    assert f"reverts {step[:10]}, which is no longer the latest step" in out


def test_a_revert_naming_a_plain_commit_fails_verify(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    before = read(repo_id, ANE_HMN)
    ok(capsys, repo_id, *ADD_KARI)
    (repo_id / ANE_HMN).write_bytes(before)
    _hand_revert(repo_id, first(repo_id))
    code, out = verify(capsys, repo_id)
    assert code == 1
    assert (
        f"reverts {first(repo_id)[:10]}, which is not a recorded step on anestesiologi/hmn" in out
    )


# -- a case step ------------------------------------------------------------------------------


def test_a_case_escalated_too_early_is_reverted_and_verifies(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    """A case is governed like a proposal: its last step (an escalation sent before the
    council had met) is undone by one revert commit that audit accepts; its first step
    (the case's file) is refused, as a proposal's is."""
    case = ("--region", "hmn", "--kind", "disagreement", "--subject", "Rekkefølge",
            "--trust", "hmr", "--trust", "stolav", "--as-of", AS_OF)  # fmt: skip
    out = ok(capsys, repo_id, "case", "new", "anestesiologi", *case)
    ref = out.split("case(", 1)[1].split(")", 1)[0]
    path = f"data/specialties/{ref.replace('/', '/cases/')}.yaml"
    opened = read(repo_id, path)
    ok(capsys, repo_id, "case", "escalate", ref, "--to", "fagdirektormote", "--as-of", AS_OF)
    assert b"state: escalated" in read(repo_id, path)
    ok(capsys, repo_id, "revert", "HEAD", "--reason", "Rådet har ikke behandlet saken ennå")
    assert read(repo_id, path) == opened
    assert "Regraad-Case: " + ref in git(repo_id, "log", "-1", "--format=%B")
    assert verify(capsys, repo_id)[0] == 0
    code, _out, err = run(capsys, repo_id, "revert", "HEAD~2", "--reason", "Feil sak")
    assert code == 1 and "reverting it would delete the file" in err
