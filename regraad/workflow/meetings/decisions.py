"""Decisions taken in a meeting: recommend, elect, advance, and a plain note.

Each makes the proposal step or membership change it decides with the same functions as
``propose`` and ``council`` (so their refusals, trailers and audit checks apply), and
adds the decision to the meeting file's ``decisions:``, in one commit that also carries
``Regraad-Meeting``. A plain decision (``note``) decides nothing in another file: it is a
commit of the meeting file alone (``meeting.decide``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ...errors import RefusedError, UsageError
from ...git import trailers
from ...i18n import _, format_date
from ...load.dataset import Dataset, Document
from ...load.regions import region_short
from ...rules import active, advice
from ...rules.proposal_flow import ACCEPTED, REJECTED, STATE_TITLES
from ...rules.references import CROSS_REGIONAL
from .. import Change, editor, one_line, proposals
from .. import council as council_flow
from . import joint
from .elections import ELECTED, election_item
from .file import meeting_trailers, ref
from .items import AgendaItem, proposal_item
from .language import ROLE_TITLES, document_gettext, phrases
from .names import trust_name
from .numbering import next_number, year_suffix
from .order import add_items


@dataclass(frozen=True)
class Decision:
    """How a decision is recorded: who records it, its note, agenda item and wording."""

    by: str
    note: str | None = None  # kept with the step (history, recommendation or membership)
    item: str | None = None  # agenda item; default: the item about it, else a new one
    text: str | None = None  # the decision as minuted; default: a sentence in ``lang``
    lang: str = "nb"


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
    _place(dataset, meeting, change, entry, decision, wanted, fallback)
    change.subject += f" (meeting {meeting.params['meeting']})"
    change.trailers.append((trailers.MEETING, ref(meeting)))
    return change


def _place(
    dataset: Dataset,
    meeting: Document,
    change: Change,
    entry: dict[str, Any],
    decision: Decision,
    wanted: AgendaItem,
    fallback: Callable[[dict[str, Any]], bool] | None = None,
) -> str:
    """Add the decision to the meeting file under ``decision.item``, the item about it, or
    a new item before "Eventuelt"; the item's number."""
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
        own = joint.own_ref(meeting)  # an item may name the meeting's own council or not
        probe = replace(wanted, council=None if wanted.council == own else wanted.council)
        found = next(
            (
                e
                for e in agenda
                if probe.listed([{**e, "council": None}] if e.get("council") == own else [e])
            ),
            None,
        )
        if found is None and fallback is not None:
            found = next((e for e in agenda if fallback(e)), None)
        if found is not None:
            item = str(found["id"])
        else:
            item = f"{next_number(dataset, meeting, agenda)}/{year_suffix(meeting)}"
            add_items(edit, [replace(wanted, id=item).entry()])
    edit.append(("decisions",), {"item": item, **entry})
    change.texts[meeting.path] = edit.text
    return item


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
    return _record(dataset, meeting, change, entry, decision, proposal_item(doc, words))


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
    _regional(meeting)
    slug, region, target = _elected_in(dataset, meeting, decision.item)
    start = start or str(meeting.data["date"])
    council = council_flow.council_doc(dataset, slug, region)
    assert council is not None  # required: refused when absent
    membership = council_flow.find_active(dataset, slug, name, start, region)
    # the one who holds the role on that day hands it over: the two change places
    holder = next(
        (
            one_line(m["name"])
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
                role=_(ROLE_TITLES[role]),
                ref=council_flow.council_ref(slug, region),
                date=start,
            ),
            _("{name} is {role} now; elect someone to that role first").format(
                name=membership.name, role=_(ROLE_TITLES[membership.role])
            ),
        )
    change = council_flow.change_role(
        dataset, membership, role, start, council_flow.Step(decision.by, decision.note), holder
    )
    text = decision.text or words["elected"].format(
        name=membership.name,
        trust=trust_name(dataset, str(membership.data["trust"])),
        role=words[f"role.{role}"],
        date=format_date(start, decision.lang),
    )
    election: dict[str, Any] = {"role": role, "name": membership.name, "from": start}
    if membership.data.get("to"):
        election["to"] = membership.data["to"]  # a planned end carries over to the new role
    entry = {"text": text, "election": election}
    tag = target if joint.is_joint(meeting) else None  # a joint meeting's items name theirs
    wanted = replace(election_item(role, words), council=tag)
    return _record(
        dataset,
        meeting,
        change,
        entry,
        decision,
        wanted,
        lambda e: e.get("kind") == "election" and joint.item_council(meeting, e) == target,
    )


def _elected_in(dataset: Dataset, meeting: Document, item: str | None) -> tuple[str, str, str]:
    """The specialty (or goal set) and region of the council an election decides, and its
    reference: in a joint meeting the council of ``item`` (without one, the meeting's own)."""
    agenda: list[dict[str, Any]] = list(meeting.data.get("agenda") or [])
    entry = next((e for e in agenda if str(e.get("id")) == item), {})
    target = joint.item_council(meeting, entry)
    subject, _sep, region = target.partition("/")
    return subject, region, target  # a specialty's council or a goal set's (FKM/hso)


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
    origin = str(doc.data["origin"].get("region", ""))
    if region not in (CROSS_REGIONAL, origin):
        raise RefusedError(
            _("{id} comes from {origin}; the {region} council does not decide its steps").format(
                id=proposals.ref(doc),
                origin=region_short(dataset, origin),
                region=region_short(dataset, region),
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
            id=pid, state=document_gettext(decision.lang)(STATE_TITLES[after])
        )
    entry = {"text": text, "proposal": pid}
    return _record(dataset, meeting, change, entry, decision, proposal_item(doc, words))


def decide_note(
    dataset: Dataset,
    meeting: Document,
    decision: Decision,
    title: str | None = None,
    recommends: tuple[str, str] | None = None,
) -> Change:
    """A plain decision, neither a proposal step nor an election (a follow-up task for
    RegUt, a date agreed): minuted under ``decision.item``, or under a new item titled
    ``title`` before "Eventuelt" (an item of that title already there takes it).

    With ``recommends`` (subject, who decides) it is the council's advice, worded as one;
    a decision on what the trusts decide (positions, agreements, local activities) is
    refused without it (``rules.advice``)."""
    text = one_line(decision.text or "")
    if not text:
        raise UsageError(_("--text: give the decision as minuted"))
    entry: dict[str, Any] = {"text": decision.text}
    if recommends is not None:
        if not advice.worded_as_advice(text):
            raise RefusedError(
                _("the text decides; the council only recommends on {subject}").format(
                    subject=_(advice.SUBJECT_WORDS[recommends[0]])
                ),
                _('say what the council recommends ("Rådet anbefaler …")'),
            )
        entry["recommends"] = {"subject": recommends[0], "to": one_line(recommends[1])}
    else:
        subject = advice.subject_of(text)
        if subject is not None and not advice.worded_as_advice(text):
            raise RefusedError(
                _("the council does not decide {subject}; it gives its advice").format(
                    subject=_(advice.SUBJECT_WORDS[subject])
                ),
                _(
                    "word it as the council's recommendation and record it with "
                    "--recommends {subject} --to WHO"
                ).format(subject=subject),
            )
    if decision.item is not None and title:
        raise UsageError(_("--title names a new item; leave it out with --item"))
    heading = one_line(title or "")
    if decision.item is None and not heading:
        raise UsageError(
            _("--title: give the new item's title, or --item for an item on the agenda")
        )
    change = Change(
        f"meeting({ref(meeting)}): decision",
        meeting_trailers(trailers.MEETING_DECIDE, ref(meeting), decision.by),
        decision.note or "",
    )
    item = _place(dataset, meeting, change, entry, decision, AgendaItem(heading, "decision"))
    change.subject += f" under {item}"
    return change
