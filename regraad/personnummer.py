"""Norwegian national identity numbers (fødselsnummer) and D-numbers.

Eleven digits: a birth date (day + 40 for D-numbers, month + 40 for H-numbers), an
individual number and two mod-11 check digits. Only numbers with valid check digits
and a plausible date count, so ordinary long numbers are not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_CANDIDATE = re.compile(r"(?<![0-9])([0-9]{6})[ .-]?([0-9]{5})(?![0-9])")
_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


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
    for match in _CANDIDATE.finditer(text):
        number = match.group(1) + match.group(2)
        if is_valid(number):
            start = match.start()
            line = text.count("\n", 0, start) + 1
            col = start - (text.rfind("\n", 0, start) + 1) + 1
            yield line, col, mask(number)
