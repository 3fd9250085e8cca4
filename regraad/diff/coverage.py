"""Coverage: a goal's status at a trust, told with where the rest is now reached
("HMR: ANE-014 full → none, now via St. Olav"), and the sites where it is reached."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..i18n import N_, _
from .emitter import Emitter, Entry, Names, plus_minus
from .entities import Entries, Pair, Report, in_document


def _where(entry: Entry, names: Names) -> str:
    via = entry.get("via")
    if via:
        return _(", now via {trust}").format(trust=names.trust(via))
    return ""


def _words(out: Emitter, pair: Pair) -> dict[str, Any]:
    entry = pair.entry
    return {
        "trust": out.name,
        "goal": pair.key,
        "status": entry["status"],
        "where": _where(entry, out.names),
    }


def _kept(out: Emitter, pair: Pair) -> Iterable[str]:
    was, now = pair.was or {}, pair.now or {}
    subject = in_document(out, pair)
    words = _words(out, pair)  # of the entry as it is now
    if was["status"] != now["status"] or was.get("via") != now.get("via"):
        message = _("{trust}: {goal} {before} → {after}{where}")
        out.add(
            "coverage",
            "changed",
            subject,
            message.format(**words, before=was["status"], after=now["status"]),
            was,
            now,
        )
    # a goal no longer reached loses its sites: the status line has said so
    if was.get("sites") != now.get("sites") and (
        now["status"] != "none" or was["status"] == "none"
    ):
        change = plus_minus(was.get("sites") or [], now.get("sites") or [])
        out.add(
            "coverage",
            "changed",
            subject,
            _("{trust}: {goal} sites {change}").format(**words, change=change),
            was.get("sites"),
            now.get("sites"),
        )
    return ("status", "via", "sites")


COVERAGE = Report(
    "coverage",
    "coverage",
    steps=(
        Entries(
            "goals",
            "coverage",
            _words,
            N_("{trust}: {goal} assessed as {status}{where}"),
            N_("{trust}: {goal} no longer assessed (was {status})"),
            subject=in_document,
            kept=_kept,
        ),
    ),
    rest=lambda trust: _("{trust} coverage").format(trust=trust),
)
