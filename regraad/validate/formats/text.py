"""Text for people at a terminal: grouped by file, a hint under each finding."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from ...findings import Severity
from ...i18n import _
from ...output.terminal import Style
from .. import Report
from .summary import summary

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def write(report: Report, stream: TextIO, style: Style) -> None:
    out = style(stream)
    for _path, group in groupby(report.findings, key=lambda f: f.path):
        for f in group:
            out.line(
                f"{f.location} ",
                (_(f.severity.value), _STYLE[f.severity]),
                " ",
                (f.rule, "cyan"),
                f" {f.message}",
            )
            if f.hint:
                out.line((f"    {_('hint')}: {f.hint}", "dim"))
        out.line()
    colour = "bold red" if report.failed else ("yellow" if report.findings else "green")
    out.line((summary(report), colour))
