"""``regraad codeowners``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from .options import AsOf, as_of_date
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
        Path | None,
        typer.Option(
            "--out",
            metavar="PATH",
            help=_("Where CODEOWNERS lives (default: .github/CODEOWNERS in the repository)."),
        ),
    ] = None,
    as_of: AsOf = None,
) -> None:
    from ..git import gitio
    from ..load.loader import load_directory
    from ..output.files import write_file
    from ..scaffold.codeowners import render

    root = STATE.data_root()
    when = as_of_date(as_of)
    where = gitio.place(root) or gitio.Place(root, "")
    text = render(load_directory(root), when, members=members, prefix=where.prefix)
    target = out or where.repo / ".github" / "CODEOWNERS"
    current = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else None
    if check:
        if current != text:
            sys.stderr.write(
                _("{path} is out of date; run regraad codeowners").format(path=target) + "\n"
            )
            raise typer.Exit(1)
        sys.stdout.write(_("{path} is up to date").format(path=target) + "\n")
        return
    # never into data/ or .git; an existing file is replaced only when regraad made it
    write_file(root, target, text.encode("utf-8"), "--out", marker=_generated)
    sys.stdout.write(f"{target}\n")


def _generated(head: bytes) -> bool:
    """Whether a CODEOWNERS starts with the comment ``regraad codeowners`` writes (in any
    language: the command's name is kept in every translation)."""
    first = head.split(b"\n", 1)[0]
    return first.startswith(b"# ") and b"`regraad codeowners`" in first


def register(app: typer.Typer) -> None:
    app.command(
        "codeowners", help=_("Write CODEOWNERS so each specialty's council reviews changes to it.")
    )(codeowners)
