"""The example dataset as a RegUt coordinator reads it (issue 20, point 5).

The shipped data must be right, or say in the file itself where it is only illustrative:
the one real bottleneck (Innlandet's urology LIS waiting for central rotation at OUS, as
the council's minutes say) shows in the estimate, the RHF report and the landing page;
the committee's procedure-list change came in through Helsedirektoratet; councils advise
and do not decide; and the assumptions carry their notes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from regraad.cli.app import main
from regraad.load.yamlparse import parse_text
from regraad.rules import load_rules

from .conftest import AS_OF, EXAMPLE_DATA

URO = "data/specialties/urologi"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _estimate(capsys: pytest.CaptureFixture[str], root: Path) -> dict[str, Any]:
    code, out, err = run(capsys, root, "estimate", "urologi", "--as-of", AS_OF, "--format", "json")
    assert code == 0, err
    [spec] = json.loads(out)["specialties"]
    return dict(spec)


def _findings(capsys: pytest.CaptureFixture[str], root: Path) -> list[dict[str, Any]]:
    code, out, err = run(capsys, root, "validate", "--format", "json", "--as-of", AS_OF)
    assert code == 0, err  # warnings only: the example has no errors
    return list(json.loads(out)["findings"])


def _load(relative: str) -> dict[str, Any]:
    return dict(parse_text((EXAMPLE_DATA.parent / relative).read_text(encoding="utf-8")).data)


# -- the one real bottleneck -----------------------------------------------------------------------


def test_the_estimate_shows_innlandet_waiting_for_ous_and_nobody_else(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    spec = _estimate(capsys, data_root)
    waits = {home["trust"]: home["wait"] for home in spec["homes"]}
    assert set(waits) == {"ahus", "innlandet", "siv", "vestre-viken"}
    innlandet = waits.pop("innlandet")
    # a real, stable wait of a few months, not a queue that grows without end
    assert 2 <= innlandet["mean"] <= 6 and not innlandet["growing"]
    assert all(w["mean"] == 0 for w in waits.values()), waits
    [ous] = spec["hosts"]
    assert ous["trust"] == "ous" and ous["positions"] == 10
    assert ous["bottleneck"] is not None
    # the positions suffice in sum; Innlandet's places are what removes the wait
    assert ous["bottleneck"]["places_needed"]["innlandet"] > 3
    code, text, err = run(capsys, data_root, "estimate", "urologi", "--as-of", AS_OF)
    assert code == 0, err
    assert re.search(r"^SI +2 \(1\+1\) +66 +3\.8 +6 ", text, re.M), text
    assert "Bottleneck at OUS" in text and "SI 4 (now 3)" in text


def test_validate_warns_of_the_bottleneck_only_at_ous(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    found = [f for f in _findings(capsys, data_root) if f["rule"] == "K-BOTTLENECK"]
    assert [(f["path"], f["severity"]) for f in found] == [(f"{URO}/capacity.yaml", "warning")]
    assert found[0]["message"].startswith("ous is a bottleneck")


def test_the_hso_report_shows_innlandet_waiting(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    code, md, err = run(
        capsys, data_root, "report", "--region", "hso", "--lang", "en", "--as-of", AS_OF, "-o", "-"
    )
    assert code == 0, err
    attention = md.split("### Needs the RHF's attention", 1)[1].split("\n## ", 1)[0]
    assert "1. Urology: Bottleneck at OUS" in attention
    assert "SI 4 (now 3)" in attention
    # the time table: Sykehuset Innlandet's plan of 66 months plus its wait
    assert "| Sykehuset Innlandet HF | 2 | 66 | 3.8 | 69.8 |" in md


def test_the_urology_landing_page_marks_ous_and_says_who_waits(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    code, _out, err = run(
        capsys, data_root, "render", "--specialty", "urologi", "--out", str(site),
        "--as-of", AS_OF, "--quiet",
    )  # fmt: skip
    assert code == 0, err
    landing = (site / "urologi" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", landing))
    assert re.search(r"Oslo universitetssykehus HF (flaskehals|bottleneck)", text), text[:500]
    assert "LIS fra SI venter på sentral rotasjon" in text
    plan = (site / "urologi" / "plan-innlandet.html").read_text(encoding="utf-8")
    assert re.search(r"66 \+ [^0-9]*3,8", re.sub(r"<[^>]+>", " ", plan))


# -- proposals come in through Helsedirektoratet ---------------------------------------------------


def test_the_2022_procedure_change_is_an_inbound_request(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    proposal = _load(f"{URO}/proposals/2022-011.yaml")
    inbound = proposal["inbound"]
    assert inbound["from"] == "helsedirektoratet" and inbound["received"] and inbound["reply_by"]
    states = [step["state"] for step in proposal["history"]]
    assert states == ["received", "council-review", "replied", "accepted"]
    assert "region" not in proposal["origin"]  # the committee is no RegUt's region
    assert "Spesialitetskomiteen" in proposal["origin"]["by"]
    assert proposal["decided"] is not None and str(proposal["in_force"]) == "2023-03-08"
    assert {r["region"] for r in proposal["recommendations"]} == {"hmn", "hn", "hso", "hv"}
    found = _findings(capsys, data_root)
    assert not [f for f in found if f["path"].endswith("2022-011.yaml")]
    assert not [f for f in found if f["rule"] == "W-IN-FORCE"]


# -- councils recommend ----------------------------------------------------------------------------


def test_no_minuted_decision_reads_as_the_council_deciding(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    assert "M-ADVICE" in load_rules()
    assert not [f for f in _findings(capsys, data_root) if f["rule"] == "M-ADVICE"]
    advice = [
        decision
        for meeting in sorted(EXAMPLE_DATA.glob("specialties/*/meetings/*.yaml"))
        for decision in parse_text(meeting.read_text(encoding="utf-8")).data.get("decisions") or []
        if "recommends" in decision
    ]
    assert advice and all("anbefal" in d["text"].lower() for d in advice)


def test_part_3_is_never_called_normert() -> None:
    worded = [
        str(path.relative_to(EXAMPLE_DATA.parent))
        for path in EXAMPLE_DATA.rglob("*.yaml")
        if re.search(r"normert|normering", path.read_text(encoding="utf-8"), re.I)
    ]
    assert worded == []


# -- what is assumed or paraphrased says so --------------------------------------------------------


@pytest.mark.parametrize("region", ["hn", "hv"])
def test_the_hn_and_hv_council_policies_say_they_are_assumptions(region: str) -> None:
    text = (EXAMPLE_DATA / "regions" / f"{region}.yaml").read_text(encoding="utf-8")
    before_policy = text.split("council_policy:", 1)[0]
    assert "ANTAKELSE" in before_policy, f"{region}.yaml's council_policy is not marked as assumed"


def test_every_goal_list_says_it_paraphrases_the_regulation() -> None:
    files = [
        path
        for path in [
            *EXAMPLE_DATA.glob("specialties/*/specialty.yaml"),
            *EXAMPLE_DATA.glob("goalsets/*.yaml"),
        ]
        if re.search(r"^\s*goals:\s*\n\s*(#|- id:)", path.read_text(encoding="utf-8"), re.M)
    ]
    assert len(files) >= 8
    for path in files:
        text = path.read_text(encoding="utf-8")
        lists = re.findall(r"^\s*goals:\s*\n((?:\s*#.*\n)*)\s*- id:", text, re.M)
        assert lists and all("ikke forskriftens ordlyd" in comment for comment in lists), path


# -- arbeidsmedisin and the trusts -----------------------------------------------------------------


def test_arbeidsmedisin_is_consistently_not_a_hospital_specialty(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    spec = _load("data/specialties/arbeidsmedisin/specialty.yaml")
    assert spec["hospital"] is False and "fagkontakt" not in spec
    assert not list((EXAMPLE_DATA / "specialties" / "arbeidsmedisin").glob("*/*.yaml"))
    found = _findings(capsys, data_root)
    assert not [f for f in found if "arbeidsmedisin" in f["path"]]
    # every specialty still under RegUt without a fagkontakt is warned of
    fagkontakt = {f["path"] for f in found if f["rule"] == "F-FAGKONTAKT"}
    assert "data/specialties/akutt-og-mottaksmedisin/specialty.yaml" in fagkontakt


def test_siv_teaches_cystectomy_and_advanced_stone_treatment_at_home() -> None:
    coverage = _load(f"{URO}/coverage/siv.yaml")["goals"]
    for goal in ("URO-012", "URO-022"):
        assert coverage[goal]["status"] == "full" and coverage[goal]["sites"] == ["tonsberg"]
    plan = _load(f"{URO}/rotations/siv.yaml")
    at_ous = {g for p in plan["periods"] if p["trust"] == "ous" for g in p["goals"]}
    at_home = {g for p in plan["periods"] if p["trust"] == "siv" for g in p["goals"]}
    assert {"URO-012", "URO-022"} <= at_home and not {"URO-012", "URO-022"} & at_ous
    agreement = _load(f"{URO}/agreements/siv--ous.yaml")
    assert set(agreement["goals"]) == at_ous


def test_vestre_viken_trains_urology_at_drammen_baerum_and_ringerike() -> None:
    sites = {s["id"] for s in _load("data/trusts/vestre-viken.yaml")["sites"]}
    assert {"drammen", "baerum", "ringerike"} <= sites
    coverage = _load(f"{URO}/coverage/vestre-viken.yaml")["goals"]
    used = {site for entry in coverage.values() for site in entry.get("sites", [])}
    assert used == {"drammen", "baerum", "ringerike"}
