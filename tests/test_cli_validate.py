"""`regraad validate` as users and CI call it: formats, exit codes, revisions."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from regraad.cli.app import main
from regraad.validate.formats import REPORTERS_BY_NAME

from .conftest import AS_OF, PROJECT, git


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def break_coverage(root: Path) -> Path:
    """Remove the `via` of a goal that St. Olavs must provide: a V-VIA error."""
    path = root / "data/specialties/anestesiologi/coverage/hmr.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if "status: none" in line and "via: stolav" in line:
            lines[i] = line.replace(", via: stolav", "")
            path.write_text("".join(lines), encoding="utf-8")
            return path
    raise AssertionError("no 'none via stolav' entry to break")


def test_example_dataset_passes_with_its_warnings(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    code, out, _ = run(capsys, "--root", str(data_root), "validate", "--as-of", AS_OF)
    assert code == 0
    assert "0 errors" in out and "F-FAGKONTAKT" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_strict_makes_warnings_fail(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    assert run(capsys, "--root", str(data_root), "validate", "--strict")[0] == 1


def test_a_finding_is_named_at_file_line_col_and_exits_1(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    break_coverage(data_root)
    code, out, _ = run(capsys, "--root", str(data_root), "validate", "--as-of", AS_OF)
    assert code == 1
    line = next(ln for ln in out.splitlines() if "V-VIA" in ln)
    assert line.startswith("data/specialties/anestesiologi/coverage/hmr.yaml:")
    assert " error V-VIA " in line
    assert "hint: add `via: <trust>`" in out


def test_github_format_prints_workflow_annotations(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    break_coverage(data_root)
    code, out, _ = run(capsys, "--root", str(data_root), "validate", "--format", "github")
    assert code == 1
    errors = [ln for ln in out.splitlines() if ln.startswith("::error ")]
    assert errors and errors[0].startswith(
        "::error file=data/specialties/anestesiologi/coverage/hmr.yaml,line="
    )
    assert ",col=" in errors[0] and ",title=V-VIA::" in errors[0]
    assert any(ln.startswith("::warning file=") for ln in out.splitlines())


def test_junit_format_is_valid_xml_with_a_failing_case(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    break_coverage(data_root)
    _, out, _ = run(capsys, "--root", str(data_root), "validate", "--format", "junit")
    root = ET.fromstring(out.split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite is not None and suite.get("failures") == "1"
    failing = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failing] == ["data/specialties/anestesiologi/coverage/hmr.yaml"]
    assert int(suite.get("tests", "0")) > 100


def test_json_format_is_the_documented_shape(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    break_coverage(data_root)
    _, out, _ = run(capsys, "--root", str(data_root), "validate", "--format", "json")
    report = json.loads(out)
    assert report["format"] == 1 and report["summary"]["failed"] is True
    finding = next(f for f in report["findings"] if f["rule"] == "V-VIA")
    assert set(finding) == {
        "path", "line", "column", "rule", "severity", "message", "hint", "from"
    }  # fmt: skip
    assert finding["from"] is None  # it holds today, not only from a later date
    assert (PROJECT / "README.md").read_text(encoding="utf-8").count('"column"') >= 1


def test_format_choices_come_from_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "validate", "--help")
    for name in REPORTERS_BY_NAME:
        assert name in out


def test_rule_and_skip_select_checks(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    break_coverage(data_root)
    code, out, _ = run(capsys, "--root", str(data_root), "validate", "--rule", "V-VIA")
    assert code == 1 and "F-FAGKONTAKT" not in out and "V-VIA" in out
    code, out, _ = run(capsys, "--root", str(data_root), "validate", "--skip", "V-VIA")
    assert code == 0 and "V-VIA" not in out


def test_path_arguments_limit_what_is_reported(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    break_coverage(data_root)
    code, out, _ = run(
        capsys, "--root", str(data_root), "validate", str(data_root / "data/specialties/urologi")
    )
    assert code == 0 and "V-VIA" not in out


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--bogus"],
        ["validate", "--format", "yaml"],
        ["validate", "--rule", "NO-SUCH-RULE"],
        ["validate", "--as-of", "2026-02-30"],
        ["--lang", "sv", "validate"],
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], data_root: Path, args: list[str]
) -> None:
    code, out, err = run(capsys, "--root", str(data_root), *args)
    assert code == 2
    assert "Traceback" not in out + err


def test_no_data_root_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "validate")
    assert code == 2 and "no data root found" in err
    code, _, err = run(capsys, "--root", str(tmp_path), "validate")
    assert code == 2 and "is not a data root" in err


def test_root_is_found_by_walking_up(
    capsys: pytest.CaptureFixture[str], data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data_root / "data/specialties/urologi")
    assert run(capsys, "validate")[0] == 0


def test_rev_validates_an_older_revision_without_touching_the_tree(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    break_coverage(repo)
    git(repo, "commit", "-qam", "Break a coverage entry")
    status_before = git(repo, "status", "--porcelain")
    head_before = git(repo, "rev-parse", "HEAD")
    assert run(capsys, "--root", str(repo), "validate", "--as-of", AS_OF)[0] == 1
    code, out, _ = run(capsys, "--root", str(repo), "validate", "--rev", "HEAD~1", "--as-of", AS_OF)
    assert code == 0, out
    assert "HEAD~1 (" in out
    assert git(repo, "status", "--porcelain") == status_before
    assert git(repo, "rev-parse", "HEAD") == head_before
    assert run(capsys, "--root", str(repo), "validate", "--rev", "HEAD")[0] == 1


@pytest.mark.parametrize("rev", ["no-such-branch", "--output=evil.txt", "-h"])
def test_unknown_or_option_like_revision_exits_2(
    capsys: pytest.CaptureFixture[str], repo: Path, rev: str
) -> None:
    code, _, err = run(capsys, "--root", str(repo), "validate", f"--rev={rev}")
    assert code == 2 and rev in err
    assert not (repo / "evil.txt").exists()


def test_changed_since_reports_only_changed_files(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    break_coverage(repo)
    code, out, _ = run(capsys, "--root", str(repo), "validate", "--changed-since", "HEAD")
    assert code == 1
    assert "V-VIA" in out and "F-FAGKONTAKT" not in out


def test_data_root_in_a_subdirectory_annotates_repo_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_root: Path
) -> None:
    repo = tmp_path / "outer"
    (repo / "council-data").parent.mkdir(parents=True)
    data_root.rename(repo / "council-data")
    git(repo, "init", "-q")
    break_coverage(repo / "council-data")
    _, out, _ = run(capsys, "--root", str(repo / "council-data"), "validate", "-f", "github")
    assert "::error file=council-data/data/specialties/anestesiologi/coverage/hmr.yaml" in out


def test_module_entry_point_and_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "regraad", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and proc.stdout.startswith("regraad ")


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    for rule_id in (
        "REF",
        "C-LEADER",
        "V-VIA",
        "P-AGREEMENT",
        "K-BOTTLENECK",
        "W-STATE",
        "X-PERSONNUMMER",
        "YAML-DUPLICATE-KEY",
        "SCHEMA",
    ):
        assert f"\n{rule_id} " in "\n" + out


@pytest.mark.parametrize("option", ["--rev", "--changed-since"])
def test_git_options_outside_a_repository_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_root: Path, option: str
) -> None:
    if (tmp_path / ".git").exists() or git_toplevel(data_root):
        pytest.fail("the fixture folder must not be inside a git repository")
    code, _, err = run(capsys, "--root", str(data_root), "validate", option, "HEAD")
    assert code == 2
    assert f"{option} needs a git repository" in err


def git_toplevel(path: Path) -> bool:
    proc = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--show-toplevel"],
        capture_output=True,
        check=False,
    )
    return proc.returncode == 0
