"""The vocabulary every comparator writes with: how entities and values are named, and
the collector of one document's changes.

Kept apart from the comparators so that the generic entity diff and the particular
ones word subjects and values the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..i18n import _
from ..load.dataset import Dataset, Document
from ..load.regions import region_short
from . import NATIONAL, Change, specialty_of

Entry = dict[str, Any]  # a document, or one entry of a collection inside it

_SHORT = 60  # characters of a value shown in a generic change


@dataclass(frozen=True)
class Names:
    """How entities are named in messages, looked up in HEAD first, then BASE."""

    base: Dataset
    head: Dataset

    def trust(self, trust_id: str | None) -> str:
        if not trust_id:
            return "-"
        for dataset in (self.head, self.base):
            doc = dataset.trusts.get(trust_id)
            if doc is not None:
                return str(doc.data.get("short") or doc.data["name"])
        return trust_id.upper()

    @staticmethod
    def region(region_id: str | None) -> str:
        return region_short(None, region_id) if region_id else "-"


def show(value: Any) -> str:
    """A value short enough for one line of a review."""
    if value is None:
        text = "-"
    elif isinstance(value, bool):
        text = _("yes") if value else _("no")
    elif isinstance(value, list):
        text = ", ".join(show(v) for v in value) if value else "[]"
    elif isinstance(value, dict):
        text = ", ".join(f"{k}: {show(v)}" for k, v in value.items())
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def plus_minus(before: Iterable[str], after: Iterable[str]) -> str:
    """Members of a list gained and lost, as one compact "+a −b" change."""
    old, new = list(before), list(after)
    parts = [f"+{x}" for x in new if x not in old] + [f"−{x}" for x in old if x not in new]
    return " ".join(parts)


class Emitter:
    """Collects the changes of one document, so comparators stay short.

    ``name`` is the document as messages name it ("HMR", "2026-002"); ``names`` names
    what the document refers to.
    """

    def __init__(self, doc: Document, names: Names, name: str) -> None:
        self.kind = doc.kind
        self.path = doc.path
        self.specialty = specialty_of(doc.path) if doc.params.get("specialty") else NATIONAL
        self.names = names
        self.name = name
        self.changes: list[Change] = []

    def add(
        self,
        area: str,
        action: str,
        subject: str,
        message: str,
        before: Any = None,
        after: Any = None,
    ) -> None:
        self.changes.append(
            Change(self.specialty, area, action, subject, message, self.path, before, after)
        )

    def field(
        self,
        area: str,
        subject: str,
        name: str,
        old: Entry,
        new: Entry,
        message: str,
        /,
        action: str = "changed",
        shown: Callable[[Any], Any] = lambda value: value,
        **words: Any,
    ) -> None:
        """A change to one field told in a sentence of its own, which ``message`` words
        with ``before`` and ``after`` (as ``shown``) and ``words`` (the leading
        parameters are positional so that a sentence may have a ``{name}`` too)."""
        before, after = old.get(name), new.get(name)
        if before != after:
            text = message.format(before=shown(before), after=shown(after), **words)
            self.add(area, action, subject, text, before, after)

    def fields(
        self,
        area: str,
        subject: str,
        old: Entry,
        new: Entry,
        skip: Iterable[str] = (),
    ) -> None:
        """One generic change per field that differs, for fields not compared in detail,
        so that no change is silent."""
        skipped = set(skip)
        for name in [*old, *(k for k in new if k not in old)]:
            if name in skipped or old.get(name) == new.get(name):
                continue
            before, after = old.get(name), new.get(name)
            if before is None:
                message = _("{subject}: {field} set to {after}")
            elif after is None:
                message = _("{subject}: {field} removed (was {before})")
            else:
                message = _("{subject}: {field} {before} → {after}")
            self.add(
                area,
                "changed",
                subject,
                message.format(subject=subject, field=name, before=show(before), after=show(after)),
                before,
                after,
            )
