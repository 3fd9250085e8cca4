"""Text for people at a terminal: grouped by file, a hint under each finding."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from ..findings import Severity
from ..i18n import _
from ..validate import Report
from .summary import summary

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def write(report: Report, out: TextIO, colour: bool) -> None:
    if not colour and _plain(report, out):
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console(
        file=out,
        color_system="auto" if colour else None,
        no_color=not colour,
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )
    for _path, group in groupby(report.findings, key=lambda f: f.path):
        for f in group:
            severity = _(f.severity.value)
            console.print(
                f"{escape(f.location)} [{_STYLE[f.severity]}]{escape(severity)}[/] "
                f"[cyan]{escape(f.rule)}[/cyan] {escape(f.message)}"
            )
            if f.hint:
                console.print(f"    [dim]{escape(_('hint'))}: {escape(f.hint)}[/dim]")
        console.print()
    style = "bold red" if report.failed else ("yellow" if report.findings else "green")
    console.print(f"[{style}]{escape(summary(report))}[/]")


def _plain(report: Report, out: TextIO) -> bool:
    """Without colour, the same lines as ``rich`` prints, written directly (rich is slow
    to import and to print with). Only when every text is printable and has no
    backslash: rich changes tabs and control characters, and a backslash before a
    bracket, so anything like that goes through rich. False when not written."""
    lines: list[str] = []
    for _path, group in groupby(report.findings, key=lambda f: f.path):
        for f in group:
            lines.append(f"{f.location} {_(f.severity.value)} {f.rule} {f.message}")
            if f.hint:
                lines.append(f"    {_('hint')}: {f.hint}")
        lines.append("")
    lines.append(summary(report))
    if not all(line.isprintable() and "\\" not in line for line in lines):
        return False
    out.write("\n".join(lines) + "\n")
    return True
