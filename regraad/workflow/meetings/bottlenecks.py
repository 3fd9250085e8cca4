"""Bottlenecks at the region's hosts on the meeting date: the agenda's capacity items."""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import N_, _, format_number
from ...load.dataset import Dataset
from ...rules.references import CROSS_REGIONAL
from .items import AgendaItem
from .language import phrases
from .names import trust_name

#: a bottleneck's reasons (``analysis.capacity.reasons``) as the agenda explains them
REASONS = {
    "demand": N_("demand above the positions"),
    "places": N_("demand above an agreement's places"),
    "wait": N_("simulated wait for a position"),
}


def _number(value: float, lang: str) -> str:
    return format_number(value, lang, decimals=1)


def bottlenecks(
    dataset: Dataset, slug: str, region: str, date: str, lang: str
) -> Iterator[AgendaItem]:
    """The bottlenecks at hosts in the region on the meeting date, as ``regraad estimate``
    and K-BOTTLENECK find them (``analysis.capacity.verdicts``)."""
    from ...analysis.capacity import verdicts

    words = phrases(lang)
    bundle = dataset.specialties[slug]
    if bundle.capacity is None or not bundle.rotations:
        return

    def in_region(trust: str) -> bool:
        doc = dataset.trusts.get(trust)
        return region == CROSS_REGIONAL or (doc is not None and doc.data["region"] == region)

    for verdict in verdicts(bundle, date):
        if not verdict.bottleneck or not in_region(verdict.host):
            continue
        host = trust_name(dataset, verdict.host)
        title = words["capacity"].format(
            host=host, demand=_number(verdict.demand, lang), positions=verdict.positions
        )
        why = _("K-BOTTLENECK: {host} is a bottleneck ({reasons}); see regraad estimate").format(
            host=host, reasons=", ".join(_(REASONS[r]) for r in verdict.reasons)
        )
        yield AgendaItem(title, "discussion", why)
        for load in verdict.agreements:
            if load.places is None or load.demand <= load.places + 1e-9:
                continue
            title = words["places"].format(
                home=trust_name(dataset, load.home),
                host=host,
                demand=_number(load.demand, lang),
                places=load.places,
            )
            why = _("K-BOTTLENECK: the rotation plans need more places than the agreement gives")
            yield AgendaItem(title, "discussion", why)
