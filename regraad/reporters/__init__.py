"""Output formats for validation reports, one registry the CLI's choices come from."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..validate import Report

Reporter = Callable[["Report", TextIO, bool], None]  # (report, stream, colour)


def _text(report: Report, out: TextIO, colour: bool) -> None:
    from .text import write

    write(report, out, colour)


def _json(report: Report, out: TextIO, colour: bool) -> None:
    from .jsonfmt import write

    write(report, out)


def _github(report: Report, out: TextIO, colour: bool) -> None:
    from .github import write

    write(report, out)


def _junit(report: Report, out: TextIO, colour: bool) -> None:
    from .junit import write

    write(report, out)


REPORTERS_BY_NAME: dict[str, Reporter] = {
    "text": _text,
    "json": _json,
    "github": _github,
    "junit": _junit,
}
