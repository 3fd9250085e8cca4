"""NEL, LS and PS read as YAML 1.2 reads them: ordinary characters, not line breaks.

The parser underneath (ruamel.yaml, libyaml) follows YAML 1.1, where U+0085 (next
line), U+2028 (line separator) and U+2029 (paragraph separator) end a line. git, GitHub
and editors do not break lines there, so a comment could hide a key that everyone
reading the file sees as part of the comment. ``Breaks`` puts a private-use stand-in in
place of each such character before the text reaches the parser (one character for
one: every position stays where it was, and lines are counted by LF and CR only), puts
the character back into the value of every quoted scalar, where YAML 1.2 keeps it as it
is, and tells which of them stood anywhere else (a comment, a plain scalar, a block
scalar): those are a problem, and the file's data is not used.

A stand-in is a private-use character the text does not hold and no ``\\u``/``\\U``
escape in it can make, so whatever a quoted value holds of it came from the swap.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

BREAKS = "\x85\u2028\u2029"  # NEL, LS, PS
_BREAK = re.compile("[\x85\u2028\u2029]")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))
_QUOTED = ('"', "'")


def has_breaks(text: str) -> bool:
    """Whether ``text`` holds a character YAML 1.1 would break a line at (LF, CR aside)."""
    return "\x85" in text or "\u2028" in text or "\u2029" in text


def _stand_ins(text: str) -> str | None:
    """Three private-use characters that ``text`` neither holds nor can make by an
    escape; None when it uses them all (only a file made to do so)."""
    taken = set(text)
    for short, long in _ESCAPE.findall(text):
        code = int(short or long, 16)
        if code <= 0x10FFFF:
            taken.add(chr(code))
    found: list[str] = []
    for block in _PRIVATE_USE:
        for code in block:
            if chr(code) not in taken:
                found.append(chr(code))
                if len(found) == len(BREAKS):
                    return "".join(found)
    return None


class Breaks:
    """The NEL, LS and PS characters of one text, and whether quoted scalars hold them.

    ``text`` is what the parser reads; ``restored`` wraps its events. After the events
    are read, ``stray`` gives the offsets of those outside quoted scalars.
    """

    __slots__ = ("_quoted", "_reached", "_restore", "offsets", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets = [m.start() for m in _BREAK.finditer(text)] if has_breaks(text) else []
        self._quoted = [False] * len(self.offsets)
        self._reached = 0  # the end of the last event read: the text seen so far
        self._restore: dict[int, str] | None = None
        if self.offsets:
            stand_ins = _stand_ins(text)
            if stand_ins is not None:  # else every one of them counts as stray
                self.text = text.translate(dict(zip(map(ord, BREAKS), stand_ins, strict=True)))
                self._restore = dict(zip(map(ord, stand_ins), BREAKS, strict=True))

    def restored(self, events: Iterator[Any]) -> Iterator[Any]:
        """``events`` with the characters back in quoted scalars, noting where each is."""
        offsets, quoted, restore = self.offsets, self._quoted, self._restore
        for event in events:
            end = event.end_mark.index
            if restore is not None and getattr(event, "style", None) in _QUOTED:
                at = bisect_left(offsets, event.start_mark.index)
                if at < len(offsets) and offsets[at] < end:
                    while at < len(offsets) and offsets[at] < end:
                        quoted[at] = True
                        at += 1
                    event.value = event.value.translate(restore)
            self._reached = end
            yield event

    def put_back(self, text: str) -> str:
        """``text`` (made from ``self.text``) with the stand-ins turned back."""
        return text.translate(self._restore) if self._restore is not None else text

    def stray(self) -> list[int]:
        """Offsets of the characters outside quoted scalars, in the text read so far."""
        if self._restore is None:
            return list(self.offsets)
        return [
            at
            for at, inside in zip(self.offsets, self._quoted, strict=True)
            if not inside and at < self._reached
        ]
