"""The estimated time to specialist a plan page shows (``regraad estimate``, section 8).

The simulation is costly and covers a whole specialty, so it runs once per specialty
and date for the dataset being rendered, however many plans show its result.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from ...load.dataset import Dataset

if TYPE_CHECKING:
    from ...analysis.estimate import SpecialtyEstimate


class _Estimates:
    """The estimates of the dataset rendered last, one simulation per specialty and date
    (a site renders every plan of a specialty from the same one). Only a weak reference
    to the dataset is kept."""

    def __init__(self) -> None:
        self._dataset: weakref.ReferenceType[Dataset] | None = None
        self._results: dict[tuple[str, str], SpecialtyEstimate] = {}

    def get(self, ds: Dataset, slug: str, as_of: str) -> SpecialtyEstimate:
        from ...analysis.estimate import estimate

        if self._dataset is None or self._dataset() is not ds:
            self._dataset = weakref.ref(ds)
            self._results = {}
        key = (slug, as_of)
        if key not in self._results:
            self._results[key] = estimate(ds, slug, as_of)
        return self._results[key]


_ESTIMATES = _Estimates()


def plan_estimate(
    ds: Dataset, slug: str, home: str, as_of: str, plan_months: float
) -> dict[str, Any]:
    """Estimated time to specialist for the plan of ``home`` (``regraad estimate``, section 8).

    ``plan_months``: the periods' months; ``wait_months``: the mean simulated wait for host
    positions, rounded to a tenth of a month (0 when the plan has no stay at a host with
    throughput positions); ``total_months``: the two added; ``growing``: the host cannot
    keep up, so the mean wait depends on how long the queue has been building. The wait
    and the total are ``None`` when the plan is not valid on ``as_of`` (it is not simulated).
    """
    result = _ESTIMATES.get(ds, slug, as_of)
    mine = next((h for h in result.homes if h.trust == home), None)
    if mine is None:
        return {
            "plan_months": plan_months,
            "wait_months": None,
            "total_months": None,
            "growing": False,
        }
    wait = round(mine.wait.mean, 1) if mine.stays else 0
    return {
        "plan_months": plan_months,
        "wait_months": wait,
        "total_months": plan_months + wait,
        "growing": bool(mine.stays) and mine.wait.growing,
    }
