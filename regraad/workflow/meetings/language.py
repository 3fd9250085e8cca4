"""The words of a meeting file and its minutes, in the document's language.

What goes into the meeting file or the minutes is written in the document's language
(bokmål by default, or English) whatever language the CLI's own messages are in: the
phrases come from ``PHRASES``, proposal states from the catalogue of that language.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable

from ...errors import UsageError
from ...i18n import _

LANGUAGES = ("nb", "en")

# Words of the meeting file and the minutes, per document language.
PHRASES: dict[str, dict[str, str]] = {
    "nb": {
        "approve": "Godkjenning av innkalling og saksliste",
        "regut": "Orientering fra {regut}",
        "other": "Eventuelt",
        "proposal": "Endringsforslag {id}: {title}",
        "election": "Valg av {role}",
        "capacity": (
            "Kapasitet ved {host}: behov for {demand} LIS samtidig, "
            "{positions} gjennomstrømningsstillinger"
        ),
        "places": (
            "Fagavtale {home}–{host}: planene trenger {demand} plasser samtidig, "
            "avtalen gir {places}"
        ),
        "gap": "Rådets sammensetning: {finding}",
        "recommend.support": "Rådet støtter endringsforslag {id}.",
        "recommend.oppose": "Rådet går imot endringsforslag {id}.",
        "recommend.amend": "Rådet støtter endringsforslag {id} med endringer.",
        "elected": "{name} ({trust}) er valgt til {role} av rådet fra {date}.",
        "advanced": "Endringsforslag {id} går videre: {state}.",
        "accepted": "Endringsforslag {id} er vedtatt.",
        "rejected": "Endringsforslag {id} er avslått.",
        "title": "Referat fra møte i {council} i {specialty}, {region}",
        "council": "regionalt råd for LIS-utdanning",
        "cross": "tverregionalt råd for LIS-utdanning",
        "cross-region": "tverregionalt",
        "date": "Dato",
        "kind": "Møtetype",
        "place": "Sted",
        "convened_by": "Innkalt av",
        "minutes_by": "Referent",
        "present": "Til stede",
        "absent": "Forfall",
        "alternate_for": "vara for",
        "agenda": "Saker",
        "item": "Sak",
        "decision": "Vedtak",
        "other_decisions": "Andre vedtak",
        "no_items": "Ingen saker er ført opp.",
        "summary": "Referat",
        "next": "Neste møte",
        "from": "fra",
        "to": "til",
        "role.leader": "leder",
        "role.deputy": "nestleder",
        "role.member": "medlem",
        "role.union-rep": "tillitsvalgt",
        "role.lis-rep": "LIS-representant",
        "role.observer": "bisitter",
        "role.regut": "RegUt",
        "role.guest": "gjest",
        "kind.ordinary": "ordinært møte",
        "kind.extraordinary": "ekstraordinært møte",
        "kind.joint": "fellesmøte",
        "kind.constituent": "konstituerende møte",
        "item.information": "orientering",
        "item.discussion": "diskusjon",
        "item.decision": "beslutning",
        "item.election": "valg",
        "item.proposal": "endringsforslag",
        "position.support": "støtter",
        "position.oppose": "går imot",
        "position.amend": "støtter med endringer",
        "election.ref": "valg av {role}: {name}",
        "proposal.ref": "endringsforslag {id}",
    },
    "en": {
        "approve": "Approval of the notice and the agenda",
        "regut": "Information from {regut}",
        "other": "Any other business",
        "proposal": "Change proposal {id}: {title}",
        "election": "Election of {role}",
        "capacity": (
            "Capacity at {host}: {demand} LIS needed at a time, {positions} throughput positions"
        ),
        "places": (
            "Agreement {home}–{host}: the plans need {demand} places at a time, it gives {places}"
        ),
        "gap": "Council composition: {finding}",
        "recommend.support": "The council supports change proposal {id}.",
        "recommend.oppose": "The council opposes change proposal {id}.",
        "recommend.amend": "The council supports change proposal {id} with amendments.",
        "elected": "{name} ({trust}) is elected {role} of the council from {date}.",
        "advanced": "Change proposal {id} moves on: {state}.",
        "accepted": "Change proposal {id} is accepted.",
        "rejected": "Change proposal {id} is rejected.",
        "title": "Minutes of the meeting of the {council} in {specialty}, {region}",
        "council": "regional council for LIS education",
        "cross": "cross-regional council for LIS education",
        "cross-region": "cross-regional",
        "date": "Date",
        "kind": "Meeting",
        "place": "Place",
        "convened_by": "Convened by",
        "minutes_by": "Minutes taken by",
        "present": "Present",
        "absent": "Apologies",
        "alternate_for": "personal deputy for",
        "agenda": "Items",
        "item": "Item",
        "decision": "Decision",
        "other_decisions": "Other decisions",
        "no_items": "No items were listed.",
        "summary": "Summary",
        "next": "Next meeting",
        "from": "from",
        "to": "until",
        "role.leader": "leader",
        "role.deputy": "deputy leader",
        "role.member": "member",
        "role.union-rep": "union representative",
        "role.lis-rep": "LIS representative",
        "role.observer": "observer",
        "role.regut": "RegUt",
        "role.guest": "guest",
        "kind.ordinary": "ordinary meeting",
        "kind.extraordinary": "extraordinary meeting",
        "kind.joint": "joint meeting",
        "kind.constituent": "constituent meeting",
        "item.information": "information",
        "item.discussion": "discussion",
        "item.decision": "decision",
        "item.election": "election",
        "item.proposal": "change proposal",
        "position.support": "supports",
        "position.oppose": "opposes",
        "position.amend": "supports with amendments",
        "election.ref": "election of {role}: {name}",
        "proposal.ref": "change proposal {id}",
    },
}

# the elected roles in the CLI's language (msgids shared with the rendered pages)
ROLE_TITLES = {"leader": "leader", "deputy": "deputy leader"}


def phrases(lang: str) -> dict[str, str]:
    if lang not in PHRASES:
        raise UsageError("--lang: " + _("use nb or en"))
    return PHRASES[lang]


def document_gettext(lang: str) -> Callable[[str], str]:
    """The catalogue of the document's language (for states the workflow names)."""
    from ...i18n import DOMAIN, LOCALE_DIR

    return _gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True
    ).gettext
