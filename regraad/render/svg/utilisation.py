"""The utilisation chart: concurrent positions needed at each host against its capacity.

Demand beyond capacity is drawn as a hatched extension past a marker line and its
number is written in bold, so an overloaded host stands out without colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .axis import axis_and_texts, axis_chart_size, axis_label, grid
from .draw import PAD, Box, check_prefix, line, open_chart, plain_number, rect
from .palette import HOME_FILL, INK, TRACK_FILL, TRACK_STROKE
from .text import TextItem, fit, text_width, tip


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
    demand = plain_number(row.demand, decimal_mark)
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
        label = fit(row.label, label_w, _UT_SIZE)
        texts.append(TextItem(label, PAD, top + 22.5, _UT_SIZE, tooltip=tip(label, row.label)))
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
        texts.append(axis_label(plain_number(value, decimal_mark), plot_x0 + value * scale, axis_y))
    width, height = axis_chart_size(plot_x1, axis_y, texts)
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
    check_prefix(id_prefix)
    layout = utilisation_layout(rows, value_label=value_label, decimal_mark=decimal_mark)
    over_fill = f"url(#{id_prefix}-over)"
    parts = [
        open_chart(
            "utilisation",
            layout.width,
            layout.height,
            id_prefix,
            title,
            desc,
            hatch_id=f"{id_prefix}-over",
        ),
        grid(layout),
    ]
    for bar in layout.bars:
        over = bar.excess is not None
        parts.append(f'<g class="host{" host-over" if over else ""}">')
        parts.append(rect(bar.track, TRACK_FILL, TRACK_STROKE))
        if bar.demand.w > 0:
            parts.append(rect(bar.demand, HOME_FILL, INK))
        if bar.excess is not None:
            parts.append(f'<g class="excess">{rect(bar.excess, over_fill, INK)}</g>')
        parts.append(
            f'<g class="capacity-marker">'
            f"{line(bar.marker_x, bar.marker_y[0], bar.marker_x, bar.marker_y[1], INK, 2.5)}</g>"
        )
        parts.append("</g>")
    parts.append(axis_and_texts(layout))
    return "".join(parts)
