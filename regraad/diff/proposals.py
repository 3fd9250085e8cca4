"""Proposals filed, advanced, decided or withdrawn, the councils' recommendations on
them, and the decisions meetings record."""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n import N_, _
from ..rules.proposal_flow import STATE_TITLES
from .emitter import Emitter, Entry, show
from .entities import Entries, Report, Whole, the_document


def _state(state: str | None) -> str:
    return _(STATE_TITLES[state]) if state in STATE_TITLES else str(state)


def _decision_dates(data: Entry) -> str:
    text = ""
    if data.get("decided"):
        text += _(", decided {date}").format(date=data["decided"])
    if data.get("in_force"):
        text += _(", in force {date}").format(date=data["in_force"])
    return text


def _moved_on(out: Emitter, old: Entry, new: Entry) -> Iterable[str]:
    """A new state, told as the step it is; its history, and the decision's dates and
    reason, are part of that step."""
    was, now = old.get("state"), new.get("state")
    if was == now:
        return ("state",)
    if now in ("accepted", "rejected"):
        action = "decided"
        message = _("{id} decided: {before} → {after}{dates}").format(
            id=out.name, before=_state(was), after=_state(now), dates=_decision_dates(new)
        )
    elif now == "withdrawn":
        action = "withdrawn"
        message = _("{id} withdrawn from {before}: {reason}").format(
            id=out.name, before=_state(was), reason=show(new.get("reason"))
        )
    else:
        action = "advanced"
        message = _("{id} advanced: {before} → {after}").format(
            id=out.name, before=_state(was), after=_state(now)
        )
    out.add("proposals", action, out.name, message, was, now)
    return ("state", "decided", "in_force", "reason")


PROPOSAL = Report(
    "proposal",
    "proposals",
    steps=(
        _moved_on,
        Entries(
            "recommendations",
            "proposals",
            lambda out, pair: {
                "id": out.name,
                "region": out.names.region(pair.label),
                "position": pair.entry.get("position"),
                "date": pair.entry.get("at", "-"),
            },
            N_("{id}: {region} recommends {position} ({date})"),
            subject=the_document,
            action="recommended",
        ),
    ),
    whole=Whole(
        N_("{id} filed: {title} ({kind}, {state})"),
        N_("{id} removed: {title} ({kind}, {state})"),
        lambda data, pid: {
            "id": pid,
            "title": show(data.get("title")),
            "kind": data.get("kind"),
            "state": _state(data.get("state")),
        },
        action="filed",
    ),
)

MEETING = Report(
    "meeting",
    "meetings",
    steps=(
        Entries(
            "decisions",
            "meetings",
            lambda out, pair: {"id": out.name, "text": show(pair.label or pair.entry)},
            N_("meeting {id}: decision recorded: {text}"),
            subject=the_document,
            action="decision",
        ),
    ),
    whole=Whole(
        N_("meeting {id} added ({count} decisions)"),
        N_("meeting {id} removed ({count} decisions)"),
        lambda data, mid: {"id": mid, "count": len(data.get("decisions") or [])},
    ),
)
