"""`regraad council`: membership changes as single honest commits, on real git repositories."""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import AS_OF, git
from .repostate import Snapshot

ANE_HMN = "data/specialties/anestesiologi/councils/hmn.yaml"
URO_HSO = "data/specialties/urologi/councils/hso.yaml"
URO_HMN = "data/specialties/urologi/councils/hmn.yaml"


@pytest.fixture
def repo_id(repo: Path) -> Path:
    """The example repository with a git identity in its own config (in-process commits)."""
    git(repo, "config", "user.name", "Test Koordinator")
    git(repo, "config", "user.email", "koordinator@example.org")
    return repo


def council(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "council", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def status(repo: Path) -> str:
    return git(repo, "status", "--porcelain")


def message(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "log", "-1", "--format=%B", rev)


def changed_files(repo: Path, rev: str = "HEAD") -> list[str]:
    return git(repo, "show", "--name-only", "--format=", rev).split()


def councils(repo: Path) -> dict[str, bytes]:
    return {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in sorted((repo / "data/specialties").glob("*/councils/*.yaml"))
    }


def snapshot(repo: Path) -> tuple[str, str, dict[str, bytes]]:
    """What a refused command must leave exactly as it was."""
    return status(repo), head(repo), councils(repo)


def error_set(capsys: pytest.CaptureFixture[str], root: Path, as_of: str) -> set[tuple[str, str]]:
    main(["--root", str(root), "validate", "--format", "json", "--as-of", as_of])
    report = json.loads(capsys.readouterr().out)
    return {(f["rule"], f["message"]) for f in report["findings"] if f["severity"] == "error"}


ADD_KARI = (
    "add",
    "anestesiologi",
    "--region",
    "hmn",
    "--name",
    "Kari Nordvik",
    "--trust",
    "hmr",
    "--site",
    "alesund",
    "--role",
    "observer",
    "--title",
    "overlege",
    "--specialist",
    "--from",
    "2026-11-01",
    "--as-of",
    AS_OF,
)
KARI_LINES = (
    "  - name: Kari Nordvik\n"
    "    trust: hmr\n"
    "    site: alesund\n"
    "    role: observer\n"
    "    title: overlege\n"
    "    specialist: true\n"
    "    from: 2026-11-01\n"
)
END_ENGEN = ("end", "urologi", "Thomas Engen", "--to", "2026-12-31", "--as-of", AS_OF)


# -- the three changes ------------------------------------------------------------------------


def test_add_is_one_commit_with_its_trailers(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    before = head(repo_id)
    code, out, err = council(
        capsys, repo_id, *ADD_KARI, "--by", "RegUt HMN", "--note", "Oppnevnt av klinikksjef."
    )
    assert code == 0, err
    assert git(repo_id, "rev-parse", "HEAD~1").strip() == before
    assert (
        out.startswith("[") and "council(anestesiologi/hmn): Kari Nordvik joins as observer" in out
    )
    assert head(repo_id).startswith(out[1:11])
    assert message(repo_id) == (
        "council(anestesiologi/hmn): Kari Nordvik joins as observer\n\n"
        "Oppnevnt av klinikksjef.\n\n"
        "Regraad-Action: council.add\n"
        "Regraad-Council: anestesiologi/hmn\n"
        "Regraad-Member: Kari Nordvik\n"
        "Regraad-To: observer\n"
        "Regraad-By: RegUt HMN\n\n"
    )
    assert changed_files(repo_id) == [ANE_HMN]
    assert status(repo_id) == ""
    text = (repo_id / ANE_HMN).read_text(encoding="utf-8")
    assert KARI_LINES + "    note: Oppnevnt av klinikksjef.\n" in text


def test_by_defaults_to_the_repositorys_user_name(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    assert council(capsys, repo_id, *ADD_KARI)[0] == 0
    assert message(repo_id).endswith("Regraad-To: observer\nRegraad-By: Test Koordinator\n\n")
    assert "\n\n\n" not in message(repo_id)  # no body without --note


def test_by_is_unknown_without_a_user_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from regraad.cli.council_cmd import _who

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    assert _who(tmp_path, None) == "unknown"
    assert _who(tmp_path, " RegUt HSØ ") == "RegUt HSØ"


def test_end_sets_to_and_the_reason_on_the_active_membership(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    before = (repo_id / URO_HSO).read_text(encoding="utf-8")
    code, out, err = council(capsys, repo_id, *END_ENGEN, "--reason", "Ferdig spesialist.")
    assert code == 0, err
    assert "council(urologi/hso): Thomas Engen leaves (lis-rep)" in out
    assert message(repo_id) == (
        "council(urologi/hso): Thomas Engen leaves (lis-rep)\n\n"
        "Ferdig spesialist.\n\n"
        "Regraad-Action: council.end\n"
        "Regraad-Council: urologi/hso\n"
        "Regraad-Member: Thomas Engen\n"
        "Regraad-From: lis-rep\n"
        "Regraad-By: Test Koordinator\n\n"
    )
    assert changed_files(repo_id) == [URO_HSO]
    assert status(repo_id) == ""
    after = (repo_id / URO_HSO).read_text(encoding="utf-8")
    assert after == before.replace(
        "    from: 2025-09-01\n",
        "    from: 2025-09-01\n    to: 2026-12-31\n    note: Ferdig spesialist.\n",
    )


def test_hso_election_of_a_deputy_keeps_history_and_validates(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    """Another member is elected deputy from 1 Dec and the deputy steps down to member:
    one handover, because in two steps each half would leave HSØ with no deputy or two."""
    errors_before = error_set(capsys, repo_id, "2026-12-01")
    start = head(repo_id)
    before = snapshot(repo_id)
    code, _out, err = council(
        capsys, repo_id, "role", "urologi", "Marte Bakken", "member", "--from", "2026-12-01"
    )
    assert code == 1  # the first half alone: no deputy from 1 December
    assert "invalid from 2026-12-01" in err and "C-DEPUTY" in err
    assert snapshot(repo_id) == before
    code, out, err = council(
        capsys,
        repo_id,
        "role",
        "urologi",
        "Ola Haugland",
        "deputy",
        "--from",
        "2026-12-01",
        "--replaces",
        "Marte Bakken",
        "--note",
        "Valgt til nestleder i rådsmøtet.",
        "--as-of",
        AS_OF,
    )
    assert code == 0, err
    assert "council(urologi/hso): Ola Haugland member → deputy, Marte Bakken deputy → member" in out
    assert git(repo_id, "rev-list", "--count", f"{start}..HEAD").strip() == "1"
    assert message(repo_id) == (
        "council(urologi/hso): Ola Haugland member → deputy, Marte Bakken deputy → member\n\n"
        "Valgt til nestleder i rådsmøtet.\n\n"
        "Regraad-Action: council.role\n"
        "Regraad-Council: urologi/hso\n"
        "Regraad-Member: Ola Haugland\n"
        "Regraad-From: member\n"
        "Regraad-To: deputy\n"
        "Regraad-Replaces: Marte Bakken\n"
        "Regraad-By: Test Koordinator\n\n"
    )
    assert changed_files(repo_id) == [URO_HSO]
    assert status(repo_id) == ""

    from regraad.load.yamlparse import parse_text

    members = parse_text((repo_id / URO_HSO).read_text(encoding="utf-8")).data["members"]
    ola = [m for m in members if m["name"] == "Ola Haugland"]
    assert ola[0]["role"] == "member" and ola[0]["to"] == "2026-11-30"
    assert ola[0]["note"] == "Valgt til nestleder i rådsmøtet."
    assert ola[1] == {
        "name": "Ola Haugland",
        "trust": "vestre-viken",
        "site": "drammen",
        "role": "deputy",
        "title": "overlege",
        "specialist": True,
        "email": "ola.haugland@vestreviken.no",
        "github": "olahaugland",
        "from": "2026-12-01",
    }
    marte = [m for m in members if m["name"] == "Marte Bakken"]
    assert [(m["role"], m["from"], m.get("to")) for m in marte] == [
        ("member", "2023-09-01", "2026-03-11"),
        ("deputy", "2026-03-12", "2026-11-30"),
        ("member", "2026-12-01", None),
    ]
    assert error_set(capsys, repo_id, "2026-12-01") <= errors_before
    assert main(["--root", str(repo_id), "validate", "--as-of", "2026-12-01"]) == 0
    capsys.readouterr()


def test_role_change_carries_a_planned_end_over(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    assert council(capsys, repo_id, *END_ENGEN)[0] == 0
    code, _out, err = council(
        capsys, repo_id, "role", "urologi", "Thomas Engen", "observer", "--from", "2026-12-01"
    )
    assert code == 0, err
    text = (repo_id / URO_HSO).read_text(encoding="utf-8")
    assert text.endswith(
        "    to: 2026-11-30\n"
        "  - name: Thomas Engen\n"
        "    trust: vestre-viken\n"
        "    site: drammen\n"
        "    role: observer\n"
        "    title: lege i spesialisering\n"
        "    specialist: false\n"
        "    email: thomas.engen@vestreviken.no\n"
        "    from: 2026-12-01\n"
        "    to: 2026-12-31\n"
    )


# -- editing in place ------------------------------------------------------------------------

HAND_WRITTEN = """\
# yaml-language-server: $schema=../../../../schemas/council.schema.json
# Regionalt råd for LIS-utdanning i anestesiologi (HMN).   Skrevet for hånd.

specialty: anestesiologi   # faget
region: 'hmn'
established: 2018-11-01

members:
  # Leder fra St. Olavs etter mandatet.
  - name: Ingrid Sæther Bakken
    trust: stolav      # regionsykehuset
    site: trondheim
    role: leader
    title: "overlege"
    specialist: true
    from: 2023-01-01

  # Medlemmer, ett per HF
  - {name: Håkon Rønneberg, trust: hmr, site: alesund, role: member,
     title: overlege, specialist: true, from: 2018-11-01}
  - name: Eirik Fossum
    trust: hnt
    site: levanger
    role: member
    title: overlege
    specialist: true
    from: 2024-09-01   # meldt til RegUt HMN 2024-08-22

  # Tillitsvalgt (Ylf)
  - name: Sara Grønning
    trust: hmr
    site: molde
    role: union-rep
    title: lege i spesialisering
    specialist: false
    union: Ylf
    from: 2025-01-01  # oppnevnt av Ylf
    # (ingen GitHub-bruker ennå)

# Møtes tre ganger i året.
note: >-
  Endringer i medlemskap
  meldes til RegUt HMN.
# slutt
"""


def test_add_keeps_a_hand_written_file_byte_for_byte(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    (repo_id / ANE_HMN).write_text(HAND_WRITTEN, encoding="utf-8")
    git(repo_id, "commit", "-qam", "Hand-written council")
    assert main(["--root", str(repo_id), "validate", "--as-of", AS_OF, str(repo_id / ANE_HMN)]) == 0
    capsys.readouterr()

    code, _out, err = council(capsys, repo_id, *ADD_KARI)
    assert code == 0, err
    after = (repo_id / ANE_HMN).read_text(encoding="utf-8")
    old, new = HAND_WRITTEN.splitlines(keepends=True), after.splitlines(keepends=True)
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    changes = [op for op in ops if op[0] != "equal"]
    assert len(changes) == 1 and changes[0][0] == "insert"
    _tag, i1, _i2, j1, j2 = changes[0]
    assert "".join(new[j1:j2]) == KARI_LINES
    assert old[i1 - 1] == "    from: 2025-01-01  # oppnevnt av Ylf\n"
    assert old[i1] == "    # (ingen GitHub-bruker ennå)\n"
    assert after == "".join(old[:i1]) + KARI_LINES + "".join(old[i1:])
    assert changed_files(repo_id) == [ANE_HMN]


def test_a_crlf_file_with_a_bom_stays_crlf(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    """Files saved on Windows keep their line breaks: no mixed endings after an edit."""
    path = repo_id / URO_HSO
    original = "\ufeff" + path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(original.encode("utf-8"))
    git(repo_id, "commit", "-qam", "CRLF")
    code, _out, err = council(capsys, repo_id, *END_ENGEN, "--reason", "Ferdig.")
    assert code == 0, err
    after = path.read_bytes().decode("utf-8")
    assert after.startswith("\ufeff# yaml-language-server")
    assert after.count("\n") == after.count("\r\n") == original.count("\r\n") + 2
    assert after.endswith("    from: 2025-09-01\r\n    to: 2026-12-31\r\n    note: Ferdig.\r\n")


def test_a_staged_unrelated_file_stays_staged_and_out_of_the_commit(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    (repo_id / "notes.txt").write_text("utkast til referat\n", encoding="utf-8")
    git(repo_id, "add", "notes.txt")
    (repo_id / "scratch.txt").write_text("ikke lagt til\n", encoding="utf-8")
    code, _out, err = council(capsys, repo_id, *ADD_KARI)
    assert code == 0, err
    assert changed_files(repo_id) == [ANE_HMN]
    assert git(repo_id, "diff", "--cached", "--name-only").split() == ["notes.txt"]
    assert status(repo_id) == "A  notes.txt\n?? scratch.txt\n"


def test_add_creates_a_council_that_does_not_exist_yet(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    assert not (repo_id / URO_HMN).exists()
    args = ("--title", "overlege", "--specialist", "--from", "2026-11-01", "--as-of", AS_OF)
    code, _out, err = council(
        capsys, repo_id, "add", "urologi", "--region", "hmn", "--name", "Per Hansen",
        "--trust", "stolav", "--site", "trondheim", "--role", "member", *args,
    )  # fmt: skip
    assert code == 0, err
    assert (repo_id / URO_HMN).read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../../../schemas/council.schema.json\n"
        "specialty: urologi\n"
        "region: hmn\n"
        "members:\n"
        "  - name: Per Hansen\n"
        "    trust: stolav\n"
        "    site: trondheim\n"
        "    role: member\n"
        "    title: overlege\n"
        "    specialist: true\n"
        "    from: 2026-11-01\n"
    )
    assert changed_files(repo_id) == [URO_HMN]
    assert "Regraad-Council: urologi/hmn\n" in message(repo_id)
    # a council being built up may still lack a leader, but not hold a wrong member
    before = snapshot(repo_id)
    code, _out, err = council(
        capsys, repo_id, "add", "urologi", "--region", "hmn", "--name", "Ole Vest",
        "--trust", "helse-bergen", "--role", "member", *args,
    )  # fmt: skip
    assert code == 1
    assert "C-TRUSTS Ole Vest represents helse-bergen, which is not in region hmn" in err
    assert snapshot(repo_id) == before


def test_a_new_council_is_built_up_member_by_member(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    """Its gaps (no deputy yet, trusts without a member) do not block the next member."""
    git(repo_id, "rm", "-q", URO_HSO)
    git(repo_id, "commit", "-qm", "Before the council was set up")
    common = ("--title", "overlege", "--specialist", "--from", "2026-03-12", "--as-of", AS_OF)
    for name, trust, role in (
        ("Ingrid Solheim", "ahus", "leader"),
        ("Erik Vangen", "ous", "member"),
    ):
        code, _out, err = council(
            capsys, repo_id, "add", "urologi", "--region", "hso", "--name", name,
            "--trust", trust, "--role", role, *common,
        )  # fmt: skip
        assert code == 0, err
    errors = error_set(capsys, repo_id, AS_OF)
    assert (
        "C-TRUSTS",
        "innlandet offers urologi but has no active member in the council",
    ) in errors
    assert not any("ous offers" in message for _rule, message in errors)


# -- options ---------------------------------------------------------------------------------


def test_dry_run_prints_the_diff_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    before = snapshot(repo_id)
    code, out, err = council(capsys, repo_id, *ADD_KARI, "--dry-run")
    assert code == 0, err
    assert out.startswith(f"--- a/{ANE_HMN}\n+++ b/{ANE_HMN}\n@@ ")
    assert "+  - name: Kari Nordvik\n+    trust: hmr\n" in out
    assert snapshot(repo_id) == before


def test_no_commit_edits_without_committing(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    before = head(repo_id)
    code, out, err = council(capsys, repo_id, *END_ENGEN, "--no-commit")
    assert code == 0, err
    assert out == f"edited {URO_HSO} (not committed)\n"
    assert head(repo_id) == before
    assert status(repo_id) == f" M {URO_HSO}\n"
    assert "    to: 2026-12-31\n" in (repo_id / URO_HSO).read_text(encoding="utf-8")


def test_branch_puts_the_commit_on_a_new_branch(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    main_head = head(repo_id)
    code, out, err = council(capsys, repo_id, *END_ENGEN, "--branch", "rad/engen-slutter")
    assert code == 0, err
    assert " on branch rad/engen-slutter] council(urologi/hso): Thomas Engen leaves" in out
    assert git(repo_id, "symbolic-ref", "--short", "HEAD").strip() == "rad/engen-slutter"
    assert git(repo_id, "rev-parse", "main").strip() == main_head
    assert git(repo_id, "rev-parse", "rad/engen-slutter~1").strip() == main_head
    assert changed_files(repo_id) == [URO_HSO]
    assert status(repo_id) == ""


def test_a_failed_signature_leaves_no_branch_behind(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    git(repo_id, "config", "gpg.program", "false")  # signing always fails
    before = snapshot(repo_id)
    code, out, err = council(capsys, repo_id, *END_ENGEN, "--sign", "--branch", "rad/signert")
    assert code == 1
    assert "git refused the commit" in err and out == ""
    assert git(repo_id, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert git(repo_id, "branch", "--list", "rad/signert") == ""
    assert snapshot(repo_id) == before


# -- refusals --------------------------------------------------------------------------------


def _dirty_target(repo: Path) -> None:
    with (repo / URO_HSO).open("a", encoding="utf-8") as handle:
        handle.write("# uferdig endring\n")


def _conflict(repo: Path, command: list[str]) -> None:
    """A real conflict on an unrelated file, left in progress."""
    (repo / "notes.txt").write_text("a\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "-qm", "notes")
    git(repo, "switch", "-qc", "annen")
    (repo / "notes.txt").write_text("annen\n", encoding="utf-8")
    git(repo, "commit", "-qam", "annen")
    git(repo, "switch", "-q", "main")
    (repo / "notes.txt").write_text("main\n", encoding="utf-8")
    git(repo, "commit", "-qam", "main")
    proc = subprocess.run(
        ["git", "-C", str(repo), *command], capture_output=True, text=True, check=False
    )
    assert proc.returncode != 0, proc.stdout


def _lock(repo: Path) -> None:
    (repo / ".git" / "index.lock").write_bytes(b"")


def _no_identity(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "config", "--unset", "user.name")
    git(repo, "config", "--unset", "user.email")
    git(repo, "config", "user.useConfigOnly", "true")  # never guess from the host name
    monkeypatch.setenv("HOME", str(repo.parent / "home"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(repo.parent / "no-global-config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME"):
        monkeypatch.delenv(var, raising=False)
    for var in ("GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(var, raising=False)


Setup = Callable[[Path, pytest.MonkeyPatch], None]


def _none(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pass


REFUSALS: list[tuple[str, Setup, tuple[str, ...], str]] = [
    ("unknown specialty", _none, ("end", "urolgi", "Thomas Engen"), "unknown specialty 'urolgi'"),
    (
        "unknown region",
        _none,
        ("add", "urologi", "--region", "hx", "--name", "A B", "--trust", "ous", "--role", "member"),
        "unknown region 'hx'",
    ),
    (
        "unknown trust",
        _none,
        (
            "add",
            "urologi",
            "--region",
            "hso",
            "--name",
            "A B",
            "--trust",
            "nosuch",
            "--role",
            "observer",
            "--as-of",
            AS_OF,
        ),
        "REF unknown trust 'nosuch'",
    ),
    (
        "unknown member",
        _none,
        ("end", "urologi", "Ukjent Person", "--region", "hso"),
        "no member named 'Ukjent Person' in urologi/hso",
    ),
    (
        "no active membership",
        _none,
        ("end", "anestesiologi", "Silje Aune", "--to", AS_OF),
        "Silje Aune has no active membership in the anestesiologi councils on " + AS_OF,
    ),
    (
        "already active in the council",
        _none,
        (
            "add",
            "urologi",
            "--region",
            "hso",
            "--name",
            "Ola Haugland",
            "--trust",
            "vestre-viken",
            "--role",
            "observer",
            "--from",
            "2026-11-01",
        ),
        "Ola Haugland is already in the urologi/hso council as member (from 2021-04-15)",
    ),
    (
        "a second leader",
        _none,
        (
            "add",
            "urologi",
            "--region",
            "hso",
            "--name",
            "Ny Leder",
            "--trust",
            "ous",
            "--role",
            "leader",
            "--title",
            "overlege",
            "--specialist",
            "--from",
            "2026-11-01",
            "--as-of",
            AS_OF,
        ),
        "C-LEADER Ny Leder is a second active leader (also Ingrid Solheim)",
    ),
    (
        "the role the member already has",
        _none,
        ("role", "urologi", "Ola Haugland", "member"),
        "Ola Haugland is already member in urologi/hso",
    ),
    (
        "a role change on the day the membership starts",
        _none,
        ("role", "urologi", "Ingrid Solheim", "member", "--from", "2026-03-12"),
        "Ingrid Solheim's membership as leader in urologi/hso starts on 2026-03-12",
    ),
    (
        "end on the day it already ends",
        _none,
        ("end", "urologi", "Erik Vangen", "--to", "2026-03-11"),
        "Erik Vangen's membership in urologi/hso already ends on 2026-03-11",
    ),
    (
        "uncommitted changes in the target file",
        lambda repo, _mp: _dirty_target(repo),
        END_ENGEN,
        f"{URO_HSO} has uncommitted changes",
    ),
    (
        "merge in progress",
        lambda repo, _mp: _conflict(repo, ["merge", "-q", "annen"]),
        END_ENGEN,
        "a merge is in progress",
    ),
    (
        "rebase in progress",
        lambda repo, _mp: _conflict(repo, ["rebase", "-q", "annen"]),
        END_ENGEN,
        "a rebase",
    ),
    (
        "cherry-pick in progress",
        lambda repo, _mp: _conflict(repo, ["cherry-pick", "annen"]),
        END_ENGEN,
        "a cherry-pick is in progress",
    ),
    ("no git identity", _no_identity, END_ENGEN, "git does not know who you are"),
    (
        "locked index",
        lambda repo, _mp: _lock(repo),
        END_ENGEN,
        "the git index is locked (index.lock exists)",
    ),
]


@pytest.mark.parametrize(
    ("setup", "args", "expected"),
    [pytest.param(s, a, e, id=name) for name, s, a, e in REFUSALS],
)
def test_refusals_change_nothing(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    repo_id: Path,
    setup: Setup,
    args: tuple[str, ...],
    expected: str,
) -> None:
    setup(repo_id, monkeypatch)
    before = snapshot(repo_id)
    code, out, err = council(capsys, repo_id, *args)
    assert code == 1, (out, err)
    assert err.startswith("error: ")
    assert expected in err
    assert out == ""
    assert snapshot(repo_id) == before


def test_no_identity_setup_really_has_no_identity(
    monkeypatch: pytest.MonkeyPatch, repo_id: Path
) -> None:
    _no_identity(repo_id, monkeypatch)
    proc = subprocess.run(
        ["git", "-C", str(repo_id), "var", "GIT_AUTHOR_IDENT"], capture_output=True, check=False
    )
    assert proc.returncode != 0


def test_a_name_active_in_several_regions_needs_region(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    code, _out, err = council(
        capsys, repo_id, "add", "urologi", "--region", "hmn", "--name", "Erik Vangen",
        "--trust", "stolav", "--role", "leader", "--title", "overlege", "--specialist",
        "--from", "2026-11-01", "--as-of", AS_OF,
    )  # fmt: skip
    assert code == 0, err
    before = snapshot(repo_id)
    code, out, err = council(capsys, repo_id, "end", "urologi", "Erik Vangen", "--as-of", AS_OF)
    assert code == 2
    assert "Erik Vangen is an active member of several urologi councils: hmn, hso" in err
    assert "--region" in err
    assert snapshot(repo_id) == before
    args = ("end", "urologi", "Erik Vangen", "--region", "hmn", "--to", AS_OF)
    code, out, err = council(capsys, repo_id, *args)
    assert code == 1  # the council would have no leader from tomorrow
    assert "C-LEADER from 2026-11-23: the council has no active leader" in err
    assert snapshot(repo_id) == before
    code, out, err = council(capsys, repo_id, *args, "--allow-gap")
    assert code == 0, err
    assert "council(urologi/hmn): Erik Vangen leaves (leader)" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("end", "urologi", "Thomas Engen", "--to", "2026-13-01"), "--to: '2026-13-01'"),
        (("role", "urologi", "Ola Haugland", "chief"), "'chief' is not one of"),
        (("add", "urologi", "--region", "hso", "--name", "X"), "missing option"),
        (("end", "urologi", "Thomas Engen", "--as-of", "i morgen"), "--as-of: 'i morgen'"),
    ],
)
def test_usage_errors_exit_2_and_change_nothing(
    capsys: pytest.CaptureFixture[str], repo_id: Path, args: tuple[str, ...], expected: str
) -> None:
    before = snapshot(repo_id)
    code, _out, err = council(capsys, repo_id, *args)
    assert code == 2
    assert expected in err
    assert snapshot(repo_id) == before


# -- list ------------------------------------------------------------------------------------


def test_list_text_is_plain_when_piped(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, out, err = council(capsys, repo, "list", "anestesiologi", "--as-of", AS_OF)
    assert code == 0, err
    assert out == (
        "anestesiologi/hmn: 4 active members on 22 November 2026\n"
        "  role                  name                  trust   site       from        to\n"
        "  leader                Ingrid Sæther Bakken  stolav  trondheim  2023-01-01\n"
        "  member                Håkon Rønneberg       hmr     alesund    2018-11-01\n"
        "  member                Eirik Fossum          hnt     levanger   2024-09-01\n"
        "  union representative  Sara Grønning         hmr     molde      2025-01-01\n"
    )
    assert "\x1b[" not in out


def test_list_all_shows_history_oldest_first(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    code, out, _err = council(capsys, repo, "list", "urologi", "--region", "hso", "--all")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "urologi/hso: 14 memberships"
    assert lines[2].split() == [
        "leader",
        "Erik",
        "Vangen",
        "ous",
        "aker",
        "2021-04-15",
        "2026-03-11",
    ]
    assert lines[-1].split()[-1] == "2026-03-12"  # the latest start last, still open


def test_list_json(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, out, _err = council(
        capsys, repo, "list", "--region", "hso", "-f", "json", "--as-of", AS_OF
    )
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == AS_OF and data["all"] is False
    # the HSØ councils: the national one HSØ runs, urologi, and the goal-set council for FKM
    assert [(c["specialty"], c["goalset"], c["region"], c["scope"]) for c in data["councils"]] == [
        ("klinisk-farmakologi", None, "hso", "national"),
        ("urologi", None, "hso", "regional"),
        (None, "FKM", "hso", "regional"),
    ]
    uro = data["councils"][1]
    assert uro["path"] == URO_HSO
    assert [m["role"] for m in uro["members"]] == [
        "leader", "deputy", "member", "member", "member", "union-rep", "lis-rep", "observer",
    ]  # fmt: skip
    assert uro["members"][0] == {
        "name": "Ingrid Solheim",
        "role": "leader",
        "trust": "ahus",
        "site": "nordbyhagen",
        "title": "overlege",
        "from": "2026-03-12",
        "to": None,
        "active": True,
        "note": None,
    }


def test_list_as_of_an_earlier_date(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, out, _err = council(
        capsys, repo, "list", "urologi", "-f", "json", "--as-of", "2025-01-01"
    )
    assert code == 0
    members = json.loads(out)["councils"][0]["members"]
    assert [m["name"] for m in members if m["role"] in ("leader", "deputy")] == [
        "Erik Vangen",
        "Kjersti Lunde",
    ]


def test_list_uses_a_rich_table_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, repo: Path
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _err = council(capsys, repo, "list", "anestesiologi", "--as-of", AS_OF)
    assert code == 0
    assert "anestesiologi/hmn: 4 active members on 22 November 2026" in out
    assert "┃ role" in out and "│ Ingrid Sæther" in out  # the name wraps at a space
    assert "│ union" in out  # roles in words


def test_list_unknown_specialty_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    code, _out, err = council(capsys, repo, "list", "urolgi")
    assert code == 2
    assert "no specialty 'urolgi'" in err


def test_list_names_a_broken_council_instead_of_hiding_it(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    path = repo / URO_HSO
    path.write_text(path.read_text(encoding="utf-8").replace("role: lis-rep", "role: boss"))
    code, out, err = council(capsys, repo, "list", "urologi")
    assert code == 0
    assert f"warning: {URO_HSO} has errors and is not listed" in err
    assert out == "no councils\n"


def test_a_line_break_cannot_forge_a_trailer(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    before = Snapshot.of(repo_id)
    code, out, err = council(
        capsys, repo_id, *END_ENGEN, "--by", "RegUt HSØ\nRegraad-Action: proposal.advance"
    )
    assert code == 2 and out == ""
    assert "--by must be a single line without control characters; it holds \\n" in err
    assert Snapshot.of(repo_id) == before
