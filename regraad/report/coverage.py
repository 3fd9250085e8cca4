"""The coverage section: the goals no trust of the region covers fully, and each trust's
share reached at home (``analysis.coverage.matrix`` for the region)."""

from __future__ import annotations

from typing import Any

from ..analysis.coverage import matrix
from ..load.dataset import Dataset
from ..render.context import trust_info


def coverage_context(ds: Dataset, slug: str, region: str, as_of: str) -> dict[str, Any]:
    m = matrix(ds, slug, as_of, region)
    titles = {row.goal: row.title for row in m.rows}
    return {
        "goals": len(m.rows),
        "trusts": [
            {
                "trust": trust_info(ds, s.trust),
                "full": s.full,
                "goals": s.goals,
                "percent": round(100 * s.share),
                "via": [{"trust": trust_info(ds, t), "goals": n} for t, n in s.via.items()],
                "unresolved": s.unresolved,
            }
            for s in m.summaries
        ],
        "uncovered": [{"id": g, "title": titles.get(g, "")} for g in m.uncovered.get(region, ())],
    }
