"""The changes since the report's point: the audit trail's actions for the region, in words.

The words need the data's names in the middle (members, roles, states), so they are
written here in the report's language rather than in the templates; when the trail
could not be read, ``since_context`` says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..audit.history import Action
from ..i18n import _
from ..load.regions import region_short
from ..render.environment import LABELS
from ..rules.proposal_flow import STATE_TITLES
from . import since as since_mod
from .proposals import POSITIONS
from .since import Since


def concerns_region(a: Action, region: str, proposals: set[tuple[str, str]]) -> bool:
    """An action on the region's council or meetings, or on a proposal of the report."""
    if a.council is not None:
        return a.council.endswith(f"/{region}")
    if a.proposal is not None:
        slug, _sep, pid = a.proposal.partition("/")
        return (slug, pid) in proposals or (a.recommendation or "").split(" ")[0] == region
    meeting = a.meeting
    return meeting is not None and meeting.endswith(f"-{region}")


def describe(a: Action) -> str:
    """What an action did, in words."""
    pid = (a.proposal or "").partition("/")[2]
    meeting = (a.meeting or "").partition("/")[2]
    member = a.member or "?"
    if a.action == "council.add":
        text = _("{member} joins as {role}").format(member=member, role=_role(a.after))
    elif a.action == "council.end":
        text = _("{member} leaves ({role})").format(member=member, role=_role(a.before))
    elif a.action == "council.role":
        text = _("{member}: {before} → {after}").format(
            member=member, before=_role(a.before), after=_role(a.after)
        )
    elif a.action == "proposal.new":
        text = _("proposal {id} filed").format(id=pid)
    elif a.action == "proposal.advance":
        text = _("proposal {id}: {before} → {after}").format(
            id=pid, before=_state(a.before), after=_state(a.after)
        )
    elif a.action == "proposal.recommend":
        where, _sep, position = (a.recommendation or "").partition(" ")
        word = POSITIONS.get(position)
        text = _("proposal {id}: {region} {position}").format(
            id=pid, region=region_short(None, where), position=_(word) if word else position
        )
    elif a.action == "proposal.withdraw":
        text = _("proposal {id} withdrawn").format(id=pid)
    elif a.action == "meeting.new":
        text = _("meeting {id} created").format(id=meeting)
    elif a.action == "meeting.agenda":
        text = _("agenda of meeting {id} written").format(id=meeting)
    else:
        text = f"{a.action} {a.target or ''}".strip()
    if a.replaces and a.action in ("council.add", "council.role"):
        text += " " + _("(succeeding {member})").format(member=a.replaces)
    if meeting and not a.action.startswith("meeting."):
        text += " " + _("(decided in meeting {id})").format(id=meeting)
    return text


def change_context(a: Action) -> dict[str, Any]:
    c = a.commit
    area = a.action.partition(".")[0]
    return {
        "date": c.date[:10],
        "commit": c.short,
        "action": a.action,
        "area": area if area in ("council", "proposal", "meeting") else "other",
        "specialty": a.specialty,
        "what": describe(a),
        "by": a.by or c.author,
        "subject": c.subject,
    }


def since_context(ds_label: str, since: Since) -> dict[str, Any]:
    """The point, and why the history was not read when it was not."""
    note = None
    if since.note == since_mod.NO_GIT:
        note = _(
            "{root} is not in a git repository, so membership changes and decisions cannot "
            "be read from the audit trail."
        ).format(root=ds_label)
    elif since.note == since_mod.NO_COMMITS:
        note = _("The git repository has no commits yet, so there is no audit trail to read.")
    elif since.note == since_mod.INCOMPLETE:
        note = _("The history is incomplete in this clone: {detail}").format(
            detail=since.detail or ""
        )
    return {
        "given": since.given,
        "kind": since.kind,
        "date": since.date,
        "commit": since.short,
        "range": since.range,
        "commits": since.commits,
        "read": since.read,
        "note": note,
    }


def _role(role: str | None) -> str:
    return _worded(LABELS["role"], role)


def _state(state: str | None) -> str:
    return _worded(STATE_TITLES, state)


def _worded(words: Mapping[str, str], key: str | None) -> str:
    """``key``'s word in the report's language; ``key`` itself when it has none."""
    word = words.get(key or "")
    return _(word) if word else (key or "—")
