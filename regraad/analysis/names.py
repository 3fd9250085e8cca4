"""How trusts and specialties are named in analysis output."""

from __future__ import annotations

from ..i18n import current_language
from ..load.dataset import Dataset


def trust_names(ds: Dataset) -> dict[str, str]:
    """Short name (or name) per trust id, e.g. ``stolav`` → ``St. Olav``."""
    return {t: str(doc.data.get("short") or doc.data["name"]) for t, doc in ds.trusts.items()}


def specialty_title(ds: Dataset, slug: str) -> str:
    """The specialty's name in the language of the run (bokmål when missing)."""
    bundle = ds.specialties.get(slug)
    if bundle is None or bundle.spec is None:
        return slug
    name = bundle.spec.data.get("name")
    if isinstance(name, dict):
        return str(name.get(current_language()) or name.get("nb") or slug)
    return str(name or slug)
