"""The site index page, which lists everything else a render produced."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def index_context(
    groups: Iterable[dict[str, Any]],
    regions: Iterable[dict[str, Any]] = (),
    specialties: Iterable[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The site index. ``groups``: everything rendered, by kind, as
    ``{kind, title, structured, pages: [{path, label}]}`` (``structured`` when the index
    lists the kind's pages under ``regions`` or ``specialties`` instead); ``regions``:
    ``{id, name, regut, page, trusts, councils}``; ``specialties``: ``{slug, name, code,
    fagkontakt, page, plans, agreements}`` (both built by the page registry)."""
    return {
        "label": "index",
        "groups": list(groups),
        "regions": list(regions),
        "specialties": list(specialties),
    }
