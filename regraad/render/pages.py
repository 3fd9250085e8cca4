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
site index lists them). A kind without a template for the output format is skipped
(annexes have no Markdown template). Paths are ids, ASCII slugs, so links stay stable.

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

from ..dataset import Dataset, SpecialtyData
from ..errors import InternalError
from ..i18n import N_
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
            yield ctx


def _index_contexts(scope: Scope) -> Iterator[dict[str, Any]]:
    groups = []
    for kind in PAGES:
        pages = [p for p in scope.pages if p.kind == kind.name]
        if pages:
            groups.append(
                {
                    "kind": kind.name,
                    "title": kind.title,
                    "pages": [
                        {"path": p.path.removesuffix(scope.extension), "label": p.label}
                        for p in pages
                    ],
                }
            )
    yield context.index_context(groups)


# -- the registry ---------------------------------------------------------------------------

PLAN = PageKind(
    name="plan",
    title=N_("Education plans"),
    templates={"html": "plan.html.j2", "md": "plan.md.j2"},
    path=lambda ctx: plan_path(ctx["specialty"]["slug"], ctx["trust"]["id"]),
    contexts=_plan_contexts,
)

AGREEMENT = PageKind(
    name="agreement",
    title=N_("Subject agreements (annexes)"),
    templates={"html": "agreement.html.j2"},
    path=lambda ctx: agreement_path(ctx["specialty"]["slug"], ctx["agreement"]["key"]),
    contexts=_agreement_contexts,
)

INDEX = PageKind(
    name="index",
    title=N_("Index"),
    templates={"html": "index.html.j2", "md": "index.md.j2"},
    path=lambda ctx: INDEX_PATH,
    contexts=_index_contexts,
)

#: The kinds in the order they are planned; the site index last, as it lists the others.
PAGES: tuple[PageKind, ...] = (PLAN, AGREEMENT, INDEX)
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
