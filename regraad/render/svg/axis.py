"""What the timeline and the utilisation chart share: horizontal bars in rows above one
numbered axis, with grid lines at its ticks and labels that may run past the plot.

Both charts are sized and drawn around that axis the same way, so the two look alike
side by side on a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .draw import PAD, line, text_element
from .palette import GRID, INK, INK_MUTED
from .text import TextItem

AXIS_SIZE = 12.0  # font size of the axis labels


class AxisLayout(Protocol):
    """The geometry an axis chart is framed by (see the ``*Layout`` classes)."""

    @property
    def plot_x0(self) -> float: ...
    @property
    def plot_x1(self) -> float: ...
    @property
    def rows_top(self) -> float: ...
    @property
    def axis_y(self) -> float: ...
    @property
    def ticks(self) -> tuple[float, ...]: ...
    @property
    def texts(self) -> tuple[TextItem, ...]: ...


def axis_label(text: str, x: float, axis_y: float, *, bold: bool = False) -> TextItem:
    """A label under the tick at ``x``: muted, or bold ink for the axis's end value."""
    return TextItem(
        text, x, axis_y + 18, AXIS_SIZE, anchor="middle", bold=bold, fill=INK if bold else INK_MUTED
    )


def axis_chart_size(
    plot_x1: float, axis_y: float, texts: Sequence[TextItem]
) -> tuple[float, float]:
    """(width, height): the plot or the farthest label, the axis labels, and the margin."""
    width = max([plot_x1 + PAD] + [t.box[2] + PAD for t in texts])
    return width, axis_y + 18 + 4 + PAD


def grid(layout: AxisLayout) -> str:
    """A light vertical line at each tick, from the first row down to the axis."""
    lines = "".join(line(x, layout.rows_top, x, layout.axis_y, GRID) for x in layout.ticks)
    return f'<g class="grid">{lines}</g>'


def axis_and_texts(layout: AxisLayout) -> str:
    """The axis with its tick marks, then every label, closing the chart."""
    parts = [line(layout.plot_x0, layout.axis_y, layout.plot_x1, layout.axis_y, INK)]
    parts.extend(line(x, layout.axis_y, x, layout.axis_y + 5, INK) for x in layout.ticks)
    parts.extend(text_element(item) for item in layout.texts)
    parts.append("</svg>")
    return "".join(parts)
