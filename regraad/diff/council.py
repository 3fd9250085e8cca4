"""Council members joined, left, replaced and changed role, read from the membership
history: a record that ends and one that starts are often one event."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..i18n import _
from .emitter import Emitter, Entry
from .entities import Report, pairs

Kept = list[tuple[Entry, Entry]]


def _who(out: Emitter, member: Entry) -> dict[str, Any]:
    """A member as the council's sentences name them."""
    return {
        "region": out.name,
        "name": member["name"],
        "role": member.get("role"),
        "trust": out.names.trust(member.get("trust")),
    }


def _subject(out: Emitter, member: Entry) -> str:
    return f"{out.name} {member['name']}"


def _tell(out: Emitter, action: str, member: Entry, message: str, before: Any, after: Any) -> None:
    out.add("council", action, _subject(out, member), message, before, after)


def _members(out: Emitter, old: Entry, new: Entry) -> Iterable[str]:
    """The records paired as the kind declares, then told as the events they make up."""
    kept: Kept = []
    gone: list[Entry] = []
    came: list[Entry] = []
    for pair in pairs(out.kind.collection("members"), old.get("members"), new.get("members")):
        if pair.was is None:
            came.append(pair.entry)
        elif pair.now is None:
            gone.append(pair.entry)
        else:
            kept.append((pair.was, pair.now))
    ended = _changed(out, kept, {n["name"] for n in came})
    joined = _came(out, kept, came)
    _ended(out, ended, joined)
    for member in joined:
        since = _(" from {date}").format(date=member["from"]) if member.get("from") else ""
        message = _("{region}: {name} ({role}, {trust}) joined the council{since}")
        _tell(out, "joined", member, message.format(**_who(out, member), since=since), None, member)
    for member in gone:
        message = _("{region}: {name} ({role}) removed from the membership record")
        _tell(out, "removed", member, message.format(**_who(out, member)), member, None)
    return ()


def _changed(out: Emitter, kept: Kept, started: set[str]) -> Kept:
    """Role changes of kept records; the records that ended, unless their member also
    starts a new one, are returned to be told with their successor."""
    ended: Kept = []
    for was, now in kept:
        name = now["name"]
        subject = _subject(out, now)
        ending = bool(now.get("to") and not was.get("to"))
        if ending and name not in started:
            ended.append((was, now))
        else:
            message = _("{region}: {name} {before} → {after}")
            out.field(
                "council", subject, "role", was, now, message, action="role", **_who(out, now)
            )
        out.fields(
            "council",
            subject,
            was,
            now,
            skip=("name", "role", "to") if ending else ("name", "role"),
        )
    return ended


def _came(out: Emitter, kept: Kept, came: list[Entry]) -> list[Entry]:
    """New records of members whose record ended are a role change; the others joined."""
    joined: list[Entry] = []
    for member in came:
        name = member["name"]
        previous = next(
            (m for m, n in kept if n["name"] == name and n.get("to") and not m.get("to")),
            None,
        )
        if previous is None:
            joined.append(member)
            continue
        before, after = previous.get("role"), member.get("role")
        message = _("{region}: {name} {before} → {after} from {date}").format(
            region=out.name, name=name, before=before, after=after, date=member.get("from", "-")
        )
        _tell(out, "role", member, message, before, after)
    return joined


def _ended(out: Emitter, ended: Kept, joined: list[Entry]) -> None:
    """A member who left is replaced by one who joined for the same trust and role
    (taken from ``joined``), or else left."""
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
            message = _("{region}: {new} replaces {old} as {role} for {trust}").format(
                **_who(out, was), new=successor["name"], old=was["name"]
            )
            _tell(out, "replaced", successor, message, was, successor)
        else:
            message = _("{region}: {name} ({role}, {trust}) left the council on {date}")
            _tell(out, "left", was, message.format(**_who(out, was), date=now["to"]), was, now)


COUNCIL = Report("council", "council", steps=(_members,))
