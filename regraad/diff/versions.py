"""The versions of a goal set: a new version told in one line with its validity and
count, a kept one goal by goal under its own name (“FKM FKM-2026: goal FKM-30
added”).

A set that gains its first ``versions`` is read as its flat goals becoming the newest
version, so converting a set tells the versions added, not every goal removed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from ..i18n import _
from .emitter import Emitter, Entry
from .entities import pairs
from .goals import goals

_GOALS = goals(prefixed=True)


def _valid(version: Entry) -> str:
    valid = version.get("valid") or {}
    if "to" in valid:
        return _("{start} to {end}").format(start=valid.get("from"), end=valid["to"])
    return _("from {start}").format(start=valid.get("from"))


def _as_versions(data: Entry, other: list[Entry]) -> list[Entry]:
    """The versions of one side; flat goals as the other side's newest version."""
    listed: list[Entry] = data.get("versions") or []
    if listed or "goals" not in data:
        return listed
    newest = other[-1] if other else {}
    return [{**newest, "goals": data["goals"]}] if newest else []


def goalset_goals(out: Emitter, old: Entry, new: Entry) -> Iterable[str]:
    """The goals of a goal set, version by version where it has versions."""
    if not old.get("versions") and not new.get("versions"):
        return _GOALS(out, old, new)
    before = _as_versions(old, new.get("versions") or [])
    after = _as_versions(new, old.get("versions") or [])
    collection = out.kind.collection("versions")
    for pair in pairs(collection, before, after):
        version: dict[str, Any] = pair.entry
        words = {
            "set": out.name,
            "id": pair.key,
            "valid": _valid(version),
            "count": len(version.get("goals", [])),
        }
        if pair.was is None:
            if version.get("stricter"):
                message = _(
                    "{set}: stricter version {id} added, valid {valid}, {count} goals; "
                    "it applies also to plans begun before it"
                )
            else:
                message = _("{set}: version {id} added, valid {valid}, {count} goals")
            out.add(
                "goals", "added", f"{out.name} {pair.key}", message.format(**words), None, version
            )
        elif pair.now is None:
            message = _("{set}: version {id} removed ({count} goals)")
            out.add("goals", "removed", f"{out.name} {pair.key}", message.format(**words), version)
        else:
            inner = copy.copy(out)  # shares the list of changes, named for the version
            inner.name = f"{out.name} {pair.key}"
            _GOALS(inner, pair.was, pair.now)
            inner.fields("goals", inner.name, pair.was, pair.now, skip=("id", "goals"))
    return ("goals", "versions")
