"""Global options shared by every command (set by the app callback)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO


@dataclass
class GlobalState:
    root: Path | None = None
    debug: bool = False
    no_color: bool = False
    no_pager: bool = False  # long listings at a terminal are not paged (cli/paging.py)

    def colour(self, stream: TextIO) -> bool:
        """Colour only on a terminal, never with NO_COLOR or --no-color."""
        if self.no_color or os.environ.get("NO_COLOR"):
            return False
        return stream.isatty()

    def data_root(self) -> Path:
        """The data root; a change a killed regraad command left half done is settled first,
        so every command sees the repository whole."""
        from ..git.journal import recover_if_interrupted
        from ..load.root import find_root

        root = find_root(self.root)
        note = recover_if_interrupted(root)
        if note:
            sys.stderr.write(f"regraad: {note}\n")
        return root


STATE = GlobalState()


def stdout() -> TextIO:
    return sys.stdout
