"""The annex (fagavtale-vedlegg) page of one subject agreement.

The annex is read on its own by the two trusts, so it repeats what the home trust's
plan says about the periods served under the agreement.
"""

from __future__ import annotations

from typing import Any

from ...load.dataset import Dataset
from .agreement import agreement_info
from .places import region_info, site_name
from .plan import periods
from .specialty import specialty_info


def agreement_context(ds: Dataset, slug: str, key: str, *, as_of: str, lang: str) -> dict[str, Any]:
    """The annex (fagavtale-vedlegg) of one subject agreement.

    Keys: ``specialty``, ``agreement`` (``home`` and ``host`` trusts, ``valid``,
    ``in_force`` on ``as_of``, ``places``, ``months``, ``goals`` with titles,
    ``signed_by``, ``terms`` (the negotiated terms in order), ``note``), ``host_sites``
    (the host's capacity sites, names), ``periods`` (the home trust's plan periods served
    under it), ``region`` (the home trust's), ``plan_page``, ``landing_page``,
    ``region_page``, ``label``.
    """
    bundle = ds.specialties[slug]
    agreement = agreement_info(ds, bundle, key, as_of)
    if agreement is None:
        raise KeyError(key)
    specialty = specialty_info(ds, bundle, lang)
    home, host = agreement["home"]["id"], agreement["host"]["id"]
    plan = bundle.rotations.get(home)
    served = [
        p
        for p in (periods(ds, bundle, plan.data, home, lang) if plan else [])
        if p["agreement"] == key
    ]
    hosts = bundle.capacity.data["hosts"] if bundle.capacity else {}
    return {
        "label": f"{specialty['name']} – {agreement['home']['short']} → "
        f"{agreement['host']['short']}",
        "specialty": specialty,
        "agreement": agreement,
        "host_sites": [site_name(ds, host, s) for s in hosts.get(host, {}).get("sites", [])],
        "periods": served,
        "region": region_info(ds, agreement["home"]["region"]),
        "plan_page": None,  # set by the page registry, as the two below
        "landing_page": None,
        "region_page": None,
    }
