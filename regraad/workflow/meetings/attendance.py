"""Who attended a meeting and who sent apologies (``meeting.attend``).

The minutes list those present and those with apologies (forfall), so the names must be
the council's: a member active on the meeting day or a member's personal deputy (an entry
of the council named in a member's ``alternate``). RegUt's staff and guests are named as
such. A name the council does not know is refused, never written as typed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ...errors import RefusedError, UsageError
from ...git import trailers
from ...i18n import _
from ...load.dataset import Dataset, Document
from ...rules import active
from .. import Change, editor, one_line
from .. import council as council_flow
from . import joint
from .file import meeting_trailers, ref

_ELECTED = ("leader", "deputy")  # a deputy attending for them attends as a member


@dataclass(frozen=True)
class Attendance:
    """The names given for one meeting, each list in the order given."""

    present: tuple[str, ...] = ()
    apologies: tuple[str, ...] = ()
    regut: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()

    def names(self) -> list[str]:
        return [*self.present, *self.apologies, *self.regut, *self.guests]


def _member_entry(
    meeting: Document,
    members: list[dict[str, Any]],
    name: str,
    present: bool,
    councils: dict[int, str] | None = None,
) -> dict[str, Any]:
    """The attendance entry of a council member or a member's personal deputy; in a
    joint meeting, one from another council names it (``councils``: by member entry)."""
    date = str(meeting.data["date"])
    wanted = council_flow.person(name)
    found = [m for m in members if council_flow.person(str(m["name"])) == wanted]
    current = [m for m in found if active(m, date)]
    if not current:
        where = council_flow.council_ref(meeting.params["specialty"], str(meeting.data["region"]))
        if found:
            raise RefusedError(
                _("{name} is not in the {ref} council on {date}").format(
                    name=one_line(name), ref=where, date=date
                ),
                _("regraad council list {slug} --all shows every member").format(
                    slug=meeting.params["specialty"]
                ),
            )
        names = sorted({one_line(m["name"]) for m in members if active(m, date)})
        close = difflib.get_close_matches(one_line(name), names, n=1)
        raise RefusedError(
            _("{name} is not a member of the {ref} council nor a member's personal deputy").format(
                name=one_line(name), ref=where
            ),
            _("did you mean {names}?").format(names=close[0])
            if close
            else _("name RegUt's staff with --regut and others with --guest"),
        )
    entry = current[0]
    role = str(entry["role"])
    principal = next(
        (
            m
            for m in members
            if active(m, date)
            and m.get("alternate") is not None
            and council_flow.person(str(m["alternate"])) == wanted
            and council_flow.person(str(m["name"])) != wanted
        ),
        None,
    )
    out: dict[str, Any] = {"name": one_line(entry["name"]), "trust": entry["trust"]}
    tag = {"council": councils[id(entry)]} if councils and id(entry) in councils else {}
    if present and principal is not None and role == "observer":
        # the deputy takes the member's seat for the day
        seat = str(principal["role"])
        out["role"] = "member" if seat in _ELECTED else seat
        out["present"] = True
        out["alternate_for"] = one_line(principal["name"])
        return {**out, **tag}
    out["role"] = role
    out["present"] = present
    return {**out, **tag}


def _regut_trust(dataset: Dataset, region: str) -> str | None:
    doc = dataset.regions.get(region)
    host = doc.data["regut"].get("host") if doc is not None else None
    return str(host) if host else None


def attend(
    dataset: Dataset, meeting: Document, given: Attendance, by: str, note: str | None = None
) -> Change:
    """Record who was present and who sent apologies; an entry already there for the same
    person is updated (apologies first, present after all), the others are added."""
    names = given.names()
    if not names:
        raise UsageError(_("name someone with --present, --apologies, --regut or --guest"))
    seen: dict[str, str] = {}
    for name in names:
        key = council_flow.person(name)
        if not key:
            raise UsageError(_("a name is empty"))
        if key in seen:
            raise UsageError(_("{name} is named twice").format(name=one_line(seen[key])))
        seen[key] = name
    slug, region = meeting.params["specialty"], str(meeting.data["region"])
    council = council_flow.council_doc(dataset, slug, region)
    assert council is not None  # required: refused when absent
    members: list[dict[str, Any]] = list(council.data["members"])
    councils: dict[int, str] = {}  # a joint meeting: the other councils' members too
    for other in joint.council_refs(meeting)[1:]:
        found = joint.resolve(dataset, other)
        if found is not None:
            members += found.doc.data["members"]
            councils.update((id(m), other) for m in found.doc.data["members"])
    entries = [_member_entry(meeting, members, n, True, councils) for n in given.present]
    entries += [_member_entry(meeting, members, n, False, councils) for n in given.apologies]
    trust = _regut_trust(dataset, region)
    for name in given.regut:
        entry: dict[str, Any] = {"name": one_line(name), "trust": trust, "role": "regut"}
        entries.append({k: v for k, v in {**entry, "present": True}.items() if v is not None})
    entries += [{"name": one_line(n), "role": "guest", "present": True} for n in given.guests]
    change = Change(
        f"meeting({ref(meeting)}): attendance",
        meeting_trailers(trailers.MEETING_ATTEND, ref(meeting), by),
        note or "",
    )
    edit = editor(dataset, meeting.path, change)
    recorded: list[dict[str, Any]] = list(edit.data.get("attendance") or [])
    # who is present once this is recorded: the file's entries, as this command updates them
    status = {
        council_flow.person(str(e.get("name", ""))): e.get("present", True) is not False
        for e in recorded
        if isinstance(e, dict)
    }
    status.update({council_flow.person(e["name"]): bool(e["present"]) for e in entries})
    for entry in entries:
        principal = entry.get("alternate_for")
        if principal is not None and status.get(council_flow.person(principal)):
            raise RefusedError(
                _("{name} attends for {member}, who is present").format(
                    name=entry["name"], member=principal
                ),
                _("record {member} with --apologies").format(member=principal),
            )
    changed = 0
    for entry in entries:
        key = council_flow.person(entry["name"])
        index = next(
            (
                i
                for i, e in enumerate(recorded)
                if isinstance(e, dict) and council_flow.person(str(e.get("name", ""))) == key
            ),
            None,
        )
        if index is None:
            edit.append(("attendance",), entry)
            changed += 1
            continue
        old = {"present": True, **recorded[index]}  # present unless it says otherwise
        for field in ("role", "present", "alternate_for", "council"):
            if field in entry and old.get(field) != entry[field]:
                edit.set(("attendance", index, field), entry[field])
                changed += 1
    if not changed:
        raise RefusedError(_("the attendance of {ref} already says so").format(ref=ref(meeting)))
    change.texts[meeting.path] = edit.text
    present = sum(1 for e in entries if e.get("present"))
    change.subject += f" ({present} present, apologies from {len(entries) - present})"
    return change
