"""The page registry: which kinds of page a site has, their templates, paths and contexts.

Adding a page kind is adding a template, a context function and one entry here::

    LANDING = PageKind(
        name="landing",
        title=N_("Specialties"),                       # heading of the kind in lists
        templates={"html": "landing.html.j2"},         # output format -> template name
        path=lambda ctx: f"{ctx['specialty']['slug']}/index",   # no extension
        contexts=_landing_contexts,                    # Scope -> page contexts
    )

and listing it in ``PAGES`` before the site index. Kinds are planned in that order; a
kind's context function sees the pages of the kinds before it in ``scope.pages`` (the
site index lists them: plans, annexes, landing and region pages under their region and
specialty, any other kind under its title). A kind without a template for the output
format is skipped (annexes, landing and region pages have no Markdown template). Paths
are ids, ASCII slugs, so links stay stable.

The kinds: a page per region (``regions/<region>``), a landing page per specialty
(``<specialty>/index``), the education plans (``<specialty>/plan-<trust>``), the
agreement annexes (``<specialty>/fagavtale-<home>--<host>``), the courses each RegUt
organises (``regut/<region>``, rendered with its region's page) and the site index
(``index``). ``--specialty``, ``--trust`` and ``--region`` select plans and annexes by
specialty and trust; a landing page is rendered when ``--specialty`` names its specialty
and a region page when ``--region`` names its region, or both when there is no filter.

Every page context is a plain dict (``context`` builds them from the dataset); links to
other pages are site-relative paths without extension that templates turn into
relative URLs with ``href(path)``, which gives ``None`` when that page is not rendered
in this run (filtered out, or no template for the format).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..collation import collated
from ..errors import InternalError
from ..i18n import N_
from ..load.dataset import Dataset, SpecialtyData
from . import context


@dataclass(frozen=True)
class PageKind:
    name: str
    title: str  # N_-marked heading for a list of pages of this kind, translated where shown
    templates: Mapping[str, str]  # output format -> template name
    path: Callable[[Mapping[str, Any]], str]  # page context -> site-relative path, no extension
    contexts: Callable[[Scope], Iterable[dict[str, Any]]]


@dataclass(frozen=True)
class PlannedPage:
    kind: str
    path: str  # site-relative, with the format's extension
    template: str
    context: dict[str, Any]

    @property
    def label(self) -> str:
        """How lists name the page: the context's ``label`` (data, not translated)."""
        return str(self.context.get("label") or self.path)


@dataclass
class Scope:
    """What ``--specialty``, ``--trust`` and ``--region`` select, and the render's settings."""

    dataset: Dataset
    as_of: str
    lang: str
    output_format: str = "html"
    extension: str = ".html"
    specialty: str | None = None
    trust: str | None = None
    region: str | None = None
    pages: list[PlannedPage] = field(default_factory=list)  # planned so far, in order

    def specialties(self) -> Iterator[tuple[str, SpecialtyData]]:
        """The selected specialties that have a specialty.yaml, by slug."""
        for slug, bundle in self.dataset.specialties.items():
            if bundle.spec is not None and self.specialty in (None, slug):
                yield slug, bundle

    @property
    def unfiltered(self) -> bool:
        """No ``--specialty``, ``--trust`` or ``--region``: the whole site."""
        return self.specialty is None and self.trust is None and self.region is None

    def selects_specialty(self, slug: str) -> bool:
        """Whether the specialty's landing page is rendered: ``--specialty`` names it, or
        there is no filter at all."""
        return self.specialty == slug or self.unfiltered

    def selects_region(self, region: str) -> bool:
        """Whether the region's page is rendered: ``--region`` names it, or there is no
        filter at all."""
        return self.region == region or self.unfiltered

    def selects(self, *trusts: str) -> bool:
        """Whether a page about these trusts passes ``--trust`` and ``--region`` (any of them)."""
        return any(self._selects(t) for t in trusts)

    def _selects(self, trust: str) -> bool:
        if self.trust is not None and trust != self.trust:
            return False
        if self.region is not None:
            doc = self.dataset.trusts.get(trust)
            return doc is not None and doc.data["region"] == self.region
        return True


def plan_path(slug: str, trust: str) -> str:
    return f"{slug}/plan-{trust}"


def agreement_path(slug: str, key: str) -> str:
    return f"{slug}/fagavtale-{key}"


def landing_path(slug: str) -> str:
    return f"{slug}/index"


def region_path(region: str) -> str:
    return f"regions/{region}"


def regut_path(region: str) -> str:
    return f"regut/{region}"


INDEX_PATH = "index"


def relative_href(page: str, target: str) -> str:
    """The relative URL from the page at ``page`` to ``target`` (both site-relative);
    ``target`` ``""`` is the site root (``""`` from a page at the root)."""
    base = posixpath.dirname(page) or "."
    if target == "":
        up = posixpath.relpath(".", base)
        return "" if up == "." else up + "/"
    return posixpath.relpath(target, base)


# -- context functions: Scope -> page contexts ----------------------------------------------


def _plan_contexts(scope: Scope) -> Iterator[dict[str, Any]]:
    for slug, bundle in scope.specialties():
        for home in sorted(bundle.rotations):
            if not scope.selects(home):
                continue
            ctx = context.plan_context(
                scope.dataset, slug, home, as_of=scope.as_of, lang=scope.lang
            )
            for agreement in ctx["agreements"]:
                agreement["page"] = agreement_path(slug, agreement["key"])
            for period in ctx["periods"]:
                key = period["agreement"]
                period["agreement_page"] = agreement_path(slug, key) if key else None
            ctx["landing_page"] = landing_path(slug)
            ctx["region_page"] = _region_page(ctx["region"])
            yield ctx


def _agreement_contexts(scope: Scope) -> Iterator[dict[str, Any]]:
    for slug, bundle in scope.specialties():
        for key, doc in bundle.agreements.items():
            if not scope.selects(doc.data["home"], doc.data["host"]):
                continue
            ctx = context.agreement_context(
                scope.dataset, slug, key, as_of=scope.as_of, lang=scope.lang
            )
            home = doc.data["home"]
            ctx["plan_page"] = plan_path(slug, home) if home in bundle.rotations else None
            ctx["landing_page"] = landing_path(slug)
            ctx["region_page"] = _region_page(ctx["region"])
            yield ctx


def _region_page(region: Mapping[str, Any] | None) -> str | None:
    return region_path(region["id"]) if region else None


def _landing_contexts(scope: Scope) -> Iterator[dict[str, Any]]:
    for slug, _bundle in scope.specialties():
        if not scope.selects_specialty(slug):
            continue
        ctx = context.landing_context(scope.dataset, slug, as_of=scope.as_of, lang=scope.lang)
        for council in ctx["councils"]:
            council["page"] = None if council["cross_regional"] else _region_page(council["region"])
        for trust in ctx["trusts"]:
            trust["plan_page"] = plan_path(slug, trust["id"]) if trust["has_plan"] else None
        for agreement in ctx["agreements"]:
            agreement["page"] = agreement_path(slug, agreement["key"])
        for home in ctx["capacity"]["homes"]:
            if home["agreement"] is not None:
                home["agreement"]["page"] = agreement_path(slug, home["agreement"]["key"])
        _link_courses(ctx["course_plan"], specialties=False)  # not to the page itself
        yield ctx


def _link_courses(catalogues: list[dict[str, Any]], specialties: bool = True) -> None:
    """Each course's organiser to its RegUt's course page, each specialty's catalogue
    (with ``specialties``) to the specialty's landing page."""
    for catalogue in catalogues:
        if specialties and catalogue["kind"] == "specialty":
            catalogue["page"] = landing_path(catalogue["id"])
        for course in catalogue["courses"]:
            course["organiser_page"] = regut_path(course["organiser"]["id"])


def _regut_contexts(scope: Scope) -> Iterator[dict[str, Any]]:
    for region in scope.dataset.regions:
        if not scope.selects_region(region):
            continue
        ctx = context.regut_context(scope.dataset, region, as_of=scope.as_of, lang=scope.lang)
        _link_courses(ctx["catalogues"])
        ctx["region_page"] = region_path(region)
        yield ctx


def _region_contexts(scope: Scope) -> Iterator[dict[str, Any]]:
    for region in scope.dataset.regions:
        if not scope.selects_region(region):
            continue
        ctx = context.region_context(scope.dataset, region, as_of=scope.as_of, lang=scope.lang)
        for trust in ctx["trusts"]:
            for plan in trust["plans"]:
                plan["page"] = plan_path(plan["specialty"]["slug"], trust["id"])
        for council in ctx["councils"]:
            council["page"] = landing_path(council["specialty"]["slug"])
        for specialty in ctx["fagkontakt"]:
            specialty["page"] = landing_path(specialty["slug"])
        ctx["courses_page"] = regut_path(region)
        yield ctx


#: The kinds the site index lists under their region or specialty rather than by kind.
STRUCTURED = frozenset(("plan", "agreement", "landing", "region"))


def _index_contexts(scope: Scope) -> Iterator[dict[str, Any]]:
    groups = []
    for kind in PAGES:
        pages = [p for p in scope.pages if p.kind == kind.name]
        if pages:
            groups.append(
                {
                    "kind": kind.name,
                    "title": kind.title,
                    "structured": kind.name in STRUCTURED,
                    "pages": collated(
                        (
                            {"path": p.path.removesuffix(scope.extension), "label": p.label}
                            for p in pages
                        ),
                        key=lambda p: p["label"],
                    ),
                }
            )
    yield context.index_context(groups, _index_regions(scope), _index_specialties(scope))


def _index_specialties(scope: Scope) -> list[dict[str, Any]]:
    """Per specialty with a page in this run: its landing page, plans and annexes."""
    out: dict[str, dict[str, Any]] = {}
    for page in scope.pages:
        if page.kind not in STRUCTURED or page.kind == "region":
            continue
        ctx = page.context
        spec = ctx["specialty"]
        entry = out.setdefault(
            spec["slug"],
            {
                "slug": spec["slug"],
                "name": spec["name"],
                "code": spec["code"],
                "fagkontakt": spec["fagkontakt"],
                "page": None,
                "plans": [],
                "agreements": [],
            },
        )
        path = page.path.removesuffix(scope.extension)
        if page.kind == "landing":
            entry["page"] = path
        elif page.kind == "plan":
            entry["plans"].append({"path": path, "trust": ctx["trust"]})
        else:
            agreement = ctx["agreement"]
            entry["agreements"].append(
                {"path": path, "home": agreement["home"], "host": agreement["host"]}
            )
    return collated(out.values(), key=lambda s: s["name"])


def _index_regions(scope: Scope) -> list[dict[str, Any]]:
    """Per region with a page in this run (its own, or a plan or annex of its trusts):
    its RegUt, trusts and the specialties it has councils in."""
    ds = scope.dataset
    involved: set[str] = set()
    for page in scope.pages:
        if page.kind in ("plan", "agreement", "region") and page.context.get("region"):
            involved.add(page.context["region"]["id"])
    out = []
    for region in ds.regions:
        if region not in involved:
            continue
        info = context.region_info(ds, region)
        assert info is not None
        councils = collated(
            (
                {"slug": slug, "name": context.localized(bundle.spec.data["name"], scope.lang)}
                for slug, bundle in ds.specialties.items()
                if bundle.spec is not None and region in bundle.councils
            ),
            key=lambda c: c["name"],
        )
        out.append(
            {
                **info,
                "page": region_path(region),
                "trusts": [
                    context.trust_info(ds, t)
                    for t in sorted(
                        ds.region_trusts(region), key=lambda t: context.trust_order(ds, t)
                    )
                ],
                "councils": [{**c, "page": landing_path(c["slug"])} for c in councils],
            }
        )
    return out


# -- the registry ---------------------------------------------------------------------------

PLAN = PageKind(
    name="plan",
    title=N_("Education plans"),
    templates={"html": "plan.html.j2", "md": "plan.md.j2", "pdf": "plan.html.j2"},
    path=lambda ctx: plan_path(ctx["specialty"]["slug"], ctx["trust"]["id"]),
    contexts=_plan_contexts,
)

AGREEMENT = PageKind(
    name="agreement",
    title=N_("Subject agreements (annexes)"),
    templates={"html": "agreement.html.j2", "pdf": "agreement.html.j2"},
    path=lambda ctx: agreement_path(ctx["specialty"]["slug"], ctx["agreement"]["key"]),
    contexts=_agreement_contexts,
)

LANDING = PageKind(
    name="landing",
    title=N_("Specialties"),
    templates={"html": "landing.html.j2"},
    path=lambda ctx: landing_path(ctx["specialty"]["slug"]),
    contexts=_landing_contexts,
)

REGION = PageKind(
    name="region",
    title=N_("Regions"),
    templates={"html": "region.html.j2"},
    path=lambda ctx: region_path(ctx["region"]["id"]),
    contexts=_region_contexts,
)

REGUT = PageKind(
    name="regut",
    title=N_("Courses per RegUt"),
    templates={"html": "regut.html.j2"},
    path=lambda ctx: regut_path(ctx["region"]["id"]),
    contexts=_regut_contexts,
)

INDEX = PageKind(
    name="index",
    title=N_("Index"),
    templates={"html": "index.html.j2", "md": "index.md.j2"},
    path=lambda ctx: INDEX_PATH,
    contexts=_index_contexts,
)

#: The kinds in the order they are planned; the site index last, as it lists the others.
PAGES: tuple[PageKind, ...] = (REGION, LANDING, PLAN, AGREEMENT, REGUT, INDEX)
PAGES_BY_NAME: dict[str, PageKind] = {kind.name: kind for kind in PAGES}


def plan_pages(scope: Scope) -> list[PlannedPage]:
    """Every page the scope selects, kind by kind, with its path and context."""
    seen = {p.path for p in scope.pages}
    for kind in PAGES:
        template = kind.templates.get(scope.output_format)
        if template is None:
            continue
        for ctx in kind.contexts(scope):
            path = kind.path(ctx) + scope.extension
            if path in seen:
                raise InternalError(f"two pages at {path}")
            seen.add(path)
            scope.pages.append(PlannedPage(kind.name, path, template, ctx))
    return list(scope.pages)
