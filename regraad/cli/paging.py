"""Long output through a pager, as git does, but only for a person at a terminal.

A listing longer than the window (validate, coverage, estimate, council and case lists)
is held and shown through ``$PAGER`` (``less`` when unset, with ``LESS=FRX`` unless set:
quit when it fits, colours kept, the screen not cleared). Never when stdout is a pipe or
a file, never under CI (``CI`` set), never with ``--no-pager`` or ``PAGER=cat``: what a
script reads is exactly what it would read without a pager.
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from ..privacy.personnummer import redact
from .state import STATE


class _Held(io.StringIO):
    """What a command writes while it is held for the pager; it answers for the terminal
    (colour and width are the terminal's, as if written there)."""

    def __init__(self, terminal: TextIO) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.terminal.fileno()


def wanted(stream: TextIO, environ: dict[str, str] | None = None) -> bool:
    """Whether output to ``stream`` goes through a pager."""
    env = os.environ if environ is None else environ
    if STATE.no_pager or env.get("CI") or env.get("TERM") == "dumb":
        return False
    if env.get("PAGER", "less").strip() in ("", "cat"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def paged() -> Iterator[TextIO]:
    """The stream a command writes its listing to: stdout itself, or, at a terminal, a
    holder whose text goes through the pager when it is longer than the window."""
    terminal = sys.stdout
    if not wanted(terminal):
        yield terminal
        return
    held = _Held(terminal)
    yield held
    show(held.getvalue(), terminal)


def show(text: str, terminal: TextIO) -> None:
    """``text`` on the terminal, through the pager when it does not fit the window."""
    rows = shutil.get_terminal_size().lines
    if text.count("\n") < rows - 1 or not _through_pager(redact(text)):
        terminal.write(text)
        terminal.flush()


def _through_pager(text: str) -> bool:
    """Run the pager on ``text``; False when it cannot be started (then it is printed)."""
    command = shlex.split(os.environ.get("PAGER") or "less")
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    sys.stdout.flush()
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert process.stdin is not None
    try:
        with process.stdin as pipe:
            pipe.write(text.encode("utf-8", "replace"))
    except (BrokenPipeError, OSError):
        pass  # the reader quit the pager before reading everything: that is its choice
    try:
        process.wait()
    except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs
        process.wait()
    return True
