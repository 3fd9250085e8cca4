"""Rules over time: the data judged on one day and on every later day it names.

Councils, agreements, plans and goals carry dates, and much of what a RegUt records
takes effect later: a new leader from 1 January, a member leaving at year end, a goal
set replaced on 1 March. Judged on today alone, such data looks fine until the day
comes and every pull request turns red. So the rules are judged on the first day
(today, or the day a recorded change takes effect) and again on every later day on
which something begins or ends: a membership's ``from`` and the day after its ``to``,
an agreement's, plan's or goal-set version's ``valid`` period likewise, a goal's
``since`` and the day after its ``until``, an approval's ``from`` and the day after
its ``to``, an accepted proposal's ``in_force``, up to the last such day. Only the
rules registered ``dated`` run again, and each only where the records it reads change
that day (``Rule.dated``).

A finding that first holds on a later day carries that day (``Finding.since``). As
``presented`` today: what the data contradicts (two leaders, places above positions)
is an error already, "from 2027-01-01: …"; a gap an end date opens (no leader, no member
for a trust, an agreement expiring under a running plan) is a warning naming the day
and the days left, and becomes an error on that day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .. import clock
from ..findings import Finding, Severity
from ..i18n import _, ngettext
from ..load.councils import goalset_councils, goalset_users
from ..load.dataset import Dataset
from . import AGREEMENTS, APPROVALS, GOALS, MEMBERS, PLANS, PROPOSALS, run_rules
from .renewal import warning_day

FindingKey = tuple[str, str, int, int, str]


def key(f: Finding) -> FindingKey:
    """What makes two findings the same, whatever day they are found on."""
    return (f.rule, f.path, f.line, f.col, f.message)


Changes = dict[str, dict[str, frozenset[str]]]  # day -> aspect -> specialties


def _add(
    days: dict[str, dict[str, set[str]]], day: object, aspect: str, slugs: Iterable[str], end: bool
) -> None:
    """Record that ``aspect`` changes for ``slugs`` on ``day`` (``end``: the day after)."""
    if not isinstance(day, str):
        return
    when = clock.day_after(day) if end else day
    if when is not None:
        days[when][aspect].update(slugs)


def change_days(ds: Dataset) -> Changes:
    """Every day on which a dated record begins or ends, with what changes: per aspect
    (``rules.ASPECTS``), the specialties (a goal set's goals change every specialty that
    uses the set)."""
    days: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    users: dict[str, list[str]] = defaultdict(list)
    for slug, bundle in ds.specialties.items():
        if bundle.spec is not None:
            for set_id in bundle.spec.data["goalsets"]:
                users[set_id].append(slug)
            for goal in bundle.spec.data["goals"]:
                _add(days, goal.get("since"), GOALS, (slug,), end=False)
                _add(days, goal.get("until"), GOALS, (slug,), end=True)
        for council in bundle.councils.values():
            for member in council.data["members"]:
                _add(days, member.get("from"), MEMBERS, (slug,), end=False)
                _add(days, member.get("to"), MEMBERS, (slug,), end=True)
        if bundle.approvals is not None:
            for entry in bundle.approvals.data["approvals"]:
                _add(days, entry.get("from"), APPROVALS, (slug,), end=False)
                _add(days, entry.get("to"), APPROVALS, (slug,), end=True)
        for proposal in bundle.proposals.values():
            _add(days, proposal.data.get("in_force"), PROPOSALS, (slug,), end=False)
        for aspect, docs in ((AGREEMENTS, bundle.agreements), (PLANS, bundle.rotations)):
            for doc in docs.values():
                valid = doc.data.get("valid") or {}
                _add(days, valid.get("from"), aspect, (slug,), end=False)
                _add(days, valid.get("to"), aspect, (slug,), end=True)
                if aspect == AGREEMENTS:  # P-RENEWAL's window opens (rules.renewal)
                    _add(days, warning_day(valid.get("to")), aspect, (slug,), end=False)
    for gs_council in goalset_councils(ds):  # a goal set's council concerns its users
        slugs = goalset_users(ds, gs_council.subject)
        for member in gs_council.doc.data["members"]:
            _add(days, member.get("from"), MEMBERS, slugs, end=False)
            _add(days, member.get("to"), MEMBERS, slugs, end=True)
    for set_id, doc in ds.goalsets.items():
        for version in doc.data.get("versions") or ():
            valid = version["valid"]  # a new version starts, or an old one ends
            _add(days, valid.get("from"), GOALS, users[set_id], end=False)
            _add(days, valid.get("to"), GOALS, users[set_id], end=True)
        for version in ds.goalset_versions(set_id):
            for goal in version.goals:
                _add(days, goal.get("since"), GOALS, users[set_id], end=False)
                _add(days, goal.get("until"), GOALS, users[set_id], end=True)
    return {
        day: {aspect: frozenset(slugs) for aspect, slugs in aspects.items() if slugs}
        for day, aspects in days.items()
    }


@dataclass(frozen=True)
class Timeline:
    """The findings on ``first`` and, after them, those that first hold on a later day
    (``since`` set; severity as on that day)."""

    first: str
    now: list[Finding]
    later: list[Finding]

    @property
    def all(self) -> list[Finding]:
        return [*self.now, *self.later]

    def presented(self) -> list[Finding]:
        """As reported on ``first``: later contradictions stay errors, later gaps are
        warnings with the days left; each says from when."""
        out = list(self.now)
        for f in self.later:
            assert f.since is not None
            if f.gap and f.severity is Severity.ERROR:
                days = clock.days_between(self.first, f.since)
                message = ngettext(
                    "from {date} (in {n} day): {message}",
                    "from {date} (in {n} days): {message}",
                    days,
                ).format(date=f.since, n=days, message=f.message)
                out.append(replace(f, severity=Severity.WARNING, message=message))
            else:
                message = _("from {date}: {message}").format(date=f.since, message=f.message)
                out.append(replace(f, message=message))
        return out


def judge(
    ds: Dataset, first: str, selected: set[str], scope: frozenset[str] | None = None
) -> Timeline:
    """The selected rules on ``first``, then the dated ones on each later day the data
    names (see the module docstring); ``scope`` limits the dated rules to those
    specialties."""
    now = run_rules(ds, first, selected, scope=scope)
    seen = {key(f) for f in now}
    later: list[Finding] = []
    days = change_days(ds)
    for day in sorted(d for d in days if d > first):
        for f in run_rules(ds, day, selected, scope=scope, changed=days[day]):
            k = key(f)
            if k not in seen:
                seen.add(k)
                later.append(replace(f, since=day))
    return Timeline(first, now, later)
