"""The cases section: the region's council cases as they stood on the date.

Open and escalated ones, with where they went and how long they have waited; decided
and closed ones with their outcome when decided since the report's point (or in the
year before the date when there is none), so the RHF sees what its regional meetings
were asked and what came of it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import clock
from ..load.dataset import Dataset, SpecialtyData
from ..rules.case_flow import BODY_TITLES, PENDING, STATE_TITLES


def case_contexts(
    ds: Dataset, bundle: SpecialtyData, region: str, as_of: str, since: str | None
) -> list[dict[str, Any]]:
    """The region's cases the report shows, oldest first."""
    first = since or (dt.date.fromisoformat(as_of) - dt.timedelta(days=365)).isoformat()
    out = []
    for cid, doc in sorted(bundle.cases.items()):
        data = doc.data
        if data["region"] != region:
            continue
        history = [h for h in data["history"] if str(h["at"]) <= as_of]
        if not history:
            continue
        state = str(history[-1]["state"])
        decision = data.get("decision") if state not in PENDING else None
        if decision is not None and str(decision["at"]) < first:
            continue
        escalation = data.get("escalation")
        if escalation is not None and str(escalation["at"]) > as_of:
            escalation = None
        opened = str(history[0]["at"])
        out.append(
            {
                "id": cid,
                "kind": data["kind"],
                "subject": data["subject"],
                "state": state,
                "state_title": STATE_TITLES[state],
                "pending": state in PENDING,
                "opened": opened,
                "age_days": clock.days_between(opened, as_of),
                "positions": [
                    {**p, "trust": _trust_name(ds, str(p["trust"]))}
                    for p in data.get("positions") or []
                    if str(p["at"]) <= as_of
                ],
                "escalated_to": None if escalation is None else BODY_TITLES[escalation["to"]],
                "escalated_at": None if escalation is None else escalation["at"],
                "decision": None
                if decision is None
                else {
                    "by": BODY_TITLES[decision["body"]],
                    "at": decision["at"],
                    "text": decision["text"],
                },
            }
        )
    return out


def _trust_name(ds: Dataset, trust: str) -> str:
    doc = ds.trusts.get(trust)
    return trust if doc is None else str(doc.data.get("short") or doc.data["name"])
