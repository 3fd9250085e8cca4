"""Learning goals and activities, in specialties and goal sets: a goal retitled or
retired is told as such, not as a changed field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..i18n import N_, _
from .emitter import Emitter, show
from .entities import Entries, Pair


def _kept_goal(prefix: str, out: Emitter, pair: Pair) -> Iterable[str]:
    was, now = pair.was or {}, pair.now or {}
    message = _("{prefix}goal {id} retitled: “{before}” → “{after}”")
    out.field(
        "goals",
        pair.key,
        "title",
        was,
        now,
        message,
        action="retitled",
        shown=show,
        prefix=prefix,
        id=pair.key,
    )
    if now.get("until") and now.get("until") != was.get("until"):
        out.add(
            "goals",
            "retired",
            pair.key,
            _("{prefix}goal {id} retired after {date}").format(
                prefix=prefix, id=pair.key, date=now["until"]
            ),
            was.get("until"),
            now["until"],
        )
    return ("title", "until") if now.get("until") else ("title",)


def goals(prefixed: bool) -> Entries:
    """The goals of a specialty, or of a goal set (``prefixed``: named with the set's
    id, since national goals are read without a specialty around them)."""

    def prefix(out: Emitter) -> str:
        return f"{out.name}: " if prefixed else ""

    def words(out: Emitter, pair: Pair) -> dict[str, Any]:
        return {"prefix": prefix(out), "id": pair.key, "title": show(pair.label)}

    return Entries(
        "goals",
        "goals",
        words,
        N_("{prefix}goal {id} added: {title}"),
        N_("{prefix}goal {id} removed: {title}"),
        detail=lambda out, pair: f"{prefix(out)}{pair.key}",
        kept=lambda out, pair: _kept_goal(prefix(out), out, pair),
    )


ACTIVITIES = Entries(
    "activities",
    "activities",
    lambda out, pair: {"group": pair.group, "id": pair.key, "title": show(pair.label)},
    N_("{group} {id} added: {title}"),
    N_("{group} {id} removed: {title}"),
    detail=lambda out, pair: f"{pair.group} {pair.key}",
)
