"""Lines of text with styles, for what people read at a terminal.

A text format (validate, diff, coverage, estimate) writes its lines as segments of
``(text, style)`` through ``Lines``, and knows nothing of how styles are shown: the CLI
hands it a ``Style`` that makes colour lines on a colour terminal (``cli.terminal``) or
``Plain`` lines, which leave the styles out, so piped output has no escape codes and
diffs cleanly. Characters a terminal would act on (control and bidirectional formatting
characters from the data) are written as visible escapes (``output.safe.visible``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TextIO

from .safe import visible  # the one escaping for terminals

__all__ = ["Lines", "Part", "Plain", "Segment", "Style", "segments", "table", "visible"]

Segment = tuple[str, str]  # (text, style such as "bold red"; "" for none)
Part = str | Segment


class Lines(Protocol):
    """Where a text format writes: styled lines, on ``stream``."""

    stream: TextIO
    colour: bool  # styles are shown (a format may lay out differently without them)

    def line(self, *parts: Part) -> None: ...


Style = Callable[[TextIO], Lines]  # how lines are shown on a stream


def segments(parts: Sequence[Part]) -> list[Segment]:
    return [(p, "") if isinstance(p, str) else p for p in parts]


class Plain:
    """Lines without styles: the text of the segments, trailing spaces removed."""

    colour = False

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def line(self, *parts: Part) -> None:
        text = "".join(visible(chunk) for chunk, _style in segments(parts))
        self.stream.write(text.rstrip() + "\n")


def table(
    out: Lines, header: Sequence[str] | None, rows: Sequence[Sequence[Part]], right: set[int]
) -> None:
    """Columns padded to their widest cell, two spaces apart; ``right`` aligns numbers."""
    cells = [segments(row) for row in rows]
    head = [[(h, "bold") for h in header]] if header else []
    widths = [0] * max((len(r) for r in [*head, *cells]), default=0)
    for row in [*head, *cells]:
        for i, (text, _style) in enumerate(row):
            widths[i] = max(widths[i], len(text))
    for row in [*head, *cells]:
        parts: list[Part] = []
        for i, (text, style) in enumerate(row):
            pad = " " * (widths[i] - len(text))
            parts.extend([pad, (text, style)] if i in right else [(text, style), pad])
            parts.append("  ")
        out.line(*parts)
