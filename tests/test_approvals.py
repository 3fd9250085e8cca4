"""The approval register: Helsedirektoratet's approvals of trusts as education
institutions (data/specialties/<s>/approvals.yaml) say who offers a specialty, for
council completeness, coverage, the estimate and the report; a specialty without a
register is judged as before (a coverage file means the trust offers it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regraad import clock
from regraad.cli.app import main

from .conftest import AS_OF

ANE = "data/specialties/anestesiologi"
URO = "data/specialties/urologi"
HNT_APPROVAL = """  - trust: hnt
    part: 3
    scope: partial
    from: 2019-03-01
    decision: "18/24611-4"
    note: "Læringsmål som bare nås ved regionsykehuset, nås ved St. Olavs etter fagavtale."
"""


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


Found = list[dict[str, Any]]


def findings(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, Found]:
    code, out, err = run(capsys, root, "validate", "--format", "json", "--no-cache", *args)
    assert code in (0, 1), err
    return code, json.loads(out)["findings"]


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    file.write_text(text.replace(old, new), encoding="utf-8")


def without_hnt(root: Path) -> None:
    """HNT's anaesthesiology approval removed from the register; its coverage file stays."""
    edit(root, f"{ANE}/approvals.yaml", HNT_APPROVAL, "")


def later(days: int) -> str:
    day = clock.shift(AS_OF, days)
    assert day is not None
    return day


def mine(found: Found, rule: str) -> Found:
    return [f for f in found if f["rule"] == rule]


# -- a coverage file without approval ------------------------------------------------------------


def test_the_example_registers_agree_with_the_coverage_files(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    for folder in sorted((data_root / "data" / "specialties").iterdir()):
        covered = {p.stem for p in (folder / "coverage").glob("*.yaml")}
        if covered:
            register = (folder / "approvals.yaml").read_text(encoding="utf-8")
            assert all(f"  - trust: {t}\n" in register for t in covered), folder.name
    code, found = findings(capsys, data_root)
    assert code == 0
    assert not [f for f in found if f["rule"].startswith(("A-", "V-", "C-"))]


def test_a_coverage_file_of_a_trust_without_approval_is_an_error_at_its_trust(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    without_hnt(data_root)
    code, found = findings(capsys, data_root)
    assert code == 1
    [f] = mine(found, "A-APPROVAL")
    assert (f["path"], f["line"], f["column"], f["severity"]) == (
        f"{ANE}/coverage/hnt.yaml",
        5,
        8,
        "error",
    )
    assert f["message"] == "hnt has a coverage file for anestesiologi but is not approved for it"
    assert "approvals.yaml" in f["hint"]
    # HNT no longer offers the specialty: its council seat is not required, not missing
    assert not mine(found, "C-TRUSTS")


def test_an_approval_that_ends_warns_before_and_fails_from_the_next_day(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    end = later(40)
    edit(
        data_root,
        f"{ANE}/approvals.yaml",
        '    decision: "18/24611-4"\n',
        f'    decision: "18/24611-4"\n    to: {end}\n',
    )
    code, found = findings(capsys, data_root)
    assert code == 0
    [f] = mine(found, "A-APPROVAL")
    after = clock.day_after(end)
    assert f["severity"] == "warning" and f["path"] == f"{ANE}/coverage/hnt.yaml"
    assert f["message"] == (
        f"from {after} (in 41 days): "
        "hnt has a coverage file for anestesiologi but is not approved for it"
    )
    code, found = findings(capsys, data_root, "--as-of", str(after))
    assert code == 1
    assert [f["severity"] for f in mine(found, "A-APPROVAL")] == ["error"]


def test_the_register_itself_is_checked(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    edit(
        data_root,
        f"{ANE}/approvals.yaml",
        HNT_APPROVAL,
        HNT_APPROVAL
        + HNT_APPROVAL.replace("2019-03-01", "2024-01-01").replace("part: 3", "part: 2")
        + HNT_APPROVAL.replace("2019-03-01", "2024-01-01").replace("hnt", "hnx"),
    )
    code, found = findings(capsys, data_root)
    assert code == 1
    messages = {(f["line"], f["message"]) for f in mine(found, "A-APPROVAL")}
    assert messages == {
        (25, "anestesiologi has no common part 2; approve part 3"),
        (30, "unknown trust 'hnx'"),
    }
    edit(data_root, f"{ANE}/approvals.yaml", "trust: hnx", "trust: hnt")
    code, found = findings(capsys, data_root)
    [twice] = [f for f in mine(found, "A-APPROVAL") if "twice" in f["message"]]
    assert twice["message"] == "hnt is approved twice for part 3 at once (see line 18)"
    assert twice["line"] == 33


# -- C-TRUSTS and coverage follow the register, over time ---------------------------------------


def test_a_trust_approved_from_a_later_date_needs_a_member_and_coverage_from_that_date(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    start = later(30)
    register = data_root / URO / "approvals.yaml"
    register.write_text(
        register.read_text(encoding="utf-8")
        + f"  - trust: ostfold\n    part: 3\n    scope: partial\n    from: {start}\n"
        '    decision: "26/31877-2"\n',
        encoding="utf-8",
    )
    code, found = findings(capsys, data_root)
    assert code == 0  # nothing is wrong today
    # the urology council, and HSØ's council for the common competence goals urology takes
    member, fkm = sorted(
        mine(found, "C-TRUSTS"), key=lambda f: f["path"] != f"{URO}/councils/hso.yaml"
    )
    assert member["path"] == f"{URO}/councils/hso.yaml" and member["severity"] == "warning"
    assert member["message"] == (
        f"from {start} (in 30 days): ostfold offers urologi but has no active member in the council"
    )
    assert fkm["path"] == "data/goalsets/FKM/councils/hso.yaml" and fkm["severity"] == "warning"
    [coverage] = mine(found, "V-COMPLETE")
    assert coverage["path"] == f"{URO}/approvals.yaml" and coverage["severity"] == "warning"
    assert coverage["message"] == (
        f"from {start} (in 30 days): ostfold is approved for urologi but has no coverage file"
    )
    code, found = findings(capsys, data_root, "--as-of", start)
    assert code == 1
    assert {f["rule"] for f in found if f["severity"] == "error"} == {"C-TRUSTS", "V-COMPLETE"}


def test_without_a_register_a_coverage_file_still_means_the_trust_offers(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    siv = (data_root / URO / "coverage" / "siv.yaml").read_text(encoding="utf-8")
    ostfold = siv.replace("trust: siv", "trust: ostfold").replace("via: siv", "via: ous")
    (data_root / URO / "coverage" / "ostfold.yaml").write_text(ostfold, encoding="utf-8")
    code, found = findings(capsys, data_root)
    assert code == 1
    # with the register: Østfold is not approved, so it does not offer urology
    assert [f["path"] for f in mine(found, "A-APPROVAL")] == [f"{URO}/coverage/ostfold.yaml"]
    assert not mine(found, "C-TRUSTS")

    (data_root / URO / "approvals.yaml").unlink()
    code, found = findings(capsys, data_root)
    assert code == 1
    assert not [f for f in found if f["rule"].startswith("A-")]
    [f] = [f for f in mine(found, "C-TRUSTS") if f["path"] == f"{URO}/councils/hso.yaml"]
    assert f["message"] == "ostfold offers urologi but has no active member in the council"


# -- partial approval ------------------------------------------------------------------------------


def test_a_full_approval_with_goals_reached_elsewhere_is_a_warning_a_partial_one_is_not(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    edit(data_root, f"{ANE}/approvals.yaml", HNT_APPROVAL, HNT_APPROVAL.replace("partial", "full"))
    code, found = findings(capsys, data_root)
    assert code == 0
    [f] = mine(found, "A-SCOPE")
    assert f["path"] == f"{ANE}/coverage/hnt.yaml" and f["severity"] == "warning"
    assert f["message"].startswith("hnt is approved fully but its LIS reach 6 goals only at ")
    assert "scope: partial" in f["hint"]


# -- estimate and report ---------------------------------------------------------------------------


def test_the_estimate_leaves_out_the_plan_of_a_trust_without_approval(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    without_hnt(data_root)
    code, out, err = run(
        capsys, data_root, "estimate", "anestesiologi", "--as-of", AS_OF, "--format", "json"
    )
    assert code == 0, err
    [spec] = json.loads(out)["specialties"]
    assert [h["trust"] for h in spec["homes"]] == ["hmr"]
    assert [n["message"] for n in spec["notes"]] == [
        f"hnt is not approved for the specialty on {AS_OF} (approvals.yaml); its plan is left out"
    ]


def test_the_report_lists_the_trusts_the_register_approves(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    without_hnt(data_root)
    code, md, err = run(
        capsys, data_root, "report", "--region", "hmn", "--as-of", AS_OF, "--lang", "en"
    )
    assert code == 0, err
    ane = md.split("## Anaesthesiology", 1)[1].split("\n## ", 1)[0]
    assert "| Helse Nord-Trøndelag HF | no | Eirik Fossum (member) |" in ane
    assert "| St. Olavs hospital HF | yes |" in ane


def test_the_landing_page_reads_who_offers_from_the_register(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    """HNT's approval gone: its row says it is not approved although its coverage file
    stays; a trust approved without any file yet is listed all the same."""
    without_hnt(data_root)
    edit(
        data_root,
        f"{ANE}/approvals.yaml",
        "approvals:\n",
        "approvals:\n  - {trust: helgeland, part: 3, scope: partial, from: 2020-01-01,"
        " decision: 20/1-1}\n",
    )
    out_dir = tmp_path / "site"
    code, _out, err = run(
        capsys, data_root, "render", "--out", str(out_dir), "--as-of", AS_OF, "--lang", "en"
    )
    assert code in (0, 1), err
    page = (out_dir / "anestesiologi" / "index.html").read_text(encoding="utf-8")
    trusts = page.split('id="trusts"', 1)[1].split("</section>", 1)[0]
    rows = {r.split("</th>", 1)[0]: r for r in trusts.split('<th scope="row">')[1:]}
    hnt = next(r for name, r in rows.items() if name.startswith("Helse Nord-Trøndelag"))
    assert "<strong>not approved</strong>" in hnt
    helgeland = next(r for name, r in rows.items() if name.startswith("Helgelandssykehuset"))
    assert "partly" in helgeland and "no coverage file" in helgeland
    assert "approved it as an education institution" in trusts


# -- diff ------------------------------------------------------------------------------------------


def test_diff_tells_an_approval_ended_and_a_new_one_from_a_date(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    edit(
        repo,
        f"{ANE}/approvals.yaml",
        '    decision: "18/24611-4"\n',
        '    decision: "18/24611-4"\n    to: 2027-02-28\n',
    )
    register = repo / ANE / "approvals.yaml"
    register.write_text(
        register.read_text(encoding="utf-8")
        + "  - trust: hnt\n    part: 3\n    scope: full\n    from: 2027-03-01\n"
        '    decision: "26/40112-3"\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, repo, "diff")
    assert code == 0, err
    assert "  Approvals\n" in out
    assert "    ~ HNT part 3: to set to 2027-02-28\n" in out
    assert "    + HNT approved for part 3 (full) from 2027-03-01, decision 26/40112-3\n" in out
