"""``regraad fmt``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _, ngettext
from .helptext import paragraphs
from .state import STATE


def fmt(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help=_(
                "Only these files or folders (default: every document under data/); "
                "other files are ignored, so pre-commit can pass any."
            ),
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help=_("List the files that would change and exit 1 if any; write nothing.")
        ),
    ] = False,
) -> None:
    from ..edit.fmt import format_root, write

    root = STATE.data_root()
    total = changed = skipped = 0
    for result in format_root(root, paths or ()):
        total += 1
        if result.skipped is not None:
            skipped += 1
            problem = result.skipped
            sys.stderr.write(
                _("{path}:{line}:{col}: not formatted: {message}").format(
                    path=result.path, line=problem.line, col=problem.col, message=problem.message
                )
                + "\n"
            )
        elif result.changed:
            changed += 1
            if check:
                sys.stdout.write(f"{result.path}\n")
            else:
                write(root, result)
                sys.stdout.write(_("reformatted {path}").format(path=result.path) + "\n")
    if total:
        sys.stderr.write(_summary(check, total, changed, skipped) + "\n")
    raise typer.Exit(1 if skipped or (check and changed) else 0)


def _summary(check: bool, total: int, changed: int, skipped: int) -> str:
    parts = []
    if check and changed:
        parts.append(
            ngettext(
                "{count} file would be reformatted; run regraad fmt",
                "{count} files would be reformatted; run regraad fmt",
                changed,
            ).format(count=changed)
        )
    elif check:
        formatted = total - skipped
        parts.append(
            ngettext(
                "{count} file already formatted", "{count} files already formatted", formatted
            ).format(count=formatted)
        )
    else:
        parts.append(
            _("{changed} reformatted, {unchanged} unchanged").format(
                changed=changed, unchanged=total - changed - skipped
            )
        )
    if skipped:
        parts.append(
            ngettext(
                "{count} file not formatted: fix the problem shown above",
                "{count} files not formatted: fix the problems shown above",
                skipped,
            ).format(count=skipped)
        )
    return "; ".join(parts)


def register(app: typer.Typer) -> None:
    help_text = paragraphs(
        _("Put keys in the schema's order and normalise the layout; comments are kept."),
        _(
            "Files that cannot be read as YAML are never rewritten: they are listed with "
            "the problem and the command exits 1."
        ),
    )
    app.command("fmt", help=help_text)(fmt)
