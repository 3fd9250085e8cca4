"""A bottleneck case drafted from the estimate's figures (``case new --from-estimate``).

The bottleneck is the one ``analysis.capacity`` defines, at a host in the council's
region on the day; the case's subject and background are its figures (positions,
demand, the simulated wait, each home trust's places), written in the document's
language like the agenda's capacity items, so the council starts from the numbers
``regraad estimate`` shows rather than from a retyped summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import RefusedError, UsageError
from ..i18n import _, format_number
from ..load.dataset import Dataset
from ..load.regions import region_short
from .meetings.language import phrases
from .meetings.names import trust_name

_WORDS = {
    "nb": {
        "subject": "Flaskehals ved {host}: behov for {demand} LIS samtidig, "
        "{positions} gjennomstrømningsstillinger",
        "figures": "Estimat per {date}: {positions} gjennomstrømningsstillinger ved {host}, "
        "behov for {demand} LIS samtidig.",
        "wait": "Simulert ventetid på stilling: gjennomsnitt {mean} måneder, 90-persentil "
        "{p90} måneder{growing}.",
        "growing": ", økende",
        "places": "{home}: behov {demand}, avtalen gir {places} plasser.",
        "no_places": "{home}: behov {demand}, ingen gyldig fagavtale.",
    },
    "en": {
        "subject": "Bottleneck at {host}: {demand} LIS needed at a time, "
        "{positions} throughput positions",
        "figures": "Estimate on {date}: {positions} throughput positions at {host}, "
        "{demand} LIS needed at a time.",
        "wait": "Simulated wait for a position: mean {mean} months, 90th percentile "
        "{p90} months{growing}.",
        "growing": ", growing",
        "places": "{home}: demand {demand}, the agreement gives {places} places.",
        "no_places": "{home}: demand {demand}, no valid agreement.",
    },
}


@dataclass(frozen=True)
class Draft:
    """What ``case new`` files for a bottleneck."""

    subject: str
    background: str
    trusts: list[str]


def from_estimate(dataset: Dataset, slug: str, region: str, as_of: str, lang: str) -> Draft:
    """The worst bottleneck at a host in ``region`` on ``as_of`` (the largest excess of
    demand over positions, then the longest mean wait); refused when there is none."""
    from ..analysis.capacity import verdicts

    phrases(lang)  # a usage error for an unknown language
    words = _WORDS[lang]
    bundle = dataset.specialties.get(slug)
    if bundle is None or bundle.spec is None:
        raise UsageError(_("no specialty '{slug}'").format(slug=slug))
    if region not in dataset.regions:
        raise UsageError(_("--region: no region '{region}'").format(region=region))
    found = [
        v
        for v in (verdicts(bundle, as_of) if bundle.capacity and bundle.rotations else ())
        if v.bottleneck and _in_region(dataset, v.host, region)
    ]
    if not found:
        raise RefusedError(
            _("the estimate finds no bottleneck at a host in {region} for {slug} on {date}").format(
                region=region_short(dataset, region), slug=slug, date=as_of
            ),
            _("regraad estimate {slug} shows the hosts and their load").format(slug=slug),
        )
    worst = max(
        found, key=lambda v: (v.demand - v.positions, v.wait.mean if v.wait is not None else 0.0)
    )
    host = trust_name(dataset, worst.host)
    demand = format_number(worst.demand, lang, decimals=1)
    lines = [
        words["figures"].format(date=as_of, positions=worst.positions, host=host, demand=demand)
    ]
    if worst.wait is not None:
        lines.append(
            words["wait"].format(
                mean=format_number(worst.wait.mean, lang, decimals=1),
                p90=worst.wait.p90,
                growing=words["growing"] if worst.wait.growing else "",
            )
        )
    homes = []
    for load in worst.agreements:
        if load.demand <= 0 and load.places is None:
            continue
        homes.append(load.home)
        key = "no_places" if load.places is None else "places"
        lines.append(
            words[key].format(
                home=trust_name(dataset, load.home),
                demand=format_number(load.demand, lang, decimals=1),
                places=load.places,
            )
        )
    subject = words["subject"].format(host=host, demand=demand, positions=worst.positions)
    return Draft(subject, " ".join(lines), [worst.host, *homes])


def _in_region(dataset: Dataset, trust: str, region: str) -> bool:
    doc = dataset.trusts.get(trust)
    return doc is not None and doc.data["region"] == region
