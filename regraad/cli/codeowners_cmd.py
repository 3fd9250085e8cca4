"""``regraad codeowners``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..i18n import _
from .state import STATE


def codeowners(
    members: Annotated[
        bool, typer.Option("--members", help=_("Council members own their specialty too."))
    ] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help=_("Only check that the file is up to date (exit 1 if not).")),
    ] = False,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            metavar="PATH",
            help=_("Where CODEOWNERS lives (default: .github/CODEOWNERS in the repository)."),
        ),
    ] = None,
    as_of: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--as-of", metavar="DATE", help=_("Memberships active on this date.")),
    ] = None,
) -> None:
    """Write CODEOWNERS so each specialty's council reviews changes to it."""
    from .. import gitio
    from ..codeowners import render
    from ..loader import load_directory
    from ..schema_export import atomic_write
    from .validate_cmd import _checked_date

    root = STATE.data_root()
    repo = gitio.toplevel(root) or root
    rel = root.resolve().relative_to(repo.resolve()).as_posix()
    prefix = "" if rel == "." else rel + "/"
    when = _checked_date(as_of) or dt.date.today().isoformat()
    text = render(load_directory(root), when, members=members, prefix=prefix)
    target = out or repo / ".github" / "CODEOWNERS"
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if check:
        if current != text:
            sys.stderr.write(
                _("{path} is out of date; run regraad codeowners").format(path=target) + "\n"
            )
            raise typer.Exit(1)
        sys.stdout.write(_("{path} is up to date").format(path=target) + "\n")
        return
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, text.encode("utf-8"))
    sys.stdout.write(f"{target}\n")


def register(app: typer.Typer) -> None:
    app.command("codeowners")(codeowners)
