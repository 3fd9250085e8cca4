"""The reference documents: specialties and goal sets with their goals, regions with
their council policy, trusts with their sites."""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n import N_, _
from .emitter import Emitter, Entry, plus_minus
from .entities import Report, Whole, index
from .goals import ACTIVITIES, goals
from .versions import goalset_goals


def _fagkontakt(out: Emitter, old: Entry, new: Entry) -> Iterable[str]:
    """The region in charge of the specialty, named as a region rather than a code."""
    message = _("fagkontakt RegUt {before} → {after}")
    out.field("reference", "fagkontakt", "fagkontakt", old, new, message, shown=out.names.region)
    return ("fagkontakt",)


def _goal_count(data: Entry) -> int:
    """The goals of a specialty or of a goal set; of a versioned set, its newest version's."""
    versions = data.get("versions") or [data]
    return len(max(versions, key=lambda v: (v.get("valid") or {}).get("from", "")).get("goals", []))


SPECIALTY = Report(
    "specialty",
    "reference",
    steps=(goals(prefixed=False), ACTIVITIES, _fagkontakt),
    whole=Whole(
        N_("specialty {slug} added ({count} goals)"),
        N_("specialty {slug} removed ({count} goals)"),
        lambda data, slug: {"slug": slug, "count": _goal_count(data)},
    ),
    rest=lambda slug: _("specialty"),
)

GOALSET = Report(
    "goalset",
    "reference",
    steps=(goalset_goals,),
    whole=Whole(
        N_("goal set {id} added ({count} goals)"),
        N_("goal set {id} removed ({count} goals)"),
        lambda data, set_id: {"id": set_id, "count": _goal_count(data)},
    ),
)


def _council_policy(out: Emitter, old: Entry, new: Entry) -> Iterable[str]:
    """The policy is one section, so its fields are told under its own name."""
    out.fields(
        "reference",
        _("{region} council policy").format(region=out.name),
        old.get("council_policy") or {},
        new.get("council_policy") or {},
    )
    return ("council_policy",)


REGION = Report(
    "region",
    "reference",
    steps=(_council_policy,),
    whole=Whole(N_("region {id} added"), N_("region {id} removed"), lambda data, rid: {"id": rid}),
)


def _sites(out: Emitter, old: Entry, new: Entry) -> Iterable[str]:
    """Sites opened and closed in one line; a kept site's name, municipality or note
    field by field, in HEAD's order."""
    sites = out.kind.collection("sites")
    old_sites, new_sites = index(sites, old.get("sites")), index(sites, new.get("sites"))
    before, after = list(old_sites), list(new_sites)
    if set(before) != set(after):
        out.add(
            "reference",
            "changed",
            out.name,
            _("{trust}: sites {change}").format(trust=out.name, change=plus_minus(before, after)),
            before,
            after,
        )
    for site_id, site in new_sites.items():
        if site_id in old_sites:
            out.fields(
                "reference", f"{out.name}: {site_id}", old_sites[site_id], site, skip=sites.key
            )
    return ()


TRUST = Report(
    "trust",
    "reference",
    steps=(_sites,),
    whole=Whole(
        N_("trust {name} added"), N_("trust {name} removed"), lambda data, name: {"name": name}
    ),
)
