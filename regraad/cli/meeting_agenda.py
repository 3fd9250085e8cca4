"""How ``regraad meeting agenda`` shows an agenda: what it lists, then what the data adds.

In a joint meeting each item names its council first, ``[SPECIALTY/REGION]``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from ..i18n import N_, _, format_date
from ..output.safe import visible

if TYPE_CHECKING:
    from ..load.dataset import Document
    from ..workflow.meetings import AgendaItem


def show_agenda(doc: Document, items: list[AgendaItem]) -> None:
    """The items already on the agenda, then those the data proposes."""
    from ..workflow.meetings import ref
    from ..workflow.meetings.order import in_order

    existing = in_order(list(doc.data.get("agenda") or []))
    out = sys.stdout
    if existing:
        out.write(_("On the agenda of {ref}:").format(ref=ref(doc)) + "\n")
        for entry in existing:
            out.write(_item_line(str(entry["id"]), str(entry.get("kind", "")), _title(entry)))
        out.write("\n")
        if items:
            out.write(_("Also for the agenda, from the data:") + "\n")
        else:
            out.write(_("The data adds nothing to it.") + "\n")
    else:
        out.write(
            _("Agenda proposed for {ref} ({date}):").format(
                ref=ref(doc), date=format_date(doc.data["date"])
            )
            + "\n"
        )
    _write_items(items)


#: An agenda item's kind (the schema's values) in words.
ITEM_KINDS = {
    "information": N_("information"),
    "discussion": N_("discussion"),
    "decision": N_("decision"),
    "election": N_("election"),
    "proposal": N_("proposal"),
}


def _item_line(number: str, kind: str, title: str) -> str:
    """An agenda line; a long title wraps at spaces under itself to fit the terminal."""
    word = _(ITEM_KINDS[kind]) if kind in ITEM_KINDS else kind
    return _hanging(f"  {number:<7} {word:<15} ", " ".join(title.split()))


def _hanging(head: str, text: str) -> str:
    import textwrap

    from ..output.terminal import terminal_width

    width = terminal_width(sys.stdout)
    if width is None or len(head) + len(text) <= width or width - len(head) < 20:
        return head + text + "\n"
    lines = textwrap.wrap(text, width - len(head), break_long_words=False, break_on_hyphens=False)
    return head + ("\n" + " " * len(head)).join(lines) + "\n"


def _title(item: dict[str, Any]) -> str:  # an item of a joint meeting names its council
    return f"[{item['council']}] {item['title']}" if item.get("council") else str(item["title"])


def _write_items(items: list[AgendaItem]) -> None:
    for item in items:
        sys.stdout.write(
            _item_line(visible(item.id), visible(item.kind), visible(_title(item.entry())))
        )
        if item.why:
            sys.stdout.write(_hanging(f"  {'':<7} {'':<15} ", f"({visible(item.why)})"))
