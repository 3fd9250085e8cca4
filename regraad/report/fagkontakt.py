"""The fagkontakt view: a RegUt's national duty for the specialties it is subject contact for.

Each specialty names one fagkontakt RegUt (``fagkontakt`` in its ``specialty.yaml``);
every national proposal for it goes through that RegUt, whichever region it came from,
and it is that RegUt that chases the councils of all four regions for their
recommendations. ``regraad report --fagkontakt REGION`` therefore shows, per specialty
the region is fagkontakt for, the open national proposals across all regions (how long
each has waited at its stage, its nearest deadline (``workflow.due``), which regions'
recommendations are still awaited) and each region's council for the specialty, judged
by the C-rules' findings as in the regional report.

``outside_context`` serves the regional report: the open national proposals in
specialties the region has neither a council nor coverage in, that still concern it
(it is their fagkontakt, they came from it, or they wait for its recommendation), so
that no proposal the region must act on falls between the report's sections.
"""

from __future__ import annotations

from typing import Any

from .. import clock
from ..collation import collated
from ..findings import Finding
from ..i18n import N_
from ..load.dataset import Dataset, SpecialtyData
from ..render.context import localized, region_info
from ..rules.proposal_flow import NEEDS_RECOMMENDATION, workflow_for
from ..workflow.due import waiting
from .council import council_context
from .proposals import proposal_context
from .scope import in_region

#: Why a proposal outside the report's specialties concerns the region.
REASONS = {
    "fagkontakt": N_("the region's RegUt is fagkontakt"),
    "origin": N_("proposed in the region"),
    "awaited": N_("the region's recommendation is awaited"),
}


def fagkontakt_for(ds: Dataset, region: str) -> list[str]:
    """Slugs of the specialties whose fagkontakt RegUt is ``region``'s, in dataset order."""
    return [
        slug
        for slug, bundle in ds.specialties.items()
        if bundle.spec is not None and bundle.spec.data.get("fagkontakt") == region
    ]


def national_proposals(
    ds: Dataset, bundle: SpecialtyData, region: str, as_of: str
) -> list[dict[str, Any]]:
    """The specialty's open national proposals on ``as_of``, longest at their stage first,
    with their deadline and the regions whose recommendation is still awaited."""
    found = []
    for pid, doc in sorted(bundle.proposals.items()):
        if not workflow_for(doc.data).national:
            continue
        p = proposal_context(ds, bundle.slug, pid, doc.data, region, as_of)
        if p is None or not p["open"]:
            continue
        # the specialty is named (and why it concerns the region given) by outside_context
        row = {**p, "specialty_name": None, "specialty_code": None, "reasons": []}
        found.append({**row, **_waiting_on(ds, bundle.slug, pid, p["state"], as_of)})
    found.sort(key=lambda p: (-p["days_in_stage"], p["id"]))
    return found


def _waiting_on(ds: Dataset, slug: str, pid: str, state: str, as_of: str) -> dict[str, Any]:
    """The nearest deadline of those the proposal waits on (``workflow.due``: a council's
    own, or the one its current step records) and, in council review, the regions whose
    councils have not given their recommendation."""
    parties = [w for w in waiting(ds, as_of, specialty=slug) if w.id == pid]
    dues = sorted(str(w.due) for w in parties if w.due is not None)
    due = dues[0] if dues else None
    awaited = (
        [region_info(ds, w.region) for w in parties if w.region is not None]
        if state == NEEDS_RECOMMENDATION
        else []
    )
    return {
        "due": due,
        "overdue": due is not None and due < as_of,
        "days_to_due": None if due is None else clock.days_between(as_of, due),
        "awaited": [a for a in awaited if a is not None and a["id"] in ds.regions],
        "waiting_on": [w.on for w in parties],
    }


def council_findings(
    ds: Dataset, bundle: SpecialtyData, region: str, findings: list[Finding]
) -> list[Finding]:
    """The C-rules' findings on ``region``'s council for the specialty, and C-TRUSTS on
    the coverage files of the region's trusts (as the regional report reads them)."""
    council_path = f"data/specialties/{bundle.slug}/councils/{region}.yaml"
    coverage = {
        f"data/specialties/{bundle.slug}/coverage/{t}.yaml"
        for t in bundle.coverage
        if in_region(ds, t, region)
    }
    return [
        f
        for f in findings
        if f.rule.startswith("C-")
        and (f.path == council_path or (f.rule == "C-TRUSTS" and f.path in coverage))
    ]


def council_status(
    ds: Dataset, bundle: SpecialtyData, as_of: str, findings: list[Finding]
) -> list[dict[str, Any]]:
    """Each region's council for the specialty: whether one is recorded, its leader, and
    whether it is complete by that region's policy."""
    rows = []
    for region in sorted(ds.regions):
        council = council_context(
            ds, bundle, region, as_of, council_findings(ds, bundle, region, findings)
        )
        rows.append(
            {
                "region": region_info(ds, region),
                "exists": council["exists"],
                "broken": council["broken"],
                "members": len(council["members"]),
                "leaders": [m for m in council["members"] if m["role"] == "leader"],
                "complete": council["complete"],
                "errors": council["errors"],
                "warnings": council["warnings"],
                "missing_trusts": council["missing_trusts"],
            }
        )
    return rows


def fagkontakt_context(
    ds: Dataset, region: str, *, as_of: str, lang: str, findings: list[Finding]
) -> dict[str, Any]:
    """Everything ``fagkontakt.*.j2`` reads (see the module docstring)."""
    info = region_info(ds, region)
    assert info is not None
    specialties: list[dict[str, Any]] = []
    for slug in fagkontakt_for(ds, region):
        bundle = ds.specialties[slug]
        spec = bundle.spec.data if bundle.spec else {}
        specialties.append(
            {
                "slug": slug,
                "anchor": f"fagkontakt-{slug}",
                "code": spec.get("code"),
                "name": localized(spec.get("name", slug), lang),
                "proposals": national_proposals(ds, bundle, region, as_of),
                "councils": council_status(ds, bundle, as_of, findings),
            }
        )
    specialties = collated(specialties, key=lambda s: s["name"])  # the Norwegian alphabet
    proposals = [p for s in specialties for p in s["proposals"]]
    return {
        "label": info["name"],
        "region": info,
        "specialties": specialties,
        "numbers": {
            "specialties": len(specialties),
            "open": len(proposals),
            "longest_days": max((p["days_in_stage"] for p in proposals), default=None),
            "overdue": sum(1 for p in proposals if p["overdue"]),
        },
    }


def outside_context(
    ds: Dataset, region: str, covered: set[str], *, as_of: str, lang: str
) -> list[dict[str, Any]]:
    """Open national proposals in the specialties outside ``covered`` that concern
    ``region``, each with why (``REASONS``), longest at their stage first."""
    found = []
    for slug, bundle in ds.specialties.items():
        if bundle.spec is None or slug in covered:
            continue
        fagkontakt = bundle.spec.data.get("fagkontakt") == region
        name = localized(bundle.spec.data.get("name", slug), lang)
        for p in national_proposals(ds, bundle, region, as_of):
            reasons = [
                key
                for key, applies in (
                    ("fagkontakt", fagkontakt),
                    ("origin", (p["origin"]["region"] or {}).get("id") == region),
                    ("awaited", p["waits_for_region"]),
                )
                if applies
            ]
            if reasons:
                found.append(
                    {
                        **p,
                        "specialty_name": name,
                        "specialty_code": bundle.spec.data.get("code"),
                        "fagkontakt": fagkontakt,
                        "reasons": [REASONS[r] for r in reasons],
                    }
                )
    found.sort(key=lambda p: (-p["days_in_stage"], p["specialty"], p["id"]))
    return found
