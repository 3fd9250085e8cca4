"""Chart text: cleaned and escaped for XML, and measured without a browser.

Nothing is measured where the chart is shown, so layouts estimate text widths from
Arial/Helvetica-like glyph widths with a safety margin, shorten what does not fit with
an ellipsis, and keep the full text as a tooltip.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from .palette import INK

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """``text`` without the characters XML cannot hold."""
    return _NOT_XML.sub("", text)


def esc(text: str) -> str:
    """``text`` cleaned and escaped for an SVG attribute or element."""
    return html.escape(_clean(text), quote=True)


_CHAR_EM: dict[str, float] = {}
for _chars, _em in (
    ("ijl'|", 0.23),
    ("Ift.,:;!/\\ ", 0.28),
    ('r-()[]{}"`', 0.34),
    ("0123456789abcdeghnopqu$#_?+=<>~^", 0.56),
    ("kszvxy*", 0.5),
    ("JLøå", 0.58),
    ("FTZ", 0.62),
    ("ABEKPSVXYÅ", 0.67),
    ("CDHNRUw", 0.73),
    ("GOQØ", 0.78),
    ("mM%", 0.84),
    ("æ&", 0.89),
    ("WÆ", 1.0),
    ("–", 0.56),
    ("—…", 1.0),
):
    for _ch in _chars:
        _CHAR_EM[_ch] = _em
_SAFETY = 1.1  # system-ui faces run a little wider than Arial


def _char_em(ch: str) -> float:
    known = _CHAR_EM.get(ch)
    if known is not None:
        return known
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if unicodedata.combining(ch):
        return 0.0
    return 0.72 if ch.isupper() else 0.6


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated advance width of ``text`` at font ``size`` (a little generous)."""
    em = sum(_char_em(ch) for ch in _clean(text))
    return em * size * (1.08 if bold else 1.0) * _SAFETY


def fit(text: str, max_width: float, size: float, *, bold: bool = False) -> str:
    """``text``, shortened with an ellipsis if it is wider than ``max_width``."""
    text = " ".join(_clean(text).split())
    if text_width(text, size, bold=bold) <= max_width:
        return text
    while text and text_width(text + "…", size, bold=bold) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def tip(shown: str, full: str) -> str | None:
    """The full text as a tooltip when what is shown had to be shortened."""
    return None if shown == " ".join(_clean(full).split()) else full


@dataclass(frozen=True)
class TextItem:
    """One ``<text>``: anchored at (x, y) with y the baseline, rotated by ``angle``°."""

    text: str
    x: float
    y: float
    size: float
    anchor: str = "start"  # start | middle | end
    bold: bool = False
    fill: str = INK
    angle: float = 0.0
    tooltip: str | None = None  # becomes a <title> child (full text, goal title...)

    @property
    def width(self) -> float:
        return text_width(self.text, self.size, bold=self.bold)

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the unrotated text, ascent and descent included."""
        w = self.width
        left = {"start": self.x, "middle": self.x - w / 2, "end": self.x - w}[self.anchor]
        return (left, self.y - 0.8 * self.size, left + w, self.y + 0.25 * self.size)


def boxes_overlap(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> bool:
    """Whether two (left, top, right, bottom) boxes share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
