"""The versions of a goal set, and which one judges a plan or a day.

Learning goals are amended (FKM went from 75 goals to 29 on 1 March 2026), and a LIS is
held to the goals that applied when the plan began: a plan from 2020 to FKM 2019, one
from June 2026 to FKM 2026. A version marked ``stricter`` (skjerpende endring) is the
exception: from its start it applies also to the plans begun under the one before, as
Kompetanseportalen moves those LIS to it. A set without ``versions`` is one version,
valid always, so older repositories mean what they meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..clock import FOREVER

_ALWAYS = "0000-00-00"


@dataclass(frozen=True)
class GoalSetVersion:
    """One version of a goal set: its id ("" for a set without versions), the days it
    is valid (inclusive), whether it is stricter than the one before, its goals and
    where they stand in the document."""

    id: str
    start: str
    end: str
    stricter: bool
    goals: Sequence[dict[str, Any]]
    path: tuple[str | int, ...]

    def covers(self, day: str) -> bool:
        return self.start <= day <= self.end


def versions_of(data: dict[str, Any]) -> tuple[GoalSetVersion, ...]:
    """The versions of a goal set document (one that passed its schema), oldest first."""
    listed = data.get("versions")
    if not listed:
        return (GoalSetVersion("", _ALWAYS, FOREVER, False, data.get("goals", []), ("goals",)),)
    found = [
        GoalSetVersion(
            str(v["id"]),
            v["valid"]["from"],
            v["valid"].get("to", FOREVER),
            bool(v.get("stricter", False)),
            v["goals"],
            ("versions", i, "goals"),
        )
        for i, v in enumerate(listed)
    ]
    return tuple(sorted(found, key=lambda v: v.start))


def on_day(versions: Sequence[GoalSetVersion], day: str) -> GoalSetVersion | None:
    """The version valid on ``day`` (the latest to start, should two overlap)."""
    valid = [v for v in versions if v.covers(day)]
    return valid[-1] if valid else None


def for_plan(versions: Sequence[GoalSetVersion], start: str, day: str) -> GoalSetVersion | None:
    """The version a plan begun on ``start`` is judged against on ``day``: the one valid
    when it began (or, begun before any, the first after), replaced by any stricter one
    that has started since, up to ``day``."""
    chosen = on_day(versions, start) or next((v for v in versions if v.start > start), None)
    if chosen is None:
        return None
    for v in versions:
        if v.stricter and chosen.start < v.start <= day and v.start > start:
            chosen = v
    return chosen


def in_force(goal: dict[str, Any], day: str) -> bool:
    """True when a goal's own ``since``/``until`` cover ``day``."""
    return bool(goal.get("since", _ALWAYS) <= day <= goal.get("until", FOREVER))
