"""Text for people at a terminal: grouped by file, a hint under each finding."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from ..findings import Severity
from ..i18n import _
from ..validate import Report
from .summary import summary

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def write(report: Report, out: TextIO, colour: bool) -> None:
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
