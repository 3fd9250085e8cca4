"""The coverage heatmap: which learning goals each trust covers, fully, partly or not.

Each status is a cell colour AND a distinct symbol (● ◐ ○ –), so the chart never
relies on colour alone; long trust names are shortened and slanted to keep the grid
narrow.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .draw import PAD, Box, check_prefix, coord, line, open_chart, rect, text_element
from .palette import GRID, ZEBRA
from .text import TextItem, esc, fit, text_width, tip

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
_SIN45 = math.sqrt(0.5)


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
        shown = fit(word, width - 2 * PAD - 26, _HM_SIZE)
        entry_w = 26 + text_width(shown, _HM_SIZE)
        if x > PAD and x + entry_w > width - PAD:
            x, y = PAD, y + 26
        boxes.append((status, Box(x, y, 20, 20)))
        texts.append(TextItem(shown, x + 26, y + 14.5, _HM_SIZE, tooltip=tip(shown, word)))
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
    col_labels = [fit(label, _HM_COL_LABEL_MAX, _HM_SIZE) for _, label in columns]
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
                label, cx + 4, grid_y0 - 6, _HM_SIZE, angle=-45.0, tooltip=tip(label, full)
            )
        else:
            item = TextItem(
                label, cx, grid_y0 - 8, _HM_SIZE, anchor="middle", tooltip=tip(label, full)
            )
        column_texts.append(item)
    texts.extend(column_texts)

    zebra: list[Box] = []
    out_cells: list[HeatmapCell] = []
    for i, (goal_id, goal_title) in enumerate(goals):
        top = grid_y0 + i * _HM_CELL_H
        if i % 2:
            zebra.append(Box(PAD - 4, top, grid_x1 - PAD + 6, _HM_CELL_H))
        shown = fit(goal_id, _HM_ROW_LABEL_MAX, _HM_SIZE)
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
    c, y, rr = coord(cx), coord(cy), coord(r)
    ring = (
        f'<circle cx="{c}" cy="{y}" r="{coord(r - 0.75)}" fill="none" stroke="{colour}" '
        f'stroke-width="1.5"/>'
    )
    if status == "full":
        return f'<circle cx="{c}" cy="{y}" r="{rr}" fill="{colour}"/>'
    if status == "partial":  # ◐: outline, left half filled
        return ring + (
            f'<path d="M{c} {coord(cy - r)}A{rr} {rr} 0 0 0 {c} {coord(cy + r)}Z" fill="{colour}"/>'
        )
    if status == "none":  # ○
        return ring
    return line(cx - r, cy, cx + r, cy, colour, 2)  # – missing


def _status_cell(status: str, box: Box, r: float) -> str:
    background = _STATUS_COLOURS[status][0]
    symbol = _status_symbol(status, box.x + box.w / 2, box.y + box.h / 2, r)
    return rect(box, background, GRID if status == MISSING else None, 0.75) + symbol


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
    check_prefix(id_prefix)
    layout = heatmap_layout(goals, columns, cells, legend=legend)
    parts = [open_chart("heatmap", layout.width, layout.height, id_prefix, title, desc)]
    parts.extend(rect(box, ZEBRA) for box in layout.zebra)
    for status, swatch in layout.legend:
        parts.append(f'<g class="legend-entry" data-status="{status}">')
        parts.append(_status_cell(status, swatch, 6.0))
        parts.append("</g>")
    for cell in layout.cells:
        parts.append(
            f'<g class="cell" data-status="{cell.status}" data-goal="{esc(cell.goal_id)}" '
            f'data-trust="{esc(cell.trust_id)}"><title>{esc(cell.tooltip)}</title>'
            f"{_status_cell(cell.status, cell.box, 6.0)}</g>"
        )
    parts.extend(text_element(item) for item in layout.texts)
    parts.append("</svg>")
    return "".join(parts)
