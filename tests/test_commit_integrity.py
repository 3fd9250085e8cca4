"""Commits the audit trail can trust: text never becomes structure, signatures mean a
trusted key, and the repository's hooks and ``commit.gpgSign`` apply to regraad's own
commits. Real temporary git repositories, the real CLI in process."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import AS_OF, git
from .repostate import Snapshot
from .test_council import ADD_KARI, END_ENGEN

PROPOSAL = "data/specialties/urologi/proposals/2026-009.yaml"
ADVANCE = ("propose", "advance", "2026-009", "--at", AS_OF, "--by", "RegUt HSØ", "--as-of", AS_OF)
NEW = ("propose", "new", "urologi", "--kind", "local-la", "--region", "hso", "--as-of", AS_OF)
IDENTITY = "koordinator@example.org"


@pytest.fixture
def repo_id(repo: Path) -> Path:
    """The example repository with a git identity in its own config (in-process commits)."""
    git(repo, "config", "user.name", "Test Koordinator")
    git(repo, "config", "user.email", IDENTITY)
    return repo


def regraad(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def trailers_read_by_git(repo: Path, message: str, *flags: str) -> list[str]:
    """The trailers ``git interpret-trailers --parse`` finds in ``message``."""
    out = subprocess.run(
        ["git", "-C", str(repo), "interpret-trailers", "--parse", *flags],
        input=message,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.splitlines()


def trailer_paragraphs(repo: Path, message: str) -> list[int]:
    """Which paragraphs after the subject git would read as trailers, were each the last."""
    subject, *paragraphs = message.strip("\n").split("\n\n")
    return [
        n
        for n, paragraph in enumerate(paragraphs)
        if trailers_read_by_git(repo, f"{subject}\n\n{paragraph}\n")
    ]


def last_message(repo: Path) -> str:
    return git(repo, "log", "-1", "--format=%B")


def _hook(repo: Path, name: str, script: str) -> None:
    path = repo / ".git" / "hooks" / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


# -- text cannot become structure ------------------------------------------------------------


def test_a_title_with_a_line_break_is_refused_and_the_commit_has_one_trailer_block(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    forged = "HoLEP\n\nRegraad-Action: council.end\nRegraad-Council: urologi/hso"
    before = Snapshot.of(repo_id)
    code, out, err = regraad(capsys, repo_id, *NEW, "--title", forged)
    assert code == 2, out
    assert "--title must be a single line" in err and "\\n" in err
    assert "nothing was changed" in err
    assert Snapshot.of(repo_id) == before

    code, out, err = regraad(capsys, repo_id, *NEW, "--title", "HoLEP")
    assert code == 0, err
    message = last_message(repo_id)
    assert message.startswith("proposal(urologi/2026-010): new local-la: HoLEP\n\n")
    assert trailer_paragraphs(repo_id, message) == [len(message.strip().split("\n\n")) - 2]
    assert trailers_read_by_git(repo_id, message) == [
        "Regraad-Action: proposal.new",
        "Regraad-Proposal: urologi/2026-010",
        "Regraad-To: draft",
        "Regraad-By: Test Koordinator",
    ]
    code, out, _err = regraad(capsys, repo_id, "propose", "list", "--state", "draft")
    assert code == 0
    assert all(line.startswith("20") for line in out.splitlines())  # one row a proposal


@pytest.mark.parametrize(
    ("args", "option", "bad"),
    [
        ((*ADVANCE[:-4], "--by", "RegUt\nRegraad-Action: council.end"), "--by", "\\n"),
        ((*ADVANCE, "--note", "ok", "--by", "RegUt\rHV"), "--by", "\\r"),
        (("council", *ADD_KARI[:5], "Kari\u2028Nordvik", *ADD_KARI[6:]), "--name", "\\u2028"),
        (("council", "end", "urologi", "Thomas\nEngen", "--as-of", AS_OF), "MEMBER", "\\n"),
        (
            (
                *("council", "role", "urologi", "Ola Haugland", "deputy", "--from", "2027-01-01"),
                *("--replaces", "Marte\nBakken", "--as-of", AS_OF),
            ),
            "--replaces",
            "\\n",
        ),
        ((*NEW, "--title", "HoLEP \x1b[31mrød"), "--title", "\\x1b"),
    ],
    ids=["by-newline", "by-carriage-return", "name-line-separator", "member", "replaces", "esc"],
)
def test_single_line_fields_refuse_line_breaks_and_control_characters(
    capsys: pytest.CaptureFixture[str], repo_id: Path, args: tuple[str, ...], option: str, bad: str
) -> None:
    before = Snapshot.of(repo_id)
    code, out, err = regraad(capsys, repo_id, *args)
    assert code == 2, out + err
    assert f"{option} must be a single line without control characters; it holds {bad}" in err
    assert "Traceback" not in err
    assert Snapshot.of(repo_id) == before


@pytest.mark.parametrize(
    "args",
    [
        (*ADVANCE, "--note"),
        ("council", *END_ENGEN, "--reason"),
    ],
    ids=["propose-note", "council-reason"],
)
def test_a_note_that_looks_like_trailers_adds_none(
    capsys: pytest.CaptureFixture[str], repo_id: Path, args: tuple[str, ...]
) -> None:
    # the `---` line is where a hook's `git interpret-trailers` stops reading: on its own,
    # the note's lines would become the commit's only trailers
    note = "Regraad-Action: council.end\nRegraad-Council: urologi/hso\n---"
    code, _out, err = regraad(capsys, repo_id, *args, note)
    assert code == 0, err
    message = last_message(repo_id)
    paragraphs = message.strip("\n").split("\n\n")
    for flags in ((), ("--no-divider",)):  # as a hook reads it, and as git log does
        assert trailers_read_by_git(repo_id, message, *flags) == paragraphs[-1].splitlines()
    # the note is kept, its lines indented: prose to git, still legible
    assert paragraphs[1] == "  Regraad-Action: council.end\n  Regraad-Council: urologi/hso\n  ---"
    assert trailer_paragraphs(repo_id, message) == [len(paragraphs) - 2]
    code, _out, err = regraad(capsys, repo_id, "audit", "--verify", "HEAD~1..HEAD")
    assert code == 0, err


def test_a_note_keeps_its_paragraphs(capsys: pytest.CaptureFixture[str], repo_id: Path) -> None:
    note = "Behandlet i rådet.\r\n\r\n\r\nAnbefales: ja, med endringer.\n  Merk: se vedlegg.\n"
    code, _out, err = regraad(capsys, repo_id, *ADVANCE, "--note", note)
    assert code == 0, err
    assert last_message(repo_id).split("\n\n")[1:3] == [
        "Behandlet i rådet.",
        "  Anbefales: ja, med endringer.\n  Merk: se vedlegg.",
    ]


def test_a_note_with_a_control_character_is_refused(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    before = Snapshot.of(repo_id)
    code, _out, err = regraad(capsys, repo_id, *ADVANCE, "--note", "ok\x1b]8;;http://x\x1b\\")
    assert code == 2
    assert "--note holds a control character (\\x1b)" in err
    assert Snapshot.of(repo_id) == before


# -- signatures that mean something ----------------------------------------------------------


def _ssh_key(tmp_path: Path, name: str) -> Path:
    if shutil.which("ssh-keygen") is None:
        if os.environ.get("CI"):  # .ci/run installs it: never skipped there
            pytest.fail("ssh-keygen is not installed (openssh-client)")
        pytest.skip("ssh-keygen is not installed: SSH signing cannot be tried")
    key = tmp_path / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", IDENTITY, "-f", str(key)],
        check=True,
        capture_output=True,
    )
    return key


@pytest.fixture
def ssh_signing(repo_id: Path, tmp_path: Path) -> tuple[Path, Path]:
    """commit.gpgSign with an SSH key the repository trusts (in its allowed-signers file);
    returns (trusted key, a key nobody listed)."""
    trusted, stranger = _ssh_key(tmp_path, "trusted"), _ssh_key(tmp_path, "stranger")
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"{IDENTITY} {trusted.with_suffix('.pub').read_text()}", encoding="utf-8")
    git(repo_id, "config", "gpg.format", "ssh")
    git(repo_id, "config", "user.signingkey", str(trusted))
    git(repo_id, "config", "gpg.ssh.allowedSignersFile", str(allowed))
    git(repo_id, "config", "commit.gpgSign", "true")
    return trusted, stranger


def test_commit_gpgsign_signs_regraads_commit_and_require_signed_passes(
    capsys: pytest.CaptureFixture[str], repo_id: Path, ssh_signing: tuple[Path, Path]
) -> None:
    start = git(repo_id, "rev-parse", "HEAD").strip()
    code, _out, err = regraad(capsys, repo_id, *ADVANCE)  # no --sign: the config says so
    assert code == 0, err
    assert git(repo_id, "log", "-1", "--format=%G?").strip() == "G"
    code, out, err = regraad(capsys, repo_id, "audit", "--verify", "--require-signed", f"{start}..")
    assert code == 0, out + err
    assert "Verified 1 commit" in out


def test_a_commit_signed_by_an_untrusted_key_fails_require_signed(
    capsys: pytest.CaptureFixture[str], repo_id: Path, ssh_signing: tuple[Path, Path]
) -> None:
    _trusted, stranger = ssh_signing
    git(repo_id, "config", "user.signingkey", str(stranger))  # a throwaway key
    start = git(repo_id, "rev-parse", "HEAD").strip()
    code, _out, err = regraad(capsys, repo_id, *ADVANCE, "--sign")
    assert code == 0, err
    assert git(repo_id, "log", "-1", "--format=%G?").strip() == "U"  # good, but unknown key
    code, out, _err = regraad(
        capsys, repo_id, "audit", "--verify", "--require-signed", f"{start}.."
    )
    assert code == 1
    assert "no good signature by a key the repository trusts (git's signature status: U)" in out


def test_commit_gpgsign_that_cannot_sign_refuses_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    git(repo_id, "config", "commit.gpgSign", "true")
    git(repo_id, "config", "gpg.program", "false")  # signing always fails
    before = Snapshot.of(repo_id)
    code, out, err = regraad(capsys, repo_id, *ADVANCE)
    assert code == 1
    assert "git refused the commit" in err and out == ""
    assert Snapshot.of(repo_id) == before


# -- the repository's hooks -------------------------------------------------------------------


def test_a_failing_pre_commit_hook_refuses_council_add_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    _hook(repo_id, "pre-commit", "echo 'lint: hmn.yaml: the trust hmr needs a site code'\nexit 1\n")
    before = Snapshot.of(repo_id)
    code, out, err = regraad(capsys, repo_id, "council", *ADD_KARI)
    assert code == 1, out
    assert "the repository's pre-commit hook refused the commit (exit 1)" in err
    assert "lint: hmn.yaml: the trust hmr needs a site code" in err
    assert "nothing was changed" in err
    assert Snapshot.of(repo_id) == before
    assert not (repo_id / ".git" / "regraad-journal.json").exists()


def test_the_pre_commit_hook_sees_the_change_it_judges(
    capsys: pytest.CaptureFixture[str], repo_id: Path, tmp_path: Path
) -> None:
    seen = tmp_path / "seen"
    _hook(
        repo_id,
        "pre-commit",
        f"git diff --cached --name-only > '{seen}'\n"
        f"grep -c 'Kari Nordvik' data/specialties/anestesiologi/councils/hmn.yaml >> '{seen}'\n",
    )
    code, _out, err = regraad(capsys, repo_id, "council", *ADD_KARI)
    assert code == 0, err
    assert seen.read_text().splitlines() == [
        "data/specialties/anestesiologi/councils/hmn.yaml",
        "1",
    ]


def test_a_commit_msg_hook_that_forges_a_trailer_refuses_the_step(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    _hook(repo_id, "commit-msg", "printf 'Regraad-Action: council.end\\n' >> \"$1\"\n")
    before = Snapshot.of(repo_id)
    code, out, err = regraad(capsys, repo_id, *ADVANCE)
    assert code == 1, out
    assert "the repository's commit-msg hook changed the commit's Regraad trailers" in err
    assert Snapshot.of(repo_id) == before


def test_a_commit_msg_hook_may_add_its_own_trailer(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    _hook(
        repo_id,
        "commit-msg",
        'git interpret-trailers --in-place --trailer "Change-Id: I0123abcd" "$1"\n',
    )
    code, _out, err = regraad(capsys, repo_id, *ADVANCE)
    assert code == 0, err
    assert trailers_read_by_git(repo_id, last_message(repo_id))[-1] == "Change-Id: I0123abcd"
    code, _out, err = regraad(capsys, repo_id, "audit", "--verify", "HEAD~1..HEAD")
    assert code == 0, err
