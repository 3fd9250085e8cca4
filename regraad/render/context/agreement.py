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
        "terms": _terms(data),
        "note": data.get("note"),
        "page": None,  # site-relative path of its annex, set by the page registry
    }


#: The negotiated terms in the order the annex shows them (fields of agreement.schema.json;
#: top-level, so ``regraad diff`` tells a change of each term on its own).
TERMS: tuple[str, ...] = (
    "employment",
    "travel_housing",
    "on_call",
    "supervision",
    "reporting",
    "notice",
)


def _terms(data: dict[str, Any]) -> list[dict[str, str]]:
    """The terms the agreement records, as ``{"key", "text"}`` in ``TERMS`` order; the
    internal note is not among them: it is never published."""
    return [{"key": key, "text": data[key]} for key in TERMS if data.get(key)]
