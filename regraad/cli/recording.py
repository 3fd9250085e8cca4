"""What the commands that record changes share: commit options, the actor, the outcome.

``propose``, ``council`` and ``meeting`` all edit files and commit them through
``workflow.apply``; their options and their report of what happened read the same.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..i18n import _
from .options import as_of_date
from .state import STATE

if TYPE_CHECKING:
    from ..load.dataset import Dataset
    from ..workflow import Change, CommitOptions

NoCommit = Annotated[
    bool, typer.Option("--no-commit", help=_("Only edit the file; commit nothing."))
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help=_("Show the change as a diff; write nothing."))
]
Branch = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on 3.10
    typer.Option("--branch", metavar="NAME", help=_("Commit on a new branch, for a pull request.")),
]
Sign = Annotated[bool, typer.Option("--sign", help=_("Sign the commit (git commit -S)."))]
AllowGap = Annotated[
    bool,
    typer.Option(
        "--allow-gap",
        help=_(
            "Record it although it leaves a gap from a later date (no leader, no member for a "
            "trust); validate warns until that date, then fails."
        ),
    ),
]


def load() -> tuple[Path, Dataset]:
    """The data root and its working-tree dataset."""
    from ..load.loader import load_directory

    root = STATE.data_root()
    return root, load_directory(root)


def who(root: Path, by: str | None) -> str:
    """``--by``, else the repository's ``git config user.name``, else "unknown"."""
    if by and by.strip():
        return by.strip()
    from ..errors import UsageError
    from ..git import gitio

    try:
        return gitio.run(root, "config", "user.name").decode().strip() or "unknown"
    except (gitio.GitError, UsageError):
        return "unknown"


def commit_options(
    no_commit: bool, dry_run: bool, branch: str | None, sign: bool, allow_gap: bool = False
) -> CommitOptions:
    from ..workflow import CommitOptions

    return CommitOptions(
        no_commit=no_commit, dry_run=dry_run, branch=branch, sign=sign, allow_gaps=allow_gap
    )


def finish(
    root: Path, dataset: Dataset, change: Change, options: CommitOptions, as_of: str | None
) -> None:
    """Apply the change and say what happened: the diff, the edited files, or the commit."""
    from ..workflow import apply

    outcome = apply(root, dataset, change, options, as_of_date(as_of))
    for note in outcome.notes:
        sys.stderr.write(f"regraad: {note}\n")
    if options.dry_run:
        sys.stdout.write(outcome.diff)
        return
    if outcome.commit is None:
        for path in outcome.paths:
            sys.stdout.write(_("edited {path} (not committed)").format(path=path) + "\n")
        return
    where = _(" on branch {branch}").format(branch=outcome.branch) if outcome.branch else ""
    sys.stdout.write(f"[{outcome.commit[:10]}{where}] {change.subject}\n")
