"""A goal-set council's members, told as a specialty's council's are (``diff.council``),
the council named by its goal set and region (``FKM HSØ``)."""

from __future__ import annotations

from ..load.dataset import Document
from .council import _members
from .emitter import Names
from .entities import Report


def _name(doc: Document, names: Names) -> str:
    return f"{doc.params['goalset']} {names.region(doc.params['region'])}"


GOALSET_COUNCIL = Report("goalset-council", "council", steps=(_members,), name=_name)
