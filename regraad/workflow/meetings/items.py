"""An agenda item as the data proposes it, and how it is recognised on an agenda."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...load.dataset import Document
from .. import one_line


@dataclass(frozen=True)
class AgendaItem:
    """One item the data puts on the agenda, in the document's language."""

    title: str
    kind: str  # information | discussion | decision | election | proposal (the schema's)
    why: str = ""  # in the CLI's language: what in the data put it there
    proposal: str | None = None
    role: str | None = None  # elections: leader or deputy
    standard: bool = False  # on every agenda (approval, RegUt, any other business)
    id: str = ""  # the item number once numbered, e.g. 3/26
    aliases: tuple[str, ...] = ()  # the same item's title in the other languages
    council: str | None = None  # in a joint meeting: the other council it concerns

    def entry(self) -> dict[str, Any]:
        """As written under ``agenda:``."""
        out: dict[str, Any] = {"id": self.id, "title": self.title, "kind": self.kind}
        if self.council:
            out["council"] = self.council
        if self.proposal:
            out["proposal"] = self.proposal
        return out

    def listed(self, agenda: list[dict[str, Any]]) -> bool:
        """Whether the agenda already has an item about the same thing (for the same
        council, in a joint meeting)."""
        agenda = [e for e in agenda if e.get("council") == self.council]
        if self.proposal:
            return any(e.get("proposal") == self.proposal for e in agenda)
        titles = {t.casefold() for t in (self.title, *self.aliases)}
        return any(str(e.get("title", "")).casefold() in titles for e in agenda)


def proposal_item(doc: Document, words: dict[str, str], why: str = "") -> AgendaItem:
    """The item about a change proposal: where it waits, and where it is decided."""
    pid = doc.params["proposal"]
    title = words["proposal"].format(id=pid, title=one_line(doc.data["title"]))
    return AgendaItem(title, "proposal", why, proposal=pid)
