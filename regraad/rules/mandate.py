"""A member's mandate: the personal deputy and the term.

A personal deputy (vara) attends when the member cannot, so the council must know who
that is: ``alternate`` names another entry of the same council (often an observer from
the same trust), there while the member is. A term that ends before it starts is a typo
that would put a wrong election on the agenda.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ..clock import FOREVER
from ..findings import Finding
from ..i18n import N_, _
from . import Context, rule


def _person(name: str) -> str:
    """Names compared as C-DATES compares them: case and spacing do not matter."""
    return " ".join(name.casefold().split())


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two memberships share a day (``to`` is inclusive)."""
    return str(a["from"]) <= str(b.get("to", FOREVER)) and str(b["from"]) <= str(
        a.get("to", FOREVER)
    )


@rule(
    "C-MANDATE",
    "error",
    N_(
        "a member's personal deputy is another entry of the council, there at the same "
        "time; a term does not end before it starts"
    ),
)
def check_mandate(ctx: Context) -> Iterator[Finding]:
    for _slug, bundle in ctx.specialties():
        for doc in bundle.councils.values():
            members: list[dict[str, Any]] = doc.data["members"]
            for i, m in enumerate(members):
                term = m.get("term_to")
                if term is not None and str(term) < str(m["from"]):
                    yield ctx.finding(
                        doc,
                        ("members", i, "term_to"),
                        "C-MANDATE",
                        _(
                            "{name}'s term ends ({term}) before the membership starts ({start})"
                        ).format(name=m["name"], term=term, start=m["from"]),
                    )
                alternate = m.get("alternate")
                if alternate is None:
                    continue
                wanted = _person(str(alternate))
                if wanted == _person(str(m["name"])):
                    yield ctx.finding(
                        doc,
                        ("members", i, "alternate"),
                        "C-MANDATE",
                        _("{name} is named as their own personal deputy").format(name=m["name"]),
                    )
                    continue
                entries = [e for e in members if _person(str(e["name"])) == wanted]
                if not entries:
                    names = sorted({str(e["name"]) for e in members})
                    close = difflib.get_close_matches(str(alternate), names, n=1)
                    yield ctx.finding(
                        doc,
                        ("members", i, "alternate"),
                        "C-MANDATE",
                        _("{name}'s personal deputy {alternate} is not in this council").format(
                            name=m["name"], alternate=alternate
                        ),
                        _("did you mean {names}?").format(names=close[0])
                        if close
                        else _("add the deputy as an entry first, e.g. with `role: observer`"),
                    )
                elif not any(_overlap(m, e) for e in entries):
                    yield ctx.finding(
                        doc,
                        ("members", i, "alternate"),
                        "C-MANDATE",
                        _(
                            "{name}'s personal deputy {alternate} is not in the council "
                            "while {name} is"
                        ).format(name=m["name"], alternate=alternate),
                        _("record the deputy's own membership for the same period"),
                    )
