"""The proposals section: each proposal that concerns the region as it stood on the date.

Open ones with their stage and age in days, and whether they wait for the region's
council (a national one for its recommendation, a local one in regional review);
decided ones with the day they were decided, so the report can list those since its
point.
"""

from __future__ import annotations

from typing import Any

from .. import clock
from ..i18n import N_
from ..load.dataset import Dataset
from ..render.context import region_info, trust_info
from ..rules.proposal_flow import FINAL, NEEDS_RECOMMENDATION, STATE_TITLES, WORKFLOWS

REGIONAL_REVIEW = "regional-review"  # where a local-la proposal waits for its council

POSITIONS = {
    "support": N_("supports"),
    "oppose": N_("opposes"),
    "amend": N_("supports with amendments"),
}


def proposal_context(
    ds: Dataset, slug: str, pid: str, data: dict[str, Any], region: str, as_of: str
) -> dict[str, Any] | None:
    """One proposal as the report shows it; None when it was filed after ``as_of``."""
    history = [step for step in data["history"] if str(step["at"]) <= as_of]
    if not history:
        return None
    state = history[-1]["state"]
    workflow = WORKFLOWS.get(data["kind"])
    national = workflow is not None and workflow.national
    recommendation = next(
        (r for r in data.get("recommendations", []) if r["region"] == region), None
    )
    is_open = state not in FINAL
    waits_for_region = is_open and (
        (national and state == NEEDS_RECOMMENDATION and recommendation is None)
        or (not national and state == REGIONAL_REVIEW)
    )
    origin = data["origin"]
    filed, since = str(history[0]["at"]), str(history[-1]["at"])
    return {
        "id": pid,
        "specialty": slug,
        "title": data["title"],
        "kind": data["kind"],
        "state": state,
        "state_title": STATE_TITLES.get(state, state),
        "open": is_open,
        "filed": filed,
        "age_days": clock.days_between(filed, as_of),
        "since": since,
        "days_in_stage": clock.days_between(since, as_of),
        "origin": {
            "region": region_info(ds, origin.get("region")),
            "trust": trust_info(ds, origin["trust"]) if origin.get("trust") else None,
            "by": origin["by"],
        },
        "recommendation": None
        if recommendation is None
        else {
            "position": recommendation["position"],
            "position_title": POSITIONS.get(recommendation["position"], ""),
            "at": recommendation["at"],
        },
        "waits_for_region": waits_for_region,
        "decided": None if is_open else since,
    }
