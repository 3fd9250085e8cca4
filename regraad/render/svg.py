"""Inline SVG charts for rendered pages: rotation timeline, coverage heatmap, utilisation.

Pure functions from already translated text and numbers to an SVG string that is meant
to sit inside an HTML5 page (no XML declaration, no scripts, no external references or
fonts). Every chart:

- scales with its ``viewBox`` and ``width="100%"`` (never wider than its natural size);
- is one accessible image: ``role="img"`` and ``aria-labelledby`` naming its ``<title>``
  and ``<desc>``, whose ids start with the caller's ``id_prefix`` (as do the ids of its
  patterns), so several charts can share a page;
- never says anything with colour alone: away periods and over-capacity bars are
  hatched, coverage statuses are drawn as distinct symbols (filled, half-filled and empty
  circle, dash), and every number is written out as text;
- keeps text contrast at or above 4.5:1 (text is drawn on white or on a light zebra
  band only) and draws outlines, so it also reads in greyscale print.

All text is escaped here; characters XML cannot hold are dropped. The module knows no
language: callers pass every word, and format strings such as ``"{months} mnd"``.

Each chart is laid out by a public ``*_layout`` function (plain geometry, in SVG user
units) that its ``*_svg`` function draws, so tests can check the geometry, e.g. that no
two labels overlap. Text widths are estimated from Arial/Helvetica-like glyph widths
with a safety margin, since nothing is measured in a browser.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "HEATMAP_STATUSES",
    "MISSING",
    "TEXT_BACKGROUNDS",
    "Box",
    "HeatmapCell",
    "HeatmapLayout",
    "TextItem",
    "TimelineBar",
    "TimelineLayout",
    "TimelinePeriod",
    "UtilisationBar",
    "UtilisationLayout",
    "UtilisationRow",
    "boxes_overlap",
    "contrast_ratio",
    "heatmap_layout",
    "heatmap_svg",
    "text_width",
    "timeline_layout",
    "timeline_svg",
    "utilisation_layout",
    "utilisation_svg",
]

SVG_NS = "http://www.w3.org/2000/svg"
FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# Palette. Text is only ever drawn in INK or INK_MUTED on one of TEXT_BACKGROUNDS.
INK = "#1a1a1a"
INK_MUTED = "#4d4d4d"
PAPER = "#ffffff"
ZEBRA = "#f2f4f7"
GRID = "#bdbdbd"
HOME_FILL = "#3b6ea5"  # blue; away periods and excess demand are orange AND hatched
AWAY_FILL = "#b5470b"
HATCH_STRIPE = "#ffffff"
TRACK_FILL = "#e6ecf3"
TRACK_STROKE = "#595959"
TEXT_BACKGROUNDS: tuple[str, ...] = (PAPER, ZEBRA)

MISSING = "missing"
"""The status key used for a cell whose status is None (not assessed / not offered)."""
HEATMAP_STATUSES: tuple[str, ...] = ("full", "partial", "none", MISSING)
# status -> (cell background, symbol colour); the symbol is drawn by _status_symbol
_STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "full": ("#d4ecd6", "#1b5e20"),
    "partial": ("#fbe6b0", "#6b4000"),
    "none": ("#f7d4d0", "#8e1b10"),
    MISSING: ("#ffffff", "#595959"),
}

PAD = 16.0
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SIN45 = math.sqrt(0.5)


# ---------------------------------------------------------------------------- text


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _esc(text: str) -> str:
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


def _fit(text: str, max_width: float, size: float, *, bold: bool = False) -> str:
    """``text``, shortened with an ellipsis if it is wider than ``max_width``."""
    text = " ".join(_clean(text).split())
    if text_width(text, size, bold=bold) <= max_width:
        return text
    while text and text_width(text + "…", size, bold=bold) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


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


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


# ---------------------------------------------------------------------------- SVG bits


def _n(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros, never "-0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _check_prefix(id_prefix: str) -> None:
    if not _ID.match(id_prefix):
        raise ValueError(
            f"id_prefix must start with a letter and hold only letters, digits, - and _: "
            f"{id_prefix!r}"
        )


def _open(kind: str, width: float, height: float, id_prefix: str, title: str, desc: str) -> str:
    return (
        f'<svg xmlns="{SVG_NS}" class="regraad-chart regraad-{kind}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="100%" '
        f'style="max-width:{_n(width)}px;height:auto" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="{FONT_STACK}">'
        f'<title id="{id_prefix}-title">{_esc(title)}</title>'
        f'<desc id="{id_prefix}-desc">{_esc(desc)}</desc>'
    )


def _hatch(pattern_id: str, base: str) -> str:
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="8" height="8" '
        f'patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{base}"/>'
        f'<rect width="3" height="8" fill="{HATCH_STRIPE}"/></pattern>'
    )


def _rect(box: Box, fill: str, stroke: str | None = None, stroke_width: float = 1.0) -> str:
    out = f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" height="{_n(box.h)}"'
    out += f' fill="{fill}"'
    if stroke:
        out += f' stroke="{stroke}" stroke-width="{_n(stroke_width)}"'
    return out + "/>"


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1.0) -> str:
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{stroke}" stroke-width="{_n(width)}"/>'
    )


def _text(item: TextItem) -> str:
    attrs = f'x="{_n(item.x)}" y="{_n(item.y)}" font-size="{_n(item.size)}" fill="{item.fill}"'
    if item.anchor != "start":
        attrs += f' text-anchor="{item.anchor}"'
    if item.bold:
        attrs += ' font-weight="bold"'
    if item.angle:
        attrs += f' transform="rotate({_n(item.angle)} {_n(item.x)} {_n(item.y)})"'
    tip = f"<title>{_esc(item.tooltip)}</title>" if item.tooltip else ""
    return f"<text {attrs}>{tip}{_esc(item.text)}</text>"


def _fmt_num(value: float, decimal_mark: str = ".") -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    text = "0" if text == "-0" else text
    return text.replace(".", decimal_mark)


def _relative_luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""
    lighter, darker = sorted(
        (_relative_luminance(foreground), _relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


# ---------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class TimelinePeriod:
    """One period of an implementation plan, as the caller wants it labelled."""

    id: str
    title: str
    place: str  # e.g. "St. Olavs hospital, Trondheim"
    months: int
    away: bool  # at another trust than the home trust (the central rotation)
    start_month: int | None = None  # None: starts where the previous period ends


@dataclass(frozen=True)
class TimelineBar:
    period_id: str
    box: Box
    away: bool
    tooltip: str


@dataclass(frozen=True)
class TimelineLayout:
    width: float
    height: float
    plot_x0: float
    plot_x1: float
    total_months: int
    rows_top: float
    axis_y: float
    bars: tuple[TimelineBar, ...]
    chips: tuple[Box, ...]  # white backgrounds of the month labels
    ticks: tuple[float, ...]  # x of each tick and grid line
    legend: tuple[tuple[bool, Box], ...]  # (away, swatch)
    texts: tuple[TextItem, ...]


_TL_ROW_H = 44.0
_TL_BAR_H = 28.0
_TL_PLOT_W = 560.0
_TL_LABEL_MIN, _TL_LABEL_MAX = 96.0, 240.0
_TL_TITLE_SIZE, _TL_SMALL_SIZE = 13.0, 12.0


def _months_text(month_label: str, months: int) -> str:
    return month_label.replace("{months}", str(months))


def _tick_step(total: int) -> int:
    if total <= 72:
        return 6
    if total <= 144:
        return 12
    return 24


def _timeline_spans(periods: Sequence[TimelinePeriod]) -> list[tuple[int, int]]:
    """(start month, months) per period; a period without a start follows the previous one."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for period in periods:
        if period.months <= 0:
            raise ValueError(f"period {period.id!r}: months must be positive")
        if period.start_month is not None and period.start_month < 0:
            raise ValueError(f"period {period.id!r}: start_month must not be negative")
        start = cursor if period.start_month is None else period.start_month
        spans.append((start, period.months))
        cursor = start + period.months
    return spans


def _timeline_legend(
    home_label: str | None, away_label: str | None
) -> tuple[list[tuple[bool, Box]], list[TextItem]]:
    legend: list[tuple[bool, Box]] = []
    texts: list[TextItem] = []
    x = PAD
    for away, label in ((False, home_label), (True, away_label)):
        if label is None:
            continue
        shown = _fit(label, _TL_LABEL_MAX, _TL_SMALL_SIZE)
        legend.append((away, Box(x, PAD, 20, 14)))
        item = TextItem(shown, x + 26, PAD + 11.5, _TL_SMALL_SIZE, tooltip=_tip(shown, label))
        texts.append(item)
        x = item.box[2] + 20
    return legend, texts


def _month_chip(bar: Box, text: str, plot_x0: float, plot_x1: float) -> tuple[Box, TextItem]:
    """The month label of a bar on a white chip: inside the bar, else beside it."""
    chip_w = text_width(text, _TL_SMALL_SIZE, bold=True) + 10
    if bar.w >= chip_w + 6:
        cx = bar.x + bar.w / 2
    elif bar.x + bar.w + 4 + chip_w <= plot_x1:
        cx = bar.x + bar.w + 4 + chip_w / 2
    else:
        cx = max(bar.x - 4 - chip_w / 2, plot_x0 + chip_w / 2)
    chip = Box(cx - chip_w / 2, bar.y + 5, chip_w, 18)
    return chip, TextItem(text, cx, bar.y + 18.5, _TL_SMALL_SIZE, anchor="middle", bold=True)


def _timeline_axis(
    total: int, plot_x0: float, scale: float, axis_y: float, month_label: str
) -> tuple[list[float], list[TextItem]]:
    """Ticks every 6, 12 or 24 months and at the total, which is labelled with the unit;
    a tick label that would touch the total's is left out (its tick stays)."""
    total_item = TextItem(
        _months_text(month_label, total),
        plot_x0 + total * scale,
        axis_y + 18,
        _TL_SMALL_SIZE,
        anchor="middle",
        bold=True,
    )
    left, top, right, bottom = total_item.box
    keep_clear = (left - 6, top, right + 6, bottom)
    ticks: list[float] = []
    texts: list[TextItem] = []
    for month in range(0, total, _tick_step(total)):
        x = plot_x0 + month * scale
        ticks.append(x)
        item = TextItem(str(month), x, axis_y + 18, _TL_SMALL_SIZE, anchor="middle", fill=INK_MUTED)
        if not boxes_overlap(item.box, keep_clear):
            texts.append(item)
    ticks.append(plot_x0 + total * scale)
    texts.append(total_item)
    return ticks, texts


def timeline_layout(
    periods: Sequence[TimelinePeriod],
    *,
    month_label: str,
    home_label: str | None = None,
    away_label: str | None = None,
) -> TimelineLayout:
    """Geometry of :func:`timeline_svg`: one row per period on a shared month axis."""
    spans = _timeline_spans(periods)
    total = max((start + months for start, months in spans), default=0)
    natural = max(
        [text_width(p.title, _TL_TITLE_SIZE, bold=True) for p in periods]
        + [text_width(p.place, _TL_SMALL_SIZE) for p in periods],
        default=0.0,
    )
    label_w = min(max(natural, _TL_LABEL_MIN), _TL_LABEL_MAX)
    plot_x0 = PAD + label_w + 16
    plot_x1 = plot_x0 + _TL_PLOT_W
    scale = _TL_PLOT_W / max(total, 1)

    legend, texts = _timeline_legend(home_label, away_label)
    rows_top = PAD + (26 if legend else 0)
    bars: list[TimelineBar] = []
    chips: list[Box] = []
    for i, (period, (start, months)) in enumerate(zip(periods, spans, strict=True)):
        top = rows_top + i * _TL_ROW_H
        title = _fit(period.title, label_w, _TL_TITLE_SIZE, bold=True)
        place = _fit(period.place, label_w, _TL_SMALL_SIZE)
        texts.append(
            TextItem(
                title, PAD, top + 18, _TL_TITLE_SIZE, bold=True, tooltip=_tip(title, period.title)
            )
        )
        texts.append(
            TextItem(
                place,
                PAD,
                top + 35,
                _TL_SMALL_SIZE,
                fill=INK_MUTED,
                tooltip=_tip(place, period.place),
            )
        )
        bar = Box(plot_x0 + start * scale, top + 8, months * scale, _TL_BAR_H)
        label = _months_text(month_label, months)
        tooltip = f"{period.title} – {period.place}: {label}"
        bars.append(TimelineBar(period.id, bar, period.away, tooltip))
        chip, chip_text = _month_chip(
            bar, _fit(label, _TL_PLOT_W - 12, _TL_SMALL_SIZE, bold=True), plot_x0, plot_x1
        )
        chips.append(chip)
        texts.append(chip_text)

    axis_y = rows_top + len(periods) * _TL_ROW_H + 4
    ticks, axis_texts = _timeline_axis(total, plot_x0, scale, axis_y, month_label)
    texts.extend(axis_texts)
    width = max([plot_x1 + PAD] + [t.box[2] + PAD for t in texts])
    height = axis_y + 18 + 4 + PAD
    return TimelineLayout(
        width=width,
        height=height,
        plot_x0=plot_x0,
        plot_x1=plot_x1,
        total_months=total,
        rows_top=rows_top,
        axis_y=axis_y,
        bars=tuple(bars),
        chips=tuple(chips),
        ticks=tuple(ticks),
        legend=tuple(legend),
        texts=tuple(texts),
    )


def _tip(shown: str, full: str) -> str | None:
    """The full text as a tooltip when what is shown had to be shortened."""
    return None if shown == " ".join(_clean(full).split()) else full


def timeline_svg(
    periods: Sequence[TimelinePeriod],
    *,
    title: str,
    desc: str,
    month_label: str,
    id_prefix: str,
    home_label: str | None = None,
    away_label: str | None = None,
) -> str:
    """The implementation plan as a time chart: one bar per period on a month axis.

    ``month_label`` is a format string with ``{months}`` ("{months} mnd"), used for
    each period and for the total at the end of the axis. Periods away from the home
    trust are orange and hatched. ``home_label`` / ``away_label``, when given, add a
    legend for the two kinds of bar.
    """
    _check_prefix(id_prefix)
    layout = timeline_layout(
        periods, month_label=month_label, home_label=home_label, away_label=away_label
    )
    away_fill = f"url(#{id_prefix}-away)"
    parts = [
        _open("timeline", layout.width, layout.height, id_prefix, title, desc),
        f"<defs>{_hatch(f'{id_prefix}-away', AWAY_FILL)}</defs>",
        _rect(Box(0, 0, layout.width, layout.height), PAPER),
    ]
    for away, swatch in layout.legend:
        parts.append(_rect(swatch, away_fill if away else HOME_FILL, INK))
    parts.append('<g class="grid">')
    parts.extend(_line(x, layout.rows_top, x, layout.axis_y, GRID) for x in layout.ticks)
    parts.append("</g>")
    for bar in layout.bars:
        fill = away_fill if bar.away else HOME_FILL
        kind = "away" if bar.away else "home"
        parts.append(
            f'<g class="period period-{kind}" data-period="{_esc(bar.period_id)}">'
            f"<title>{_esc(bar.tooltip)}</title>{_rect(bar.box, fill, INK)}</g>"
        )
    parts.extend(_rect(chip, PAPER, INK, 0.75) for chip in layout.chips)
    parts.append(_line(layout.plot_x0, layout.axis_y, layout.plot_x1, layout.axis_y, INK))
    parts.extend(_line(x, layout.axis_y, x, layout.axis_y + 5, INK) for x in layout.ticks)
    parts.extend(_text(item) for item in layout.texts)
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------- heatmap


@dataclass(frozen=True)
class HeatmapCell:
    goal_id: str
    trust_id: str
    status: str  # one of HEATMAP_STATUSES
    box: Box
    tooltip: str


@dataclass(frozen=True)
class HeatmapLayout:
    width: float
    height: float
    col_w: float
    cell_h: float
    rotated: bool  # column labels at -45°
    grid_x0: float
    grid_y0: float
    zebra: tuple[Box, ...]
    cells: tuple[HeatmapCell, ...]
    legend: tuple[tuple[str, Box], ...]  # (status, swatch)
    texts: tuple[TextItem, ...]
    column_texts: tuple[TextItem, ...]  # also in texts; rotated when ``rotated``


_HM_CELL_H = 22.0
_HM_COL_MIN, _HM_COL_FLAT_MAX = 40.0, 96.0
_HM_ROW_LABEL_MAX, _HM_COL_LABEL_MAX = 150.0, 170.0
_HM_SIZE = 12.0
_HM_MIN_W = 280.0


def _status_key(status: str | None) -> str:
    key = MISSING if status is None else status
    if key not in _STATUS_COLOURS:
        raise ValueError(f"unknown coverage status {status!r}")
    return key


def _heatmap_legend(
    used: Sequence[str], legend: Mapping[str, str], width: float
) -> tuple[list[tuple[str, Box]], list[TextItem], float]:
    """Legend entries in rows that wrap at the chart's width; returns where they end."""
    boxes: list[tuple[str, Box]] = []
    texts: list[TextItem] = []
    x, y = PAD, PAD
    for status in used:
        word = legend[status]
        shown = _fit(word, width - 2 * PAD - 26, _HM_SIZE)
        entry_w = 26 + text_width(shown, _HM_SIZE)
        if x > PAD and x + entry_w > width - PAD:
            x, y = PAD, y + 26
        boxes.append((status, Box(x, y, 20, 20)))
        texts.append(TextItem(shown, x + 26, y + 14.5, _HM_SIZE, tooltip=_tip(shown, word)))
        x += entry_w + 20
    return boxes, texts, y + 26 if used else y


def heatmap_layout(
    goals: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, str]],
    cells: Mapping[tuple[str, str], str | None],
    *,
    legend: Mapping[str, str],
) -> HeatmapLayout:
    """Geometry of :func:`heatmap_svg`: legend on top, column labels, goals × trusts."""
    used = [
        s
        for s in HEATMAP_STATUSES
        if any(_status_key(cells.get((g, t))) == s for g, _ in goals for t, _ in columns)
    ]
    for status in used:
        if status not in legend:
            raise ValueError(f"legend has no word for status {status!r}")

    row_label_w = min(
        max((text_width(g, _HM_SIZE) for g, _ in goals), default=0.0), _HM_ROW_LABEL_MAX
    )
    grid_x0 = PAD + row_label_w + 10
    col_labels = [_fit(label, _HM_COL_LABEL_MAX, _HM_SIZE) for _, label in columns]
    widest = max((text_width(label, _HM_SIZE) for label in col_labels), default=0.0)
    rotated = widest + 12 > _HM_COL_FLAT_MAX
    col_w = _HM_COL_MIN if rotated else max(_HM_COL_MIN, widest + 12)
    grid_x1 = grid_x0 + col_w * len(columns)

    # column label geometry (needs only x); its extent decides the width
    header_h = (widest + 0.8 * _HM_SIZE) * _SIN45 + 14 if rotated else 24.0
    right_edge = grid_x1
    if rotated:
        for j, label in enumerate(col_labels):
            origin_x = grid_x0 + (j + 0.5) * col_w + 4
            right_edge = max(right_edge, origin_x + text_width(label, _HM_SIZE) * _SIN45 + 4)
    width = max(right_edge + PAD, _HM_MIN_W)

    legend_boxes, texts, legend_bottom = _heatmap_legend(used, legend, width)
    grid_y0 = legend_bottom + 6 + header_h

    column_texts: list[TextItem] = []
    for j, ((_, full), label) in enumerate(zip(columns, col_labels, strict=True)):
        cx = grid_x0 + (j + 0.5) * col_w
        if rotated:
            item = TextItem(
                label, cx + 4, grid_y0 - 6, _HM_SIZE, angle=-45.0, tooltip=_tip(label, full)
            )
        else:
            item = TextItem(
                label, cx, grid_y0 - 8, _HM_SIZE, anchor="middle", tooltip=_tip(label, full)
            )
        column_texts.append(item)
    texts.extend(column_texts)

    zebra: list[Box] = []
    out_cells: list[HeatmapCell] = []
    for i, (goal_id, goal_title) in enumerate(goals):
        top = grid_y0 + i * _HM_CELL_H
        if i % 2:
            zebra.append(Box(PAD - 4, top, grid_x1 - PAD + 6, _HM_CELL_H))
        shown = _fit(goal_id, _HM_ROW_LABEL_MAX, _HM_SIZE)
        texts.append(
            TextItem(
                shown,
                PAD,
                top + _HM_CELL_H / 2 + 4.5,
                _HM_SIZE,
                tooltip=goal_title if shown == goal_id else f"{goal_id} {goal_title}",
            )
        )
        for j, (trust_id, trust_label) in enumerate(columns):
            status = _status_key(cells.get((goal_id, trust_id)))
            box = Box(grid_x0 + j * col_w + 1, top + 1, col_w - 2, _HM_CELL_H - 2)
            tooltip = f"{goal_id}: {trust_label} – {legend[status]}"
            out_cells.append(HeatmapCell(goal_id, trust_id, status, box, tooltip))

    height = grid_y0 + len(goals) * _HM_CELL_H + PAD
    return HeatmapLayout(
        width=width,
        height=height,
        col_w=col_w,
        cell_h=_HM_CELL_H,
        rotated=rotated,
        grid_x0=grid_x0,
        grid_y0=grid_y0,
        zebra=tuple(zebra),
        cells=tuple(out_cells),
        legend=tuple(legend_boxes),
        texts=tuple(texts),
        column_texts=tuple(column_texts),
    )


def _status_symbol(status: str, cx: float, cy: float, r: float) -> str:
    colour = _STATUS_COLOURS[status][1]
    c, y, rr = _n(cx), _n(cy), _n(r)
    if status == "full":
        return f'<circle cx="{c}" cy="{y}" r="{rr}" fill="{colour}"/>'
    if status == "partial":  # ◐: outline, left half filled
        return (
            f'<circle cx="{c}" cy="{y}" r="{_n(r - 0.75)}" fill="none" stroke="{colour}" '
            f'stroke-width="1.5"/>'
            f'<path d="M{c} {_n(cy - r)}A{rr} {rr} 0 0 0 {c} {_n(cy + r)}Z" fill="{colour}"/>'
        )
    if status == "none":  # ○
        return (
            f'<circle cx="{c}" cy="{y}" r="{_n(r - 0.75)}" fill="none" stroke="{colour}" '
            f'stroke-width="1.5"/>'
        )
    return _line(cx - r, cy, cx + r, cy, colour, 2)  # – missing


def _status_cell(status: str, box: Box, r: float) -> str:
    background = _STATUS_COLOURS[status][0]
    symbol = _status_symbol(status, box.x + box.w / 2, box.y + box.h / 2, r)
    return _rect(box, background, GRID if status == MISSING else None, 0.75) + symbol


def heatmap_svg(
    goals: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, str]],
    cells: Mapping[tuple[str, str], str | None],
    *,
    legend: Mapping[str, str],
    title: str,
    desc: str,
    id_prefix: str,
) -> str:
    """Coverage of learning goals (rows: (id, title)) at trusts (columns: (id, label)).

    ``cells[(goal_id, trust_id)]`` is "full", "partial", "none" or None (not assessed or
    not offered; a missing key counts as None). Each status is a coloured cell AND a
    symbol: ● full, ◐ partial, ○ none, – None. ``legend`` maps each status used to its
    word, with the key ``"missing"`` (:data:`MISSING`) for None. Goal titles and cell
    statuses are tooltips (``<title>``); long column labels are shortened and slanted.
    """
    _check_prefix(id_prefix)
    layout = heatmap_layout(goals, columns, cells, legend=legend)
    parts = [
        _open("heatmap", layout.width, layout.height, id_prefix, title, desc),
        _rect(Box(0, 0, layout.width, layout.height), PAPER),
    ]
    parts.extend(_rect(box, ZEBRA) for box in layout.zebra)
    for status, swatch in layout.legend:
        parts.append(f'<g class="legend-entry" data-status="{status}">')
        parts.append(_status_cell(status, swatch, 6.0))
        parts.append("</g>")
    for cell in layout.cells:
        parts.append(
            f'<g class="cell" data-status="{cell.status}" data-goal="{_esc(cell.goal_id)}" '
            f'data-trust="{_esc(cell.trust_id)}"><title>{_esc(cell.tooltip)}</title>'
            f"{_status_cell(cell.status, cell.box, 6.0)}</g>"
        )
    parts.extend(_text(item) for item in layout.texts)
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------- utilisation


@dataclass(frozen=True)
class UtilisationRow:
    label: str  # the host, e.g. "St. Olavs hospital"
    demand: float  # concurrent positions needed
    capacity: int  # positions available


@dataclass(frozen=True)
class UtilisationBar:
    track: Box  # 0..capacity
    demand: Box  # 0..min(demand, capacity)
    excess: Box | None  # capacity..demand, hatched
    marker_x: float
    marker_y: tuple[float, float]


@dataclass(frozen=True)
class UtilisationLayout:
    width: float
    height: float
    plot_x0: float
    plot_x1: float
    rows_top: float
    axis_y: float
    ticks: tuple[float, ...]
    bars: tuple[UtilisationBar, ...]
    texts: tuple[TextItem, ...]


_UT_ROW_H = 36.0
_UT_PLOT_W = 400.0
_UT_LABEL_MIN, _UT_LABEL_MAX = 60.0, 220.0
_UT_SIZE, _UT_SMALL = 13.0, 12.0


def _nice_step(maximum: float) -> float:
    raw = maximum / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return float(factor * magnitude)
    return float(10 * magnitude)  # pragma: no cover - the loop always returns


def _value_text(value_label: str, row: UtilisationRow, decimal_mark: str) -> str:
    demand = _fmt_num(row.demand, decimal_mark)
    capacity = str(row.capacity)
    if "{" not in value_label:
        return f"{demand} / {capacity} {value_label}".rstrip()
    percent = str(round(100 * row.demand / row.capacity)) if row.capacity else "–"
    return (
        value_label.replace("{demand}", demand)
        .replace("{capacity}", capacity)
        .replace("{percent}", percent)
    )


def utilisation_layout(
    rows: Sequence[UtilisationRow], *, value_label: str, decimal_mark: str = "."
) -> UtilisationLayout:
    """Geometry of :func:`utilisation_svg`."""
    for row in rows:
        if row.demand < 0 or row.capacity < 0 or not math.isfinite(row.demand):
            raise ValueError(f"{row.label!r}: demand and capacity must be finite and >= 0")
    natural = max((text_width(r.label, _UT_SIZE) for r in rows), default=0.0)
    label_w = min(max(natural, _UT_LABEL_MIN), _UT_LABEL_MAX)
    plot_x0 = PAD + label_w + 12
    plot_x1 = plot_x0 + _UT_PLOT_W
    top_value = max([1.0] + [max(r.demand, float(r.capacity)) for r in rows])
    step = _nice_step(top_value)
    scale_max = math.ceil(top_value / step - 1e-9) * step
    scale = _UT_PLOT_W / scale_max

    texts: list[TextItem] = []
    bars: list[UtilisationBar] = []
    rows_top = PAD
    for i, row in enumerate(rows):
        top = rows_top + i * _UT_ROW_H
        label = _fit(row.label, label_w, _UT_SIZE)
        texts.append(TextItem(label, PAD, top + 22.5, _UT_SIZE, tooltip=_tip(label, row.label)))
        cap_x = plot_x0 + row.capacity * scale
        within = min(row.demand, float(row.capacity))
        excess = None
        if row.demand > row.capacity:
            excess = Box(cap_x, top + 10, (row.demand - row.capacity) * scale, 16)
        bars.append(
            UtilisationBar(
                track=Box(plot_x0, top + 6, row.capacity * scale, 24),
                demand=Box(plot_x0, top + 10, within * scale, 16),
                excess=excess,
                marker_x=cap_x,
                marker_y=(top + 2, top + 34),
            )
        )
        end = plot_x0 + max(row.demand, float(row.capacity)) * scale
        texts.append(
            TextItem(
                _value_text(value_label, row, decimal_mark),
                end + 8,
                top + 22.5,
                _UT_SMALL,
                bold=excess is not None,
            )
        )
    axis_y = rows_top + len(rows) * _UT_ROW_H + 4
    ticks: list[float] = []
    count = round(scale_max / step)
    for k in range(count + 1):
        value = k * step
        ticks.append(plot_x0 + value * scale)
        texts.append(
            TextItem(
                _fmt_num(value, decimal_mark),
                plot_x0 + value * scale,
                axis_y + 18,
                _UT_SMALL,
                anchor="middle",
                fill=INK_MUTED,
            )
        )
    width = max([plot_x1 + PAD] + [t.box[2] + PAD for t in texts])
    height = axis_y + 18 + 4 + PAD
    return UtilisationLayout(
        width=width,
        height=height,
        plot_x0=plot_x0,
        plot_x1=plot_x1,
        rows_top=rows_top,
        axis_y=axis_y,
        ticks=tuple(ticks),
        bars=tuple(bars),
        texts=tuple(texts),
    )


def utilisation_svg(
    rows: Sequence[UtilisationRow],
    *,
    title: str,
    desc: str,
    id_prefix: str,
    value_label: str,
    decimal_mark: str = ".",
) -> str:
    """Demand against capacity per host: a capacity track with a marker line at capacity,
    a solid demand bar, and a hatched orange extension for demand beyond capacity.

    ``value_label`` is written after each bar: a format string with ``{demand}``,
    ``{capacity}`` and ``{percent}`` ("{demand} av {capacity} stillinger"), or, without
    braces, a unit put after "demand / capacity". ``decimal_mark`` is "," for bokmål.
    """
    _check_prefix(id_prefix)
    layout = utilisation_layout(rows, value_label=value_label, decimal_mark=decimal_mark)
    over_fill = f"url(#{id_prefix}-over)"
    parts = [
        _open("utilisation", layout.width, layout.height, id_prefix, title, desc),
        f"<defs>{_hatch(f'{id_prefix}-over', AWAY_FILL)}</defs>",
        _rect(Box(0, 0, layout.width, layout.height), PAPER),
        '<g class="grid">',
    ]
    parts.extend(_line(x, layout.rows_top, x, layout.axis_y, GRID) for x in layout.ticks)
    parts.append("</g>")
    for bar in layout.bars:
        over = bar.excess is not None
        parts.append(f'<g class="host{" host-over" if over else ""}">')
        parts.append(_rect(bar.track, TRACK_FILL, TRACK_STROKE))
        if bar.demand.w > 0:
            parts.append(_rect(bar.demand, HOME_FILL, INK))
        if bar.excess is not None:
            parts.append(f'<g class="excess">{_rect(bar.excess, over_fill, INK)}</g>')
        parts.append(
            f'<g class="capacity-marker">'
            f"{_line(bar.marker_x, bar.marker_y[0], bar.marker_x, bar.marker_y[1], INK, 2.5)}</g>"
        )
        parts.append("</g>")
    parts.append(_line(layout.plot_x0, layout.axis_y, layout.plot_x1, layout.axis_y, INK))
    parts.extend(_line(x, layout.axis_y, x, layout.axis_y + 5, INK) for x in layout.ticks)
    parts.extend(_text(item) for item in layout.texts)
    parts.append("</svg>")
    return "".join(parts)
