"""What the data calls a region, its RegUt and a trust, as a meeting document names them."""

from __future__ import annotations

from ...load.dataset import Dataset
from ...load.regions import region_short


def region_name(dataset: Dataset, region: str) -> str:
    doc = dataset.regions.get(region)
    return str(doc.data["name"]) if doc is not None else region_short(dataset, region)


def regut(dataset: Dataset, region: str) -> str | None:
    doc = dataset.regions.get(region)
    return str(doc.data["regut"]["name"]) if doc is not None else None


def trust_name(dataset: Dataset, trust: str) -> str:
    doc = dataset.trusts.get(trust)
    if doc is None:
        return trust
    return str(doc.data.get("short") or doc.data["name"])
