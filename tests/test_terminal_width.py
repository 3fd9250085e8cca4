"""Text output fits the terminal: at 80 and 100 columns no line is longer, and no word is
cut in two (tables wrap their text columns at spaces); long output is paged at a
terminal, and never when piped."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from regraad.cli.app import main
from regraad.output.terminal import fitted_widths, folded

from .conftest import AS_OF, git

COMMANDS = [
    ["validate", "--as-of", AS_OF],
    ["coverage", "--as-of", AS_OF],
    ["coverage", "urologi", "--as-of", AS_OF],
    ["estimate", "--as-of", AS_OF],
    ["estimate", "urologi", "--as-of", AS_OF],
    ["council", "list", "--as-of", AS_OF],
    ["council", "list", "urologi", "--all"],
    ["case", "list"],
    ["diff", "HEAD~1", "HEAD"],
    ["rules"],
    ["meeting", "agenda", "urologi/2026-03-12-hso", "--as-of", AS_OF],
]


def _output(capsys: pytest.CaptureFixture[str], root: Path, args: list[str]) -> str:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err  # 1: validate's warnings are findings
    return captured.out


@pytest.fixture
def changed(repo: Path) -> Path:
    """The example repository with one more commit, so ``diff HEAD~1 HEAD`` has lines."""
    path = repo / "data/specialties/urologi/councils/hso.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("from: 2021-04-15", "from: 2021-04-16", 1),
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "Endret dato")
    return repo


@pytest.mark.parametrize("width", [80, 100])
def test_text_output_fits_the_terminal_without_splitting_words(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    changed: Path,
    width: int,
) -> None:
    widest = 0
    for args in COMMANDS:
        monkeypatch.delenv("COLUMNS", raising=False)
        wide = _output(capsys, changed, args)  # piped: no width, the lines as they are
        widest = max(widest, *(len(line) for line in wide.splitlines()))
        monkeypatch.setenv("COLUMNS", str(width))
        narrow = _output(capsys, changed, args)
        assert narrow.strip(), args
        long = [line for line in narrow.splitlines() if len(line) > width]
        assert long == [], args
        # a word cut in two would leave pieces that are no word of the unwrapped output
        assert set(narrow.split()) <= set(wide.split()), args
    assert widest > width  # there was wrapping to do


def test_columns_give_way_down_to_their_longest_word() -> None:
    assert fitted_widths([10, 40, 8], [10, 12, 8], 50) == [10, 28, 8]
    assert fitted_widths([10, 40, 8], [10, 12, 8], None) == [10, 40, 8]
    assert fitted_widths([10, 40, 8], [10, 30, 8], 20) == [10, 30, 8]  # no word is split
    assert folded("path:1:1 warning a long message here", 20) == [
        "path:1:1 warning a",
        "    long message",
        "    here",
    ]


# -- paging ------------------------------------------------------------------------------------


@pytest.fixture
def pager(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``$PAGER``: a script that records what it was given in ``paged.txt``."""
    record = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text(
        f"import sys\nopen({str(record)!r}, 'w', encoding='utf-8').write(sys.stdin.read())\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PAGER", f"{sys.executable} {script}")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("LINES", "10")
    monkeypatch.setenv("COLUMNS", "80")
    yield record


def _run(root: Path, *args: str, tty: bool) -> tuple[int, str]:
    """The CLI in a process of its own, stdout a pipe or (``tty``) a pseudo-terminal."""
    command = [sys.executable, "-m", "regraad", "--root", str(root), *args]
    if not tty:
        done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout
    import pty

    leader, follower = pty.openpty()
    with subprocess.Popen(command, stdout=follower, stderr=subprocess.DEVNULL) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = process.wait(timeout=120)
    os.close(leader)
    return code, b"".join(chunks).decode("utf-8", "replace")


def test_piped_output_is_never_paged(pager: Path, data_root: Path) -> None:
    code, out = _run(data_root, "validate", "--as-of", AS_OF, tty=False)
    assert code == 0
    assert not pager.exists()
    assert out.count("\n") > 10 and out.rstrip().endswith("warnings")  # all of it, on stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminals")
def test_long_output_at_a_terminal_is_paged(
    pager: Path, data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _out = _run(data_root, "validate", "--as-of", AS_OF, tty=True)
    assert code == 0
    assert pager.read_text(encoding="utf-8").count("\n") > 10
    pager.unlink()
    code, out = _run(data_root, "--no-pager", "validate", "--as-of", AS_OF, tty=True)
    assert code == 0 and not pager.exists() and "warnings" in out
    monkeypatch.setenv("CI", "true")
    code, out = _run(data_root, "validate", "--as-of", AS_OF, tty=True)
    assert code == 0 and not pager.exists() and "warnings" in out
