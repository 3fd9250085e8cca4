"""Output formats for validation reports, one registry the CLI's choices come from.

Every format writes through a stream that masks national identity numbers: a finding's
message may quote a value (a SCHEMA finding does), and a number must never be printed in
full, whichever format prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ...privacy.personnummer import redacting

if TYPE_CHECKING:
    from ...output.terminal import Style
    from .. import Report

Reporter = Callable[["Report", TextIO, "Style"], None]  # (report, stream, how lines show)


def _text(report: Report, out: TextIO, style: Style) -> None:
    from .text import write

    write(report, out, style)


def _json(report: Report, out: TextIO, style: Style) -> None:
    from .jsonfmt import write

    write(report, out)


def _github(report: Report, out: TextIO, style: Style) -> None:
    from .github import write

    write(report, out)


def _junit(report: Report, out: TextIO, style: Style) -> None:
    from .junit import write

    write(report, out)


def _sarif(report: Report, out: TextIO, style: Style) -> None:
    from .sarif import write

    write(report, out)


def _gitlab(report: Report, out: TextIO, style: Style) -> None:
    from .gitlab import write

    write(report, out)


def _redacted(reporter: Reporter) -> Reporter:
    def write(report: Report, out: TextIO, style: Style) -> None:
        with redacting(out) as stream:
            reporter(report, stream, style)

    return write


REPORTERS_BY_NAME: dict[str, Reporter] = {
    "text": _redacted(_text),
    "json": _redacted(_json),
    "github": _redacted(_github),
    "junit": _redacted(_junit),
    "sarif": _redacted(_sarif),
    "gitlab": _redacted(_gitlab),
}
