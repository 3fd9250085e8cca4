"""`regraad validate --format sarif` (code scanning) and `--format gitlab` (Code Quality):
valid against the formats' schemas, findings where they are, fingerprints that let the
tools follow a finding from run to run, the exit codes of every format, no identity
number in full."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import validator_for

from regraad import __version__
from regraad.cli.app import main
from regraad.privacy import personnummer
from regraad.rules import load_rules

from .conftest import PROJECT, git, set_clock
from .test_cli_validate import break_coverage
from .test_privacy import DNR, assert_no_number, plant_numbers

SCHEMAS = PROJECT / "tests/schemas"
HMR = "data/specialties/anestesiologi/coverage/hmr.yaml"
ANE_HMN = "data/specialties/anestesiologi/councils/hmn.yaml"
FORMATS = ("sarif", "gitlab")


def schema_of(name: str) -> Any:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


SARIF = schema_of("sarif-schema-2.1.0.json")
GITLAB = schema_of("gitlab-codequality.json")


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--root", str(root), "validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def report(capsys: pytest.CaptureFixture[str], root: Path, fmt: str, *args: str) -> Any:
    """The document a format writes, checked against its schema."""
    code, out, err = run(capsys, root, "--format", fmt, *args)
    assert code in (0, 1), err
    document = json.loads(out)
    errors = list((SARIF if fmt == "sarif" else GITLAB).iter_errors(document))
    assert not errors, [e.message for e in errors[:3]]
    return document


def results(document: Any) -> list[dict[str, Any]]:
    runs = document["runs"]
    assert len(runs) == 1
    found: list[dict[str, Any]] = runs[0]["results"]
    return found


def where(result: dict[str, Any]) -> tuple[str, int, int]:
    physical = result["locations"][0]["physicalLocation"]
    region = physical.get("region", {})
    return (
        physical["artifactLocation"]["uri"],
        region.get("startLine", 0),
        region.get("startColumn", 0),
    )


def json_findings(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> list[Any]:
    code, out, err = run(capsys, root, "--format", "json", *args)
    assert code in (0, 1), err
    found: list[Any] = json.loads(out)["findings"]
    return found


def fingerprints(capsys: pytest.CaptureFixture[str], root: Path, fmt: str) -> list[str]:
    document = report(capsys, root, fmt)
    if fmt == "sarif":
        return [r["partialFingerprints"]["regraadFinding/v1"] for r in results(document)]
    return [issue["fingerprint"] for issue in document]


def test_sarif_of_the_example_data_is_valid_sarif_2_1_0(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    code, _out, _err = run(capsys, data_root, "--format", "sarif")
    assert code == 0
    document = report(capsys, data_root, "sarif")
    assert document["version"] == "2.1.0"
    run_ = document["runs"][0]
    driver = run_["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("regraad", __version__)
    found = results(document)
    expected = json_findings(capsys, data_root)
    assert len(found) == len(expected) > 0
    # every finding where the other formats put it: relative to the data root
    assert [where(r) for r in found] == [(f["path"], f["line"], f["column"]) for f in expected]
    bases = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] for r in found}
    assert bases == {"DATAROOT"}
    assert run_["originalUriBaseIds"]["DATAROOT"] == {"uri": "./", "uriBaseId": "%SRCROOT%"}
    assert {r["level"] for r in found} == {"warning"}  # the example has warnings only
    # one rule entry per rule id that appears, described as `regraad rules` does
    # (Innlandet's urology LIS wait at OUS: the example's one bottleneck)
    assert [rule["id"] for rule in driver["rules"]] == ["F-FAGKONTAKT", "K-BOTTLENECK"]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] == load_rules()[rule["id"]].doc


def test_sarif_of_data_with_errors_is_valid_and_names_the_error(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    break_coverage(data_root)
    document = report(capsys, data_root, "sarif")
    expected = next(f for f in json_findings(capsys, data_root) if f["rule"] == "V-VIA")
    found = [r for r in results(document) if r["ruleId"] == "V-VIA"]
    assert len(found) == 1
    result = found[0]
    assert result["level"] == "error"
    assert where(result) == (HMR, expected["line"], expected["column"])
    assert result["message"]["text"].startswith(expected["message"])
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert sorted(rule["id"] for rule in rules) == ["F-FAGKONTAKT", "K-BOTTLENECK", "V-VIA"]
    assert rules[result["ruleIndex"]]["id"] == "V-VIA"
    assert rules[result["ruleIndex"]]["shortDescription"]["text"] == load_rules()["V-VIA"].doc


def test_gitlab_report_is_gitlabs_code_quality_format(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    assert report(capsys, data_root, "gitlab")  # the example: warnings, valid
    break_coverage(data_root)
    issues = report(capsys, data_root, "gitlab")
    expected = json_findings(capsys, data_root)
    assert len(issues) == len(expected)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
    via = [i for i in issues if i["check_name"] == "V-VIA"]
    line = next(f["line"] for f in expected if f["rule"] == "V-VIA")
    assert [(i["severity"], i["location"]) for i in via] == [
        ("major", {"path": HMR, "lines": {"begin": line}})
    ]
    assert {i["severity"] for i in issues if i["check_name"] == "F-FAGKONTAKT"} == {"minor"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_fingerprints_are_unique_and_the_same_in_the_next_run(
    capsys: pytest.CaptureFixture[str], data_root: Path, fmt: str
) -> None:
    break_coverage(data_root)
    first = fingerprints(capsys, data_root, fmt)
    assert len(first) == len(set(first)) > 1
    assert fingerprints(capsys, data_root, fmt) == first
    code, out, _err = run(capsys, data_root, "--format", fmt, "--no-cache")
    assert code == 1
    assert out == run(capsys, data_root, "--format", fmt)[1]  # cached or not, the same


def test_a_finding_keeps_its_fingerprint_when_lines_above_it_move(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    """Code scanning and GitLab must not report a finding as new (and the old one as
    fixed) because someone added a comment above it."""
    break_coverage(data_root)

    def via(fmt: str) -> tuple[str, int]:
        document = report(capsys, data_root, fmt)
        if fmt == "sarif":
            r = next(r for r in results(document) if r["ruleId"] == "V-VIA")
            return r["partialFingerprints"]["regraadFinding/v1"], where(r)[1]
        i = next(i for i in document if i["check_name"] == "V-VIA")
        return i["fingerprint"], i["location"]["lines"]["begin"]

    before = {fmt: via(fmt) for fmt in FORMATS}
    path = data_root / HMR
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("goals:\n", "goals:\n  # sjekket på nytt\n", 1), "utf-8")
    for fmt in FORMATS:
        fingerprint, line = via(fmt)
        assert (fingerprint, line) == (before[fmt][0], before[fmt][1] + 1)


def test_a_finding_from_a_later_day_says_so_and_keeps_its_fingerprint_as_the_day_nears(
    capsys: pytest.CaptureFixture[str], data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_root / ANE_HMN
    text = path.read_text(encoding="utf-8").replace(
        "    github: isbakken\n    from: 2023-01-01\n",
        "    github: isbakken\n    from: 2023-01-01\n    to: 2026-12-31\n",
    )
    path.write_text(text, encoding="utf-8")

    def leader() -> tuple[dict[str, Any], dict[str, Any]]:
        sarif = report(capsys, data_root, "sarif", "--rule", "C-LEADER")
        gitlab = report(capsys, data_root, "gitlab", "--rule", "C-LEADER")
        assert len(results(sarif)) == len(gitlab) == 1
        return results(sarif)[0], gitlab[0]

    result, issue = leader()
    assert result["properties"]["from"] == "2027-01-01"
    assert result["level"] == "warning"  # a gap ahead: a warning until its day
    assert "from 2027-01-01 (in 40 days)" in result["message"]["text"]
    assert "from 2027-01-01 (in 40 days)" in issue["description"]
    set_clock(monkeypatch, "2026-11-23")
    next_result, next_issue = leader()
    assert "(in 39 days)" in next_result["message"]["text"]
    assert next_result["partialFingerprints"] == result["partialFingerprints"]
    assert next_issue["fingerprint"] == issue["fingerprint"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_exit_codes_are_those_of_every_format(
    capsys: pytest.CaptureFixture[str], data_root: Path, fmt: str
) -> None:
    assert run(capsys, data_root, "--format", fmt)[0] == 0  # warnings only
    code, out, _err = run(capsys, data_root, "--format", fmt, "--strict")
    assert code == 1  # warnings fail: and the tools are told they are errors
    levels = [r["level"] for r in results(json.loads(out))] if fmt == "sarif" else []
    severities = [i["severity"] for i in json.loads(out)] if fmt == "gitlab" else []
    assert set(levels or severities) == {"error" if fmt == "sarif" else "major"}
    code, out, err = run(capsys, data_root, "--format", fmt, "--rule", "NO-SUCH-RULE")
    assert (code, out) == (2, "") and "unknown rule NO-SUCH-RULE" in err
    break_coverage(data_root)
    assert run(capsys, data_root, "--format", fmt)[0] == 1
    assert run(capsys, data_root, "--format", "json")[0] == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_identity_number_in_a_finding_is_masked(
    capsys: pytest.CaptureFixture[str], data_root: Path, fmt: str
) -> None:
    plant_numbers(data_root)
    code, out, _err = run(capsys, data_root, "--format", fmt)
    assert code == 1
    assert "X-PERSONNUMMER" in out
    # the SCHEMA finding quotes the key it refuses: masked, not left out
    assert f"'{personnummer.mask(DNR)}'" in out
    assert_no_number(out)
    report(capsys, data_root, fmt)  # and the document is still valid


def test_control_characters_in_a_file_name_are_shown_not_obeyed(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    trusts = data_root / "data/trusts"
    (trusts / "hnt\x1b[2J\u202e.yaml").write_bytes((trusts / "hnt.yaml").read_bytes())
    sarif = report(capsys, data_root, "sarif")
    gitlab = report(capsys, data_root, "gitlab")
    assert "data/trusts/hnt%1B%5B2J%E2%80%AE.yaml" in {where(r)[0] for r in results(sarif)}
    assert "data/trusts/hnt\\x1b[2J\\u202e.yaml" in {i["location"]["path"] for i in gitlab}
    for document in (sarif, gitlab):
        text = json.dumps(document, ensure_ascii=False)
        assert "\x1b" not in text and "\u202e" not in text


def test_a_data_root_in_a_subfolder_is_placed_in_the_repository(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_root: Path
) -> None:
    repo = tmp_path / "outer"
    repo.mkdir()
    data_root.rename(repo / "council-data")
    git(repo, "init", "-q")
    root = repo / "council-data"
    break_coverage(root)
    sarif = report(capsys, root, "sarif")
    base = sarif["runs"][0]["originalUriBaseIds"]["DATAROOT"]
    assert base == {"uri": "council-data/", "uriBaseId": "%SRCROOT%"}
    assert HMR in {where(r)[0] for r in results(sarif)}
    gitlab = report(capsys, root, "gitlab")
    assert f"council-data/{HMR}" in {i["location"]["path"] for i in gitlab}
