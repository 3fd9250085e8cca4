"""Councils beyond one specialty in one region: for a common goal set (FIM, KIR, FKM), and
national councils for a specialty offered in one place, each with its own policy.

The example holds HSØ's council for the common competence goals
(data/goalsets/FKM/councils/hso.yaml) and the national council in clinical
pharmacology, which only OUS is approved for, run by RegUt HSØ
(data/specialties/klinisk-farmakologi/councils/hso.yaml).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import AS_OF, git
from .repostate import Snapshot

FKM_HSO = "data/goalsets/FKM/councils/hso.yaml"
KLF = "data/specialties/klinisk-farmakologi"
KLF_COUNCIL = f"{KLF}/councils/hso.yaml"
URO_HSO = "data/specialties/urologi/councils/hso.yaml"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def validate(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str
) -> tuple[int, list[dict[str, str]]]:
    code, out, _err = run(capsys, root, "validate", "-f", "json", *(args or ("--as-of", AS_OF)))
    return code, json.loads(out)["findings"]


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")


def errors(findings: list[dict[str, str]], path: str) -> list[str]:
    return [
        f"{f['rule']} {f['message']}"
        for f in findings
        if f["path"] == path and f["severity"] == "error"
    ]


def test_a_goalset_council_needs_a_member_from_each_trust_offering_a_specialty_with_the_set(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    # Sykehuset i Vestfold's member leaves the FKM council; SiV offers urologi, with FKM
    siv = "    appointed_by: Fagdirektør, Sykehuset i Vestfold\n"
    edit(repo, FKM_HSO, siv, siv + "    to: 2026-11-01\n")
    code, findings = validate(capsys, repo)
    assert code == 1
    assert errors(findings, FKM_HSO) == [
        "C-TRUSTS siv offers urologi (goal set FKM) but has no active member in the council"
    ]


def test_a_goalset_council_reads_who_is_concerned_from_the_approval_register(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    # Telemark is approved for urologi part 2 from 2027-01-01: on that day the FKM council
    # lacks its member, so validate warns now, naming the day
    edit(
        repo,
        "data/specialties/urologi/approvals.yaml",
        "approvals:\n",
        "approvals:\n  - trust: telemark\n    part: 2\n    scope: partial\n"
        '    from: 2027-01-01\n    decision: "26/20001-1"\n',
    )
    code, findings = validate(capsys, repo, "--strict")  # today and every later day
    assert code == 1
    later = [f["message"] for f in findings if f["path"] == FKM_HSO]
    assert any(
        m.startswith("from 2027-01-01 (in 40 days): telemark offers urologi (goal set FKM)")
        for m in later
    ), later


def test_a_member_from_another_region_is_refused_in_a_regional_goalset_council(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    edit(repo, FKM_HSO, "    trust: vestre-viken\n", "    trust: stolav\n")
    code, findings = validate(capsys, repo)
    assert code == 1
    assert "C-TRUSTS Tor Arne Lien represents stolav, which is not in region hso" in errors(
        findings, FKM_HSO
    )


def test_a_national_council_takes_members_from_any_region_and_needs_every_approved_trust(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    # the deputy is from St. Olavs (HMN) in a council filed under HSØ: fine for a national one
    code, findings = validate(capsys, repo)
    assert code == 0
    assert not [f for f in findings if f["path"] in (FKM_HSO, KLF_COUNCIL)]
    assert "Torstein Valle" in (repo / KLF_COUNCIL).read_text(encoding="utf-8")
    # UNN (Helse Nord) is approved as well: the national council must have its member,
    # and Helse Nord is not told to set up a council of its own
    edit(
        repo,
        f"{KLF}/approvals.yaml",
        'decision: "18/24701-1"\n',
        'decision: "18/24701-1"\n  - trust: unn\n    part: 3\n    scope: full\n'
        '    from: 2019-03-01\n    decision: "18/24701-2"\n',
    )
    (repo / f"{KLF}/coverage/unn.yaml").write_text(
        (repo / f"{KLF}/coverage/ous.yaml")
        .read_text(encoding="utf-8")
        .replace("trust: ous", "trust: unn")
        .replace("[rikshospitalet]", "[tromso]"),
        encoding="utf-8",
    )
    code, findings = validate(capsys, repo)
    assert code == 1
    assert errors(findings, KLF_COUNCIL) == [
        "C-TRUSTS unn offers klinisk-farmakologi but has no active member in the council"
    ]
    assert not [f for f in findings if "has no council file" in f["message"]]


def test_a_councils_own_policy_overrides_its_regions(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    # HSØ requires a deputy; the urologi council's deputy is only a member
    tonsberg = "    site: tonsberg\n"
    edit(repo, URO_HSO, tonsberg + "    role: deputy\n", tonsberg + "    role: member\n")
    code, findings = validate(capsys, repo)
    assert code == 1
    found = errors(findings, URO_HSO)
    assert any(m.startswith("C-DEPUTY the council has no active deputy") for m in found)
    # with its own policy making the deputy optional, the council is in order
    edit(
        repo,
        URO_HSO,
        "established: 2021-04-15\n",
        "established: 2021-04-15\npolicy:\n  follows: hso\n  deputy: optional\n",
    )
    code, findings = validate(capsys, repo)
    assert code == 0
    assert not [f for f in findings if f["path"] == URO_HSO]


def test_a_national_council_must_state_its_policy(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    edit(repo, KLF_COUNCIL, "  follows: hso\n", "")
    code, findings = validate(capsys, repo)
    assert code == 1
    assert errors(findings, KLF_COUNCIL) == [
        "C-POLICY the national council states only part of its policy: "
        "leader_preferred_trust, deputy, union_rep, observers missing"
    ]
    edit(repo, KLF_COUNCIL, "policy:\n  lis_rep: recommended\n  members_per_trust: 2\n", "")
    code, findings = validate(capsys, repo)
    assert code == 1
    assert [f["rule"] for f in findings if f["path"] == KLF_COUNCIL] == ["SCHEMA"]


def test_council_list_shows_goalset_and_national_councils(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    before = Snapshot.of(repo)
    code, out, _err = run(capsys, repo, "council", "list", "FKM", "-f", "json", "--as-of", AS_OF)
    assert code == 0
    (fkm,) = json.loads(out)["councils"]
    assert (fkm["specialty"], fkm["goalset"], fkm["region"], fkm["scope"]) == (
        None,
        "FKM",
        "hso",
        "regional",
    )
    assert fkm["path"] == FKM_HSO
    assert [m["role"] for m in fkm["members"]] == [
        "leader", "deputy", "member", "member", "member", "union-rep",
    ]  # fmt: skip
    code, out, _err = run(capsys, repo, "council", "list", "--region", "hso", "--as-of", AS_OF)
    assert code == 0
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert headings == [
        "klinisk-farmakologi/hso (national council): 5 active members on 22 November 2026",
        "urologi/hso: 8 active members on 22 November 2026",
        "FKM/hso: 6 active members on 22 November 2026",
    ]
    assert Snapshot.of(repo) == before


def test_report_shows_the_goalset_councils_and_the_national_council(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    edit(repo, FKM_HSO, "    trust: vestre-viken\n", "    trust: ahus\n")
    git(repo, "commit", "-qam", "FKM: Vestre Viken's member moves to Ahus")
    code, out, _err = run(
        capsys, repo, "report", "--region", "hso", "--lang", "en", "--as-of", AS_OF
    )
    assert code == 0
    section = out.split("## Councils for common goal sets", 1)[1].split("\n## ", 1)[0]
    assert "### Regionalt råd for felles kompetansemål, Helse Sør-Øst" in section
    assert "**The council is not complete by its policy.**" in section
    assert "| Vestre Viken HF | urologi | **none** |" in section
    assert "Vestre Viken HF offers" not in section
    assert "vestre-viken offers urologi (goal set FKM)" in section
    klf = out.split("## Clinical pharmacology (KLF)", 1)[1].split("\n## ", 1)[0]
    assert (
        "Clinical pharmacology has one national council, run by RegUt HSØ: it serves every "
        "region, with members from trusts in any region."
    ) in klf
    assert "| St. Olavs hospital HF | no | Torstein Valle (deputy leader) |" in klf


def test_a_goalset_member_leaving_later_is_a_warning_from_the_day_after(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    """Judged over time, Sykehuset i Vestfold's only FKM member leaving on 31 January 2027
    opens a gap from 1 February: a warning now, with the day it opens."""
    edit(
        data_root,
        FKM_HSO,
        "    from: 2026-10-01\n    appointed_by: Fagdirektør, Sykehuset i Vestfold\n",
        "    from: 2026-10-01\n    to: 2027-01-31\n"
        "    appointed_by: Fagdirektør, Sykehuset i Vestfold\n",
    )
    code, found = validate(capsys, data_root, "--rule", "C-TRUSTS")  # today and later days
    later = [f for f in found if f["path"] == FKM_HSO and f["rule"] == "C-TRUSTS"]
    assert code == 0, found
    assert later and all(f["severity"] == "warning" for f in later)
    assert all(f["message"].startswith("from 2027-02-01 (in ") for f in later)
    assert any("siv" in f["message"] for f in later)


def test_a_goalset_council_is_changed_by_the_council_commands_and_audited(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """council add/role/end work on FKM/hso as on a specialty's council, each a commit
    naming Regraad-Council: FKM/hso that audit --verify accepts; a hand edit of the
    membership is flagged, and the last step can be reverted."""
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    base = git(repo, "rev-parse", "HEAD").strip()
    code, out, err = run(
        capsys, repo, "council", "add", "FKM", "--region", "hso", "--name", "Per Telemark",
        "--trust", "telemark", "--role", "member", "--title", "overlege", "--specialist",
        "--from", "2026-12-01", "--as-of", AS_OF,
    )  # fmt: skip
    assert code == 0, err
    assert "council(FKM/hso): Per Telemark joins as member" in out
    assert "Regraad-Council: FKM/hso" in git(repo, "log", "-1", "--format=%B")
    assert "name: Per Telemark" in (repo / FKM_HSO).read_text(encoding="utf-8")
    code, out, err = run(
        capsys, repo, "council", "end", "FKM", "Per Telemark", "--region", "hso",
        "--to", "2027-06-30", "--allow-gap", "--as-of", AS_OF,
    )  # fmt: skip
    assert code == 0, err
    code, out, _err = run(capsys, repo, "audit", "--verify", f"{base}..HEAD")
    assert code == 0, out
    code, out, err = run(capsys, repo, "revert", "HEAD", "--reason", "Feil dato")
    assert code == 0, err
    assert "to: 2027-06-30" not in (repo / FKM_HSO).read_text(encoding="utf-8")
    assert run(capsys, repo, "audit", "--verify", f"{base}..HEAD")[0] == 0
    # a hand edit of a membership is an unrecorded change
    edit(repo, FKM_HSO, "  - name: Per Telemark\n", "  - name: Per Telemark-Hansen\n")
    git(repo, "commit", "-qam", "Rettet navn")
    code, out, _err = run(capsys, repo, "audit", "--verify", f"{base}..HEAD")
    assert code == 1 and "FKM/hso" in out
    # a goal set's council is written by hand first: add does not invent its policy
    before = Snapshot.of(repo)
    code, _out, err = run(
        capsys, repo, "council", "add", "FIM", "--region", "hso", "--name", "Ny Person",
        "--trust", "ous", "--role", "leader", "--from", "2027-01-01", "--as-of", AS_OF,
    )  # fmt: skip
    assert code == 1 and "data/goalsets/FIM/councils/hso.yaml" in err
    assert Snapshot.of(repo) == before
