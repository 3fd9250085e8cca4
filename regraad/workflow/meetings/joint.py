"""Joint meetings (fellesmøter): one meeting of several councils.

The HSØ councils meet together; a joint meeting is filed under the specialty of the
council that convenes it, like any meeting, and lists the other councils taking part
under ``councils:`` (``SPECIALTY/REGION`` or ``GOALSET/REGION``, e.g. ``FKM/hso``). Each
agenda item may name the council it concerns (``council:``); an item without one
concerns the meeting's own council. So every meeting command keeps working on the file,
and the agenda and the minutes list the items of each council in turn.
"""

from __future__ import annotations

from typing import Any

from ...load.councils import Council, goalset_councils, specialty_councils
from ...load.dataset import Dataset, Document
from .. import one_line

# the council names a joint meeting's documents use, in the document's language
_WORDS = {
    "nb": {
        "title": "Referat fra fellesmøte i rådene for LIS-utdanning, {region}: {councils}",
        "goalset": "{name} ({id})",
        "national": "{name} (nasjonalt råd)",
    },
    "en": {
        "title": (
            "Minutes of the joint meeting of the councils for LIS education, {region}: {councils}"
        ),
        "goalset": "{name} ({id})",
        "national": "{name} (national council)",
    },
}


def own_ref(doc: Document) -> str:
    """The meeting's own council, ``SPECIALTY/REGION``."""
    return f"{doc.params['specialty']}/{doc.data['region']}"


def council_refs(doc: Document) -> list[str]:
    """Every council of the meeting: its own first, then those it lists (each once)."""
    return list(dict.fromkeys([own_ref(doc), *(str(r) for r in doc.data.get("councils") or [])]))


def is_joint(doc: Document) -> bool:
    return len(council_refs(doc)) > 1


def item_council(doc: Document, entry: dict[str, Any]) -> str:
    """The council an agenda item (or a decision's item) concerns."""
    return str(entry.get("council") or own_ref(doc))


def resolve(dataset: Dataset, ref: str) -> Council | None:
    """The council ``SUBJECT/REGION`` names (a specialty's or a goal set's), if valid."""
    subject, _sep, region = ref.partition("/")
    pool = (
        specialty_councils(dataset, subject)
        if subject in dataset.specialties
        else [c for c in goalset_councils(dataset) if c.subject == subject]
    )
    return next((c for c in pool if c.region == region), None)


def council_name(dataset: Dataset, ref: str, lang: str) -> str:
    """What the documents call a council of the meeting: the specialty's or the goal
    set's name in ``lang``, marked when national."""
    words = _WORDS.get(lang, _WORDS["nb"])
    subject = ref.partition("/")[0]
    bundle = dataset.specialties.get(subject)
    if bundle is not None:
        names = bundle.spec.data["name"] if bundle.spec is not None else {}
        name = one_line(str(names.get(lang) or names.get("nb") or subject))
        council = resolve(dataset, ref)
        return words["national"].format(name=name) if council and council.national else name
    gs = dataset.goalsets.get(subject)
    names = gs.data["name"] if gs is not None else {}
    name = one_line(str(names.get(lang) or names.get("nb") or subject))
    return words["goalset"].format(name=name, id=subject)


def title(dataset: Dataset, doc: Document, lang: str, region: str) -> str:
    words = _WORDS.get(lang, _WORDS["nb"])
    names = ", ".join(council_name(dataset, r, lang) for r in council_refs(doc))
    return words["title"].format(region=region, councils=names)
