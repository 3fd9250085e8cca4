"""Hand-made steps in real git repositories, and ``audit --verify`` over them.

Shared by the tests of baselines and merges: edit a file, commit by hand, read the
verdict as JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regraad.cli.app import main

from .conftest import git

P004 = "data/specialties/urologi/proposals/2026-004.yaml"  # national-la, in council-review
ANE_HMN = "data/specialties/anestesiologi/councils/hmn.yaml"


def edit(root: Path, path: str, old: str, new: str) -> None:
    target = root / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str, *extra: str) -> str:
    """Commit everything by hand; the new commit's full id."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, *extra)
    return head(repo)


def head(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "rev-parse", rev).strip()


def flip_state(root: Path) -> None:
    """Take 2026-004 from council-review to leader-meeting by hand, with its history entry."""
    edit(root, P004, "state: council-review\n", "state: leader-meeting\n")
    entry = "  - {state: leader-meeting, at: 2026-11-20, by: RegUt HV}\n"
    edit(root, P004, "\nrecommendations:\n", "\n" + entry + "recommendations:\n")


def end_membership(root: Path) -> None:
    """End Håkon Rønneberg's membership in anestesiologi/hmn by hand."""
    old = "    from: 2018-11-01\n  - name: Silje Aune\n"
    edit(root, ANE_HMN, old, old.replace("\n", "\n    to: 2026-12-31\n", 1))


def verify(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str
) -> tuple[int, dict[str, Any]]:
    """``audit --verify --format json`` with ``args`` (a range, ``--since``): exit code and
    the ``verify`` object."""
    code = main(["--root", str(root), "audit", "--verify", "--format", "json", *args])
    result = json.loads(capsys.readouterr().out)
    return code, result["verify"]


def problems_of(result: dict[str, Any], sha: str) -> list[dict[str, Any]]:
    return [p for p in result["problems"] if p["commit"] == sha]
