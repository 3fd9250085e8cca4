"""Elections of leader and deputy: when the data puts one on the agenda, and its item.

The council elects its own leader and deputy (the HSØ minutes), so an election is due
when a term ends soon with no successor recorded, or the role is empty."""

from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Iterator
from dataclasses import replace

from ...clock import FOREVER
from ...i18n import _
from ...load.councils import council_of, effective_policy
from ...load.dataset import Dataset, Document
from ...rules import active
from .. import one_line
from .items import AgendaItem
from .language import PHRASES, ROLE_TITLES

ELECTED = ("leader", "deputy")  # the roles a council elects (decisions' election.role)
ELECTION_HORIZON_MONTHS = 6  # a term ending this soon after the meeting is due for election


def election_item(role: str, words: dict[str, str]) -> AgendaItem:
    """The election item, recognised by its title in every language (an agenda may be
    in either)."""
    titles = [w["election"].format(role=w[f"role.{role}"]) for w in PHRASES.values()]
    title = words["election"].format(role=words[f"role.{role}"])
    return AgendaItem(title, "election", role=role, aliases=tuple(titles))


def _add_months(date: str, months: int) -> str:
    """``date`` plus ``months`` (the month's last day where it is shorter); past the end
    of the calendar the calendar's last day, which every term ends by anyway."""
    day = _dt.date.fromisoformat(date)
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if year > _dt.MAXYEAR:
        return FOREVER
    last = calendar.monthrange(year, month + 1)[1]
    return _dt.date(year, month + 1, min(day.day, last)).isoformat()


def elections(
    dataset: Dataset, council: Document, region: str, date: str, words: dict[str, str]
) -> Iterator[AgendaItem]:
    """Leader and deputy: a term (``to`` or ``term_to``) ending within the horizon with no
    successor recorded, a term ended without successor, no leader, or no deputy where the
    region requires one."""
    policy = effective_policy(dataset, council_of(council))
    horizon = _add_months(date, ELECTION_HORIZON_MONTHS)
    members = council.data["members"]
    for role in ELECTED:
        title = _(ROLE_TITLES[role])
        entries = [m for m in members if m["role"] == role]
        holders = [m for m in entries if active(m, date)]
        why = ""
        if holders:
            for m in holders:
                # the membership's end, or the end of the term elected for if sooner
                end = min((str(d) for d in (m.get("to"), m.get("term_to")) if d), default=None)
                if end and end <= horizon and not any(e["from"] > end for e in entries):
                    why = _("{name}'s term as {role} ends on {date}").format(
                        name=one_line(m["name"]), role=title, date=end
                    )
                    break
        elif not any(e["from"] > date for e in entries):
            ended = [m for m in entries if m.get("to", "9999-12-31") < date]
            if ended:
                last = max(ended, key=lambda m: str(m["to"]))
                why = _("{name}'s term as {role} ended on {date}; no successor is recorded").format(
                    name=one_line(last["name"]), role=title, date=last["to"]
                )
            elif role == "leader" or (policy is not None and policy["deputy"] == "required"):
                why = _("the council has no {role}").format(role=title)
        if why:
            yield replace(election_item(role, words), why=why)
