"""SVG markup for the charts: the ``<svg>`` frame and the few elements they draw.

Layouts work in plain numbers; everything that turns them into markup is here, so
coordinates are written one way (at most two decimals, never "-0") and every text
that reaches the markup is escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .palette import AWAY_FILL, HATCH_STRIPE, PAPER
from .text import TextItem, esc

SVG_NS = "http://www.w3.org/2000/svg"
FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
PAD = 16.0  # the margin around every chart, in SVG user units

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


def coord(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros, never "-0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def plain_number(value: float, decimal_mark: str = ".") -> str:
    """A number as a chart writes it out: like a coordinate, with ``decimal_mark``."""
    return coord(value).replace(".", decimal_mark)


def check_prefix(id_prefix: str) -> None:
    """Refuse an id prefix that would not make valid, distinct ids on the page."""
    if not _ID.match(id_prefix):
        raise ValueError(
            f"id_prefix must start with a letter and hold only letters, digits, - and _: "
            f"{id_prefix!r}"
        )


def open_chart(
    kind: str,
    width: float,
    height: float,
    id_prefix: str,
    title: str,
    desc: str,
    *,
    hatch_id: str | None = None,
) -> str:
    """The ``<svg>`` start tag with its accessible title and description, a hatch
    pattern ``hatch_id`` when the chart needs one, and the white background."""
    head = (
        f'<svg xmlns="{SVG_NS}" class="regraad-chart regraad-{kind}" '
        f'viewBox="0 0 {coord(width)} {coord(height)}" width="100%" '
        f'style="max-width:{coord(width)}px;height:auto" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="{FONT_STACK}">'
        f'<title id="{id_prefix}-title">{esc(title)}</title>'
        f'<desc id="{id_prefix}-desc">{esc(desc)}</desc>'
    )
    if hatch_id is not None:
        head += f"<defs>{_hatch(hatch_id, AWAY_FILL)}</defs>"
    return head + rect(Box(0, 0, width, height), PAPER)


def _hatch(pattern_id: str, base: str) -> str:
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="8" height="8" '
        f'patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{base}"/>'
        f'<rect width="3" height="8" fill="{HATCH_STRIPE}"/></pattern>'
    )


def rect(box: Box, fill: str, stroke: str | None = None, stroke_width: float = 1.0) -> str:
    out = f'<rect x="{coord(box.x)}" y="{coord(box.y)}" width="{coord(box.w)}" '
    out += f'height="{coord(box.h)}" fill="{fill}"'
    if stroke:
        out += f' stroke="{stroke}" stroke-width="{coord(stroke_width)}"'
    return out + "/>"


def line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1.0) -> str:
    return (
        f'<line x1="{coord(x1)}" y1="{coord(y1)}" x2="{coord(x2)}" y2="{coord(y2)}" '
        f'stroke="{stroke}" stroke-width="{coord(width)}"/>'
    )


def text_element(item: TextItem) -> str:
    attrs = (
        f'x="{coord(item.x)}" y="{coord(item.y)}" font-size="{coord(item.size)}" fill="{item.fill}"'
    )
    if item.anchor != "start":
        attrs += f' text-anchor="{item.anchor}"'
    if item.bold:
        attrs += ' font-weight="bold"'
    if item.angle:
        attrs += f' transform="rotate({coord(item.angle)} {coord(item.x)} {coord(item.y)})"'
    tooltip = f"<title>{esc(item.tooltip)}</title>" if item.tooltip else ""
    return f"<text {attrs}>{tooltip}{esc(item.text)}</text>"
