"""A course catalogue's changes: a course added or removed in one line, a kept course
field by field (its runs as one field, so a moved run reads as before → after)."""

from __future__ import annotations

from ..i18n import N_
from .emitter import show
from .entities import Entries, Report, Whole

_COURSES = Entries(
    "courses",
    "activities",
    lambda out, pair: {"id": pair.key, "title": show(pair.label)},
    N_("course {id} added: {title}"),
    N_("course {id} removed: {title}"),
)

COURSES = Report(
    "courses",
    "activities",
    steps=(_COURSES,),
    whole=Whole(
        N_("course catalogue {id} added"),
        N_("course catalogue {id} removed"),
        lambda data, name: {"id": name},
    ),
)
