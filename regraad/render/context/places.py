"""Trusts, their sites and health regions as every page shows them.

Pages name a trust by id in the data; these give the names, sites and region a
template prints, and fall back to the id when the data has no such trust.
"""

from __future__ import annotations

from typing import Any

from ...collation import sort_key
from ...load.dataset import Dataset
from ...load.regions import region_short


def trust_info(ds: Dataset, trust: str) -> dict[str, Any]:
    doc = ds.trusts.get(trust)
    data = doc.data if doc else {}
    return {
        "id": trust,
        "name": data.get("name", trust),
        "short": data.get("short") or data.get("name", trust),
        "region": data.get("region"),
        "kind": data.get("kind"),
        "regional_hospital": bool(data.get("regional_hospital")),
        "web": data.get("web"),
        "sites": [
            {
                "id": site["id"],
                "name": site["name"],
                "municipality": site.get("municipality"),
                "note": site.get("note"),
            }
            for site in data.get("sites", [])
        ],
    }


def site_name(ds: Dataset, trust: str, site: str | None) -> str | None:
    if site is None:
        return None
    doc = ds.trusts.get(trust)
    for entry in doc.data["sites"] if doc else []:
        if entry["id"] == site:
            return str(entry["name"])
    return site


def region_info(ds: Dataset, region: str | None) -> dict[str, Any] | None:
    if region is None:
        return None
    doc = ds.regions.get(region)
    if doc is None:
        return {"id": region, "name": region, "short": region_short(ds, region), "regut": None}
    regut = doc.data["regut"]
    return {
        "id": region,
        "name": doc.data["name"],
        "short": region_short(ds, region),  # HSØ, as people write it (never HSO)
        "regut": {
            "name": regut["name"],
            "host": regut.get("host"),
            "email": regut.get("email"),
            "web": regut.get("web"),
        },
    }


def trust_order(ds: Dataset, trust: str) -> tuple[str, bytes]:
    """Trusts are listed by region, then by name in the Norwegian alphabet."""
    doc = ds.trusts.get(trust)
    return (doc.data["region"], sort_key(doc.data["name"])) if doc else ("~", sort_key(trust))
