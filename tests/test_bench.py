"""The benchmark harness works: the generator is deterministic and its output valid, and
``benchmarks/run.py --smoke`` measures every scenario. No timing is asserted here; speed
targets live in benchmarks/run.py and BENCHMARKS.md."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import PROJECT

BENCH = PROJECT / "benchmarks"
TINY = ("--scale", "0.02", "--commits", "150")


def _generate(out: Path, *args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), str(out), "--quiet", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    stamp: dict[str, Any] = json.loads((out / ".git" / "regraad-bench.json").read_text())
    return stamp


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def _regraad(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REGRAAD_LANG": "en", "PYTHONPATH": str(PROJECT)}
    return subprocess.run(
        [sys.executable, "-m", "regraad", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench") / "repo"
    return out, _generate(out, *TINY, "--seed", "7", "--no-check")


def test_same_seed_gives_the_same_files_and_commits(
    generated: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    first, stamp = generated
    again = _generate(tmp_path / "again", *TINY, "--seed", "7", "--no-check")
    assert again["tree"] == stamp["tree"] == _git(first, "rev-parse", "HEAD^{tree}")
    assert again["head"] == stamp["head"]
    assert _git(tmp_path / "again", "rev-list", "--count", "HEAD") == "150"
    other = _generate(tmp_path / "other", *TINY, "--seed", "8", "--no-check")
    assert other["tree"] != stamp["tree"]


def test_the_generated_dataset_is_valid_and_its_history_verifies(
    generated: tuple[Path, dict[str, Any]],
) -> None:
    root, stamp = generated
    proc = _regraad(root, "validate", "--format", "json")
    report = json.loads(proc.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert errors == [], errors[:5]
    assert report["files"] == stamp["files"]
    audit = json.loads(_regraad(root, "audit", "--verify", "--format", "json").stdout)
    assert audit["verify"]["ok"], audit["verify"]["problems"][:5]
    assert audit["commits"] == 150
    # every state of the change process is there
    states = {str(k).split(" ")[0] for k in stamp["proposal_states"]}
    assert {"draft", "submitted", "council-review", "accepted", "rejected", "withdrawn"} <= states
    assert {"regional-review", "leader-meeting", "committee-review"} <= states


def test_commits_made_by_regraad_gitcommit_are_the_same(
    generated: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    _root, stamp = generated
    made = _generate(tmp_path / "git", *TINY, "--seed", "7", "--no-check", "--writer", "git")
    assert made["head"] == stamp["head"]


SCENARIOS = {  # benchmarks/run.py SCENARIO_KEYS: the scenarios of DESIGN.md §10
    "help": "regraad --help",
    "validate-cold": "validate, cold",
    "validate-warm": "validate, warm",
    "validate-one": "validate, one file changed",
    "check-jsonschema": "check-jsonschema, same files and schemas",
    "diff-cold": "diff HEAD~50 HEAD, cold",
    "diff-warm": "diff HEAD~50 HEAD, warm",
    "audit": "audit --verify",
    "render": "render everything",
}


def test_the_smoke_benchmark_measures_every_scenario(tmp_path: Path) -> None:
    committed = (PROJECT / "BENCHMARKS.md").read_bytes()
    out = tmp_path / "smoke.md"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--smoke", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = out.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + len(SCENARIOS)  # the header, then one row per scenario
    for title, row in zip(SCENARIOS.values(), rows[1:], strict=True):
        assert row.startswith(f"| {title}"), (title, row)
        assert re.match(r"\| [^|]+ \| 1 \| \d+\.\d{3} \| \d+\.\d{3} \| \d+ \|", row), row
    assert "failed" not in text
    assert "## The targets of DESIGN.md §10" in text
    raw = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert list(raw["results"]) == list(SCENARIOS)
    assert all(r["failed"] is None and len(r["times"]) == 1 for r in raw["results"].values())
    assert (PROJECT / "BENCHMARKS.md").read_bytes() == committed  # a smoke run never writes it
