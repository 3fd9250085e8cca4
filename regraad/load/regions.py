"""A region as people write it: HSØ, HMN, HN, HV.

Region ids are ASCII file names ("hso"), so upper-casing one writes "HSO", which nobody in
Helse Sør-Øst would; every output that names a region short takes it from here.
"""

from __future__ import annotations

from .dataset import Dataset

#: The four health regions' own abbreviations, for a region whose file did not load.
KNOWN = {"hso": "HSØ", "hmn": "HMN", "hn": "HN", "hv": "HV"}


def region_short(dataset: Dataset | None, region: object) -> str:
    """``region`` as people abbreviate it: its RegUt's name without "RegUt" ("RegUt HSØ"
    gives HSØ); a known region's abbreviation or the id in capitals where its file is
    missing (never ``HSO`` for Helse Sør-Øst)."""
    ident = str(region)
    fallback = KNOWN.get(ident.lower(), ident.upper())
    doc = dataset.regions.get(ident) if dataset is not None else None
    if doc is None:
        return fallback
    regut = doc.data.get("regut") or {}
    name = str(regut.get("name", "")) if isinstance(regut, dict) else ""
    return name.removeprefix("RegUt").strip() or fallback
