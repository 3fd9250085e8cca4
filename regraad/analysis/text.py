"""Numbers and names as the analyses print them, in the reader's language."""

from __future__ import annotations

import json
import math
from typing import Any, TextIO

from ..i18n import format_number

FORMAT_VERSION = 1  # of the JSON documents of coverage and estimate
TITLE_WIDTH = 40


def num(value: float) -> str:
    """One decimal at most, in the language's way: 7.5 / 7,5, 8, 0.3."""
    return "-" if math.isnan(value) else format_number(value, decimals=1)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)} %"


def clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def dump(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
