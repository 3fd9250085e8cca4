"""``regraad audit``: the audit trail read back from ``git log`` and checked.

Every proposal step and membership change is one commit with Regraad trailers
(``regraad.git.trailers``). ``history`` reads a whole range in one ``git log`` pass,
``verification`` compares each commit's trailers with what it did to the proposal and
council files, whose versions ``snapshots`` reads (all blobs in one ``git cat-file
--batch``, each governed block composed once), and ``formats`` renders the result
as JSON or Markdown. Nothing here knows about typer or rich.
"""

from __future__ import annotations

from .history import Action, Commit, FileChange, Range, actions, read_log, resolve_range
from .problems import Problem
from .verification import verify

__all__ = [
    "Action",
    "Commit",
    "FileChange",
    "Problem",
    "Range",
    "actions",
    "read_log",
    "resolve_range",
    "verify",
]
