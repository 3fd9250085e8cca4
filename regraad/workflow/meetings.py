"""Council meetings: the file, its agenda, the decisions taken in it, and the minutes.

The HSØ minutes describe the routine: RegUt convenes the council and sets the agenda
with the leader, a member helps write the minutes and RegUt sends them out; leader and
deputy are elected by the council itself. So:

- ``new`` creates ``meetings/<date>-<region>.yaml`` (one commit, ``meeting.new``);
- ``plan`` proposes the agenda from the data (proposals waiting for this council,
  bottlenecks at the region's hosts, what the council lacks by the C-rules, elections
  due) and ``write_agenda`` records it (``meeting.agenda``);
- ``decide_recommend``, ``decide_elect`` and ``decide_advance`` take a decision: the
  proposal step or membership change it decides, made by the same functions as
  ``propose`` and ``council`` (so their refusals, trailers and audit checks apply), plus
  the decision in the meeting file's ``decisions:``, in one commit that also carries
  ``Regraad-Meeting``;
- ``minutes`` renders the file as Markdown or HTML.

Agenda numbers (``3/26``) run through the year per council, as case numbers do: a new
item continues from the highest number of this meeting and the council's earlier
meetings that year.

What goes into the meeting file or the minutes is written in the document's language
(bokmål by default, or English), from the phrase table ``PHRASES``, whatever language
the CLI's own messages are in. Proposal states and validation findings quoted there use
the catalogue of that language.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import gettext as _gettext
import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from ..errors import InternalError, RefusedError, UsageError
from ..git import trailers
from ..i18n import N_, _, format_date, format_number
from ..load.dataset import Dataset, Document
from ..privacy.personnummer import redact
from ..rules import active
from ..rules.proposal_flow import (
    ACCEPTED,
    NEEDS_RECOMMENDATION,
    REJECTED,
    STATE_TITLES,
    WORKFLOWS,
)
from ..rules.references import CROSS_REGIONAL
from . import Change, editor, proposals
from . import council as council_flow

KINDS = ("ordinary", "extraordinary", "joint", "constituent")  # as meeting.schema.json
ELECTED = ("leader", "deputy")  # the roles a council elects (decisions' election.role)
LANGUAGES = ("nb", "en")
FORMATS = ("md", "html")
ELECTION_HORIZON_MONTHS = 6  # a term ending this soon after the meeting is due for election
REGIONAL_REVIEW = "regional-review"  # where a local-la proposal waits for its council

_ITEM = re.compile(r"^(?P<n>\d{1,3})/(?P<year>\d{2,4})$")
_SCHEMA_LINE = "# yaml-language-server: $schema=../../../../schemas/meeting.schema.json\n"

# Words of the meeting file and the minutes, per document language.
PHRASES: dict[str, dict[str, str]] = {
    "nb": {
        "approve": "Godkjenning av innkalling og saksliste",
        "regut": "Orientering fra {regut}",
        "other": "Eventuelt",
        "proposal": "Endringsforslag {id}: {title}",
        "election": "Valg av {role}",
        "capacity": (
            "Kapasitet ved {host}: behov for {demand} LIS samtidig, "
            "{positions} gjennomstrømningsstillinger"
        ),
        "places": (
            "Fagavtale {home}–{host}: planene trenger {demand} plasser samtidig, "
            "avtalen gir {places}"
        ),
        "gap": "Rådets sammensetning: {finding}",
        "recommend.support": "Rådet støtter endringsforslag {id}.",
        "recommend.oppose": "Rådet går imot endringsforslag {id}.",
        "recommend.amend": "Rådet støtter endringsforslag {id} med endringer.",
        "elected": "{name} ({trust}) er valgt til {role} av rådet fra {date}.",
        "advanced": "Endringsforslag {id} går videre: {state}.",
        "accepted": "Endringsforslag {id} er vedtatt.",
        "rejected": "Endringsforslag {id} er avslått.",
        "title": "Referat fra møte i {council} i {specialty}, {region}",
        "council": "regionalt råd for LIS-utdanning",
        "cross": "tverregionalt råd for LIS-utdanning",
        "cross-region": "tverregionalt",
        "date": "Dato",
        "kind": "Møtetype",
        "place": "Sted",
        "convened_by": "Innkalt av",
        "minutes_by": "Referent",
        "present": "Til stede",
        "absent": "Forfall",
        "agenda": "Saker",
        "item": "Sak",
        "decision": "Vedtak",
        "other_decisions": "Andre vedtak",
        "no_items": "Ingen saker er ført opp.",
        "summary": "Referat",
        "next": "Neste møte",
        "from": "fra",
        "to": "til",
        "role.leader": "leder",
        "role.deputy": "nestleder",
        "role.member": "medlem",
        "role.union-rep": "tillitsvalgt",
        "role.lis-rep": "LIS-representant",
        "role.observer": "bisitter",
        "role.regut": "RegUt",
        "role.guest": "gjest",
        "kind.ordinary": "ordinært møte",
        "kind.extraordinary": "ekstraordinært møte",
        "kind.joint": "fellesmøte",
        "kind.constituent": "konstituerende møte",
        "item.information": "orientering",
        "item.discussion": "diskusjon",
        "item.decision": "beslutning",
        "item.election": "valg",
        "item.proposal": "endringsforslag",
        "position.support": "støtter",
        "position.oppose": "går imot",
        "position.amend": "støtter med endringer",
        "election.ref": "valg av {role}: {name}",
        "proposal.ref": "endringsforslag {id}",
    },
    "en": {
        "approve": "Approval of the notice and the agenda",
        "regut": "Information from {regut}",
        "other": "Any other business",
        "proposal": "Change proposal {id}: {title}",
        "election": "Election of {role}",
        "capacity": (
            "Capacity at {host}: {demand} LIS needed at a time, {positions} throughput positions"
        ),
        "places": (
            "Agreement {home}–{host}: the plans need {demand} places at a time, it gives {places}"
        ),
        "gap": "Council composition: {finding}",
        "recommend.support": "The council supports change proposal {id}.",
        "recommend.oppose": "The council opposes change proposal {id}.",
        "recommend.amend": "The council supports change proposal {id} with amendments.",
        "elected": "{name} ({trust}) is elected {role} of the council from {date}.",
        "advanced": "Change proposal {id} moves on: {state}.",
        "accepted": "Change proposal {id} is accepted.",
        "rejected": "Change proposal {id} is rejected.",
        "title": "Minutes of the meeting of the {council} in {specialty}, {region}",
        "council": "regional council for LIS education",
        "cross": "cross-regional council for LIS education",
        "cross-region": "cross-regional",
        "date": "Date",
        "kind": "Meeting",
        "place": "Place",
        "convened_by": "Convened by",
        "minutes_by": "Minutes taken by",
        "present": "Present",
        "absent": "Apologies",
        "agenda": "Items",
        "item": "Item",
        "decision": "Decision",
        "other_decisions": "Other decisions",
        "no_items": "No items were listed.",
        "summary": "Summary",
        "next": "Next meeting",
        "from": "from",
        "to": "until",
        "role.leader": "leader",
        "role.deputy": "deputy leader",
        "role.member": "member",
        "role.union-rep": "union representative",
        "role.lis-rep": "LIS representative",
        "role.observer": "observer",
        "role.regut": "RegUt",
        "role.guest": "guest",
        "kind.ordinary": "ordinary meeting",
        "kind.extraordinary": "extraordinary meeting",
        "kind.joint": "joint meeting",
        "kind.constituent": "constituent meeting",
        "item.information": "information",
        "item.discussion": "discussion",
        "item.decision": "decision",
        "item.election": "election",
        "item.proposal": "change proposal",
        "position.support": "supports",
        "position.oppose": "opposes",
        "position.amend": "supports with amendments",
        "election.ref": "election of {role}: {name}",
        "proposal.ref": "change proposal {id}",
    },
}

# the elected roles in the CLI's language (msgids shared with the rendered pages)
_ROLE_TITLES = {"leader": "leader", "deputy": "deputy leader"}


def phrases(lang: str) -> dict[str, str]:
    if lang not in PHRASES:
        raise UsageError("--lang: " + _("use nb or en"))
    return PHRASES[lang]


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


# -- finding a meeting ----------------------------------------------------------------------


def meeting_path(slug: str, mid: str) -> str:
    return f"data/specialties/{slug}/meetings/{mid}.yaml"


def ref(doc: Document) -> str:
    """``<specialty>/<meeting id>``, as in the Regraad-Meeting trailer."""
    return f"{doc.params['specialty']}/{doc.params['meeting']}"


def find(dataset: Dataset, ident: str) -> Document:
    """The meeting ``ID`` or ``SPECIALTY/ID``: refused when unknown or broken, a usage
    error when the id is in several specialties."""
    slug, _sep, mid = ident.rpartition("/")
    found = [
        doc
        for s, bundle in dataset.specialties.items()
        if not slug or s == slug
        for m, doc in bundle.meetings.items()
        if m == mid
    ]
    if not found:
        broken = [
            p
            for p in dataset.paths
            if p.endswith(f"/meetings/{mid}.yaml")
            and (not slug or p.startswith(f"data/specialties/{slug}/"))
        ]
        hint = (
            _("{path} has errors; run regraad validate").format(path=broken[0])
            if broken
            else _("meetings are data/specialties/SPECIALTY/meetings/DATE-REGION.yaml")
        )
        raise RefusedError(_("no meeting {id}").format(id=ident), hint)
    if len(found) > 1:
        raise UsageError(
            _("{id} is a meeting in several specialties: {where}").format(
                id=ident, where=", ".join(d.params["specialty"] for d in found)
            ),
            _("name it as SPECIALTY/ID"),
        )
    return found[0]


def _trailers(action: str, meeting: str, by: str) -> list[tuple[str, str]]:
    items = [(trailers.ACTION, action), (trailers.MEETING, meeting), (trailers.BY, by)]
    return [(key, _one_line(value)) for key, value in items]


# -- a new meeting ------------------------------------------------------------------------------


def new(
    dataset: Dataset,
    slug: str,
    region: str,
    date: str,
    kind: str,
    by: str,
    place: str | None = None,
    convened_by: str | None = None,
    note: str | None = None,
) -> Change:
    """A new meeting file; ``convened_by`` defaults to the region's RegUt."""
    from ..edit.textedit import block_lines
    from ..load.yamlparse import parse_text

    council_flow.require_specialty(dataset, slug)
    council_flow.require_region(dataset, region)
    if kind not in KINDS:
        raise UsageError(_("--kind: use one of {kinds}").format(kinds=", ".join(KINDS)))
    mid = f"{date}-{region}"
    path = meeting_path(slug, mid)
    if ("meeting", slug, mid) in dataset.present:
        raise RefusedError(
            _("{ref} already exists: {path}").format(ref=f"{slug}/{mid}", path=path),
            _("regraad meeting agenda {ref} proposes its agenda").format(ref=f"{slug}/{mid}"),
        )
    if convened_by is None:
        convened_by = _regut(dataset, region)
    data: dict[str, Any] = {
        "id": mid,
        "specialty": slug,
        "region": region,
        "date": date,
        "kind": kind,
        "place": place,
        "convened_by": convened_by,
    }
    data = {k: v for k, v in data.items() if v not in (None, "")}
    text = _SCHEMA_LINE + "\n".join(block_lines(data, 0)) + "\n"
    if parse_text(text).data != data:
        raise InternalError(_("could not write the new meeting file faithfully"))
    change = Change(
        f"meeting({slug}/{mid}): new",
        _trailers(trailers.MEETING_NEW, f"{slug}/{mid}", by),
        note or "",
    )
    change.texts[path] = text
    return change


def _region_name(dataset: Dataset, region: str) -> str:
    doc = dataset.regions.get(region)
    return str(doc.data["name"]) if doc is not None else region.upper()


def _regut(dataset: Dataset, region: str) -> str | None:
    doc = dataset.regions.get(region)
    return str(doc.data["regut"]["name"]) if doc is not None else None


# -- the agenda ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaItem:
    """One item the data puts on the agenda, in the document's language."""

    title: str
    kind: str  # information | discussion | decision | election | proposal (the schema's)
    why: str = ""  # in the CLI's language: what in the data put it there
    proposal: str | None = None
    role: str | None = None  # elections: leader or deputy
    standard: bool = False  # on every agenda (approval, RegUt, any other business)
    id: str = ""  # the item number once numbered, e.g. 3/26
    aliases: tuple[str, ...] = ()  # the same item's title in the other languages

    def entry(self) -> dict[str, Any]:
        """As written under ``agenda:``."""
        out: dict[str, Any] = {"id": self.id, "title": self.title, "kind": self.kind}
        if self.proposal:
            out["proposal"] = self.proposal
        return out

    def listed(self, agenda: list[dict[str, Any]]) -> bool:
        """Whether the agenda already has an item about the same thing."""
        if self.proposal:
            return any(e.get("proposal") == self.proposal for e in agenda)
        titles = {t.casefold() for t in (self.title, *self.aliases)}
        return any(str(e.get("title", "")).casefold() in titles for e in agenda)


def suggest(dataset: Dataset, doc: Document, lang: str) -> list[AgendaItem]:
    """Everything the data puts on this meeting's agenda, in order, not yet numbered."""
    words = phrases(lang)
    slug, region, date = doc.params["specialty"], str(doc.data["region"]), str(doc.data["date"])
    council = dataset.specialties[slug].councils.get(region)
    items = [AgendaItem(words["approve"], "decision", standard=True)]
    regut = _regut(dataset, region)
    if regut:
        items.append(AgendaItem(words["regut"].format(regut=regut), "information", standard=True))
    elections = list(_elections(dataset, council, region, date, words)) if council else []
    items += elections
    items += _waiting(dataset, slug, region, words)
    items += _bottlenecks(dataset, slug, region, date, lang)
    items += _gaps(dataset, slug, region, date, lang, {e.role for e in elections})
    items.append(AgendaItem(words["other"], "information", standard=True))
    return items


def plan(dataset: Dataset, doc: Document, lang: str) -> list[AgendaItem]:
    """The items to put on the agenda, numbered: all of them for an empty agenda, else
    the ones from the data that it does not list yet (to be appended)."""
    agenda = list(doc.data.get("agenda") or [])
    items = suggest(dataset, doc, lang)
    if agenda:
        items = [i for i in items if not i.standard and not i.listed(agenda)]
    first = next_number(dataset, doc, agenda)
    suffix = _year_suffix(doc)
    return [replace(item, id=f"{first + n}/{suffix}") for n, item in enumerate(items)]


def write_agenda(
    dataset: Dataset, doc: Document, items: list[AgendaItem], by: str, note: str | None = None
) -> Change:
    """Append ``items`` (from ``plan``) to the meeting's ``agenda:``."""
    if not items:
        raise RefusedError(
            _("the agenda of {ref} already lists everything the data puts on it").format(
                ref=ref(doc)
            )
        )
    change = Change(
        f"meeting({ref(doc)}): agenda", _trailers(trailers.MEETING_AGENDA, ref(doc), by), note or ""
    )
    edit = editor(dataset, doc.path, change)
    for item in items:
        edit.append(("agenda",), item.entry())
    change.texts[doc.path] = edit.text
    return change


def _year_suffix(doc: Document) -> str:
    return f"{int(str(doc.data['date'])[:4]) % 100:02d}"


def next_number(dataset: Dataset, doc: Document, agenda: list[dict[str, Any]]) -> int:
    """The next item number: after this agenda's and the council's earlier meetings' that year."""
    suffix = _year_suffix(doc)
    date, region = str(doc.data["date"]), doc.data["region"]
    lists = [agenda]
    for other in dataset.specialties[doc.params["specialty"]].meetings.values():
        other_date = str(other.data["date"])
        if (
            other is not doc
            and other.data["region"] == region
            and other_date[:4] == date[:4]
            and other_date < date
        ):
            lists.append(other.data.get("agenda") or [])
    used = [0]
    for items in lists:
        for entry in items:
            match = _ITEM.match(str(entry.get("id", "")))
            if match and f"{int(match.group('year')) % 100:02d}" == suffix:
                used.append(int(match.group("n")))
    return max(used) + 1


def _add_months(date: str, months: int) -> str:
    day = _dt.date.fromisoformat(date)
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return _dt.date(year, month + 1, min(day.day, last)).isoformat()


def _elections(
    dataset: Dataset, council: Document, region: str, date: str, words: dict[str, str]
) -> Iterator[AgendaItem]:
    """Leader and deputy: a term ending within the horizon with no successor recorded, a
    term ended without successor, no leader, or no deputy where the region requires one."""
    region_doc = dataset.regions.get(region)
    policy = region_doc.data["council_policy"] if region_doc is not None else None
    horizon = _add_months(date, ELECTION_HORIZON_MONTHS)
    members = council.data["members"]
    for role in ELECTED:
        title = _(_ROLE_TITLES[role])
        entries = [m for m in members if m["role"] == role]
        holders = [m for m in entries if active(m, date)]
        why = ""
        if holders:
            for m in holders:
                end = m.get("to")
                if end and end <= horizon and not any(e["from"] > end for e in entries):
                    why = _("{name}'s term as {role} ends on {date}").format(
                        name=_one_line(m["name"]), role=title, date=end
                    )
                    break
        elif not any(e["from"] > date for e in entries):
            ended = [m for m in entries if m.get("to", "9999-12-31") < date]
            if ended:
                last = max(ended, key=lambda m: str(m["to"]))
                why = _("{name}'s term as {role} ended on {date}; no successor is recorded").format(
                    name=_one_line(last["name"]), role=title, date=last["to"]
                )
            elif role == "leader" or (policy is not None and policy["deputy"] == "required"):
                why = _("the council has no {role}").format(role=title)
        if why:
            yield replace(_election_item(role, words), why=why)


def _election_item(role: str, words: dict[str, str]) -> AgendaItem:
    """The election item, recognised by its title in every language (an agenda may be
    in either)."""
    titles = [w["election"].format(role=w[f"role.{role}"]) for w in PHRASES.values()]
    title = words["election"].format(role=words[f"role.{role}"])
    return AgendaItem(title, "election", role=role, aliases=tuple(titles))


def _waiting(
    dataset: Dataset, slug: str, region: str, words: dict[str, str]
) -> Iterator[AgendaItem]:
    """National proposals in council review this region has not recommended; local ones
    of this region in regional review."""
    for pid, doc in sorted(dataset.specialties[slug].proposals.items()):
        data = doc.data
        if WORKFLOWS[data["kind"]].national:
            if data["state"] != NEEDS_RECOMMENDATION:
                continue
            regions = {r.get("region") for r in data.get("recommendations") or []}
            if region in regions:
                continue
            why = (
                _("in council review")
                if region == CROSS_REGIONAL
                else _("in council review; the {region} council has not recommended it").format(
                    region=_region_name(dataset, region)
                )
            )
        else:
            if data["state"] != REGIONAL_REVIEW or data["origin"]["region"] != region:
                continue
            why = _("a local learning activity in regional review, for the council to decide")
        title = words["proposal"].format(id=pid, title=_one_line(data["title"]))
        yield AgendaItem(title, "proposal", why, proposal=pid)


def _trust_name(dataset: Dataset, trust: str) -> str:
    doc = dataset.trusts.get(trust)
    if doc is None:
        return trust
    return str(doc.data.get("short") or doc.data["name"])


def _number(value: float, lang: str) -> str:
    return format_number(value, lang, decimals=1)


def _bottlenecks(
    dataset: Dataset, slug: str, region: str, date: str, lang: str
) -> Iterator[AgendaItem]:
    """The bottlenecks at hosts in the region on the meeting date, as ``regraad estimate``
    and K-BOTTLENECK find them (``analysis.capacity.verdicts``)."""
    from ..analysis.capacity import verdicts

    words = phrases(lang)
    bundle = dataset.specialties[slug]
    if bundle.capacity is None or not bundle.rotations:
        return

    def in_region(trust: str) -> bool:
        doc = dataset.trusts.get(trust)
        return region == CROSS_REGIONAL or (doc is not None and doc.data["region"] == region)

    for verdict in verdicts(bundle, date):
        if not verdict.bottleneck or not in_region(verdict.host):
            continue
        host = _trust_name(dataset, verdict.host)
        title = words["capacity"].format(
            host=host, demand=_number(verdict.demand, lang), positions=verdict.positions
        )
        why = _("K-BOTTLENECK: {host} is a bottleneck ({reasons}); see regraad estimate").format(
            host=host, reasons=", ".join(_(REASONS[r]) for r in verdict.reasons)
        )
        yield AgendaItem(title, "discussion", why)
        for load in verdict.agreements:
            if load.places is None or load.demand <= load.places + 1e-9:
                continue
            title = words["places"].format(
                home=_trust_name(dataset, load.home),
                host=host,
                demand=_number(load.demand, lang),
                places=load.places,
            )
            why = _("K-BOTTLENECK: the rotation plans need more places than the agreement gives")
            yield AgendaItem(title, "discussion", why)


#: a bottleneck's reasons (``analysis.capacity.reasons``) as the agenda explains them
REASONS = {
    "demand": N_("demand above the positions"),
    "places": N_("demand above an agreement's places"),
    "wait": N_("simulated wait for a position"),
}


def _gaps(
    dataset: Dataset, slug: str, region: str, date: str, lang: str, elections: set[str | None]
) -> Iterator[AgendaItem]:
    """The C-rules' findings for this council on the meeting date and those the recorded
    changes bring later (``rules.timeline``), quoted in ``lang``; a missing leader or
    deputy already up for election is not repeated."""
    from ..i18n import current_language, set_language
    from ..rules import load_rules
    from ..rules.timeline import judge

    words = phrases(lang)
    previous = current_language()
    set_language(lang)
    try:
        selected = {r for r in load_rules() if r.startswith("C-")}
        findings = judge(dataset, date, selected, frozenset({slug})).presented()
    finally:
        set_language(previous)
    path = council_flow.council_path(slug, region)
    council = dataset.specialties[slug].councils.get(region)
    at_members = council.locate_key(("members",))[0] if council is not None else None
    covered = {f"C-{role.upper()}" for role in elections if role}
    coverage = {
        f"data/specialties/{slug}/coverage/{trust}.yaml" for trust in dataset.region_trusts(region)
    }
    seen: set[str] = set()
    for f in sorted(findings):
        if not (f.path == path or (f.rule == "C-TRUSTS" and f.path in coverage)):
            continue
        if f.rule in covered and f.line == at_members and f.gap:
            continue
        if f.message in seen:
            continue
        seen.add(f.message)
        why = f"{f.rule} ({_(f.severity.value)})"
        yield AgendaItem(words["gap"].format(finding=f.message), "discussion", why)


# -- decisions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """How a decision is recorded: who records it, its note, agenda item and wording."""

    by: str
    note: str | None = None  # kept with the step (history, recommendation or membership)
    item: str | None = None  # agenda item; default: the item about it, else a new one
    text: str | None = None  # the decision as minuted; default: a sentence in ``lang``
    lang: str = "nb"


def check_item(value: str | None) -> str | None:
    """An agenda item number such as ``3/26`` (a usage error otherwise)."""
    if value is not None and not _ITEM.match(value):
        raise UsageError(
            _("--item: '{value}' is not an item number such as 3/26").format(value=value)
        )
    return value


def _regional(meeting: Document) -> str:
    """The meeting's region; refused for a cross-regional meeting (recommendations and
    elections are decided by a regional council)."""
    region = str(meeting.data["region"])
    if region == CROSS_REGIONAL:
        raise RefusedError(
            _(
                "{ref} is a cross-regional meeting; recommendations and elections are decided "
                "by a regional council"
            ).format(ref=ref(meeting))
        )
    return region


def _same_specialty(meeting: Document, doc: Document) -> None:
    if doc.params["specialty"] != meeting.params["specialty"]:
        raise RefusedError(
            _("{id} is not a proposal in {slug}, the specialty of meeting {ref}").format(
                id=proposals.ref(doc), slug=meeting.params["specialty"], ref=ref(meeting)
            )
        )


def _record(
    dataset: Dataset,
    meeting: Document,
    change: Change,
    entry: dict[str, Any],
    decision: Decision,
    wanted: AgendaItem,
    fallback: Callable[[dict[str, Any]], bool] | None = None,
) -> Change:
    """Add the decision to the meeting file (and its agenda item when it has none) and
    make ``change`` one commit of both files that names the meeting."""
    edit = editor(dataset, meeting.path, change)
    agenda: list[dict[str, Any]] = list(edit.data.get("agenda") or [])
    if decision.item is not None:
        if not any(str(e.get("id")) == decision.item for e in agenda):
            raise RefusedError(
                _("{ref} has no agenda item {item}").format(ref=ref(meeting), item=decision.item),
                _("leave out --item to put the decision under a new item"),
            )
        item = decision.item
    else:
        found = next((e for e in agenda if wanted.listed([e])), None)
        if found is None and fallback is not None:
            found = next((e for e in agenda if fallback(e)), None)
        if found is not None:
            item = str(found["id"])
        else:
            item = f"{next_number(dataset, meeting, agenda)}/{_year_suffix(meeting)}"
            edit.append(("agenda",), replace(wanted, id=item).entry())
    edit.append(("decisions",), {"item": item, **entry})
    change.texts[meeting.path] = edit.text
    change.subject += f" (meeting {meeting.params['meeting']})"
    change.trailers.append((trailers.MEETING, ref(meeting)))
    return change


def decide_recommend(
    dataset: Dataset, meeting: Document, doc: Document, position: str, decision: Decision
) -> Change:
    """The council's recommendation on a proposal in review, decided in the meeting."""
    words = phrases(decision.lang)
    region = _regional(meeting)
    _same_specialty(meeting, doc)
    council_flow.council_doc(dataset, doc.params["specialty"], region)
    step = proposals.Step(decision.by, str(meeting.data["date"]), decision.note)
    change = proposals.recommend(
        dataset, doc, region, position, step, meeting=meeting.params["meeting"]
    )
    pid = doc.params["proposal"]
    text = decision.text or words[f"recommend.{position}"].format(id=pid)
    entry = {"text": text, "proposal": pid, "position": position}
    wanted = AgendaItem(
        words["proposal"].format(id=pid, title=_one_line(doc.data["title"])),
        "proposal",
        proposal=pid,
    )
    return _record(dataset, meeting, change, entry, decision, wanted)


def decide_elect(
    dataset: Dataset,
    meeting: Document,
    name: str,
    role: str,
    start: str | None,
    decision: Decision,
) -> Change:
    """A member elected leader or deputy from ``start`` (default: the meeting date): the
    membership changes role as with ``council role``, and the election is minuted."""
    words = phrases(decision.lang)
    if role not in ELECTED:
        raise UsageError(_("--role: use one of {roles}").format(roles=", ".join(ELECTED)))
    region = _regional(meeting)
    slug = meeting.params["specialty"]
    start = start or str(meeting.data["date"])
    council = council_flow.council_doc(dataset, slug, region)
    assert council is not None  # required: refused when absent
    membership = council_flow.find_active(dataset, slug, name, start, region)
    # the one who holds the role on that day hands it over: the two change places
    holder = next(
        (
            _one_line(m["name"])
            for m in council.data["members"]
            if m["role"] == role
            and active(m, start)
            and council_flow.person(str(m["name"])) != council_flow.person(name)
        ),
        None,
    )
    if holder is not None and membership.role in ELECTED:
        # a leader elected deputy (or the reverse) would hand the other role to someone
        # nobody elected: that takes two decisions
        raise RefusedError(
            _("{name} is {role} of {ref} on {date}").format(
                name=holder,
                role=_(_ROLE_TITLES[role]),
                ref=council_flow.council_ref(slug, region),
                date=start,
            ),
            _("{name} is {role} now; elect someone to that role first").format(
                name=membership.name, role=_(_ROLE_TITLES[membership.role])
            ),
        )
    change = council_flow.change_role(
        dataset, membership, role, start, council_flow.Step(decision.by, decision.note), holder
    )
    text = decision.text or words["elected"].format(
        name=membership.name,
        trust=_trust_name(dataset, str(membership.data["trust"])),
        role=words[f"role.{role}"],
        date=_long_date(start, decision.lang),
    )
    election: dict[str, Any] = {"role": role, "name": membership.name, "from": start}
    if membership.data.get("to"):
        election["to"] = membership.data["to"]  # a planned end carries over to the new role
    entry = {"text": text, "election": election}
    wanted = _election_item(role, words)
    return _record(
        dataset, meeting, change, entry, decision, wanted, lambda e: e.get("kind") == "election"
    )


def decide_advance(
    dataset: Dataset,
    meeting: Document,
    doc: Document,
    to: str | None,
    decision: Decision,
    decided: str | None = None,
    in_force: str | None = None,
    reason: str | None = None,
) -> Change:
    """A proposal step decided in the meeting (e.g. a local learning activity accepted).

    A regional meeting decides steps of proposals from its own region only."""
    words = phrases(decision.lang)
    _same_specialty(meeting, doc)
    region = str(meeting.data["region"])
    origin = str(doc.data["origin"]["region"])
    if region not in (CROSS_REGIONAL, origin):
        raise RefusedError(
            _("{id} comes from {origin}; the {region} council does not decide its steps").format(
                id=proposals.ref(doc), origin=origin.upper(), region=region.upper()
            )
        )
    step = proposals.Step(decision.by, str(meeting.data["date"]), decision.note)
    change = proposals.advance(
        dataset,
        doc,
        to,
        step,
        decided=decided,
        in_force=in_force,
        reason=reason,
        meeting=meeting.params["meeting"],
    )
    after = next(value for key, value in change.trailers if key == trailers.TO)
    pid = doc.params["proposal"]
    if decision.text:
        text = decision.text
    elif after in (ACCEPTED, REJECTED):
        text = words[after].format(id=pid)
    else:
        text = words["advanced"].format(
            id=pid, state=_document_gettext(decision.lang)(STATE_TITLES[after])
        )
    entry = {"text": text, "proposal": pid}
    wanted = AgendaItem(
        words["proposal"].format(id=pid, title=_one_line(doc.data["title"])),
        "proposal",
        proposal=pid,
    )
    return _record(dataset, meeting, change, entry, decision, wanted)


def _document_gettext(lang: str) -> Callable[[str], str]:
    """The catalogue of the document's language (for states the workflow names)."""
    from ..i18n import DOMAIN, LOCALE_DIR

    return _gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True
    ).gettext


def _long_date(value: str, lang: str) -> str:
    return format_date(value, lang)


# -- the minutes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    heading: str
    kind: str
    notes: str
    decisions: list[tuple[str, str]]  # (text, reference)


@dataclass(frozen=True)
class _Minutes:
    """The minutes in the document's words, ready for either format."""

    lang: str
    title: str
    facts: list[tuple[str, str]]
    present: list[str]
    absent: list[str]
    items: list[_Item]
    other: list[tuple[str, str]]  # decisions under no listed item
    summary: str
    next_meeting: str
    words: dict[str, str]


def _collect(dataset: Dataset, doc: Document, lang: str) -> _Minutes:
    words = phrases(lang)
    data = doc.data
    slug, region = doc.params["specialty"], str(data["region"])
    spec = dataset.specialties[slug].spec
    names = spec.data["name"] if spec is not None else {}
    specialty = str(names.get(lang) or names.get("nb") or slug)
    if region == CROSS_REGIONAL:
        council, region_name = words["cross"], words["cross-region"]
    else:
        council, region_name = words["council"], _region_name(dataset, region)
    title = words["title"].format(council=council, specialty=specialty.lower(), region=region_name)
    when = _long_date(str(data["date"]), lang)
    facts = [(words["date"], when)]
    if data.get("kind"):
        facts.append((words["kind"], words[f"kind.{data['kind']}"]))
    for key in ("place", "convened_by", "minutes_by"):
        if data.get(key):
            facts.append((words[key], _one_line(data[key])))
    present: list[str] = []
    absent: list[str] = []
    for person in data.get("attendance") or []:
        line = f"{_one_line(person['name'])}, {words['role.' + person['role']]}"
        if person.get("trust"):
            line += f" ({_trust_name(dataset, str(person['trust']))})"
        (present if person.get("present", True) else absent).append(line)
    decisions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for d in data.get("decisions") or []:
        decisions[str(d["item"])].append((_one_line(d["text"]), _reference(d, words, lang)))
    items = []
    for entry in data.get("agenda") or []:
        heading = f"{words['item']} {entry['id']}: {_one_line(entry['title'])}"
        kind = words[f"item.{entry['kind']}"] if entry.get("kind") else ""
        notes = _one_line(entry.get("notes", ""))
        items.append(_Item(heading, kind, notes, decisions.pop(str(entry["id"]), [])))
    other = [d for group in decisions.values() for d in group]
    return _Minutes(
        lang,
        title,
        facts,
        present,
        absent,
        items,
        other,
        _one_line(data.get("minutes", "")),
        _long_date(str(data["next_meeting"]), lang) if data.get("next_meeting") else "",
        words,
    )


def _reference(decision: dict[str, Any], words: dict[str, str], lang: str) -> str:
    parts = []
    if decision.get("proposal"):
        proposal = words["proposal.ref"].format(id=decision["proposal"])
        if decision.get("position"):
            proposal += f": {words['position.' + decision['position']]}"
        parts.append(proposal)
    election = decision.get("election")
    if election:
        text = words["election.ref"].format(
            role=words[f"role.{election['role']}"], name=_one_line(election["name"])
        )
        if election.get("from"):
            text += f", {words['from']} {_long_date(election['from'], lang)}"
        if election.get("to"):
            text += f" {words['to']} {_long_date(election['to'], lang)}"
        parts.append(text)
    return "; ".join(parts)


def minutes(dataset: Dataset, doc: Document, fmt: str, lang: str) -> str:
    """The meeting's minutes as Markdown (``md``) or a self-contained HTML page; no national
    identity number in either (Markdown masks through ``md``)."""
    if fmt not in FORMATS:
        raise UsageError(
            "--format: " + _("use one of: {options}").format(options=", ".join(FORMATS))
        )
    content = _collect(dataset, doc, lang)
    return _markdown(content) if fmt == "md" else redact(_html(content))


def _markdown(m: _Minutes) -> str:
    from ..output.markdown import md

    w = m.words
    out = [f"# {md(m.title)}", ""]
    out += [f"- **{md(label)}:** {md(value)}" for label, value in m.facts]
    for heading, people in ((w["present"], m.present), (w["absent"], m.absent)):
        if people:
            out += ["", f"## {md(heading)}", ""]
            out += [f"- {md(p)}" for p in people]
    out += ["", f"## {md(w['agenda'])}", ""]
    if not m.items:
        out.append(md(w["no_items"]))
    for item in m.items:
        out += [f"### {md(item.heading)}", ""]
        if item.kind:
            out += [f"*{md(item.kind)}*", ""]
        if item.notes:
            out += [md(item.notes), ""]
        for text, reference in item.decisions:
            suffix = f" ({md(reference)})" if reference else ""
            out += [f"**{md(w['decision'])}:** {md(text)}{suffix}", ""]
    if m.other:
        out += [f"## {md(w['other_decisions'])}", ""]
        for text, reference in m.other:
            suffix = f" ({md(reference)})" if reference else ""
            out.append(f"- {md(text)}{suffix}")
        out.append("")
    if m.summary:
        out += [f"## {md(w['summary'])}", "", md(m.summary), ""]
    if m.next_meeting:
        out += [f"**{md(w['next'])}:** {md(m.next_meeting)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;"
    "color:#1b1b1b;background:#fff;max-width:48rem;margin:2rem auto;padding:0 1rem}"
    "h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}"
    "dt{font-weight:600}dd{margin:0}.kind{font-style:italic;color:#444}"
    ".decision{border-left:4px solid #1f5f8b;padding-left:.75rem}"
)


def _html(m: _Minutes) -> str:
    def e(text: str) -> str:
        return html.escape(text, quote=True)

    w = m.words
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(m.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(m.title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{e(m.title)}</h1>",
        "<dl>",
    ]
    out += [f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in m.facts]
    out.append("</dl>")
    for heading, people in ((w["present"], m.present), (w["absent"], m.absent)):
        if people:
            out += [f"<h2>{e(heading)}</h2>", "<ul>"]
            out += [f"<li>{e(p)}</li>" for p in people]
            out.append("</ul>")
    out.append(f"<h2>{e(w['agenda'])}</h2>")
    if not m.items:
        out.append(f"<p>{e(w['no_items'])}</p>")
    for item in m.items:
        out += ["<section>", f"<h3>{e(item.heading)}</h3>"]
        if item.kind:
            out.append(f'<p class="kind">{e(item.kind)}</p>')
        if item.notes:
            out.append(f"<p>{e(item.notes)}</p>")
        for text, reference in item.decisions:
            suffix = f" <small>({e(reference)})</small>" if reference else ""
            out.append(
                f'<p class="decision"><strong>{e(w["decision"])}:</strong> {e(text)}{suffix}</p>'
            )
        out.append("</section>")
    if m.other:
        out += [f"<h2>{e(w['other_decisions'])}</h2>", "<ul>"]
        for text, reference in m.other:
            suffix = f" <small>({e(reference)})</small>" if reference else ""
            out.append(f"<li>{e(text)}{suffix}</li>")
        out.append("</ul>")
    if m.summary:
        out += [f"<h2>{e(w['summary'])}</h2>", f"<p>{e(m.summary)}</p>"]
    if m.next_meeting:
        out.append(f"<p><strong>{e(w['next'])}:</strong> {e(m.next_meeting)}</p>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
