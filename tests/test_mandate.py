"""A member's mandate (who appointed them, the term, the personal deputy, a seat on the
specialty committee), attendance and apologies at a meeting, and plain decisions; on real
temporary git repositories."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import git
from .repostate import Snapshot

ANE_HMN = "data/specialties/anestesiologi/councils/hmn.yaml"
URO_HSO = "data/specialties/urologi/councils/hso.yaml"
MEETING = "data/specialties/urologi/meetings/2026-12-03-hso.yaml"
REF = "urologi/2026-12-03-hso"


@pytest.fixture
def repo_id(repo: Path) -> Path:
    """The example repository with a git identity in its own config (in-process commits)."""
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    return repo


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ok(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    code, out, err = run(capsys, root, *args)
    assert code == 0, out + err
    return out


def read(repo: Path, path: str) -> str:
    return (repo / path).read_text(encoding="utf-8")


def trailers(repo: Path, rev: str = "HEAD") -> list[tuple[str, str]]:
    out = git(repo, "log", "-1", "--format=%(trailers:only,unfold)", rev)
    pairs = [line.partition(": ") for line in out.splitlines() if ": " in line]
    return [(key, value) for key, _sep, value in pairs]


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def new_meeting(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    ok(capsys, repo, "meeting", "new", "urologi", "--region", "hso", "--date", "2026-12-03")


# -- the mandate -----------------------------------------------------------------------------------


def test_council_add_writes_the_mandate_keeping_comments_and_layout(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    repo = repo_id
    before = read(repo, ANE_HMN)
    # HNT's personal deputy first (an observer), then HNT's new member who names her
    ok(capsys, repo, "council", "add", "anestesiologi", "--region", "hmn",
       "--name", "Lene Vik", "--trust", "hnt", "--site", "levanger", "--role", "observer",
       "--title", "overlege", "--specialist", "--from", "2026-12-01",
       "--appointed-by", "Klinikksjef, Kirurgisk klinikk, HNT")  # fmt: skip
    out = ok(capsys, repo, "council", "add", "anestesiologi", "--region", "hmn",
             "--name", "Kari Nordvik", "--trust", "hmr", "--site", "alesund", "--role", "member",
             "--title", "overlege", "--specialist", "--from", "2027-01-01",
             "--replaces", "Håkon Rønneberg", "--term-to", "2028-12-31",
             "--appointed-by", "Klinikksjef, Klinikk for kirurgi og akuttmedisin, HMR",
             "--alternate", "Lene Vik", "--committee")  # fmt: skip
    assert "Kari Nordvik joins as member, succeeding Håkon Rønneberg (member)" in out
    after = read(repo, ANE_HMN)
    new_entry = (
        "  - name: Kari Nordvik\n"
        "    trust: hmr\n"
        "    site: alesund\n"
        "    role: member\n"
        "    title: overlege\n"
        "    specialist: true\n"
        "    from: 2027-01-01\n"
        "    term_to: 2028-12-31\n"
        "    appointed_by: Klinikksjef, Klinikk for kirurgi og akuttmedisin, HMR\n"
        "    alternate: Lene Vik\n"
        "    specialty_committee: true\n"
    )
    assert new_entry in after
    # lines were only added: every line that was there still is, comments included
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    assert not [line for line in diff if line.startswith("- ")]
    assert "    from: 2018-11-01\n    to: 2026-12-31\n" in after  # the handover
    assert "  # Oppnevnt av klinikksjef i HNT, meldt til RegUt HMN 2024-08-22.\n" in after
    assert after.endswith(new_entry + before[before.index("\nnote: ") + 1 :])
    assert ("Regraad-Action", "council.add") in trailers(repo)
    code, out, err = run(capsys, repo, "validate", "--rule", "C-MANDATE")
    assert code == 0, out + err


def test_a_personal_deputy_must_be_a_real_entry(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    repo = repo_id
    state = Snapshot.of(repo)
    code, out, err = run(capsys, repo, "council", "add", "anestesiologi", "--region", "hmn",
                         "--name", "Kari Nordvik", "--trust", "hmr", "--role", "observer",
                         "--from", "2027-01-01", "--alternate", "Lene Vik")  # fmt: skip
    assert code == 1
    assert "C-MANDATE" in err and "personal deputy Lene Vik is not in this council" in err
    assert Snapshot.of(repo) == state
    # the same mistake made by hand is a finding with a hint at the closest name
    text = read(repo, URO_HSO).replace("alternate: Kristin Dahl", "alternate: Kristin Dal")
    (repo / URO_HSO).write_text(text, encoding="utf-8")
    code, out, err = run(capsys, repo, "validate", "--format", "json")
    assert code == 1, out + err
    found = [f for f in json.loads(out)["findings"] if f["rule"] == "C-MANDATE"]
    assert len(found) == 1
    assert found[0]["path"] == URO_HSO
    assert (
        "Ingrid Solheim's personal deputy Kristin Dal is not in this council" in found[0]["message"]
    )
    assert found[0]["hint"] == "did you mean Kristin Dahl?"


def test_a_term_ending_soon_puts_the_election_on_the_agenda(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    repo = repo_id
    # the 2026–2028 term of leader and deputy ends on 2028-03-11; nobody has left yet
    ok(capsys, repo, "meeting", "new", "urologi", "--region", "hso", "--date", "2027-12-02")
    out = ok(capsys, repo, "meeting", "agenda", "urologi/2027-12-02-hso")
    assert "Valg av leder" in out and "Valg av nestleder" in out
    assert "Ingrid Solheim's term as leader ends on 2028-03-11" in out


# -- attendance ------------------------------------------------------------------------------------


def test_attend_records_present_and_apologies(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    repo = repo_id
    new_meeting(capsys, repo)
    before = read(repo, MEETING)
    out = ok(capsys, repo, "meeting", "attend", "2026-12-03-hso",
             "--present", "Ingrid Solheim", "--present", "marte  bakken",
             "--apologies", "Thomas Engen", "--regut", "Lise Aamodt",
             "--by", "RegUt HSØ")  # fmt: skip
    assert "meeting(urologi/2026-12-03-hso): attendance (3 present, apologies from 1)" in out
    assert read(repo, MEETING) == before + (
        "attendance:\n"
        "  - name: Ingrid Solheim\n"
        "    trust: ahus\n"
        "    role: leader\n"
        "    present: true\n"
        "  - name: Marte Bakken\n"
        "    trust: siv\n"
        "    role: deputy\n"
        "    present: true\n"
        "  - name: Thomas Engen\n"
        "    trust: vestre-viken\n"
        "    role: lis-rep\n"
        "    present: false\n"
        "  - name: Lise Aamodt\n"
        "    trust: ous\n"
        "    role: regut\n"
        "    present: true\n"
    )
    assert trailers(repo) == [
        ("Regraad-Action", "meeting.attend"),
        ("Regraad-Meeting", REF),
        ("Regraad-By", "RegUt HSØ"),
    ]
    # Thomas Engen came after all: his entry is updated, not repeated
    ok(capsys, repo, "meeting", "attend", "2026-12-03-hso", "--present", "Thomas Engen")
    text = read(repo, MEETING)
    assert text.count("Thomas Engen") == 1
    assert "    role: lis-rep\n    present: true\n" in text
    minutes = ok(capsys, repo, "meeting", "minutes", "2026-12-03-hso")
    assert "## Til stede\n\n- Ingrid Solheim, leder (Ahus)\n" in minutes
    assert "## Forfall" not in minutes


def test_attend_refuses_a_name_the_council_does_not_know(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    repo = repo_id
    new_meeting(capsys, repo)
    state = Snapshot.of(repo)
    code, out, err = run(capsys, repo, "meeting", "attend", "2026-12-03-hso",
                         "--present", "Ingrid Solheim", "--apologies", "Ola Hauglan")  # fmt: skip
    assert code == 1, out + err
    assert "Ola Hauglan is not a member of the urologi/hso council" in err
    assert "did you mean Ola Haugland?" in err
    assert Snapshot.of(repo) == state
    # a former member is not a member on the meeting day either
    code, out, err = run(capsys, repo, "meeting", "attend", "2026-12-03-hso",
                         "--present", "Kjersti Lunde")  # fmt: skip
    assert code == 1
    assert "Kjersti Lunde is not in the urologi/hso council on 2026-12-03" in err
    assert Snapshot.of(repo) == state
    # nobody named, or someone twice, is a usage error
    assert run(capsys, repo, "meeting", "attend", "2026-12-03-hso")[0] == 2
    code, _out, err = run(capsys, repo, "meeting", "attend", "2026-12-03-hso",
                          "--present", "Sara Lie", "--apologies", "sara lie")  # fmt: skip
    assert code == 2 and "Sara Lie is named twice" in err
    assert Snapshot.of(repo) == state


def test_a_personal_deputy_attends_for_the_member(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    repo = repo_id
    new_meeting(capsys, repo)
    state = Snapshot.of(repo)
    code, _out, err = run(capsys, repo, "meeting", "attend", "2026-12-03-hso",
                          "--present", "Ingrid Solheim", "--present", "Kristin Dahl")  # fmt: skip
    assert code == 1
    assert "Kristin Dahl attends for Ingrid Solheim, who is present" in err
    assert Snapshot.of(repo) == state
    ok(capsys, repo, "meeting", "attend", "2026-12-03-hso",
       "--apologies", "Ingrid Solheim", "--present", "Kristin Dahl")  # fmt: skip
    assert (
        "  - name: Kristin Dahl\n"
        "    trust: ahus\n"
        "    role: member\n"
        "    present: true\n"
        "    alternate_for: Ingrid Solheim\n"
    ) in read(repo, MEETING)
    minutes = ok(capsys, repo, "meeting", "minutes", "2026-12-03-hso")
    assert "- Kristin Dahl, medlem (Ahus), vara for Ingrid Solheim\n" in minutes
    assert "## Forfall\n\n- Ingrid Solheim, leder (Ahus)\n" in minutes


# -- plain decisions -------------------------------------------------------------------------------


def test_a_plain_decision_is_recorded_before_eventuelt(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    repo = repo_id
    new_meeting(capsys, repo)
    ok(capsys, repo, "meeting", "agenda", REF, "--write")
    agenda = read(repo, MEETING)
    assert agenda.endswith("  - id: 10/26\n    title: Eventuelt\n    kind: information\n")
    out = ok(capsys, repo, "meeting", "decide", "2026-12-03-hso", "note",
             "--title", "Kurs i andrologi",
             "--text", "RegUt HSØ arrangerer kurs i andrologi høsten 2027.",
             "--by", "RegUt HSØ")  # fmt: skip
    assert "meeting(urologi/2026-12-03-hso): decision under 11/26" in out
    assert trailers(repo) == [
        ("Regraad-Action", "meeting.decide"),
        ("Regraad-Meeting", REF),
        ("Regraad-By", "RegUt HSØ"),
    ]
    text = read(repo, MEETING)
    assert (
        "  - id: 11/26\n"
        "    title: Kurs i andrologi\n"
        "    kind: decision\n"
        "  - id: 10/26\n"
        "    title: Eventuelt\n"
        "    kind: information\n"
        "decisions:\n"
        "  - item: 11/26\n"
        "    text: RegUt HSØ arrangerer kurs i andrologi høsten 2027.\n"
    ) in text
    # a second decision under an item already there
    ok(capsys, repo, "meeting", "decide", "2026-12-03-hso", "note", "--item", "8/26",
       "--text", "Orienteringen tas til etterretning.")  # fmt: skip
    assert text + ("  - item: 8/26\n    text: Orienteringen tas til etterretning.\n") == read(
        repo, MEETING
    )
    # the minutes and the agenda list the new item before Eventuelt
    minutes = ok(capsys, repo, "meeting", "minutes", "2026-12-03-hso")
    assert minutes.index("### Sak 11/26: Kurs i andrologi") < minutes.index(
        "### Sak 10/26: Eventuelt"
    )
    assert "**Vedtak:** RegUt HSØ arrangerer kurs i andrologi høsten 2027." in minutes
    code, out, _err = run(capsys, repo, "meeting", "agenda", REF)
    assert code == 0
    listed = [
        line.split()[0] for line in out.splitlines() if line.startswith("  ") and "/26" in line
    ]
    assert listed[-2:] == ["11/26", "10/26"]


def test_a_plain_decision_needs_its_text_and_an_item(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    repo = repo_id
    new_meeting(capsys, repo)
    state = Snapshot.of(repo)
    code, _out, err = run(capsys, repo, "meeting", "decide", REF, "note", "--text", "Vedtatt.")
    assert code == 2 and "--title" in err
    code, _out, err = run(capsys, repo, "meeting", "decide", REF, "note", "--item", "4/26",
                          "--text", "Vedtatt.")  # fmt: skip
    assert code == 1 and "has no agenda item 4/26" in err
    assert Snapshot.of(repo) == state


# -- the audit trail -------------------------------------------------------------------------------


def test_audit_verifies_the_mandate_and_meeting_commands(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    repo = repo_id
    base = head(repo)
    ok(capsys, repo, "council", "add", "urologi", "--region", "hso", "--name", "Per Holm",
       "--trust", "vestre-viken", "--site", "drammen", "--role", "observer",
       "--title", "overlege", "--specialist", "--from", "2026-12-01",
       "--appointed-by", "Klinikksjef, Kirurgisk klinikk, Vestre Viken")  # fmt: skip
    new_meeting(capsys, repo)
    ok(capsys, repo, "meeting", "attend", "2026-12-03-hso", "--present", "Ola Haugland",
       "--apologies", "Ingrid Solheim", "--present", "Kristin Dahl")  # fmt: skip
    ok(capsys, repo, "meeting", "decide", "2026-12-03-hso", "note", "--title", "Neste møte",
       "--text", "Neste møte holdes 18. mars 2027.")  # fmt: skip
    code, out, err = run(capsys, repo, "audit", "--verify", "--format", "json", f"{base}..HEAD")
    assert code == 0, out + err
    result = json.loads(out)
    assert result["verify"] == {"ok": True, "commits": 4, "problems": []}
    assert [(a["action"], a["meeting"]) for a in result["actions"]] == [
        ("council.add", None),
        ("meeting.new", REF),
        ("meeting.attend", REF),
        ("meeting.decide", REF),
    ]


def test_a_new_role_starts_a_new_term(capsys: pytest.CaptureFixture[str], repo_id: Path) -> None:
    """Marte Bakken's term as deputy ends 2028-03-11; handing the role over after that day
    must not carry the deputy's term into her new membership as a member."""
    ok(
        capsys, repo_id, "council", "role", "urologi", "Ola Haugland", "deputy",
        "--from", "2028-06-01", "--replaces", "Marte Bakken",
    )  # fmt: skip
    from regraad.load.yamlparse import parse_text

    members = parse_text(read(repo_id, URO_HSO)).data["members"]
    new = [m for m in members if m.get("from") == "2028-06-01"]
    assert sorted((m["name"], m["role"]) for m in new) == [
        ("Marte Bakken", "member"),
        ("Ola Haugland", "deputy"),
    ]
    assert all("term_to" not in m for m in new)
    old = [m for m in members if m["name"] == "Marte Bakken" and m["role"] == "deputy"]
    assert old[0]["term_to"] == "2028-03-11"  # the old role keeps its term
