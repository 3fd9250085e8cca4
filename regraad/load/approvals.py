"""Who offers a specialty: Helsedirektoratet's approvals of trusts as education
institutions (utdanningsvirksomhet), kept in ``data/specialties/<s>/approvals.yaml``.

Council completeness, coverage, the estimate and the report all ask which trusts offer
a specialty on a day. The register answers; a specialty without one keeps the older
reading, in which a trust offers the specialty when it has a coverage file, so data
repositories that do not keep a register yet judge as before.
"""

from __future__ import annotations

from typing import Any

from ..clock import active
from .dataset import Dataset, SpecialtyData


def keeps_register(ds: Dataset, slug: str) -> bool:
    """Whether the specialty has an approval register (parsed or not)."""
    return ("approvals", slug) in ds.present


def approvals_on(bundle: SpecialtyData, as_of: str) -> dict[str, list[dict[str, Any]]]:
    """Per trust, its approvals in force on ``as_of`` (empty without a valid register)."""
    out: dict[str, list[dict[str, Any]]] = {}
    if bundle.approvals is not None:
        for entry in bundle.approvals.data["approvals"]:
            if active(entry, as_of):
                out.setdefault(entry["trust"], []).append(entry)
    return out


def scope_on(bundle: SpecialtyData, trust: str, as_of: str) -> str | None:
    """``full`` when every part the trust is approved for on ``as_of`` is approved fully,
    ``partial`` when some part is approved partly, None when it is not approved."""
    entries = approvals_on(bundle, as_of).get(trust)
    if not entries:
        return None
    return "full" if all(e["scope"] == "full" for e in entries) else "partial"


def offering(ds: Dataset, slug: str, as_of: str) -> list[str]:
    """The trusts that offer the specialty on ``as_of``, sorted: those approved for some
    part by the register or, without a register, those with a coverage file."""
    bundle = ds.specialties.get(slug)
    if not keeps_register(ds, slug) or bundle is None or bundle.approvals is None:
        return ds.present_in("coverage", slug)
    return sorted(approvals_on(bundle, as_of))


def offers(ds: Dataset, slug: str, trust: str, as_of: str) -> bool:
    """Whether ``trust`` offers the specialty on ``as_of`` (see ``offering``)."""
    return trust in offering(ds, slug, as_of)
