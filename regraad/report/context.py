"""The report's context: plain dicts the templates read, built from one dataset.

Which specialties a region's report covers: those with a council file for the region or
a coverage file of one of its trusts. Per specialty:

- ``council``: the region's council on the date, its leader, deputy, union and LIS
  representatives against the region's policy, and a member per offering trust; the
  verdicts are the C-rules' findings for that council (``run_rules``), not a second
  implementation of them;
- ``coverage``: ``analysis.coverage.matrix`` for the region: the goals no trust of the
  region covers fully, and each trust's share of goals reached at home;
- ``estimate``: ``analysis.estimate`` for the region's home trusts and the hosts they
  rotate to (or that are in the region), with bottlenecks and what removes them;
- ``proposals``: those that concern the region (national ones, and local ones from the
  region), open ones with their stage and age in days, and those decided since the
  report's point;
- ``changes``: the audit trail's actions for the region since the point;
- ``findings``: validation findings in the specialty's files that concern the region.

Beside them, ``outside``: the open national proposals in the other specialties that
still concern the region (it is their fagkontakt, they came from it, or its
recommendation is awaited; ``fagkontakt.outside_context``).

Each section is built by its own module (``council``, ``coverage``, ``estimate``,
``proposals``, ``changes``, ``validation``), for the files ``scope`` says the report
speaks for; this module assembles them, and ``attention`` the first page's summary.

Numbers, ids, dates and codes are left to the templates to format and translate, as in
``regraad.render.context``; the sentences that need the data's words in the middle
(the attention list, the changes, the findings' own messages) are written in this
package, in the report's language, which the caller installs
(``regraad.report.document_language``).
"""

from __future__ import annotations

from typing import Any

from ..collation import collated
from ..findings import Finding, Severity
from ..load.dataset import Dataset
from ..render.context import localized, region_info
from .cases import case_contexts
from .changes import change_context, concerns_region, since_context
from .council import council_context, council_file, goalset_councils_context
from .coverage import coverage_context
from .estimate import estimate_context
from .fagkontakt import outside_context
from .proposals import proposal_context
from .scope import Scope, specialties_in
from .since import Since
from .validation import count, finding_info, findings_summary


def specialty_context(
    ds: Dataset,
    slug: str,
    region: str,
    *,
    as_of: str,
    lang: str,
    scope: Scope,
    findings: list[Finding],
    since: Since,
    changes: list[dict[str, Any]],
) -> dict[str, Any]:
    bundle = ds.specialties[slug]
    spec = bundle.spec.data if bundle.spec else {}
    mine = [f for f in findings if scope.place(f.path) == (True, slug)]
    council_path = council_file(ds, slug, region)  # a national council serves every region
    coverage_paths = {f"data/specialties/{slug}/coverage/{t}.yaml" for t in bundle.coverage}
    council_findings = [
        f
        for f in mine
        if f.rule.startswith("C-")
        and (f.path == council_path or (f.rule == "C-TRUSTS" and f.path in coverage_paths))
    ]
    proposals = [
        p
        for p in (
            proposal_context(ds, slug, pid, doc.data, region, as_of)
            for pid, doc in sorted(bundle.proposals.items())
            if (slug, pid) in scope.proposals
        )
        if p is not None
    ]
    decided = [
        p
        for p in proposals
        if not p["open"] and since.date is not None and str(p["decided"]) >= since.date
    ]
    return {
        "slug": slug,
        "anchor": f"specialty-{slug}",
        "code": spec.get("code"),
        "name": localized(spec.get("name", slug), lang),
        "fagkontakt": region_info(ds, spec.get("fagkontakt")),
        "council": council_context(ds, bundle, region, as_of, council_findings),
        "coverage": coverage_context(ds, slug, region, as_of),
        "estimate": estimate_context(ds, bundle, region, as_of),
        "proposals": {
            "open": [p for p in proposals if p["open"]],
            "decided": decided,
        },
        "changes": [c for c in changes if c["specialty"] == slug],
        "cases": case_contexts(ds, bundle, region, as_of, since.date),
        "findings": findings_summary(mine),
    }


def _name(ds: Dataset, slug: str, lang: str) -> str:
    """A specialty's name in ``lang``, which orders the report's specialties."""
    spec = ds.specialties[slug].spec
    return localized(spec.data.get("name", slug), lang) if spec else slug


def report_context(
    ds: Dataset,
    region: str,
    *,
    as_of: str,
    lang: str,
    findings: list[Finding],
    since: Since,
) -> dict[str, Any]:
    """Everything the report templates read (see the module docstring); ``summary`` holds
    the key numbers and the points that need the RHF's attention."""
    from .attention import summary

    slugs = collated(specialties_in(ds, region), key=lambda s: _name(ds, s, lang))
    scope = Scope(ds, region, slugs)
    actions = [a for a in since.actions if concerns_region(a, region, scope.proposals)]
    changes = [change_context(a) for a in actions]
    specialties = [
        specialty_context(
            ds,
            slug,
            region,
            as_of=as_of,
            lang=lang,
            scope=scope,
            findings=findings,
            since=since,
            changes=changes,
        )
        for slug in slugs
    ]
    regional = [f for f in findings if scope.place(f.path)[0]]
    info = region_info(ds, region)
    assert info is not None
    region_doc = ds.regions[region].data
    unregistered = collated(
        (
            {
                "slug": slug,
                "code": bundle.spec.data.get("code"),
                "name": localized(bundle.spec.data.get("name", slug), lang),
            }
            for slug, bundle in ds.specialties.items()
            if bundle.spec is not None and slug not in slugs
        ),
        key=lambda s: s["name"],
    )
    context: dict[str, Any] = {
        "label": info["name"],
        "region": {**info, "reports_to": list(region_doc.get("reports_to", []))},
        "since": since_context(ds.label, since),
        "specialties": specialties,
        # the region's councils for common goal sets, and the national ones
        "goalset_councils": goalset_councils_context(ds, region, as_of, findings),
        "unregistered": unregistered,
        "all_specialties": len(specialties) + len(unregistered),
        # national proposals the region must act on outside its specialties above
        "outside": outside_context(ds, region, set(slugs), as_of=as_of, lang=lang),
        "changes": changes,
        "findings": {
            **findings_summary(regional),
            "outside": [
                finding_info(f)
                for f in regional
                if f.severity is Severity.ERROR and scope.place(f.path)[1] is None
            ],
            "dataset_errors": count(findings, Severity.ERROR),
            "dataset_warnings": count(findings, Severity.WARNING),
        },
    }
    context["summary"] = summary(context, as_of=as_of, lang=lang)
    return context
