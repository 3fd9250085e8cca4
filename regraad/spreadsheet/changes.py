"""What an import would change, item by item: the diff shown before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ADDED = "added"
CHANGED = "changed"
RETIRED = "retired"  # goals: `until` set, the goal kept
KEPT = "kept"  # activities the sheet does not list: left as they are, for a person to judge
ACTIONS = (ADDED, CHANGED, RETIRED, KEPT)


@dataclass(frozen=True)
class Difference:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Entry:
    action: str  # one of ACTIONS
    id: str
    title: str
    differences: tuple[Difference, ...] = ()
    row: int | None = None  # the sheet's row, when the sheet has the item


@dataclass(frozen=True)
class ImportPlan:
    """The entries in the order they are shown, and the file's text after the import."""

    path: str  # data-root relative
    entries: tuple[Entry, ...]
    unchanged: int
    text: str
    skipped: tuple[str, ...] = ()  # ids the sheet has that belong elsewhere (goal sets)

    def count(self, action: str) -> int:
        return sum(1 for e in self.entries if e.action == action)

    @property
    def changes(self) -> bool:
        return any(e.action != KEPT for e in self.entries)


def same(before: Any, after: Any) -> bool:
    """Equal as an import sees it: text compared with its spacing normalised."""
    if isinstance(before, str) and isinstance(after, str):
        return " ".join(before.split()) == " ".join(after.split())
    return bool(before == after)


def differences(current: dict[str, Any], values: dict[str, Any]) -> tuple[Difference, ...]:
    """The fields whose sheet value differs from the file's, in the sheet's field order."""
    return tuple(
        Difference(name, current.get(name), value)
        for name, value in values.items()
        if not same(current.get(name), value)
    )


def in_order(entries: list[Entry]) -> tuple[Entry, ...]:
    """Added, changed, retired, kept; the order within each as found."""
    return tuple(sorted(entries, key=lambda e: ACTIONS.index(e.action)))
