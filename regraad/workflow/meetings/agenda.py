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
from .bottlenecks import bottlenecks
from .cases import cases
from .elections import elections
from .file import meeting_trailers, ref
from .gaps import gaps
from .items import AgendaItem
from .language import phrases
from .names import regut
from .numbering import next_number, year_suffix
from .order import add_items
from .waiting import waiting


def suggest(dataset: Dataset, doc: Document, lang: str) -> list[AgendaItem]:
    """Everything the data puts on this meeting's agenda, in order, not yet numbered."""
    words = phrases(lang)
    slug, region, date = doc.params["specialty"], str(doc.data["region"]), str(doc.data["date"])
    council = dataset.specialties[slug].councils.get(region)
    items = [AgendaItem(words["approve"], "decision", standard=True)]
    convener = regut(dataset, region)
    if convener:
        items.append(
            AgendaItem(words["regut"].format(regut=convener), "information", standard=True)
        )
    due = list(elections(dataset, council, region, date, words)) if council else []
    items += due
    items += waiting(dataset, slug, region, words)
    items += bottlenecks(dataset, slug, region, date, lang)
    items += cases(dataset, slug, region, date, lang)
    items += gaps(dataset, slug, region, date, lang, {e.role for e in due})
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
