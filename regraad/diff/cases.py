"""Council cases opened, moved on (escalated, decided, closed) and the trusts' positions
recorded in them, as a council member reads them in a pull request."""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n import N_, _
from ..rules.case_flow import STATE_TITLES
from .emitter import Emitter, Entry, show
from .entities import Entries, Report, Whole, the_document


def _state(state: str | None) -> str:
    return _(STATE_TITLES[state]) if state in STATE_TITLES else str(state)


def _moved_on(out: Emitter, old: Entry, new: Entry) -> Iterable[str]:
    """A new state told as the step it is; the escalation and decision belong to it."""
    was, now = old.get("state"), new.get("state")
    if was != now:
        message = _("case {id}: {before} → {after}").format(
            id=out.name, before=_state(was), after=_state(now)
        )
        out.add("cases", str(now), out.name, message, was, now)
    return ("state", "escalation", "decision")


CASE = Report(
    "case",
    "cases",
    steps=(
        _moved_on,
        Entries(
            "positions",
            "cases",
            lambda out, pair: {
                "id": out.name,
                "trust": out.names.trust(str(pair.entry.get("trust"))),
                "position": show(pair.entry.get("position")),
            },
            N_("case {id}: position of {trust}: {position}"),
            subject=the_document,
            action="position",
        ),
    ),
    whole=Whole(
        N_("case {id} opened: {subject} ({kind}, {state})"),
        N_("case {id} removed: {subject} ({kind}, {state})"),
        lambda data, cid: {
            "id": cid,
            "subject": show(data.get("subject")),
            "kind": data.get("kind"),
            "state": _state(data.get("state")),
        },
        action="filed",
    ),
)
