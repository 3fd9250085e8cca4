"""Joint meetings (fellesmøter): one meeting of several councils, each item naming its own.

The example's joint meeting (urologi/2026-12-16-hso) brings HSØ's urology council, the
national council in clinical pharmacology that RegUt HSØ runs and HSØ's council for the
common competence goals (FKM) together; it is filed under urologi, which convenes it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import AS_OF, git
from .repostate import Snapshot

MEETING = "data/specialties/urologi/meetings/2026-12-16-hso.yaml"
REF = "urologi/2026-12-16-hso"
KLF_COUNCIL = "data/specialties/klinisk-farmakologi/councils/hso.yaml"
FKM_HSO = "data/goalsets/FKM/councils/hso.yaml"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ok(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    code, out, err = run(capsys, root, *args)
    assert code == 0, out + err
    return out


@pytest.fixture
def joint(repo: Path) -> Path:
    """The example with the joint meeting's agenda not yet set, and Sykehuset i Vestfold's
    member of the FKM council leaving (a gap for that council's part of the agenda)."""
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    meeting = repo / MEETING
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text[: text.index("agenda:")], encoding="utf-8")
    fkm = repo / FKM_HSO
    text = fkm.read_text(encoding="utf-8")
    siv = "    appointed_by: Fagdirektør, Sykehuset i Vestfold\n"
    fkm.write_text(text.replace(siv, siv + "    to: 2026-11-30\n"), encoding="utf-8")
    git(repo, "commit", "-qam", "Joint meeting without an agenda; SiV leaves the FKM council")
    return repo


def item_lines(out: str) -> list[list[str]]:
    lines = [line for line in out.splitlines() if line.startswith("  ") and "/26" in line]
    return [line.split(None, 2) for line in lines]


def test_the_agenda_of_a_joint_meeting_lists_the_items_of_each_council(
    capsys: pytest.CaptureFixture[str], joint: Path
) -> None:
    out = ok(capsys, joint, "meeting", "agenda", REF, "--lang", "en")
    lines = item_lines(out)
    assert [n for n, _kind, _title in lines][:2] == ["7/26", "8/26"]  # numbered on from March
    titles = [title for _n, _kind, title in lines]
    assert titles[:2] == ["Approval of the notice and the agenda", "Information from RegUt HSØ"]
    assert titles[-1] == "Any other business"
    # each council's items together, the convening council's first, each item labelled
    order = ["urologi/hso", "klinisk-farmakologi/hso", "FKM/hso"]
    councils = [title[1 : title.index("]")] for title in titles[2:-1]]
    assert councils == sorted(councils, key=order.index)
    assert [t for t in titles if not t.startswith("[urologi/hso]")][2:-1] == [
        "[klinisk-farmakologi/hso] Election of leader",
        "[klinisk-farmakologi/hso] Election of deputy leader",
        "[FKM/hso] Council composition: siv offers urologi (goal set FKM) but has no "
        "active member in the council",
    ]
    assert "Gunnar Frøyland's term as leader ends on 2027-01-14" in out


def test_a_written_joint_agenda_names_each_items_council_and_validates(
    capsys: pytest.CaptureFixture[str], joint: Path
) -> None:
    ok(capsys, joint, "meeting", "agenda", REF, "--write", "--by", "RegUt HSØ", "--lang", "en")
    text = (joint / MEETING).read_text(encoding="utf-8")
    assert (
        "    title: Election of leader\n    kind: election\n    council: klinisk-farmakologi/hso\n"
    ) in text
    assert "council: FKM/hso" in text
    assert git(joint, "status", "--porcelain") == ""
    code, out, _err = run(capsys, joint, "validate", "-f", "json", "--as-of", AS_OF)
    assert code == 0, out
    assert not [f for f in json.loads(out)["findings"] if f["path"] == MEETING]
    # asked again, the data adds nothing: each council's items are recognised as listed
    before = Snapshot.of(joint)
    out = ok(capsys, joint, "meeting", "agenda", REF, "--lang", "en")
    assert "The data adds nothing to it." in out
    assert "[klinisk-farmakologi/hso] Election of leader" in out
    assert Snapshot.of(joint) == before


def test_the_minutes_of_a_joint_meeting_name_the_councils_and_each_items_council(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    out = ok(capsys, repo, "meeting", "minutes", REF, "--lang", "en")
    assert out.startswith(
        "# Minutes of the joint meeting of the councils for LIS education, Helse Sør-Øst: "
        "Urology, Clinical pharmacology (national council), Common competence goals (FKM)\n"
    )
    assert "### Item 9/26 – Urology: Kapasitet ved OUS" in out  # each item in its own words
    assert "### Item 10/26 – Clinical pharmacology (national council): Valg av leder" in out
    assert (
        "### Item 12/26 – Common competence goals (FKM): Felles kurs i kommunikasjon og etikk"
    ) in out
    assert "### Item 7/26: Godkjenning av innkalling og saksliste" in out


def test_an_election_in_a_joint_meeting_changes_the_council_of_its_item(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    uro_before = (repo / "data/specialties/urologi/councils/hso.yaml").read_bytes()
    base = git(repo, "rev-parse", "HEAD").strip()
    ok(
        capsys,
        repo,
        "meeting",
        "decide",
        REF,
        "elect",
        "Maren Eidsvåg",
        "--role",
        "leader",
        "--from",
        "2027-01-15",
        "--item",
        "10/26",
        "--by",
        "RegUt HSØ",
    )
    changed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == sorted([KLF_COUNCIL, MEETING])
    assert (repo / "data/specialties/urologi/councils/hso.yaml").read_bytes() == uro_before
    council = (repo / KLF_COUNCIL).read_text(encoding="utf-8")
    assert "  - name: Maren Eidsvåg\n" in council and "    role: leader\n    title" in council
    meeting = (repo / MEETING).read_text(encoding="utf-8")
    assert "  - item: 10/26\n" in meeting
    code, out, err = run(capsys, repo, "audit", "--verify", f"{base}..HEAD")
    assert code == 0, out + err


def test_an_election_for_a_goalset_council_item_changes_that_council(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """Item 12/26 is the FKM council's: electing Line Haugerud deputy there changes
    data/goalsets/FKM/councils/hso.yaml (handing over from the deputy) and the minutes, in
    one commit the audit accepts."""
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    base = git(repo, "rev-parse", "HEAD").strip()
    code, _out, err = run(
        capsys, repo, "meeting", "decide", REF, "elect", "Line Haugerud", "--role", "deputy",
        "--item", "12/26", "--by", "RegUt HSØ",
    )  # fmt: skip
    assert code == 0, err
    changed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == sorted([FKM_HSO, MEETING])
    assert "Regraad-Council: FKM/hso" in git(repo, "log", "-1", "--format=%B")
    fkm = (repo / FKM_HSO).read_text(encoding="utf-8")
    # as with council role: the member entry ends the day before, a deputy entry begins
    member, deputy = fkm.split("  - name: Line Haugerud\n")[1:3]
    assert "    role: member\n" in member and "    to: 2026-12-15\n" in member
    assert "    role: deputy\n" in deputy.split("  - name:", 1)[0]
    code, out, err = run(capsys, repo, "audit", "--verify", f"{base}..HEAD")
    assert code == 0, out + err


def test_an_item_naming_a_council_outside_the_meeting_is_a_finding(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    meeting = data_root / MEETING
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace("    council: FKM/hso\n", "    council: FIM/hso\n"), "utf-8")
    code, out, _err = run(capsys, data_root, "validate", "-f", "json", "--as-of", AS_OF)
    assert code == 1
    found = [f for f in json.loads(out)["findings"] if f["path"] == MEETING]
    assert [(f["rule"], f["message"]) for f in found] == [
        ("M-JOINT", "item 12/26 concerns FIM/hso, which is not one of this meeting's councils")
    ]


def test_meeting_new_with_other_councils_creates_a_joint_meeting(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    args = ("meeting", "new", "urologi", "--region", "hso", "--date", "2027-02-04")
    before = Snapshot.of(repo)
    code, _out, err = run(capsys, repo, *args, "--with", "FIM/hso", "--by", "RegUt HSØ")
    assert code == 1 and "--with: no council FIM/hso" in err
    assert Snapshot.of(repo) == before
    ok(
        capsys,
        repo,
        *args,
        "--with",
        "FKM/hso",
        "--with",
        "klinisk-farmakologi/hso",
        "--by",
        "RegUt HSØ",
    )
    text = (repo / "data/specialties/urologi/meetings/2027-02-04-hso.yaml").read_text("utf-8")
    assert "councils: [FKM/hso, klinisk-farmakologi/hso]\n" in text
    assert "kind: joint\n" in text
    out = ok(capsys, repo, "meeting", "agenda", "urologi/2027-02-04-hso", "--lang", "en")
    assert "[klinisk-farmakologi/hso] Election of leader" in out


def test_attendance_of_a_joint_meeting_takes_the_members_of_every_council(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    ok(
        capsys,
        repo,
        "meeting",
        "attend",
        REF,
        "--present",
        "Ingrid Solheim",
        "--present",
        "Gunnar Frøyland",
        "--apologies",
        "Hanne Wold Sørli",
        "--by",
        "RegUt HSØ",
    )
    text = (repo / MEETING).read_text(encoding="utf-8")
    assert (
        "attendance:\n"
        "  - name: Ingrid Solheim\n    trust: ahus\n    role: leader\n    present: true\n"
        "  - name: Gunnar Frøyland\n    trust: ous\n    role: leader\n    present: true\n"
        "    council: klinisk-farmakologi/hso\n"
        "  - name: Hanne Wold Sørli\n    trust: ous\n    role: leader\n    present: false\n"
        "    council: FKM/hso\n"
    ) in text
    minutes = ok(capsys, repo, "meeting", "minutes", REF, "--lang", "en")
    assert "- Gunnar Frøyland, leader (OUS) – Clinical pharmacology (national council)" in minutes
    code, _out, err = run(capsys, repo, "meeting", "attend", REF, "--present", "Ola Nordmann")
    assert code == 1 and "Ola Nordmann is not a member" in err
