"""The page of one health region: its RegUt, council policy, trusts and councils."""

from __future__ import annotations

from typing import Any

from ...collation import collated
from ...load.dataset import Dataset
from .council import council_info
from .places import region_info, trust_info, trust_order
from .specialty import specialty_ref


def region_context(ds: Dataset, region: str, *, as_of: str, lang: str) -> dict[str, Any]:
    """The page of one health region: its RegUt, council policy, trusts and councils.

    Keys: ``region`` (with its RegUt), ``regut_host`` (the trust hosting it),
    ``policy`` (``council_policy`` as the data writes it, the preferred trust as a trust),
    ``reports_to``, ``trusts`` (every trust of the region with its sites and ``plans``:
    the specialties it has an education plan in, each with a ``page``), ``councils``
    (per specialty with a council in the region: ``leaders``, ``deputies``,
    ``members`` active on ``as_of``, ``page`` of the landing page), ``fagkontakt``
    (the specialties whose fagkontakt RegUt this is), ``label``. Page paths are ``None``
    here; the page registry sets them.
    """
    data = ds.regions[region].data
    info = region_info(ds, region)
    assert info is not None
    policy = dict(data["council_policy"])
    preferred = policy.get("leader_preferred_trust")
    specialties = collated(
        ((s, b) for s, b in ds.specialties.items() if b.spec is not None),
        key=lambda sb: specialty_ref(sb[1], lang)["name"],
    )
    trusts = []
    for trust in sorted(ds.region_trusts(region), key=lambda t: trust_order(ds, t)):
        entry = trust_info(ds, trust)
        entry["plans"] = [
            {"specialty": specialty_ref(bundle, lang), "page": None}
            for _slug, bundle in specialties
            if trust in bundle.rotations
        ]
        entry["offers"] = [
            specialty_ref(bundle, lang) for _slug, bundle in specialties if trust in bundle.coverage
        ]
        trusts.append(entry)
    councils = []
    for _slug, bundle in specialties:
        council = council_info(ds, bundle, region, as_of)
        if council is None:
            continue
        members = council["members"]
        councils.append(
            {
                "specialty": specialty_ref(bundle, lang),
                "leaders": [m for m in members if m["role"] == "leader"],
                "deputies": [m for m in members if m["role"] == "deputy"],
                "members": len(members),
                "page": None,  # the specialty's landing page, set by the page registry
            }
        )
    return {
        "label": info["name"],
        "region": info,
        "regut_host": trust_info(ds, info["regut"]["host"]) if info["regut"] else None,
        "policy": {
            **policy,
            "leader_preferred_trust": trust_info(ds, preferred) if preferred else None,
        },
        "reports_to": list(data.get("reports_to", [])),
        "trusts": trusts,
        "councils": councils,
        "fagkontakt": [
            {**specialty_ref(bundle, lang), "page": None}
            for _slug, bundle in specialties
            if bundle.spec is not None and bundle.spec.data.get("fagkontakt") == region
        ],
    }
