"""Norwegian national identity numbers (fødselsnummer) and D-numbers.

Eleven digits: a birth date (day + 40 for D-numbers, month + 40 for H-numbers), an
individual number and two mod-11 check digits. Only numbers with valid check digits
and a plausible date count, so ordinary long numbers are not flagged. Numbers issued
from 2032 on follow a new rule for the first check digit (``_K1_REMAINDERS``); both are
recognised.

A number is found as it reads (``normalise``): fullwidth or other digits, and spaces,
dots, hyphens, no-break, thin and zero-width spaces between its digits, are all the same
number. Its eleven digits are whole groups of digits ("010190 00083", "01 01 90 000 83")
with no digit right before or after them; a twelfth digit glued on makes it no number.

X-PERSONNUMMER finds them in the data; ``redact`` and ``RedactingWriter`` mask them in
everything regraad writes (findings, diffs, pages, reports, the console), so a number
that is in the data, in a commit message or in a file name is never printed in full,
whatever path it takes to the output.
"""

from __future__ import annotations

import io
import itertools
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO, cast

from .normalise import Normalised, may_end_before, normalise

# A run of digits with separators between them that holds eleven digits or more, in the
# normalised text; a number is eleven digits of whole groups within it.
_RUN = re.compile(r"[0-9](?:[ \t.\-]*[0-9]){10,}")
_GROUP = re.compile(r"[0-9]+")
# The weights of the first check digit K1 (over the nine digits and K1 itself) and of
# the second K2 (over the ten digits and K2): the weighted sum's remainder mod 11.
_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
# K1's remainder was 0 until 2031; numbers issued from 1 January 2032 may have 0, 1, 2 or
# 3 ("Ny kontrollberegning vil akseptere 0, 1, 2 og 3 som gyldige verdier"); K2's rule is
# unchanged. Skatteetaten, "Nye fødselsnummer og d-nummer fra 2032",
# https://www.skatteetaten.no/deling/opplysninger/folkeregisteropplysninger/pid/ and its
# technical note https://skatteetaten.github.io/folkeregisteret-api-dokumentasjon/nytt-fodselsnummer-fra-2032/
# (python-stdnum's no.fodselsnummer knows only the old rule, hence this module).
_K1_REMAINDERS = frozenset((0, 1, 2, 3))
# Every ASCII digit to "0", separators dropped: a text holds a number only if eleven
# zeros in a row are in it then, found by a byte search far quicker than the pattern.
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_SEPARATOR_BYTES = b" \t.-"
_HOLD_LIMIT = 1 << 16  # a writer passes on a line longer than this in parts


def is_valid(number: str) -> bool:
    """True for an 11-digit fødselsnummer, D-number or H-number with valid check digits,
    by the rule of today or the one from 2032."""
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return False
    day, month = int(number[0:2]), int(number[2:4])
    if day > 40:
        day -= 40
    if month > 40:
        month -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    d = [int(c) for c in number]
    if sum(w * x for w, x in zip(_W1, d, strict=False)) % 11 not in _K1_REMAINDERS:
        return False
    return sum(w * x for w, x in zip(_W2, d, strict=True)) % 11 == 0


def mask(number: str) -> str:
    """Enough to find it, never the number: the first two digits, the rest hidden."""
    return number[:2] + "*" * 9


def may_hold_number(text: str | Normalised) -> bool:
    """False when ``text`` cannot hold a number: a quick test first."""
    read = text if isinstance(text, Normalised) else normalise(text)
    return b"00000000000" in read.utf8.translate(_DIGITS_TO_ZERO, _SEPARATOR_BYTES)


def find_spans(text: str, read: Normalised | None = None) -> list[tuple[int, int, str]]:
    """(start, end, number) of every valid number in ``text``: the span in ``text`` (its
    separators and format characters included), the number as eleven ASCII digits.
    ``read`` is ``normalise(text)`` when the caller has it already."""
    read = read or normalise(text)
    if not may_hold_number(read):
        return []
    plain = read.text
    found = []
    for run in _RUN.finditer(plain):
        groups = [(m.start(), m.end()) for m in _GROUP.finditer(plain, run.start(), run.end())]
        ends: dict[int, int] = {}  # digits up to and including group i -> i
        total = 0
        for i, (start, end) in enumerate(groups):
            total += end - start
            ends[total] = i
        before, after = 0, -1
        for i, (start, end) in enumerate(groups):
            last = ends.get(before + 11)
            before += end - start
            if last is None or start < after:
                continue
            window = groups[i : last + 1]
            number = "".join(plain[a:b] for a, b in window)
            if is_valid(number) and _written_as_one(plain, window):
                after = groups[last][1]
                found.append((*read.span(start, after), number))
    return found


def _written_as_one(plain: str, groups: list[tuple[int, int]]) -> bool:
    """Whether digit groups read as one number: one kind of separator between them all
    ("010190 00083", "01 01 90 000 83", "01-01-90-00083"), or the date with dots and the
    rest with one other kind ("01.01.90 00083"). Decimals side by side, as in a chart's
    "514.32 2420.33", mix them otherwise and are no number."""
    seps: list[tuple[int, str]] = []  # (digits before it, its kind) for each separator
    digits = 0
    for (start, end), (following, _end) in itertools.pairwise(groups):
        digits += end - start
        seps.append((digits, plain[end:following].replace(" ", "").replace("\t", "") or " "))
    if len({kind for _digits, kind in seps}) <= 1:
        return True
    date = [kind for at, kind in seps if at in (2, 4)]
    rest = {kind for at, kind in seps if at not in (2, 4)}
    return date == [".", "."] and len(rest) == 1


def find(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, masked number) for every valid number in ``text``; 1-based."""
    for start, _end, number in find_spans(text):
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        yield line, col, mask(number)


def redact(text: str) -> str:
    """``text`` with every valid number masked; anything else is left as it was."""
    spans = find_spans(text)
    if not spans:
        return text
    out, at = [], 0
    for start, end, number in spans:
        out += [text[at:start], mask(number)]
        at = end
    out.append(text[at:])
    return "".join(out)


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
        if may_end_before(text[i]):
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
