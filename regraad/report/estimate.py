"""The estimate section: time to specialist and the bottlenecks on the way.

``analysis.estimate`` for the region's home trusts and the hosts they rotate to (or
that are in the region), with what would remove each bottleneck; its notes are worded
as ``regraad estimate`` words them.
"""

from __future__ import annotations

from typing import Any

from ..analysis.estimate import (
    SEARCH_STEPS,
    HomeEstimate,
    HostEstimate,
    SpecialtyEstimate,
    estimate,
)
from ..load.dataset import Dataset, SpecialtyData
from ..render.context import trust_info
from .scope import in_region


def _round(value: float) -> float:
    return round(value, 1)


def estimate_context(
    ds: Dataset, bundle: SpecialtyData, region: str, as_of: str
) -> dict[str, Any] | None:
    """The estimate of the region's home trusts and the hosts they use (or in the region);
    None when neither has anything to estimate."""
    if not bundle.rotations and bundle.capacity is None:
        return None
    result: SpecialtyEstimate = estimate(ds, bundle.slug, as_of)
    homes = [h for h in result.homes if in_region(ds, h.trust, region)]
    visited = {s.host for h in homes for s in h.stays}
    hosts = [h for h in result.hosts if h.trust in visited or in_region(ds, h.trust, region)]
    if not homes and not hosts:
        return None
    return {
        "model": {
            "horizon_years": result.settings.horizon_years,
            "warmup_years": result.settings.warmup_years,
        },
        "homes": [_home(ds, h) for h in homes],
        "hosts": [_host(ds, h) for h in hosts],
        "notes": [
            _estimate_note(ds, n.code, n.home, n.host, as_of)
            for n in result.notes
            if in_region(ds, n.home, region)
        ],
    }


def _home(ds: Dataset, h: HomeEstimate) -> dict[str, Any]:
    return {
        "trust": trust_info(ds, h.trust),
        "intake_per_year": h.intake_per_year,
        "plan_months": h.plan_months,
        "wait_mean": _round(h.wait.mean) if h.stays else 0,
        "wait_p90": h.wait.p90 if h.stays else 0,
        "total_mean": _round(h.plan_months + (h.wait.mean if h.stays else 0)),
        "growing": h.wait.growing,
        "stays": [
            {
                "host": trust_info(ds, s.host),
                "months": s.months,
                "wait": _round(s.mean_wait),
            }
            for s in h.stays
        ],
    }


def _host(ds: Dataset, h: HostEstimate) -> dict[str, Any]:
    return {
        "trust": trust_info(ds, h.trust),
        "positions": h.positions,
        "demand": _round(h.demand),
        "utilisation": h.utilisation,
        "percent": None if h.utilisation is None else round(100 * h.utilisation),
        "wait_mean": _round(h.wait.mean),
        "growing": h.wait.growing,
        "trend": _round(h.wait.trend) if h.wait.growing else None,
        "agreements": [
            {
                "home": trust_info(ds, a.home),
                "places": a.places,
                "demand": _round(a.demand),
                "over": a.places is not None and a.demand > a.places + 1e-9,
            }
            for a in h.agreements
        ],
        "bottleneck": None
        if h.bottleneck is None
        else {
            "reasons": list(h.bottleneck.reasons),
            "positions_needed": h.bottleneck.positions_needed,
            "search_steps": SEARCH_STEPS,
            "places_needed": [
                {
                    "home": trust_info(ds, a.home),
                    "needed": h.bottleneck.places_needed[a.home],
                    "now": a.places,
                }
                for a in h.agreements
                if a.home in h.bottleneck.places_needed
            ],
        },
    }


def _estimate_note(ds: Dataset, code: str, home: str, host: str | None, as_of: str) -> str:
    from ..analysis.estimate_formats import note as _note  # the same words as regraad estimate

    def name(trust: str | None) -> str | None:
        return trust_info(ds, trust)["short"] if trust else trust

    return _note(code, str(name(home)), name(host), as_of)
