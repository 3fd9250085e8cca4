"""P-UTDANNINGSPLAN: what a published education plan (``plans/<trust>.yaml``) names
exists, and the plan page that shows it will be rendered.

The plan page shows these texts around the trust's implementation plan, so a
``plans/<trust>.yaml`` without ``rotations/<trust>.yaml`` is never published; a goal a
local learning activity or a learning arena names must be a goal of the specialty, and a
site one of the trust's, or the page tells applicants of goals and places that are not
there.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import N_, _
from . import Context, rule


@rule(
    "P-UTDANNINGSPLAN",
    "error",
    N_(
        "an education plan's texts belong to a trust with an implementation plan, and name "
        "the specialty's goals and the trust's sites"
    ),
)
def check_education_plans(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    for slug, bundle in ctx.specialties():
        if bundle.spec is None:
            continue
        goals = ds.goals(slug)
        for trust, doc in bundle.plans.items():
            if trust not in bundle.rotations and ("rotation", slug, trust) not in ds.present:
                yield ctx.finding(
                    doc,
                    ("trust",),
                    "P-UTDANNINGSPLAN",
                    _(
                        "{trust} has no implementation plan for {slug}, so its education "
                        "plan is never published"
                    ).format(trust=trust, slug=slug),
                    _("add data/specialties/{slug}/rotations/{trust}.yaml").format(
                        slug=slug, trust=trust
                    ),
                )
            # a trust whose file is broken or missing has its own findings: no cascade here
            sites = ds.sites.get(trust) if trust in ds.trusts else None
            departments = (doc.data.get("organisation") or {}).get("departments", [])
            for field, entries in (
                ("organisation", departments),
                ("arenas", doc.data.get("arenas", [])),
            ):
                for i, entry in enumerate(entries):
                    site = entry.get("site")
                    if site is not None and sites is not None and site not in sites:
                        path = (
                            ("organisation", "departments", i, "site")
                            if field == "organisation"
                            else ("arenas", i, "site")
                        )
                        yield ctx.finding(
                            doc,
                            path,
                            "P-UTDANNINGSPLAN",
                            _("{trust} has no site '{site}'").format(trust=trust, site=site),
                        )
            for field in ("arenas", "activities"):
                for i, entry in enumerate(doc.data.get(field, [])):
                    for j, goal in enumerate(entry.get("goals", [])):
                        if goal not in goals:
                            yield ctx.finding(
                                doc,
                                (field, i, "goals", j),
                                "P-UTDANNINGSPLAN",
                                _("{goal} is not a learning goal of {slug}").format(
                                    goal=goal, slug=slug
                                ),
                            )
