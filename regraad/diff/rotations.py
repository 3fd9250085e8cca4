"""Rotation plans: periods lengthened, shortened or moved, goals moving between
periods, and the plan's total months before → after."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..i18n import N_, _
from .emitter import Emitter, Entry, Names
from .entities import Entries, Pair, Report, Whole, in_document


def _months(periods: list[Entry]) -> int:
    return sum(int(p.get("months", 0)) for p in periods)


def _periods(data: Entry) -> list[Entry]:
    periods: list[Entry] = data.get("periods") or []
    return periods


def _place(period: Entry, names: Names) -> str:
    site = period.get("site")
    trust = names.trust(period.get("trust"))
    return f"{trust} ({site})" if site else trust


def _words(out: Emitter, pair: Pair) -> dict[str, Any]:
    period = pair.entry
    return {
        "trust": out.name,
        "id": pair.key,
        "host": _place(period, out.names),
        "months": period.get("months"),
    }


def _kept(out: Emitter, pair: Pair) -> Iterable[str]:
    was, now = pair.was or {}, pair.now or {}
    subject = in_document(out, pair)
    if was.get("months") != now.get("months"):
        longer = int(now.get("months", 0)) > int(was.get("months", 0))
        message = (
            _("{trust}: period {id} lengthened {before} → {after} months")
            if longer
            else _("{trust}: period {id} shortened {before} → {after} months")
        )
        out.add(
            "rotations",
            "lengthened" if longer else "shortened",
            subject,
            message.format(
                trust=out.name, id=pair.key, before=was.get("months"), after=now.get("months")
            ),
            was.get("months"),
            now.get("months"),
        )
    if (was.get("trust"), was.get("site")) != (now.get("trust"), now.get("site")):
        before, after = _place(was, out.names), _place(now, out.names)
        out.add(
            "rotations",
            "moved",
            subject,
            _("{trust}: period {id} moved from {before} to {after}").format(
                trust=out.name, id=pair.key, before=before, after=after
            ),
            before,
            after,
        )
    return ("months", "trust", "site", "goals")


def _goal_moves(out: Emitter, old: Entry, new: Entry) -> Iterable[str]:
    """A goal reached in another period, told once rather than as two period edits."""

    def where(periods: list[Entry]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for p in periods:
            for goal in p.get("goals") or []:
                found.setdefault(goal, []).append(str(p.get("id")))
        return found

    before, after = where(_periods(old)), where(_periods(new))
    for goal in dict.fromkeys([*before, *after]):
        was, now = before.get(goal, []), after.get(goal, [])
        if was == now:
            continue
        if not was:
            message = _("{trust}: {goal} now reached in period {after}")
        elif not now:
            message = _("{trust}: {goal} no longer in any period (was {before})")
        else:
            message = _("{trust}: {goal} moved from period {before} to {after}")
        out.add(
            "rotations",
            "goal-moved",
            f"{out.name} {goal}",
            message.format(trust=out.name, goal=goal, before=", ".join(was), after=", ".join(now)),
            was,
            now,
        )
    return ()


def _total(out: Emitter, old: Entry, new: Entry) -> Iterable[str]:
    """The plan's new length: in the line of the one period that explains it, else alone."""
    total_before, total_after = _months(_periods(old)), _months(_periods(new))
    resized = [
        i
        for i, c in enumerate(out.changes)
        if c.action in ("added", "removed", "lengthened", "shortened")
    ]
    if total_before != total_after and len(resized) == 1:
        one = out.changes[resized[0]]
        out.changes[resized[0]] = replace(
            one,
            message=one.message
            + _(" (plan {before} → {after} months)").format(before=total_before, after=total_after),
        )
    elif total_before != total_after:
        out.add(
            "rotations",
            "total",
            out.name,
            _("{trust}: plan total {before} → {after} months").format(
                trust=out.name, before=total_before, after=total_after
            ),
            total_before,
            total_after,
        )
    return ()


ROTATION = Report(
    "rotation",
    "rotations",
    steps=(
        Entries(
            "periods",
            "rotations",
            _words,
            N_("{trust}: period {id} added: {host}, {months} months"),
            N_("{trust}: period {id} removed: {host}, {months} months"),
            subject=in_document,
            kept=_kept,
        ),
        _goal_moves,
        _total,
    ),
    whole=Whole(
        N_("{trust}: rotation plan added, {count} periods, {months} months"),
        N_("{trust}: rotation plan removed ({count} periods, {months} months)"),
        lambda data, trust: {
            "trust": trust,
            "count": len(_periods(data)),
            "months": _months(_periods(data)),
        },
    ),
)
