"""The goal-set and national councils as ``regraad council list`` shows them.

A council for a common goal set (FIM, KIR, FKM) lives in ``data/goalsets/<set>/councils/``
(``load.councils``); it is listed with the same columns, named ``SET/REGION``. Every
council listed also says its scope, so a national council reads as one.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ...collation import sort_key
from ...load.councils import Council, council_of, goalset_councils
from ...load.dataset import Dataset
from ...rules import active
from .listing import CouncilList
from .membership import ROLES


@dataclass(frozen=True)
class ScopedCouncilList(CouncilList):
    """A council's members with its scope (``regional`` or ``national``)."""

    scope: str = "regional"

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "goalset": None, "scope": self.scope}


@dataclass(frozen=True)
class GoalsetCouncilList(ScopedCouncilList):
    """A goal-set council's members; ``specialty`` holds the goal set's id."""

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "specialty": None, "goalset": self.specialty}


def with_scope(dataset: Dataset, councils: list[CouncilList]) -> list[CouncilList]:
    """The specialties' councils as listed, each with its scope."""
    out: list[CouncilList] = []
    for c in councils:
        doc = dataset.specialties[c.specialty].councils.get(c.region)
        scope = council_of(doc).scope if doc is not None else "regional"
        values = {f.name: getattr(c, f.name) for f in fields(c)}
        out.append(ScopedCouncilList(**{**values, "scope": scope}))
    return out


def goalset_listing(
    dataset: Dataset, subject: str | None, region: str | None, as_of: str, history: bool
) -> tuple[list[CouncilList], list[str]]:
    """The goal-set councils to list (``subject``: only this goal set), and the paths of
    those skipped because of errors; members ordered as ``listing`` orders them."""
    out: list[CouncilList] = []
    valid = {c.doc.path for c in goalset_councils(dataset)}
    broken = sorted(
        path
        for path in dataset.paths
        if path.startswith("data/goalsets/")
        and "/councils/" in path
        and path.endswith(".yaml")
        and path not in valid
        and (subject is None or path.startswith(f"data/goalsets/{subject}/"))
        and (region is None or path.endswith(f"/{region}.yaml"))
    )
    for council in goalset_councils(dataset):
        if (subject is not None and council.subject != subject) or (
            region is not None and council.region != region
        ):
            continue
        rows = _rows(council, as_of, history)
        out.append(
            GoalsetCouncilList(
                council.subject, council.region, council.doc.path, rows, council.scope
            )
        )
    return out, broken


def _rows(council: Council, as_of: str, history: bool) -> list[dict[str, Any]]:
    rank = {r: i for i, r in enumerate(ROLES)}
    rows = []
    for m in council.doc.data["members"]:
        now = active(m, as_of)
        if history or now:
            rows.append(
                {
                    "name": m["name"],
                    "role": m["role"],
                    "trust": m["trust"],
                    "site": m.get("site"),
                    "title": m.get("title"),
                    "from": m["from"],
                    "to": m.get("to"),
                    "active": now,
                    "note": m.get("note"),
                }
            )
    if history:
        rows.sort(key=lambda r: (r["from"], rank.get(r["role"], 99), sort_key(r["name"])))
    else:
        rows.sort(key=lambda r: (rank.get(r["role"], 99), r["from"], sort_key(r["name"])))
    return rows
