"""The hooks `regraad init` writes, run by the real pre-commit in a scaffolded repo.

They are local hooks that install what `--install` names; here this checkout, so
pre-commit builds it and installs its dependencies from the package registry into its
own environment, which is why this test takes a while.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import AS_OF, PROJECT, git


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert executable, "pre-commit is not installed; run pip install -e '.[dev]'"
    return subprocess.run(
        [executable, "run", "--all-files", "--color", "never", *args],
        cwd=repo,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )


def test_hooks_pass_on_the_example_and_catch_a_broken_reference(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data_repo = tmp_path / "data-repo"
    spec = PROJECT.as_uri()
    assert main(["init", "--example", "--ci", "github", "--install", spec, str(data_repo)]) == 0

    config = data_repo / ".pre-commit-config.yaml"
    text = config.read_text(encoding="utf-8")
    assert "repo: local" in text and f'additional_dependencies: ["{spec}"]' in text
    # judged on the tests' date, so the example's memberships do not drift out of force
    text = text.replace(
        "- id: regraad-validate\n", f'- id: regraad-validate\n        args: [--as-of, "{AS_OF}"]\n'
    )
    config.write_text(text, encoding="utf-8")
    git(data_repo, "commit", "-q", "-am", "Use the hooks of this checkout")

    home = tmp_path / "pre-commit-home"
    clean = pre_commit(data_repo, home)
    output = clean.stdout + clean.stderr
    assert clean.returncode == 0, output
    assert [line for line in output.splitlines() if line.startswith("regraad")] == [
        line for line in output.splitlines() if line.startswith("regraad") and "Passed" in line
    ]
    assert "regraad validate" in output and "regraad fmt" in output

    council = data_repo / "data/specialties/anestesiologi/councils/hmn.yaml"
    council.write_text(
        council.read_text(encoding="utf-8").replace("trust: hmr", "trust: atlantis", 1),
        encoding="utf-8",
    )
    broken = pre_commit(data_repo, home, "regraad-validate")
    output = broken.stdout + broken.stderr
    assert broken.returncode == 1, output
    assert "Failed" in output
    assert "data/specialties/anestesiologi/councils/hmn.yaml" in output
    assert "REF" in output and "atlantis" in output
