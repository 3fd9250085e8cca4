"""The approval register: a trust approved, its approval ended or its scope changed, as
a council member reads it in a pull request (who offers the specialty changes with it)."""

from __future__ import annotations

from ..i18n import N_, _
from .emitter import Emitter
from .entities import Entries, Pair, Report


def _subject(out: Emitter, pair: Pair) -> str:
    entry = pair.entry
    return _("{trust} part {part}").format(
        trust=out.names.trust(str(entry.get("trust"))), part=entry.get("part")
    )


APPROVALS = Report(
    "approvals",
    "approvals",
    steps=(
        Entries(
            "approvals",
            "approvals",
            lambda out, pair: {
                "trust": out.names.trust(str(pair.entry.get("trust"))),
                "part": pair.entry.get("part"),
                "scope": pair.entry.get("scope"),
                "start": pair.entry.get("from"),
                "decision": pair.entry.get("decision"),
            },
            N_("{trust} approved for part {part} ({scope}) from {start}, decision {decision}"),
            N_("{trust}: approval for part {part} ({scope}) from {start} removed"),
            subject=_subject,
        ),
    ),
)
