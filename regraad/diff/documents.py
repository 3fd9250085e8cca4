"""What changed inside one document, per kind: one comparator each, one registry.

A comparator gets the BASE and HEAD versions of a document (either may be None
when the file was added or removed; both passed their schema) and yields
``Change`` records worded for a council member reading a pull request. Fields a
comparator does not know in detail are compared generically, so no change is
silent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from ..i18n import _
from ..load.dataset import Dataset, Document
from ..rules.proposal_flow import STATE_TITLES
from . import NATIONAL, Change, specialty_of

Comparator = Callable[[Document | None, Document | None, "Names", str], Iterator[Change]]

_SHORT = 60  # characters of a value shown in a generic change


@dataclass(frozen=True)
class Names:
    """How entities are named in messages, looked up in HEAD first, then BASE."""

    base: Dataset
    head: Dataset

    def trust(self, trust_id: str | None) -> str:
        if not trust_id:
            return "-"
        for dataset in (self.head, self.base):
            doc = dataset.trusts.get(trust_id)
            if doc is not None:
                return str(doc.data.get("short") or doc.data["name"])
        return trust_id.upper()

    @staticmethod
    def region(region_id: str | None) -> str:
        return region_id.upper() if region_id else "-"


def show(value: Any) -> str:
    """A value short enough for one line of a review."""
    if value is None:
        text = "-"
    elif isinstance(value, bool):
        text = _("yes") if value else _("no")
    elif isinstance(value, list):
        text = ", ".join(show(v) for v in value) if value else "[]"
    elif isinstance(value, dict):
        text = ", ".join(f"{k}: {show(v)}" for k, v in value.items())
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


class _Emitter:
    """Collects changes for one document so comparators stay short."""

    def __init__(self, doc: Document) -> None:
        self.path = doc.path
        self.specialty = specialty_of(doc.path) if doc.params.get("specialty") else NATIONAL
        self.changes: list[Change] = []

    def add(
        self,
        area: str,
        action: str,
        subject: str,
        message: str,
        before: Any = None,
        after: Any = None,
    ) -> None:
        self.changes.append(
            Change(self.specialty, area, action, subject, message, self.path, before, after)
        )

    def fields(
        self,
        area: str,
        subject: str,
        old: dict[str, Any],
        new: dict[str, Any],
        skip: Iterable[str] = (),
    ) -> None:
        """One generic change per field that differs, for fields not compared in detail."""
        skipped = set(skip)
        for name in [*old, *(k for k in new if k not in old)]:
            if name in skipped or old.get(name) == new.get(name):
                continue
            before, after = old.get(name), new.get(name)
            if before is None:
                message = _("{subject}: {field} set to {after}")
            elif after is None:
                message = _("{subject}: {field} removed (was {before})")
            else:
                message = _("{subject}: {field} {before} → {after}")
            self.add(
                area,
                "changed",
                subject,
                message.format(subject=subject, field=name, before=show(before), after=show(after)),
                before,
                after,
            )


def _data(doc: Document | None) -> dict[str, Any]:
    return doc.data if doc is not None else {}


def _by_id(items: list[dict[str, Any]] | None, key: str = "id") -> dict[str, dict[str, Any]]:
    return {str(item[key]): item for item in items or [] if key in item}


def _plus_minus(before: Iterable[str], after: Iterable[str]) -> str:
    old, new = list(before), list(after)
    parts = [f"+{x}" for x in new if x not in old] + [f"−{x}" for x in old if x not in new]
    return " ".join(parts)


# -- learning goals and activities (specialties and goal sets) ---------------------------


def _goals(out: _Emitter, prefix: str, old: list[Any] | None, new: list[Any] | None) -> None:
    before, after = _by_id(old), _by_id(new)
    for gid, goal in after.items():
        if gid not in before:
            out.add(
                "goals",
                "added",
                gid,
                _("{prefix}goal {id} added: {title}").format(
                    prefix=prefix, id=gid, title=show(goal.get("title"))
                ),
                None,
                goal,
            )
    for gid, goal in before.items():
        if gid not in after:
            out.add(
                "goals",
                "removed",
                gid,
                _("{prefix}goal {id} removed: {title}").format(
                    prefix=prefix, id=gid, title=show(goal.get("title"))
                ),
                goal,
                None,
            )
            continue
        now = after[gid]
        if goal.get("title") != now.get("title"):
            out.add(
                "goals",
                "retitled",
                gid,
                _("{prefix}goal {id} retitled: “{before}” → “{after}”").format(
                    prefix=prefix, id=gid, before=show(goal.get("title")), after=show(now["title"])
                ),
                goal.get("title"),
                now.get("title"),
            )
        if now.get("until") and now.get("until") != goal.get("until"):
            out.add(
                "goals",
                "retired",
                gid,
                _("{prefix}goal {id} retired after {date}").format(
                    prefix=prefix, id=gid, date=now["until"]
                ),
                goal.get("until"),
                now["until"],
            )
        skip = ("id", "title", "until") if now.get("until") else ("id", "title")
        out.fields("goals", f"{prefix}{gid}", goal, now, skip=skip)


def _activities(out: _Emitter, old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
    old, new = old or {}, new or {}
    for group in dict.fromkeys([*old, *new]):
        before, after = _by_id(old.get(group)), _by_id(new.get(group))
        for aid, item in after.items():
            if aid not in before:
                out.add(
                    "activities",
                    "added",
                    aid,
                    _("{group} {id} added: {title}").format(
                        group=group, id=aid, title=show(item.get("title"))
                    ),
                    None,
                    item,
                )
        for aid, item in before.items():
            if aid not in after:
                out.add(
                    "activities",
                    "removed",
                    aid,
                    _("{group} {id} removed: {title}").format(
                        group=group, id=aid, title=show(item.get("title"))
                    ),
                    item,
                    None,
                )
            else:
                out.fields("activities", f"{group} {aid}", item, after[aid], skip=("id",))


def specialty(
    old: Document | None, new: Document | None, names: Names, as_of: str
) -> Iterator[Change]:
    doc = new or old
    assert doc is not None
    out = _Emitter(doc)
    if old is None or new is None:
        action = "added" if old is None else "removed"
        message = (
            _("specialty {slug} added ({count} goals)")
            if old is None
            else _("specialty {slug} removed ({count} goals)")
        )
        out.add(
            "reference",
            action,
            doc.params["specialty"],
            message.format(slug=doc.params["specialty"], count=len(doc.data.get("goals", []))),
        )
        return iter(out.changes)
    _goals(out, "", old.data.get("goals"), new.data.get("goals"))
    _activities(out, old.data.get("activities"), new.data.get("activities"))
    if old.data.get("fagkontakt") != new.data.get("fagkontakt"):
        out.add(
            "reference",
            "changed",
            "fagkontakt",
            _("fagkontakt RegUt {before} → {after}").format(
                before=names.region(old.data.get("fagkontakt")),
                after=names.region(new.data.get("fagkontakt")),
            ),
            old.data.get("fagkontakt"),
            new.data.get("fagkontakt"),
        )
    out.fields(
        "reference",
        _("specialty"),
        old.data,
        new.data,
        skip=("id", "goals", "activities", "fagkontakt"),
    )
    return iter(out.changes)


def goalset(
    old: Document | None, new: Document | None, names: Names, as_of: str
) -> Iterator[Change]:
    doc = new or old
    assert doc is not None
    out = _Emitter(doc)
    set_id = doc.params["goalset"]
    if old is None or new is None:
        message = (
            _("goal set {id} added ({count} goals)")
            if old is None
            else _("goal set {id} removed ({count} goals)")
        )
        out.add(
            "reference",
            "added" if old is None else "removed",
            set_id,
            message.format(id=set_id, count=len(doc.data.get("goals", []))),
        )
        return iter(out.changes)
    _goals(out, f"{set_id}: ", old.data.get("goals"), new.data.get("goals"))
    out.fields("reference", set_id, old.data, new.data, skip=("id", "goals"))
    return iter(out.changes)


# -- coverage --------------------------------------------------------------------------------


def coverage(
    old: Document | None, new: Document | None, names: Names, as_of: str
) -> Iterator[Change]:
    doc = new or old
    assert doc is not None
    out = _Emitter(doc)
    trust = names.trust(doc.params["trust"])
    before: dict[str, Any] = _data(old).get("goals") or {}
    after: dict[str, Any] = _data(new).get("goals") or {}
    for gid in dict.fromkeys([*before, *after]):
        was, now = before.get(gid), after.get(gid)
        subject = f"{trust} {gid}"
        if was == now:
            continue
        if was is None:
            assert now is not None
            out.add(
                "coverage",
                "added",
                subject,
                _("{trust}: {goal} assessed as {status}{where}").format(
                    trust=trust, goal=gid, status=now["status"], where=_where(now, names)
                ),
                None,
                now,
            )
            continue
        if now is None:
            out.add(
                "coverage",
                "removed",
                subject,
                _("{trust}: {goal} no longer assessed (was {status})").format(
                    trust=trust, goal=gid, status=was["status"]
                ),
                was,
                None,
            )
            continue
        if was["status"] != now["status"] or was.get("via") != now.get("via"):
            out.add(
                "coverage",
                "changed",
                subject,
                _("{trust}: {goal} {before} → {after}{where}").format(
                    trust=trust,
                    goal=gid,
                    before=was["status"],
                    after=now["status"],
                    where=_where(now, names),
                ),
                was,
                now,
            )
        if was.get("sites") != now.get("sites") and (
            now["status"] != "none" or was["status"] == "none"
        ):
            out.add(
                "coverage",
                "changed",
                subject,
                _("{trust}: {goal} sites {change}").format(
                    trust=trust,
                    goal=gid,
                    change=_plus_minus(was.get("sites") or [], now.get("sites") or []),
                ),
                was.get("sites"),
                now.get("sites"),
            )
        out.fields("coverage", subject, was, now, skip=("status", "via", "sites"))
    out.fields(
        "coverage",
        _("{trust} coverage").format(trust=trust),
        _data(old),
        _data(new),
        skip=("specialty", "trust", "goals"),
    )
    return iter(out.changes)


def _where(entry: dict[str, Any], names: Names) -> str:
    via = entry.get("via")
    if via:
        return _(", now via {trust}").format(trust=names.trust(via))
    return ""


# -- rotation plans -------------------------------------------------------------------------


def _months(periods: list[dict[str, Any]]) -> int:
    return sum(int(p.get("months", 0)) for p in periods)


def rotation(
    old: Document | None, new: Document | None, names: Names, as_of: str
) -> Iterator[Change]:
    doc = new or old
    assert doc is not None
    out = _Emitter(doc)
    home = names.trust(doc.params["trust"])
    old_periods: list[dict[str, Any]] = _data(old).get("periods") or []
    new_periods: list[dict[str, Any]] = _data(new).get("periods") or []
    if old is None or new is None:
        periods = new_periods if old is None else old_periods
        message = (
            _("{trust}: rotation plan added, {count} periods, {months} months")
            if old is None
            else _("{trust}: rotation plan removed ({count} periods, {months} months)")
        )
        out.add(
            "rotations",
            "added" if old is None else "removed",
            home,
            message.format(trust=home, count=len(periods), months=_months(periods)),
        )
        return iter(out.changes)
    before, after = _by_id(old_periods), _by_id(new_periods)
    for pid, period in after.items():
        if pid not in before:
            out.add(
                "rotations",
                "added",
                f"{home} {pid}",
                _("{trust}: period {id} added: {host}, {months} months").format(
                    trust=home, id=pid, host=_place(period, names), months=period.get("months")
                ),
                None,
                period,
            )
    for pid, period in before.items():
        if pid not in after:
            out.add(
                "rotations",
                "removed",
                f"{home} {pid}",
                _("{trust}: period {id} removed: {host}, {months} months").format(
                    trust=home, id=pid, host=_place(period, names), months=period.get("months")
                ),
                period,
                None,
            )
            continue
        now = after[pid]
        if period.get("months") != now.get("months"):
            longer = int(now.get("months", 0)) > int(period.get("months", 0))
            message = (
                _("{trust}: period {id} lengthened {before} → {after} months")
                if longer
                else _("{trust}: period {id} shortened {before} → {after} months")
            )
            out.add(
                "rotations",
                "lengthened" if longer else "shortened",
                f"{home} {pid}",
                message.format(
                    trust=home, id=pid, before=period.get("months"), after=now.get("months")
                ),
                period.get("months"),
                now.get("months"),
            )
        if (period.get("trust"), period.get("site")) != (now.get("trust"), now.get("site")):
            out.add(
                "rotations",
                "moved",
                f"{home} {pid}",
                _("{trust}: period {id} moved from {before} to {after}").format(
                    trust=home, id=pid, before=_place(period, names), after=_place(now, names)
                ),
                _place(period, names),
                _place(now, names),
            )
        out.fields(
            "rotations",
            f"{home} {pid}",
            period,
            now,
            skip=("id", "months", "trust", "site", "goals"),
        )
    _goal_moves(out, home, old_periods, new_periods)
    total_before, total_after = _months(old_periods), _months(new_periods)
    resized = [
        i
        for i, c in enumerate(out.changes)
        if c.action in ("added", "removed", "lengthened", "shortened")
    ]
    if total_before != total_after and len(resized) == 1:
        # one period explains the new total: say it in the same line
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
            home,
            _("{trust}: plan total {before} → {after} months").format(
                trust=home, before=total_before, after=total_after
            ),
            total_before,
            total_after,
        )
    out.fields("rotations", home, old.data, new.data, skip=("specialty", "trust", "periods"))
    return iter(out.changes)


def _place(period: dict[str, Any], names: Names) -> str:
    site = period.get("site")
    trust = names.trust(period.get("trust"))
    return f"{trust} ({site})" if site else trust


def _goal_moves(
    out: _Emitter, home: str, old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> None:
    def where(periods: list[dict[str, Any]]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for p in periods:
            for goal in p.get("goals") or []:
                found.setdefault(goal, []).append(str(p.get("id")))
        return found

    before, after = where(old), where(new)
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
            f"{home} {goal}",
            message.format(trust=home, goal=goal, before=", ".join(was), after=", ".join(now)),
            was,
            now,
        )


# -- capacity and agreements ------------------------------------------------------------------


def capacity(
    old: Document | None, new: Document | None, names: Names, as_of: str
) -> Iterator[Change]:
    doc = new or old
    assert doc is not None
    out = _Emitter(doc)
    before: dict[str, Any] = _data(old).get("hosts") or {}
    after: dict[str, Any] = _data(new).get("hosts") or {}
    for host in dict.fromkeys([*before, *after]):
        was, now = before.get(host), after.get(host)
        name = names.trust(host)
        if was == now:
            continue
        if was is None or now is None:
            entry = now if was is None else was
            assert entry is not None
            message = (
                _("{trust}: host with {positions} positions added")
                if was is None
                else _("{trust}: host with {positions} positions removed")
            )
            out.add(
                "capacity",
                "added" if was is None else "removed",
                name,
                message.format(trust=name, positions=entry.get("positions")),
                was,
                now,
            )
            continue
        if was.get("positions") != now.get("positions"):
            out.add(
                "capacity",
                "changed",
                name,
                _("{trust}: positions {before} → {after}").format(
                    trust=name, before=was.get("positions"), after=now.get("positions")
                ),
                was.get("positions"),
                now.get("positions"),
            )
        out.fields("capacity", name, was, now, skip=("positions",))
    return iter(out.changes)


def agreement(
    old: Document | None, new: Document | None, names: Names, as_of: str
) -> Iterator[Change]:
    doc = new or old
    assert doc is not None
    out = _Emitter(doc)
    pair = f"{names.trust(doc.params['home'])} → {names.trust(doc.params['host'])}"
    if old is None or new is None:
        message = (
            _("agreement {pair} added: {places} places, {months} months")
            if old is None
            else _("agreement {pair} removed ({places} places, {months} months)")
        )
        out.add(
            "agreements",
            "added" if old is None else "removed",
            pair,
            message.format(pair=pair, places=doc.data.get("places"), months=doc.data.get("months")),
        )
        return iter(out.changes)
    for name, message in (
        ("places", _("agreement {pair}: places {before} → {after}")),
        ("months", _("agreement {pair}: months {before} → {after}")),
    ):
        if old.data.get(name) != new.data.get(name):
            out.add(
                "agreements",
                "changed",
                pair,
                message.format(pair=pair, before=old.data.get(name), after=new.data.get(name)),
                old.data.get(name),
                new.data.get(name),
            )
    if old.data.get("goals") != new.data.get("goals"):
        out.add(
            "agreements",
            "changed",
            pair,
            _("agreement {pair}: goals {change}").format(
                pair=pair, change=_plus_minus(old.data.get("goals", []), new.data.get("goals", []))
            ),
            old.data.get("goals"),
            new.data.get("goals"),
        )
    out.fields(
        "agreements",
        _("agreement {pair}").format(pair=pair),
        old.data,
        new.data,
        skip=("specialty", "home", "host", "places", "months", "goals"),
    )
    return iter(out.changes)


# -- councils -----------------------------------------------------------------------------------


def council(
    old: Document | None, new: Document | None, names: Names, as_of: str
) -> Iterator[Change]:
    """Members joined, left, replaced and changed role, read from the membership history."""
    doc = new or old
    assert doc is not None
    out = _Emitter(doc)
    region = names.region(doc.params["region"])
    before: list[dict[str, Any]] = _data(old).get("members") or []
    after: list[dict[str, Any]] = _data(new).get("members") or []
    matched, gone, came = _match_members(before, after)
    started = {n["name"] for n in came}
    ended: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for was, now in matched:
        name = now["name"]
        subject = f"{region} {name}"
        if now.get("to") and not was.get("to") and name not in started:
            ended.append((was, now))
        elif was.get("role") != now.get("role"):
            out.add(
                "council",
                "role",
                subject,
                _("{region}: {name} {before} → {after}").format(
                    region=region, name=name, before=was.get("role"), after=now.get("role")
                ),
                was.get("role"),
                now.get("role"),
            )
        out.fields(
            "council",
            subject,
            was,
            now,
            skip=("name", "role", "to")
            if now.get("to") and not was.get("to")
            else ("name", "role"),
        )
    joined: list[dict[str, Any]] = []
    for member in came:
        name = member["name"]
        previous = next(
            (m for m, n in matched if n["name"] == name and n.get("to") and not m.get("to")),
            None,
        )
        if previous is None:
            joined.append(member)
            continue
        out.add(
            "council",
            "role",
            f"{region} {name}",
            _("{region}: {name} {before} → {after} from {date}").format(
                region=region,
                name=name,
                before=previous.get("role"),
                after=member.get("role"),
                date=member.get("from", "-"),
            ),
            previous.get("role"),
            member.get("role"),
        )
    for was, now in ended:
        successor = next(
            (
                m
                for m in joined
                if (m.get("trust"), m.get("role")) == (was.get("trust"), was.get("role"))
            ),
            None,
        )
        if successor is not None:
            joined.remove(successor)
            out.add(
                "council",
                "replaced",
                f"{region} {successor['name']}",
                _("{region}: {new} replaces {old} as {role} for {trust}").format(
                    region=region,
                    new=successor["name"],
                    old=was["name"],
                    role=was.get("role"),
                    trust=names.trust(was.get("trust")),
                ),
                was,
                successor,
            )
            continue
        out.add(
            "council",
            "left",
            f"{region} {was['name']}",
            _("{region}: {name} ({role}, {trust}) left the council on {date}").format(
                region=region,
                name=was["name"],
                role=was.get("role"),
                trust=names.trust(was.get("trust")),
                date=now["to"],
            ),
            was,
            now,
        )
    for member in joined:
        out.add(
            "council",
            "joined",
            f"{region} {member['name']}",
            _("{region}: {name} ({role}, {trust}) joined the council{since}").format(
                region=region,
                name=member["name"],
                role=member.get("role"),
                trust=names.trust(member.get("trust")),
                since=_(" from {date}").format(date=member["from"]) if member.get("from") else "",
            ),
            None,
            member,
        )
    for member in gone:
        out.add(
            "council",
            "removed",
            f"{region} {member['name']}",
            _("{region}: {name} ({role}) removed from the membership record").format(
                region=region, name=member["name"], role=member.get("role")
            ),
            member,
            None,
        )
    out.fields("council", region, _data(old), _data(new), skip=("specialty", "region", "members"))
    return iter(out.changes)


def _match_members(
    before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Pair membership records: same name and start first, then same name in order."""
    remaining = list(after)
    matched: list[tuple[dict[str, Any], dict[str, Any]]] = []
    unmatched: list[dict[str, Any]] = []
    for member in before:
        same = next(
            (
                n
                for n in remaining
                if n.get("name") == member.get("name") and n.get("from") == member.get("from")
            ),
            None,
        )
        if same is None:
            unmatched.append(member)
        else:
            remaining.remove(same)
            matched.append((member, same))
    gone = []
    for member in unmatched:
        same = next(
            (
                n
                for n in remaining
                if n.get("name") == member.get("name") and n.get("role") == member.get("role")
            ),
            None,
        )
        if same is None:
            gone.append(member)
        else:
            remaining.remove(same)
            matched.append((member, same))
    return matched, gone, remaining


# -- proposals and meetings ---------------------------------------------------------------------


def proposal(
    old: Document | None, new: Document | None, names: Names, as_of: str
) -> Iterator[Change]:
    doc = new or old
    assert doc is not None
    out = _Emitter(doc)
    pid = doc.params["proposal"]
    if old is None or new is None:
        data = doc.data
        message = (
            _("{id} filed: {title} ({kind}, {state})")
            if old is None
            else _("{id} removed: {title} ({kind}, {state})")
        )
        out.add(
            "proposals",
            "filed" if old is None else "removed",
            pid,
            message.format(
                id=pid,
                title=show(data.get("title")),
                kind=data.get("kind"),
                state=_state(data.get("state")),
            ),
        )
        return iter(out.changes)
    was, now = old.data.get("state"), new.data.get("state")
    if was != now:
        if now in ("accepted", "rejected"):
            action = "decided"
            message = _("{id} decided: {before} → {after}{dates}").format(
                id=pid,
                before=_state(was),
                after=_state(now),
                dates=_decision_dates(new.data),
            )
        elif now == "withdrawn":
            action = "withdrawn"
            message = _("{id} withdrawn from {before}: {reason}").format(
                id=pid, before=_state(was), reason=show(new.data.get("reason"))
            )
        else:
            action = "advanced"
            message = _("{id} advanced: {before} → {after}").format(
                id=pid, before=_state(was), after=_state(now)
            )
        out.add("proposals", action, pid, message, was, now)
    old_recs = old.data.get("recommendations") or []
    for rec in new.data.get("recommendations") or []:
        if rec not in old_recs:
            out.add(
                "proposals",
                "recommended",
                pid,
                _("{id}: {region} recommends {position} ({date})").format(
                    id=pid,
                    region=names.region(rec.get("region")),
                    position=rec.get("position"),
                    date=rec.get("at", "-"),
                ),
                None,
                rec,
            )
    out.fields(
        "proposals",
        pid,
        old.data,
        new.data,
        skip=(
            "id",
            "specialty",
            "state",
            "history",
            "recommendations",
            *(("decided", "in_force", "reason") if was != now else ()),
        ),
    )
    return iter(out.changes)


def _state(state: str | None) -> str:
    return _(STATE_TITLES[state]) if state in STATE_TITLES else str(state)


def _decision_dates(data: dict[str, Any]) -> str:
    text = ""
    if data.get("decided"):
        text += _(", decided {date}").format(date=data["decided"])
    if data.get("in_force"):
        text += _(", in force {date}").format(date=data["in_force"])
    return text


def meeting(
    old: Document | None, new: Document | None, names: Names, as_of: str
) -> Iterator[Change]:
    doc = new or old
    assert doc is not None
    out = _Emitter(doc)
    mid = doc.params["meeting"]
    if old is None or new is None:
        message = (
            _("meeting {id} added ({count} decisions)")
            if old is None
            else _("meeting {id} removed ({count} decisions)")
        )
        out.add(
            "meetings",
            "added" if old is None else "removed",
            mid,
            message.format(id=mid, count=len(doc.data.get("decisions") or [])),
        )
        return iter(out.changes)
    old_decisions = old.data.get("decisions") or []
    for decision in new.data.get("decisions") or []:
        if decision not in old_decisions:
            out.add(
                "meetings",
                "decision",
                mid,
                _("meeting {id}: decision recorded: {text}").format(
                    id=mid, text=show(decision.get("text") or decision)
                ),
                None,
                decision,
            )
    out.fields("meetings", mid, old.data, new.data, skip=("id", "specialty", "decisions"))
    return iter(out.changes)


# -- regions and trusts -----------------------------------------------------------------------


def region(
    old: Document | None, new: Document | None, names: Names, as_of: str
) -> Iterator[Change]:
    doc = new or old
    assert doc is not None
    out = _Emitter(doc)
    rid = names.region(doc.params["region"])
    if old is None or new is None:
        message = _("region {id} added") if old is None else _("region {id} removed")
        out.add("reference", "added" if old is None else "removed", rid, message.format(id=rid))
        return iter(out.changes)
    out.fields(
        "reference",
        _("{region} council policy").format(region=rid),
        old.data.get("council_policy") or {},
        new.data.get("council_policy") or {},
    )
    out.fields("reference", rid, old.data, new.data, skip=("id", "council_policy"))
    return iter(out.changes)


def trust(old: Document | None, new: Document | None, names: Names, as_of: str) -> Iterator[Change]:
    doc = new or old
    assert doc is not None
    out = _Emitter(doc)
    name = names.trust(doc.params["trust"])
    if old is None or new is None:
        message = _("trust {name} added") if old is None else _("trust {name} removed")
        out.add("reference", "added" if old is None else "removed", name, message.format(name=name))
        return iter(out.changes)
    old_sites, new_sites = _by_id(old.data.get("sites")), _by_id(new.data.get("sites"))
    sites_before, sites_after = list(old_sites), list(new_sites)
    if set(sites_before) != set(sites_after):
        out.add(
            "reference",
            "changed",
            name,
            _("{trust}: sites {change}").format(
                trust=name, change=_plus_minus(sites_before, sites_after)
            ),
            sites_before,
            sites_after,
        )
    for site_id, site in new_sites.items():  # a site's name, municipality or note
        if site_id in old_sites:
            out.fields("reference", f"{name}: {site_id}", old_sites[site_id], site, skip=("id",))
    out.fields("reference", name, old.data, new.data, skip=("id", "sites"))
    return iter(out.changes)


COMPARATORS_BY_KIND: dict[str, Comparator] = {
    "region": region,
    "trust": trust,
    "goalset": goalset,
    "specialty": specialty,
    "council": council,
    "coverage": coverage,
    "rotation": rotation,
    "capacity": capacity,
    "agreement": agreement,
    "proposal": proposal,
    "meeting": meeting,
}
