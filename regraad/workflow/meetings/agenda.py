"""The agenda: what the data puts on it, numbered, and recorded (``meeting.agenda``).

RegUt sets the agenda with the council's leader (the HSØ minutes); ``plan`` proposes it
from the data, ``write_agenda`` adds what the user accepts (before "Eventuelt")."""

from __future__ import annotations

from dataclasses import replace

from ...errors import RefusedError
from ...git import trailers
from ...i18n import _
from ...load.dataset import Dataset, Document
from .. import Change, editor
from . import joint
from .bottlenecks import bottlenecks
from .cases import cases
from .elections import elections
from .file import meeting_trailers, ref
from .gaps import gaps, goalset_gaps
from .items import AgendaItem
from .language import phrases
from .names import regut
from .numbering import next_number, year_suffix
from .order import add_items
from .waiting import waiting


def suggest(dataset: Dataset, doc: Document, lang: str) -> list[AgendaItem]:
    """Everything the data puts on this meeting's agenda, in order, not yet numbered; in
    a joint meeting, the items of each council in turn (``joint``)."""
    words = phrases(lang)
    region, date = str(doc.data["region"]), str(doc.data["date"])
    items = [AgendaItem(words["approve"], "decision", standard=True)]
    convener = regut(dataset, region)
    if convener:
        items.append(
            AgendaItem(words["regut"].format(regut=convener), "information", standard=True)
        )
    together = joint.is_joint(doc)  # then each item names its council, the own one too
    for council_ref in joint.council_refs(doc):
        tag = council_ref if together else None
        items += [replace(i, council=tag) for i in _council_items(dataset, council_ref, date, lang)]
    items.append(AgendaItem(words["other"], "information", standard=True))
    return items


def _council_items(dataset: Dataset, council_ref: str, date: str, lang: str) -> list[AgendaItem]:
    """One council's items: elections due, proposals waiting for it, bottlenecks at its
    region's hosts, its cases, and what it lacks by the C-rules."""
    words = phrases(lang)
    subject, _sep, region = council_ref.partition("/")
    if subject not in dataset.specialties:
        council = joint.resolve(dataset, council_ref)
        if council is None:
            return []
        due = list(elections(dataset, council.doc, region, date, words))
        return due + list(goalset_gaps(dataset, council, date, lang, {e.role for e in due}))
    doc = dataset.specialties[subject].councils.get(region)
    items = list(elections(dataset, doc, region, date, words)) if doc else []
    roles = {e.role for e in items}
    items += waiting(dataset, subject, region, words)
    items += bottlenecks(dataset, subject, region, date, lang)
    items += cases(dataset, subject, region, date, lang)
    items += gaps(dataset, subject, region, date, lang, roles)
    return items


def plan(dataset: Dataset, doc: Document, lang: str) -> list[AgendaItem]:
    """The items to put on the agenda, numbered: all of them for an empty agenda, else
    the ones from the data that it does not list yet (to be appended)."""
    agenda = list(doc.data.get("agenda") or [])
    items = suggest(dataset, doc, lang)
    if agenda:
        own = joint.own_ref(doc)  # an item may name the meeting's own council or not
        seen = [{**e, "council": None} if e.get("council") == own else e for e in agenda]
        items = [
            i
            for i in items
            if not i.standard
            and not replace(i, council=None if i.council == own else i.council).listed(seen)
        ]
    first = next_number(dataset, doc, agenda)
    suffix = year_suffix(doc)
    return [replace(item, id=f"{first + n}/{suffix}") for n, item in enumerate(items)]


def write_agenda(
    dataset: Dataset, doc: Document, items: list[AgendaItem], by: str, note: str | None = None
) -> Change:
    """Add ``items`` (from ``plan``) to the meeting's ``agenda:``, before "Eventuelt"."""
    if not items:
        raise RefusedError(
            _("the agenda of {ref} already lists everything the data puts on it").format(
                ref=ref(doc)
            )
        )
    change = Change(
        f"meeting({ref(doc)}): agenda",
        meeting_trailers(trailers.MEETING_AGENDA, ref(doc), by),
        note or "",
    )
    edit = editor(dataset, doc.path, change)
    add_items(edit, [item.entry() for item in items])
    change.texts[doc.path] = edit.text
    return change
