"""The membership changes: add (with a handover), end, change role.

The mandate says membership changes are reported to RegUt, so each is one commit with
trailers, and the file keeps its history: an ended membership gets ``to:``, a role
change ends one entry and starts another instead of overwriting the role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ... import clock
from ...edit.textedit import Editor
from ...errors import InternalError, RefusedError, UsageError
from ...findings import Finding
from ...git import trailers
from ...git.trailers import COUNCIL_ADD, COUNCIL_END, COUNCIL_ROLE
from ...i18n import _
from ...load.dataset import Dataset
from .. import Change, editor, one_line
from .finding import council_doc, is_goalset, memberships, outgoing
from .membership import ROLES, Membership, council_path, council_ref, person

# the order people write a member in (as in the example councils); unknown keys go last
FIELD_ORDER = (
    "name",
    "trust",
    "site",
    "role",
    "title",
    "specialist",
    "union",
    "email",
    "phone",
    "github",
    "from",
    "term_to",
    "to",
    "appointed_by",
    "alternate",
    "specialty_committee",
    "note",
)

# rules that report what a council still lacks (at its `members` key); a new council is
# built up one member at a time, so these may stay while it is incomplete
GAP_RULES = frozenset({"C-LEADER", "C-DEPUTY", "C-UNION", "C-LIS", "C-TRUSTS"})

_SCHEMA_LINE = "# yaml-language-server: $schema=../../../../schemas/council.schema.json\n"


@dataclass(frozen=True)
class Step:
    """Who records the change, and why (kept in the commit body and the entry's note)."""

    by: str
    note: str | None = None


def check_date(value: str, option: str) -> str:
    """``value`` as an ISO date; a usage error naming ``option`` when it is not one."""
    return clock.parse_date(value, option)


def day_before(date: str) -> str:
    before = clock.day_before(date)
    if before is None:
        raise UsageError(_("{date} has no day before it").format(date=date))
    return before


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry's keys in the usual order, empty values left out."""
    known = {k: entry[k] for k in FIELD_ORDER if entry.get(k) is not None}
    extra = {k: v for k, v in entry.items() if k not in FIELD_ORDER and v is not None}
    return {**known, **extra}


def _change(
    subject: str,
    action: str,
    ref: str,
    name: str,
    before: str | None,
    after: str | None,
    step: Step,
    effective: str,
    replaces: Membership | None = None,
) -> Change:
    """The commit of a membership change, from role ``before`` to ``after`` on ``effective``."""
    items = [(trailers.ACTION, action), (trailers.COUNCIL, ref), (trailers.MEMBER, name)]
    if before is not None:
        items.append((trailers.FROM, before))
    if after is not None:
        items.append((trailers.TO, after))
    if replaces is not None:
        items.append((trailers.REPLACES, replaces.name))
    items.append((trailers.BY, step.by))
    # one line each: a line break in a name or --by must not forge another trailer
    lines = [(key, one_line(value)) for key, value in items]
    return Change(subject, lines, step.note or "", effective=effective)


def _close(edit: Editor, m: Membership, to: str, step: Step) -> None:
    """End the entry on ``to``, keeping the step's note (why it ended) with it."""
    edit.set(("members", m.index, "to"), to)
    if step.note:
        edit.set(("members", m.index, "note"), step.note)


def _gaps_at(path: str, line: int) -> Callable[[Finding], bool]:
    """Accept the findings that say a new council still lacks someone (at `members:`)."""

    def accept(finding: Finding) -> bool:
        return finding.path == path and finding.rule in GAP_RULES and finding.line == line

    return accept


def add(
    dataset: Dataset,
    slug: str,
    region: str,
    member: dict[str, Any],
    step: Step,
    replaces: str | None = None,
) -> Change:
    """A new membership; the council file is created when the council does not exist yet.

    ``member`` holds the entry's fields (name, trust, role, from, …; None values dropped).
    With ``replaces``, that member's membership ends the day before the new one starts,
    in the same commit: a handover (a new leader from 1 January) is one recorded change,
    never a day with two leaders or none."""
    from ...edit.textedit import block_lines
    from ...load.yamlparse import parse_text

    name = one_line(member.get("name") or "")
    if not name:
        raise UsageError(_("--name: give the member's full name"))
    role = member.get("role")
    if role not in ROLES:
        raise UsageError(_("--role: use one of {roles}").format(roles=", ".join(ROLES)))
    doc = council_doc(dataset, slug, region, required=False)
    ref = council_ref(slug, region)
    entry = _ordered({**member, "name": name, "note": step.note or member.get("note")})
    entry.pop("to", None)
    start = str(entry.get("from") or "")
    if not start:
        raise UsageError(_("--from: give the date the membership starts"))
    if doc is not None:
        for m in memberships(doc, name):
            if m.data.get("to", "9999-12-31") >= start:
                raise RefusedError(
                    _("{name} is already in the {ref} council as {role} (from {start})").format(
                        name=m.name, ref=ref, role=m.role, start=m.data["from"]
                    ),
                    _("use regraad council role or regraad council end"),
                )
    leaving = None
    if replaces is not None:
        if doc is None:
            raise RefusedError(
                _("--replaces: {slug} has no council in {region} yet").format(
                    slug=slug, region=region
                )
            )
        leaving = outgoing(doc, replaces, start)
    subject = f"council({ref}): {name} joins as {role}"
    if leaving is not None:
        subject += f", succeeding {leaving.name} ({leaving.role})"
    change = _change(subject, COUNCIL_ADD, ref, name, None, role, step, start, leaving)
    if doc is not None:
        edit = editor(dataset, doc.path, change)
        if leaving is not None:
            edit.set(("members", leaving.index, "to"), day_before(start))
        edit.append(("members",), entry)
        change.texts[doc.path] = edit.text
        return change
    if is_goalset(dataset, slug):  # its file states the goal set's policy: written by hand
        raise RefusedError(
            _("{ref} has no council yet").format(ref=ref),
            _("write {path} with the council's goal set, region and policy first").format(
                path=council_path(slug, region, goalset=True)
            ),
        )
    data = {"specialty": slug, "region": region, "members": [entry]}
    lines = block_lines(data, 0)
    text = _SCHEMA_LINE + "\n".join(lines) + "\n"
    if parse_text(text).data != data:
        raise InternalError(_("could not write the new council file faithfully"))
    path = council_path(slug, region)
    change.texts[path] = text
    change.tolerate = _gaps_at(path, 2 + lines.index("members:"))
    return change


def end(dataset: Dataset, membership: Membership, to: str, step: Step) -> Change:
    """End a membership on ``to`` (inclusive); the entry stays as history."""
    m = membership
    if m.data.get("to") == to:
        raise RefusedError(
            _("{name}'s membership in {ref} already ends on {date}").format(
                name=m.name, ref=m.ref, date=to
            )
        )
    change = _change(
        f"council({m.ref}): {m.name} leaves ({m.role})",
        COUNCIL_END,
        m.ref,
        m.name,
        m.role,
        None,
        step,
        to,
    )
    edit = editor(dataset, m.doc.path, change)
    _close(edit, m, to, step)
    change.texts[m.doc.path] = edit.text
    return change


def _carried(data: dict[str, Any]) -> dict[str, Any]:
    """What a membership in a new role keeps of the old entry: not its note, and not its
    term (``term_to``), which was the old role's; the new role's term is recorded anew."""
    return {k: v for k, v in data.items() if k not in ("note", "term_to")}


def change_role(
    dataset: Dataset,
    membership: Membership,
    role: str,
    start: str,
    step: Step,
    replaces: str | None = None,
) -> Change:
    """End the membership the day before ``start`` and start one in the new role.

    The person's other fields are copied; a planned end (``to``) carries over. With
    ``replaces``, the member who holds ``role`` on ``start`` takes this member's former
    role from that day (they change places, as when a member is elected leader and the
    leader returns to representing a trust), in the same commit."""
    m = membership
    if role not in ROLES:
        raise UsageError(_("ROLE: use one of {roles}").format(roles=", ".join(ROLES)))
    if role == m.role:
        raise RefusedError(
            _("{name} is already {role} in {ref}").format(name=m.name, role=role, ref=m.ref)
        )
    if m.data["from"] >= start:
        raise RefusedError(
            _("{name}'s membership as {role} in {ref} starts on {start}").format(
                name=m.name, role=m.role, ref=m.ref, start=m.data["from"]
            ),
            _("a role change takes effect after the membership starts; choose a later --from"),
        )
    entry = _ordered({**_carried(m.data), "role": role, "from": start})
    other = None
    if replaces is not None:
        other = outgoing(m.doc, replaces, start, role)
        if other.index == m.index or person(other.name) == person(m.name):
            raise UsageError(_("--replaces: name another member than {name}").format(name=m.name))
    subject = f"council({m.ref}): {m.name} {m.role} → {role}"
    if other is not None:
        subject += f", {other.name} {role} → {m.role}"
    change = _change(subject, COUNCIL_ROLE, m.ref, m.name, m.role, role, step, start, other)
    edit = editor(dataset, m.doc.path, change)
    _close(edit, m, day_before(start), step)
    if other is not None:
        edit.set(("members", other.index, "to"), day_before(start))
    edit.append(("members",), entry)
    if other is not None:
        edit.append(("members",), _ordered({**_carried(other.data), "role": m.role, "from": start}))
    change.texts[m.doc.path] = edit.text
    return change
