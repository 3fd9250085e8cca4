"""The order of an agenda: "Eventuelt" (any other business) closes it.

Items added after the agenda was sent out (a decision under a new item, a proposal that
reached the council since) are taken before "Eventuelt", as minutes are read; they keep
the next free number, so the numbers the notice used stay valid.
"""

from __future__ import annotations

from typing import Any

from ...edit.textedit import Editor
from .language import PHRASES

_OTHER = frozenset(words["other"].casefold() for words in PHRASES.values())


def other_business(entry: dict[str, Any]) -> bool:
    """Whether the item is "Eventuelt" / "Any other business" (in either language)."""
    return " ".join(str(entry.get("title", "")).split()).casefold() in _OTHER


def insertion_index(agenda: list[dict[str, Any]]) -> int:
    """Where an item added later goes: before the "Eventuelt" items that end the agenda."""
    index = len(agenda)
    while index and other_business(agenda[index - 1]):
        index -= 1
    return index


def in_order(agenda: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The agenda as shown: its items in the file's order, "Eventuelt" last."""
    return [e for e in agenda if not other_business(e)] + [e for e in agenda if other_business(e)]


def add_items(edit: Editor, entries: list[dict[str, Any]]) -> None:
    """Add ``entries`` to the file's ``agenda:``, before a closing "Eventuelt"."""
    agenda: list[dict[str, Any]] = list(edit.data.get("agenda") or [])
    if not agenda:
        for entry in entries:
            edit.append(("agenda",), entry)
        return
    index = insertion_index(agenda)
    for n, entry in enumerate(entries):
        edit.insert(("agenda",), index + n, entry)
