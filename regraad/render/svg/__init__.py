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

All text is escaped here; characters XML cannot hold are dropped. The package knows no
language: callers pass every word, and format strings such as ``"{months} mnd"``.

Each chart is laid out by a public ``*_layout`` function (plain geometry, in SVG user
units) that its ``*_svg`` function draws, so tests can check the geometry, e.g. that no
two labels overlap. Text widths are estimated from Arial/Helvetica-like glyph widths
with a safety margin, since nothing is measured in a browser.

The parts: ``palette`` (colours, contrast), ``text`` (escaping, widths, fitting),
``draw`` (the SVG elements), ``axis`` (what the two bar charts share), and a module per
chart: ``timeline``, ``heatmap``, ``utilisation``. Import from here.
"""

from __future__ import annotations

from .draw import Box
from .heatmap import (
    _HM_SIZE,  # noqa: F401 - the tests check label geometry against it
    _STATUS_COLOURS,  # noqa: F401 - the tests check its contrast
    HEATMAP_STATUSES,
    MISSING,
    HeatmapCell,
    HeatmapLayout,
    heatmap_layout,
    heatmap_svg,
)
from .palette import (
    AWAY_FILL,
    HATCH_STRIPE,
    HOME_FILL,
    INK,
    PAPER,
    TEXT_BACKGROUNDS,
    contrast_ratio,
)
from .text import (
    TextItem,
    _clean,  # noqa: F401 - the tests escape expected text as the charts do
    boxes_overlap,
    text_width,
)
from .timeline import TimelineBar, TimelineLayout, TimelinePeriod, timeline_layout, timeline_svg
from .utilisation import (
    UtilisationBar,
    UtilisationLayout,
    UtilisationRow,
    utilisation_layout,
    utilisation_svg,
)

__all__ = [
    "AWAY_FILL",
    "HATCH_STRIPE",
    "HEATMAP_STATUSES",
    "HOME_FILL",
    "INK",
    "MISSING",
    "PAPER",
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
