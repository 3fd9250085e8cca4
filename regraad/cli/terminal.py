"""Colour at a terminal: the ``Style`` the CLI hands the text formats.

The core writes styled segments (``output.terminal``); only here do they meet rich, so
nothing below the CLI imports it, and a plain run never loads it.
"""

from __future__ import annotations

from typing import TextIO

from ..output.terminal import Part, Plain, Style, segments, terminal_width, visible


class Colour:
    """Lines with styles shown, through rich."""

    colour = True

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console

        self.stream = stream
        width = terminal_width(stream)  # known: long lines wrap at spaces, as Plain's do
        self.console = Console(
            file=stream,
            force_terminal=True,
            highlight=False,
            soft_wrap=width is None,
            width=width,
            emoji=False,
            markup=False,
        )

    def line(self, *parts: Part) -> None:
        from rich.text import Text

        text = Text()
        for chunk, style in segments(parts):
            text.append(visible(chunk), style=style or None)
        text.rstrip()
        text.overflow = "ignore"  # a word longer than the line stays whole
        self.console.print(text)


def style(colour: bool) -> Style:
    """Colour lines when ``colour``, else plain ones."""
    return Colour if colour else Plain
