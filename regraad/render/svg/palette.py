"""The charts' colours, in one place so their contrast can be checked as a whole.

Text is only ever drawn in ``INK`` or ``INK_MUTED`` on one of ``TEXT_BACKGROUNDS``
(at least 4.5:1), and nothing is told by colour alone: away and over-capacity bars
are also hatched, so they read in greyscale print too.
"""

from __future__ import annotations

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
