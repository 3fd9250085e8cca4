"""A subject agreement (fagavtale) as the plan, landing and annex pages show it."""

from __future__ import annotations

from typing import Any

from ...load.dataset import Dataset, SpecialtyData
from ...rules import active
from .places import trust_info
from .specialty import goal_info


def agreement_info(
    ds: Dataset, bundle: SpecialtyData, key: str, as_of: str
) -> dict[str, Any] | None:
    doc = bundle.agreements.get(key)
    if doc is None:
        return None
    data = doc.data
    valid = data["valid"]
    return {
        "key": key,
        "home": trust_info(ds, data["home"]),
        "host": trust_info(ds, data["host"]),
        "valid": {"from": valid["from"], "to": valid.get("to")},
        "in_force": active(valid, as_of),
        "places": data["places"],
        "months": data["months"],
        "goals": [goal_info(ds, bundle.slug, g) for g in data["goals"]],
        "signed_by": list(data.get("signed_by", [])),
        "note": data.get("note"),
        "page": None,  # site-relative path of its annex, set by the page registry
    }
