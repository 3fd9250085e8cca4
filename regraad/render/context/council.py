"""A specialty's regional council as pages list it: members in force, in role order."""

from __future__ import annotations

from typing import Any

from ...collation import sort_key
from ...load.dataset import Dataset, SpecialtyData
from ...rules import active
from .places import region_info, site_name, trust_info

#: Council roles in the order a council is listed.
ROLE_ORDER = ("leader", "deputy", "member", "union-rep", "lis-rep", "observer")


def council_info(
    ds: Dataset, bundle: SpecialtyData, region: str | None, as_of: str
) -> dict[str, Any] | None:
    doc = bundle.councils.get(region) if region else None
    if doc is None:
        return None
    members = [m for m in doc.data["members"] if active(m, as_of)]
    members.sort(key=lambda m: (ROLE_ORDER.index(m["role"]), sort_key(m["name"])))
    return {
        "region": region_info(ds, region),
        "members": [
            {
                "name": m["name"],
                "role": m["role"],
                "trust": trust_info(ds, m["trust"]),
                "site": site_name(ds, m["trust"], m.get("site")),
                "title": m.get("title"),
                "union": m.get("union"),
                "from": m["from"],
            }
            for m in members
        ],
        "note": doc.data.get("note"),
    }
