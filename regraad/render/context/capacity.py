"""Host capacity against the demand of the plans in force, for a specialty's landing page.

The numbers and the bottleneck verdicts are the ones ``regraad estimate`` and the
capacity rules use, so the page and the checks never disagree.
"""

from __future__ import annotations

from typing import Any

from ...analysis.capacity import demand, plans_offered, verdicts
from ...load.dataset import Dataset, SpecialtyData
from ...rules import active
from .agreement import agreement_info
from .places import site_name, trust_info, trust_order


def capacity_info(ds: Dataset, bundle: SpecialtyData, as_of: str) -> dict[str, Any]:
    """Positions, agreement places and demand per host (with whether it is a bottleneck,
    as ``regraad estimate`` says); demand and places per home trust. Only the plans in
    force on ``as_of`` of trusts approved for the specialty that day count."""
    per_pair = demand(plans_offered(bundle, as_of))
    judged = (
        {v.host: v for v in verdicts(bundle, as_of)}
        if bundle.capacity is not None and bundle.rotations
        else {}
    )
    hosts_data = bundle.capacity.data["hosts"] if bundle.capacity else {}
    places: dict[str, int] = {}
    for doc in bundle.agreements.values():
        if active(doc.data["valid"], as_of):
            host = doc.data["host"]
            places[host] = places.get(host, 0) + doc.data["places"]
    host_ids = list(hosts_data)
    host_ids += sorted({h for _home, h in per_pair if h not in hosts_data})
    hosts: list[dict[str, Any]] = []
    for host in host_ids:
        entry = hosts_data.get(host)
        needed = sum(v for (_home, h), v in per_pair.items() if h == host)
        positions = entry["positions"] if entry else None
        hosts.append(
            {
                "trust": trust_info(ds, host),
                "positions": positions,
                "sites": [site_name(ds, host, s) for s in entry.get("sites", [])] if entry else [],
                "note": entry.get("note") if entry else None,
                "places": places.get(host, 0),
                "demand": needed,
                "over": positions is not None and needed > positions + 1e-9,
                "bottleneck": host in judged and judged[host].bottleneck,
                "reasons": list(judged[host].reasons) if host in judged else [],
            }
        )
    homes: list[dict[str, Any]] = []
    for (home, host), value in sorted(
        per_pair.items(),
        key=lambda item: (trust_order(ds, item[0][1]), trust_order(ds, item[0][0])),
    ):
        plan = bundle.rotations[home].data
        key = f"{home}--{host}"
        agreement = agreement_info(ds, bundle, key, as_of)
        homes.append(
            {
                "home": trust_info(ds, home),
                "host": trust_info(ds, host),
                "intake_per_year": plan["intake_per_year"],
                "months": sum(p["months"] for p in plan["periods"] if p["trust"] == host),
                "demand": value,
                "agreement": agreement,  # None when there is none on file
                "over": agreement is not None and value > agreement["places"] + 1e-9,
            }
        )
    chart = [
        {"label": h["trust"]["short"], "demand": h["demand"], "capacity": h["positions"]}
        for h in hosts
        if h["positions"] is not None
    ]
    return {"hosts": hosts, "homes": homes, "chart": chart}
