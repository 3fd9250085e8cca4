"""The rotation timeline: an implementation plan's periods as bars on a month axis.

It shows at a glance how long the plan is and which periods are away from the home
trust (orange and hatched, so not by colour alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .axis import axis_and_texts, axis_chart_size, axis_label, grid
from .draw import PAD, Box, check_prefix, open_chart, rect
from .palette import HOME_FILL, INK, INK_MUTED, PAPER
from .text import TextItem, boxes_overlap, esc, fit, text_width, tip


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
        shown = fit(label, _TL_LABEL_MAX, _TL_SMALL_SIZE)
        legend.append((away, Box(x, PAD, 20, 14)))
        item = TextItem(shown, x + 26, PAD + 11.5, _TL_SMALL_SIZE, tooltip=tip(shown, label))
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
    total_item = axis_label(
        _months_text(month_label, total), plot_x0 + total * scale, axis_y, bold=True
    )
    left, top, right, bottom = total_item.box
    keep_clear = (left - 6, top, right + 6, bottom)
    ticks: list[float] = []
    texts: list[TextItem] = []
    for month in range(0, total, _tick_step(total)):
        x = plot_x0 + month * scale
        ticks.append(x)
        item = axis_label(str(month), x, axis_y)
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
        title = fit(period.title, label_w, _TL_TITLE_SIZE, bold=True)
        place = fit(period.place, label_w, _TL_SMALL_SIZE)
        texts.append(
            TextItem(
                title, PAD, top + 18, _TL_TITLE_SIZE, bold=True, tooltip=tip(title, period.title)
            )
        )
        texts.append(
            TextItem(
                place,
                PAD,
                top + 35,
                _TL_SMALL_SIZE,
                fill=INK_MUTED,
                tooltip=tip(place, period.place),
            )
        )
        bar = Box(plot_x0 + start * scale, top + 8, months * scale, _TL_BAR_H)
        label = _months_text(month_label, months)
        tooltip = f"{period.title} – {period.place}: {label}"
        bars.append(TimelineBar(period.id, bar, period.away, tooltip))
        chip, chip_text = _month_chip(
            bar, fit(label, _TL_PLOT_W - 12, _TL_SMALL_SIZE, bold=True), plot_x0, plot_x1
        )
        chips.append(chip)
        texts.append(chip_text)

    axis_y = rows_top + len(periods) * _TL_ROW_H + 4
    ticks, axis_texts = _timeline_axis(total, plot_x0, scale, axis_y, month_label)
    texts.extend(axis_texts)
    width, height = axis_chart_size(plot_x1, axis_y, texts)
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
    check_prefix(id_prefix)
    layout = timeline_layout(
        periods, month_label=month_label, home_label=home_label, away_label=away_label
    )
    away_fill = f"url(#{id_prefix}-away)"
    parts = [
        open_chart(
            "timeline",
            layout.width,
            layout.height,
            id_prefix,
            title,
            desc,
            hatch_id=f"{id_prefix}-away",
        )
    ]
    for away, swatch in layout.legend:
        parts.append(rect(swatch, away_fill if away else HOME_FILL, INK))
    parts.append(grid(layout))
    for bar in layout.bars:
        fill = away_fill if bar.away else HOME_FILL
        kind = "away" if bar.away else "home"
        parts.append(
            f'<g class="period period-{kind}" data-period="{esc(bar.period_id)}">'
            f"<title>{esc(bar.tooltip)}</title>{rect(bar.box, fill, INK)}</g>"
        )
    parts.extend(rect(chip, PAPER, INK, 0.75) for chip in layout.chips)
    parts.append(axis_and_texts(layout))
    return "".join(parts)
