"""The proposals a specialty's landing page lists: those still open, with their stage."""

from __future__ import annotations

from typing import Any

from ...load.dataset import Dataset, SpecialtyData
from ...rules.proposal_flow import FINAL, STATE_TITLES
from .places import region_info, trust_info


def open_proposals(ds: Dataset, bundle: SpecialtyData, as_of: str) -> list[dict[str, Any]]:
    """Proposals filed by ``as_of`` and not decided or withdrawn then, with their stage."""
    out = []
    for pid, doc in sorted(bundle.proposals.items()):
        data = doc.data
        history = [step for step in data["history"] if str(step["at"]) <= as_of]
        if not history or history[-1]["state"] in FINAL:
            continue
        step = history[-1]
        origin = data["origin"]
        sent_to = next((s["to"] for s in reversed(history) if s.get("to")), None)
        out.append(
            {
                "id": pid,
                "title": data["title"],
                "kind": data["kind"],
                "state": step["state"],
                "state_title": STATE_TITLES.get(step["state"], step["state"]),
                "since": step["at"],
                "by": step["by"],
                "origin": {
                    "region": region_info(ds, origin.get("region")),
                    "trust": trust_info(ds, origin["trust"]) if origin.get("trust") else None,
                    "by": origin["by"],
                },
                "sent_to": region_info(ds, sent_to),
                "summary": data["summary"],
            }
        )
    return out
