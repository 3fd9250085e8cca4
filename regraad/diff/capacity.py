"""Training places: the positions a host trust offers, and the places, months and
goals an agreement between two trusts settles."""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n import N_, _
from .emitter import Emitter, Entry, plus_minus
from .entities import Entries, Pair, Report, Whole


def _host(out: Emitter, pair: Pair) -> str:
    return out.names.trust(pair.key)


def _positions(out: Emitter, pair: Pair) -> Iterable[str]:
    host = _host(out, pair)
    message = _("{trust}: positions {before} → {after}")
    out.field("capacity", host, "positions", pair.was or {}, pair.now or {}, message, trust=host)
    return ("positions",)


CAPACITY = Report(
    "capacity",
    "capacity",
    steps=(
        Entries(
            "hosts",
            "capacity",
            lambda out, pair: {
                "trust": _host(out, pair),
                "positions": pair.entry.get("positions"),
            },
            N_("{trust}: host with {positions} positions added"),
            N_("{trust}: host with {positions} positions removed"),
            subject=_host,
            kept=_positions,
        ),
    ),
)


def _terms(out: Emitter, old: Entry, new: Entry) -> Iterable[str]:
    for name, message in (
        ("places", _("agreement {pair}: places {before} → {after}")),
        ("months", _("agreement {pair}: months {before} → {after}")),
    ):
        out.field("agreements", out.name, name, old, new, message, pair=out.name)
    change = plus_minus(old.get("goals", []), new.get("goals", []))
    message = _("agreement {pair}: goals {change}")
    out.field("agreements", out.name, "goals", old, new, message, pair=out.name, change=change)
    return ("places", "months", "goals")


AGREEMENT = Report(
    "agreement",
    "agreements",
    steps=(_terms,),
    whole=Whole(
        N_("agreement {pair} added: {places} places, {months} months"),
        N_("agreement {pair} removed ({places} places, {months} months)"),
        lambda data, pair: {
            "pair": pair,
            "places": data.get("places"),
            "months": data.get("months"),
        },
    ),
    rest=lambda pair: _("agreement {pair}").format(pair=pair),
    name=lambda doc, names: (
        f"{names.trust(doc.params['home'])} → {names.trust(doc.params['host'])}"
    ),
)
