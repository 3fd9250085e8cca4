"""One reading of text for every privacy scanner: what a person reads, not how it is typed.

A national identity number or a phone number can hide from a pattern in spellings that
read the same: fullwidth or another script's digits, a no-break or thin space, a
zero-width space, word joiner or soft hyphen inside it, an en dash for a hyphen.
``normalise`` gives the text as read, each character by itself: NFKC (which also maps
fullwidth digits and compatibility spaces), every decimal digit as an ASCII digit, every
space as " ", every dash as "-", format characters (Unicode category Cf: U+200B-U+200F,
U+2060, U+FEFF, U+00AD, the bidi controls...) left out. It keeps a map from each of its
characters back to the original, so a finding points at the original text and a mask
replaces exactly the original characters.

The scanners (``personnummer``, ``contact``) read only this text; separators between
digits (``SEPARATORS``) are theirs to skip.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

#: What may stand between the digits of one number in the normalised text.
SEPARATORS = " \t.-"
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")


@dataclass(frozen=True)
class Normalised:
    """A text as read (``text``) and where each of its characters came from."""

    text: str
    # (index in ``text``, index in the original, length read) of each character that
    # reads differently, in order; the characters between them are the same in both
    changes: list[tuple[int, int, int]] = field(default_factory=list)

    @functools.cached_property
    def utf8(self) -> bytes:
        """``text`` in UTF-8: what the scanners' quick byte searches read."""
        return self.text.encode("utf-8", "surrogatepass")

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]`` (a non-empty span)."""
        if not self.changes:
            return start, end
        return self._original(start), self._original(end - 1) + 1

    def _original(self, at: int) -> int:
        i = bisect.bisect_right(self.changes, (at, 1 << 62)) - 1
        if i < 0:
            return at
        new_at, old_at, length = self.changes[i]
        return old_at if at < new_at + length else old_at + 1 + at - (new_at + length)


@functools.lru_cache(maxsize=8192)
def reading(char: str) -> str:
    """How one character reads: "" for a format character, else its NFKC form with
    digits, spaces and dashes made plain."""
    if unicodedata.category(char) == "Cf":
        return ""
    out = []
    for ch in unicodedata.normalize("NFKC", char):
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            out.append(str(digit))
        elif ch in _DASHES:
            out.append("-")
        elif ch != " " and unicodedata.category(ch) == "Zs":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


# The characters that may read differently: those of Latin-1 that do (a no-break space,
# a soft hyphen, superscripts...) and all beyond it. Norwegian letters are not among
# them, so most texts are passed over by one search.
_MAYBE = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in range(0x80, 0x100) if reading(chr(c)) != chr(c))
    + "\u0100-\U0010ffff]"
)


_BELOW_C4 = bytes(range(0xC4))  # UTF-8 bytes of U+0000-U+00FF (0xC2 only leads U+0080-U+00BF)


#: The last long text read and its reading: a rendered page is read by both scanners
#: (``personnummer.redact``, then ``contact.scrub``), the same text object twice.
_LAST: list[tuple[str, Normalised]] = []
_LONG = 4096


def normalise(text: str) -> Normalised:
    """``text`` as read; the same object's text when every character reads as itself."""
    if len(text) < _LONG:
        return _normalise(text)
    if _LAST and _LAST[0][0] is text:
        return _LAST[0][1]
    read = _normalise(text)
    _LAST[:] = [(text, read)]
    return read


def _normalise(text: str) -> Normalised:
    if text.isascii():
        return Normalised(text)
    utf8 = text.encode("utf-8", "surrogatepass")
    if b"\xc2" not in utf8 and not utf8.translate(None, _BELOW_C4):
        # beyond ASCII only U+00C0-U+00FF (æ, ø, å, é...): each reads as itself
        same = Normalised(text)
        same.__dict__["utf8"] = utf8  # what ``utf8`` would make again
        return same
    out: list[str] = []
    changes: list[tuple[int, int, int]] = []
    at = length = 0  # the next original index to copy; the length of ``out`` so far
    for match in _MAYBE.finditer(text):
        char = match.group()
        new = reading(char)
        if new == char:
            continue
        i = match.start()
        out += [text[at:i], new]
        length += i - at
        changes.append((length, i, len(new)))
        length += len(new)
        at = i + 1
    if not changes:
        return Normalised(text)
    out.append(text[at:])
    return Normalised("".join(out), changes)


def may_end_before(char: str) -> bool:
    """Whether no number or phone number can go on across ``char``: a place where a
    stream may pass text on without cutting one in two."""
    read = reading(char) if not char.isascii() else char
    return bool(read) and not any(ch.isdigit() or ch in SEPARATORS for ch in read)
