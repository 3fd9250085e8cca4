"""Running a regraad command in-process as a test does: exit code and what it printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from regraad.cli.app import main


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    """``regraad --root ROOT ARGS…``: its exit code, standard output and standard error."""
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ok(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    """A command that must succeed; its output."""
    code, out, err = run(capsys, root, *args)
    assert code == 0, out + err
    return out
