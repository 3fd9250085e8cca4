"""The council's open and escalated cases: the agenda's case items.

A case open in the council waits for its positions or its decision; an escalated one
is followed up until the regional meeting has decided it (``rules.case_flow``)."""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ...load.dataset import Dataset
from .. import one_line
from .items import AgendaItem

_TITLES = {
    "nb": {
        "open": "Sak {id}: {subject}",
        "escalated": "Sak {id} (oversendt {body}): {subject}",
        "fagdirektormote": "fagdirektørmøtet",
        "hr-direktormote": "HR-direktørmøtet",
    },
    "en": {
        "open": "Case {id}: {subject}",
        "escalated": "Case {id} (escalated to the {body}): {subject}",
        "fagdirektormote": "medical directors' meeting",
        "hr-direktormote": "HR directors' meeting",
    },
}


def cases(dataset: Dataset, slug: str, region: str, date: str, lang: str) -> Iterator[AgendaItem]:
    """The region's cases open or escalated on the meeting date, oldest first."""
    words = _TITLES.get(lang, _TITLES["nb"])
    for cid, doc in sorted(dataset.specialties[slug].cases.items()):
        data = doc.data
        if data["region"] != region:
            continue
        history = [h for h in data["history"] if str(h["at"]) <= date]
        state = str(history[-1]["state"]) if history else None
        if state not in ("open", "escalated"):
            continue
        escalation = data.get("escalation") or {}
        body = words.get(str(escalation.get("to")), str(escalation.get("to")))
        title = words[state].format(id=cid, subject=one_line(data["subject"]), body=body)
        why = (
            _("case {id} is open in the council").format(id=cid)
            if state == "open"
            else _("case {id} is escalated and not yet decided").format(id=cid)
        )
        yield AgendaItem(title, "discussion", why)
