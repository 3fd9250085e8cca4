"""An education plan's (utdanningsplan) texts and facts: a local learning activity added
or removed in one line, every other field as before → after, so an edit of the published
text is never silent. Internal notes are data like any other field: a pull request is not
a published page."""

from __future__ import annotations

from ..i18n import N_
from .emitter import show
from .entities import Entries, Report, Whole

_ACTIVITIES = Entries(
    "activities",
    "rotations",
    lambda out, pair: {"id": pair.key, "title": show(pair.label)},
    N_("local learning activity {id} added: {title}"),
    N_("local learning activity {id} removed: {title}"),
)

EDUCATION_PLAN = Report(
    "plan",
    "rotations",
    steps=(_ACTIVITIES,),
    whole=Whole(
        N_("education plan of {trust} added"),
        N_("education plan of {trust} removed"),
        lambda data, name: {"trust": name},
    ),
    name=lambda doc, names: names.trust(doc.params["trust"]),
)
