"""Council membership changes as recorded changes: add, end, change role; and the list.

The mandate says membership changes are reported to RegUt, and the HSØ minutes record
elections of leader and deputy; so every change is one commit with trailers, and the
file keeps its history: an ended membership gets ``to:``, a role change ends one entry
and starts another instead of overwriting the role. These functions read a loaded
``Dataset`` and return a ``Change`` for ``workflow.apply``; they know nothing of the CLI.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import clock
from ..errors import InternalError, RefusedError, UsageError
from ..findings import Finding
from ..git import trailers
from ..i18n import _
from ..load.dataset import Dataset, Document, SpecialtyData
from ..rules import active
from ..rules.references import CROSS_REGIONAL
from . import Change, editor

ROLES = ("leader", "deputy", "member", "union-rep", "lis-rep", "observer")

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
    "to",
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


@dataclass(frozen=True)
class Membership:
    """One entry of a council's ``members`` list."""

    doc: Document
    index: int

    @property
    def data(self) -> dict[str, Any]:
        entry: dict[str, Any] = self.doc.data["members"][self.index]
        return entry

    @property
    def name(self) -> str:
        """The name as written, on one line (it goes into a commit subject and trailer)."""
        return " ".join(str(self.data["name"]).split())

    @property
    def role(self) -> str:
        return str(self.data["role"])

    @property
    def specialty(self) -> str:
        return self.doc.params["specialty"]

    @property
    def region(self) -> str:
        return self.doc.params["region"]

    @property
    def ref(self) -> str:
        return council_ref(self.specialty, self.region)


def council_path(slug: str, region: str) -> str:
    return f"data/specialties/{slug}/councils/{region}.yaml"


def council_ref(slug: str, region: str) -> str:
    """``<specialty>/<region>``, as in the Regraad-Council trailer."""
    return f"{slug}/{region}"


def person(name: str) -> str:
    """A name compared the way the C-DATES rule does: case and spacing do not matter."""
    return " ".join(name.casefold().split())


def check_date(value: str, option: str) -> str:
    """``value`` as an ISO date; a usage error naming ``option`` when it is not one."""
    return clock.parse_date(value, option)


def day_before(date: str) -> str:
    before = clock.day_before(date)
    if before is None:
        raise UsageError(_("{date} has no day before it").format(date=date))
    return before


# -- finding things ------------------------------------------------------------------------


def require_specialty(dataset: Dataset, slug: str) -> SpecialtyData:
    """The specialty's folder; refused when there is no such specialty."""
    bundle = dataset.specialties.get(slug)
    if bundle is None or ("specialty", slug) not in dataset.present:
        close = difflib.get_close_matches(slug, list(dataset.specialties), n=3)
        raise RefusedError(
            _("unknown specialty '{slug}'").format(slug=slug),
            _("did you mean {names}?").format(names=", ".join(close))
            if close
            else _("specialties are the folder names in data/specialties/"),
        )
    return bundle


def require_region(dataset: Dataset, region: str) -> None:
    """Refuse a region that has no file (the council's file name must be a known region)."""
    if region != CROSS_REGIONAL and region not in dataset.regions:
        raise RefusedError(
            _("unknown region '{region}'").format(region=region),
            _("regions: {list}").format(list=", ".join([*sorted(dataset.regions), CROSS_REGIONAL])),
        )


def council_doc(dataset: Dataset, slug: str, region: str, required: bool = True) -> Document | None:
    """The council of ``slug`` in ``region``; None (or refused when ``required``) if absent.

    A council file that exists but has errors is refused either way: editing it blind
    could hide what is wrong with it."""
    bundle = require_specialty(dataset, slug)
    require_region(dataset, region)
    doc = bundle.councils.get(region)
    if doc is not None:
        return doc
    path = council_path(slug, region)
    if ("council", slug, region) in dataset.present:
        raise RefusedError(
            _("{path} has errors; fix them first").format(path=path),
            _("regraad validate {path} shows them").format(path=path),
        )
    if required:
        raise RefusedError(
            _("{slug} has no council in {region}").format(slug=slug, region=region),
            _("regraad council add {slug} --region {region} … creates it").format(
                slug=slug, region=region
            ),
        )
    return None


def memberships(doc: Document, name: str) -> list[Membership]:
    """Every entry of one person in a council, current and past."""
    wanted = person(name)
    return [
        Membership(doc, i)
        for i, m in enumerate(doc.data["members"])
        if person(str(m["name"])) == wanted
    ]


def find_active(dataset: Dataset, slug: str, name: str, on: str, region: str | None) -> Membership:
    """The person's membership active on ``on``; without ``region`` it must be unambiguous."""
    if region is not None:
        doc = council_doc(dataset, slug, region)
        docs = [doc] if doc is not None else []
        where = council_ref(slug, region)
    else:
        docs = list(require_specialty(dataset, slug).councils.values())
        where = _("the {slug} councils").format(slug=slug)
    entries = [m for doc in docs for m in memberships(doc, name)]
    if not entries:
        raise RefusedError(
            _("no member named '{name}' in {where}").format(name=name, where=where),
            _("regraad council list {slug} --all shows every member").format(slug=slug),
        )
    current = [m for m in entries if active(m.data, on)]
    if not current:
        later = sorted((m for m in entries if m.data["from"] > on), key=lambda m: m.data["from"])
        if later:
            raise RefusedError(
                _("{name}'s membership in {ref} starts on {start}, after {date}").format(
                    name=later[0].name, ref=later[0].ref, start=later[0].data["from"], date=on
                )
            )
        last = max(entries, key=lambda m: m.data.get("to", ""))
        raise RefusedError(
            _("{name} has no active membership in {where} on {date}").format(
                name=last.name, where=where, date=on
            ),
            _("the last one ({ref}, {role}) ended on {to}").format(
                ref=last.ref, role=last.role, to=last.data.get("to", "?")
            ),
        )
    regions = sorted({m.region for m in current})
    if len(regions) > 1:
        raise UsageError(
            _("{name} is an active member of several {slug} councils: {regions}").format(
                name=name, slug=slug, regions=", ".join(regions)
            ),
            _("say which with --region"),
        )
    if len(current) > 1:
        raise RefusedError(
            _("{name} is listed more than once in {ref} on {date}").format(
                name=name, ref=current[0].ref, date=on
            ),
            _("regraad validate shows the overlap (C-DATES); fix the file first"),
        )
    return current[0]


# -- the changes -----------------------------------------------------------------------------


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry's keys in the usual order, empty values left out."""
    known = {k: entry[k] for k in FIELD_ORDER if entry.get(k) is not None}
    extra = {k: v for k, v in entry.items() if k not in FIELD_ORDER and v is not None}
    return {**known, **extra}


def _trailers(
    action: str,
    ref: str,
    name: str,
    before: str | None,
    after: str | None,
    by: str,
    replaces: str | None = None,
) -> list[tuple[str, str]]:
    items = [(trailers.ACTION, action), (trailers.COUNCIL, ref), (trailers.MEMBER, name)]
    if before is not None:
        items.append((trailers.FROM, before))
    if after is not None:
        items.append((trailers.TO, after))
    if replaces is not None:
        items.append((trailers.REPLACES, replaces))
    items.append((trailers.BY, by))
    # one line each: a line break in a name or --by must not forge another trailer
    return [(key, " ".join(value.split())) for key, value in items]


def _gaps_at(path: str, line: int) -> Callable[[Finding], bool]:
    """Accept the findings that say a new council still lacks someone (at `members:`)."""

    def accept(finding: Finding) -> bool:
        return finding.path == path and finding.rule in GAP_RULES and finding.line == line

    return accept


def outgoing(doc: Document, name: str, start: str, role: str | None = None) -> Membership:
    """The membership ``name`` hands over on ``start``: active then (in ``role`` when
    given) and begun before it; refused otherwise."""
    ref = council_ref(doc.params["specialty"], doc.params["region"])
    found = [
        m
        for m in memberships(doc, name)
        if active(m.data, start) and (role is None or m.role == role)
    ]
    if not found:
        what = _("as {role}").format(role=role) if role else _("a member")
        raise RefusedError(
            _("--replaces: {name} is not {what} of {ref} on {date}").format(
                name=name, what=what, ref=ref, date=start
            ),
            _("regraad council list {slug} --all shows every member").format(
                slug=doc.params["specialty"]
            ),
        )
    m = found[0]
    if m.data["from"] >= start:
        raise RefusedError(
            _(
                "--replaces: {name}'s membership in {ref} starts on {start}, not before {date}"
            ).format(name=m.name, ref=ref, start=m.data["from"], date=start)
        )
    return m


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
    from ..edit.textedit import block_lines
    from ..load.yamlparse import parse_text

    name = " ".join(str(member.get("name") or "").split())
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
    change = Change(
        subject,
        _trailers(
            trailers.COUNCIL_ADD,
            ref,
            name,
            None,
            str(role),
            step.by,
            leaving.name if leaving else None,
        ),
        step.note or "",
        effective=start,
    )
    if doc is not None:
        edit = editor(dataset, doc.path, change)
        if leaving is not None:
            edit.set(("members", leaving.index, "to"), day_before(start))
        edit.append(("members",), entry)
        change.texts[doc.path] = edit.text
        return change
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
    change = Change(
        f"council({m.ref}): {m.name} leaves ({m.role})",
        _trailers(trailers.COUNCIL_END, m.ref, m.name, m.role, None, step.by),
        step.note or "",
        effective=to,
    )
    edit = editor(dataset, m.doc.path, change)
    edit.set(("members", m.index, "to"), to)
    if step.note:
        edit.set(("members", m.index, "note"), step.note)
    change.texts[m.doc.path] = edit.text
    return change


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
    entry = _ordered(
        {**{k: v for k, v in m.data.items() if k != "note"}, "role": role, "from": start}
    )
    other = None
    if replaces is not None:
        other = outgoing(m.doc, replaces, start, role)
        if other.index == m.index or person(other.name) == person(m.name):
            raise UsageError(_("--replaces: name another member than {name}").format(name=m.name))
    subject = f"council({m.ref}): {m.name} {m.role} → {role}"
    if other is not None:
        subject += f", {other.name} {role} → {m.role}"
    change = Change(
        subject,
        _trailers(
            trailers.COUNCIL_ROLE,
            m.ref,
            m.name,
            m.role,
            role,
            step.by,
            other.name if other else None,
        ),
        step.note or "",
        effective=start,
    )
    edit = editor(dataset, m.doc.path, change)
    edit.set(("members", m.index, "to"), day_before(start))
    if step.note:
        edit.set(("members", m.index, "note"), step.note)
    if other is not None:
        edit.set(("members", other.index, "to"), day_before(start))
    edit.append(("members",), entry)
    if other is not None:
        swapped = {k: v for k, v in other.data.items() if k != "note"}
        edit.append(("members",), _ordered({**swapped, "role": m.role, "from": start}))
    change.texts[m.doc.path] = edit.text
    return change


# -- the list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilList:
    """One council's members as listed: active ones on a date, or its whole history."""

    specialty: str
    region: str
    path: str
    members: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {
            "specialty": self.specialty,
            "region": self.region,
            "path": self.path,
            "members": self.members,
        }


def listing(
    dataset: Dataset,
    slug: str | None,
    region: str | None,
    as_of: str,
    history: bool,
) -> tuple[list[CouncilList], list[str]]:
    """The councils to list, and the paths of council files skipped because of errors.

    Active members come in role order (leader first); with ``history`` every entry comes,
    oldest first."""
    if slug is not None and slug not in dataset.specialties:
        raise UsageError(_("no specialty '{slug}'").format(slug=slug))
    if region is not None and region != CROSS_REGIONAL and region not in dataset.regions:
        raise UsageError(
            _("--region: no region '{region}'").format(region=region),
            _("regions: {list}").format(list=", ".join(sorted(dataset.regions))),
        )
    out: list[CouncilList] = []
    broken: list[str] = []
    rank = {r: i for i, r in enumerate(ROLES)}
    for s, bundle in dataset.specialties.items():
        if slug is not None and s != slug:
            continue
        for key in sorted(dataset.present):
            if key[0] != "council" or key[1] != s or (region is not None and key[2] != region):
                continue
            doc = bundle.councils.get(key[2])
            if doc is None:
                broken.append(council_path(s, key[2]))
                continue
            rows = []
            for m in doc.data["members"]:
                now = active(m, as_of)
                if not (history or now):
                    continue
                rows.append(
                    {
                        "name": m["name"],
                        "role": m["role"],
                        "trust": m["trust"],
                        "site": m.get("site"),
                        "title": m.get("title"),
                        "from": m["from"],
                        "to": m.get("to"),
                        "active": now,
                        "note": m.get("note"),
                    }
                )
            if history:
                rows.sort(key=lambda r: (r["from"], rank.get(r["role"], 99), r["name"]))
            else:
                rows.sort(key=lambda r: (rank.get(r["role"], 99), r["from"], r["name"]))
            out.append(CouncilList(s, key[2], doc.path, rows))
    return out, broken
