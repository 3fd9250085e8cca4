"""Lines of text with styles, for what people read at a terminal.

A text format (validate, diff, coverage, estimate) writes its lines as segments of
``(text, style)`` through ``Lines``, and knows nothing of how styles are shown: the CLI
hands it a ``Style`` that makes colour lines on a colour terminal (``cli.terminal``) or
``Plain`` lines, which leave the styles out, so piped output has no escape codes and
diffs cleanly. Characters a terminal would act on (control and bidirectional formatting
characters from the data) are written as visible escapes (``output.safe.visible``).
"""

from __future__ import annotations

import contextlib
import os
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, TextIO

from .safe import visible  # the one escaping for terminals

__all__ = [
    "Lines",
    "Part",
    "Plain",
    "Segment",
    "Style",
    "fitted_widths",
    "folded",
    "segments",
    "table",
    "terminal_width",
    "visible",
]

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
    """Lines without styles: the text of the segments, trailing spaces removed, and a
    line longer than the terminal (``terminal_width``) wrapped at spaces."""

    colour = False

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.width = terminal_width(stream)

    def line(self, *parts: Part) -> None:
        text = "".join(visible(chunk) for chunk, _style in segments(parts)).rstrip()
        self.stream.write("\n".join(folded(text, self.width)) + "\n")


def folded(text: str, width: int | None) -> list[str]:
    """``text`` as lines of at most ``width``, broken at spaces; the lines after the first
    are indented four more than it, so each reads as one item. A word longer than the
    width stays whole: a path or an id cut in two would no longer be found."""
    if width is None or len(text) <= width:
        return [text]
    indent = text[: len(text) - len(text.lstrip(" "))]
    more = indent + " " * 4
    if len(more) >= width // 2:
        more = indent = ""
    return textwrap.wrap(
        text.lstrip(" "),
        width,
        initial_indent=indent,
        subsequent_indent=more,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [text]


def terminal_width(stream: TextIO, environ: Mapping[str, str] | None = None) -> int | None:
    """The width tables are fitted to: ``COLUMNS`` when set (as shells and ``COLUMNS=80
    regraad …`` set it), else the terminal's when ``stream`` is one; ``None`` (no limit)
    for a pipe or file, so what scripts read does not change with the window."""
    env = os.environ if environ is None else environ
    with contextlib.suppress(ValueError):
        columns = int(env.get("COLUMNS", ""))
        if columns > 0:
            return columns
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns or None
    except (AttributeError, OSError, ValueError):
        pass  # not a file (captured output) or not a terminal
    return None


GAP = 2  # spaces between columns


def fitted_widths(natural: Sequence[int], least: Sequence[int], width: int | None) -> list[int]:
    """Column widths that fit ``width`` (gaps included): the widest column that can give
    way gives a character at a time, none below its ``least`` (its longest word); the
    least widths where even they do not fit, since a word is never split."""
    widths = list(natural)
    if width is None or not widths:
        return widths
    room = width - GAP * (len(widths) - 1)
    while sum(widths) > room:
        give = [i for i in range(len(widths)) if widths[i] > least[i]]
        if not give:
            break
        widest = max(give, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` at spaces; a longer word stays whole."""
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def table(
    out: Lines,
    header: Sequence[str] | None,
    rows: Sequence[Sequence[Part]],
    right: set[int],
    indent: str = "",
) -> None:
    """Columns padded to their widest cell, two spaces apart; ``right`` aligns numbers.
    Where the output has a width (``terminal_width``), text columns wrap at spaces to fit
    it; numbers and words are never split. Where even the longest words do not fit side
    by side, the last column (the free text: a title, a subject) goes under the others,
    indented, on lines of its own. ``indent`` goes before every line."""
    cells = [segments(row) for row in rows]
    head = [[(h, "bold") for h in header]] if header else []
    every = [*head, *cells]
    count = max((len(r) for r in every), default=0)
    natural, least = [0] * count, [0] * count
    for row in every:
        for i, (text, _style) in enumerate(row):
            natural[i] = max(natural[i], len(text))
            longest = len(text) if i in right else max(map(len, text.split() or [""]))
            least[i] = max(least[i], longest)
    width = terminal_width(out.stream)
    if width is not None:
        width = max(width - len(indent), 1)
    below = width is not None and count > 1 and sum(least) + GAP * (count - 1) > width
    shown = count - 1 if below else count
    widths = fitted_widths(natural[:shown], least[:shown], width)
    for row in every:
        _row(out, row[:shown], widths, right, indent)
        if below and len(row) > shown and row[shown][0].strip():
            text, style = row[shown]
            for line in _wrapped(text, max(width - 4, 1) if width else len(text)):
                out.line(indent + "    ", (line, style))


def _row(
    out: Lines, row: Sequence[Segment], widths: Sequence[int], right: set[int], indent: str
) -> None:
    """One row, as many lines as its most wrapped cell needs."""
    lines = [_wrapped(text, widths[i]) for i, (text, _style) in enumerate(row)]
    for n in range(max((len(c) for c in lines), default=1)):
        parts: list[Part] = [indent]
        for i, (_text, style) in enumerate(row):
            text = lines[i][n] if n < len(lines[i]) else ""
            pad = " " * (widths[i] - len(text))
            parts.extend([pad, (text, style)] if i in right else [(text, style), pad])
            parts.append(" " * GAP)
        out.line(*parts)
