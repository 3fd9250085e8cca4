"""Norwegian national identity numbers (fødselsnummer) and D-numbers.

Eleven digits: a birth date (day + 40 for D-numbers, month + 40 for H-numbers), an
individual number and two mod-11 check digits. Only numbers with valid check digits
and a plausible date count, so ordinary long numbers are not flagged.

X-PERSONNUMMER finds them in the data; ``redact`` and ``RedactingWriter`` mask them in
everything regraad writes (findings, diffs, pages, reports, the console), so a number
that is in the data, in a commit message or in a file name is never printed in full,
whatever path it takes to the output.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO, cast

# six digits, an optional separator a person might type or a page might hold, five digits
_CANDIDATE = re.compile(r"(?<![0-9])([0-9]{6})[ .\u00a0\u2009-]?([0-9]{5})(?![0-9])")
_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# Every ASCII digit to "0": a text holds a number only if one of these is in it then,
# found by byte searches far quicker than the pattern over long pages.
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_NUMBER_FORMS = tuple(
    b"000000" + sep.encode() + b"00000" for sep in ("", " ", ".", "-", "\u00a0", "\u2009")
)
_HOLD_LIMIT = 1 << 16  # a writer passes on a line longer than this in parts


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    rest = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    if rest == 11:
        return 0
    return None if rest == 10 else rest


def is_valid(number: str) -> bool:
    """True for an 11-digit fødselsnummer, D-number or H-number with valid check digits."""
    if len(number) != 11 or not number.isdigit():
        return False
    d = [int(c) for c in number]
    day, month = int(number[0:2]), int(number[2:4])
    if day > 40:
        day -= 40
    if month > 40:
        month -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    return _check_digit(d[:9], _W1) == d[9] and _check_digit(d[:10], _W2) == d[10]


def mask(number: str) -> str:
    """Enough to find it, never the number: the first two digits, the rest hidden."""
    return number[:2] + "*" * 9


def find(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, masked number) for every valid number in ``text``; 1-based."""
    if not may_hold_number(text):
        return
    for match in _CANDIDATE.finditer(text):
        number = match.group(1) + match.group(2)
        if is_valid(number):
            start = match.start()
            line = text.count("\n", 0, start) + 1
            col = start - (text.rfind("\n", 0, start) + 1) + 1
            yield line, col, mask(number)


def may_hold_number(text: str) -> bool:
    """False when ``text`` cannot hold a number: a quick test before the pattern."""
    digits = text.encode("utf-8", "surrogatepass").translate(_DIGITS_TO_ZERO)
    # six digits in a row are common (a colour such as #595959), eleven much less
    return b"000000" in digits and any(form in digits for form in _NUMBER_FORMS)


def _masked(match: re.Match[str]) -> str:
    number = match.group(1) + match.group(2)
    return mask(number) if is_valid(number) else match.group(0)


def redact(text: str) -> str:
    """``text`` with every valid number masked; anything else is left as it was."""
    if not may_hold_number(text):
        return text
    return _CANDIDATE.sub(_masked, text)


class RedactingWriter(io.TextIOBase):
    """A text stream that masks every number before passing text on to ``stream``.

    Text is held back to the end of its line, since a number never spans lines but may
    be written in pieces; ``flush`` passes on what is held. Whether the stream is a
    terminal (for colour) is the wrapped stream's answer.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self._held = ""

    def write(self, text: str) -> int:
        held = self._held + text
        cut = held.rfind("\n") + 1
        if not cut and len(held) > _HOLD_LIMIT:
            cut = _safe_cut(held)
        if cut:
            self.stream.write(redact(held[:cut]))
        self._held = held[cut:]
        return len(text)

    def flush(self) -> None:
        if self._held:
            self.stream.write(redact(self._held))
            self._held = ""
        if not getattr(self.stream, "closed", False):
            self.stream.flush()

    def close(self) -> None:
        """Pass on what is held; the wrapped stream is not ours to close."""
        if not self.closed:
            self.flush()
            super().close()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.stream, "errors", None)


def _safe_cut(text: str) -> int:
    """Where a long line can be passed on: after its last character no number can hold."""
    for i in range(len(text) - 1, -1, -1):
        if not (text[i].isdigit() or text[i] in " .\u00a0\u2009-"):
            return i + 1
    return 0


@contextmanager
def redacting(stream: TextIO) -> Iterator[TextIO]:
    """``stream`` wrapped in a ``RedactingWriter`` for the block; flushed at its end."""
    writer = RedactingWriter(stream)
    try:
        yield cast(TextIO, writer)
    finally:
        writer.close()


@contextmanager
def redacted_console() -> Iterator[None]:
    """``sys.stdout`` and ``sys.stderr`` mask every number while the block runs, so no
    command can print one, whatever it prints (commit messages, file names, values)."""
    out, err = sys.stdout, sys.stderr
    with redacting(out) as new_out, redacting(err) as new_err:
        sys.stdout, sys.stderr = new_out, new_err
        try:
            yield
        finally:
            sys.stdout, sys.stderr = out, err
