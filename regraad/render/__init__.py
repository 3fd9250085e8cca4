"""``regraad render``: education plans and agreement annexes as HTML or Markdown.

The CLI fills a ``RenderOptions`` and calls ``execute``; nothing here knows about typer
or rich. ``execute`` loads the dataset (the working tree or a git revision), plans every
page of the kinds in ``pages.PAGES_BY_NAME`` (pure contexts from ``context``), renders
them all in memory in the sandboxed environment of ``environment``, and only then writes
them, atomically. A template that fails leaves the output folder as it was. Writing
(``output.files.write_folder``) guards every file on its own, so no link inside the
folder leads a page into data/ or .git, and keeps a manifest of the files written so a
folder holding files regraad did not write is refused (exit 1) rather than overwritten.

jinja2 is imported only inside ``execute``, so ``regraad --help`` never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import clock
from ..errors import UsageError
from ..i18n import LANGUAGES, _

if TYPE_CHECKING:
    from ..load.dataset import Dataset
    from .pages import PlannedPage
    from .pdf import Conversion


@dataclass(frozen=True)
class OutputFormat:
    """A ``--format`` value: the file extension of its pages and whether they link a
    stylesheet; ``convert`` turns the rendered pages into the files written (PDF from
    the HTML templates), or None to write them as rendered."""

    name: str
    extension: str
    stylesheet: bool
    convert: Callable[[Conversion], list[tuple[str, bytes]]] | None = None


def _pdf(conversion: Conversion) -> list[tuple[str, bytes]]:
    from .pdf import convert  # weasyprint is loaded only for --format pdf

    return convert(conversion)


# The choices of --format come from this registry; a page kind lists the template of
# each format it has (``pages.PAGES``): pdf has plans and agreement annexes.
FORMATS_BY_NAME: dict[str, OutputFormat] = {
    "html": OutputFormat("html", ".html", stylesheet=True),
    "md": OutputFormat("md", ".md", stylesheet=False),
    "pdf": OutputFormat("pdf", ".pdf", stylesheet=False, convert=_pdf),
}

#: Rendered documents are in bokmål unless ``--lang`` says otherwise.
DEFAULT_LANGUAGE = "nb"
RENDER_LANGUAGES: tuple[str, ...] = LANGUAGES

#: The stylesheet every HTML page links relatively; written once per site.
STYLESHEET = "style.css"

#: Where the site goes without ``--out``, inside the data root.
DEFAULT_OUT = "site"

#: Called after each page is rendered: (pages done, pages in all, the page's path).
ProgressHook = Callable[[int, int, str], None]


@dataclass(frozen=True)
class RenderOptions:
    root: Path
    out: Path | None = None  # default: <root>/site
    output_format: str = "html"
    lang: str = DEFAULT_LANGUAGE
    specialty: str | None = None
    trust: str | None = None
    region: str | None = None
    rev: str | None = None  # render a git revision instead of the working tree
    as_of: str | None = None  # ISO date the data is judged on (default: today)
    progress: ProgressHook | None = None
    include_contact: bool = False  # publish e-mail addresses and phone numbers


@dataclass(frozen=True)
class SourceRevision:
    """The git commit the data was rendered from, and whether the working tree differs."""

    commit: str | None = None  # None outside git, or in a repository without commits
    dirty: bool = False

    @property
    def short(self) -> str | None:
        return self.commit[:10] if self.commit else None

    def as_context(self) -> dict[str, Any]:
        return {"commit": self.commit, "short": self.short, "dirty": self.dirty}


@dataclass
class RenderResult:
    out: Path
    files: list[Path] = field(default_factory=list)  # every file written, the index last
    index: Path | None = None  # the site's index page
    pages: int = 0
    revision: SourceRevision = field(default_factory=SourceRevision)
    broken_files: int = 0  # files that did not load (parse or schema) and are left out


def execute(options: RenderOptions) -> RenderResult:
    """Render every page the options select; write them only when all succeeded."""
    from ..load.loader import load_directory, load_revision
    from ..output.files import write_folder
    from .environment import Renderer
    from .pages import Scope, plan_pages

    fmt = _choose(options.output_format, FORMATS_BY_NAME, "--format")
    lang = _choose(options.lang, {code: code for code in RENDER_LANGUAGES}, "--lang")
    as_of = options.as_of or clock.today()
    root = options.root
    out = _out_dir(root, options.out)

    dataset = load_revision(root, options.rev) if options.rev else load_directory(root)
    if not options.include_contact:
        dataset = dataset.withheld()
    _check_filters(dataset, options)
    revision = source_revision(root, options.rev)

    scope = Scope(
        dataset=dataset,
        as_of=as_of,
        lang=lang,
        output_format=fmt.name,
        extension=fmt.extension,
        specialty=options.specialty,
        trust=options.trust,
        region=options.region,
    )
    planned = plan_pages(scope)
    renderer = Renderer(
        lang=lang,
        root=root,
        trusts={tid: doc.data for tid, doc in dataset.trusts.items()},
        paths=frozenset(page.path for page in planned),
        extension=fmt.extension,
        include_contact=options.include_contact,
    )
    common = {
        "lang": lang,
        "format": fmt.name,
        "as_of": as_of,
        "revision": revision.as_context(),
        "version": _version(),
        "index_path": next((p.path for p in planned if p.kind == "index"), None),
    }

    rendered: dict[str, bytes] = {}
    contexts: dict[str, dict[str, Any]] = {}
    if fmt.stylesheet:
        rendered[STYLESHEET] = renderer.static(STYLESHEET).encode("utf-8")
    for done, page in enumerate(planned, start=1):
        context = {**common, **page.context, **_page_keys(page, fmt, common)}
        contexts[page.path] = context
        rendered[page.path] = renderer.render(page.template, context, fmt.name).encode("utf-8")
        if options.progress is not None:
            options.progress(done, len(planned), page.path)

    result = RenderResult(
        out=out,
        pages=len(planned),
        revision=revision,
        broken_files=len({f.path for f in dataset.load_findings}),
    )
    files = _index_last(rendered, common["index_path"])
    if fmt.convert is not None:
        from .pdf import Conversion

        stylesheet = renderer.static(STYLESHEET)
        gettext = renderer.catalogue.gettext
        files = fmt.convert(Conversion(files, contexts, stylesheet, gettext))
    # every file is guarded on its own and the folder's manifest says which are regraad's
    result.files = write_folder(root, out, files, "--out")
    if common["index_path"] is not None:
        result.index = out / common["index_path"]
    return result


def _choose(value: str, choices: dict[str, Any], option: str) -> Any:
    if value not in choices:
        raise UsageError(
            _("{option}: '{value}' is not one of {choices}").format(
                option=option, value=value, choices=", ".join(choices)
            )
        )
    return choices[value]


def _out_dir(root: Path, out: Path | None) -> Path:
    """The output folder; never a file, never in or through a link into data/ or .git
    (checked here before any work, and again for each file when writing)."""
    from ..output.files import guard

    target = out if out is not None else root / DEFAULT_OUT
    if target.exists() and not target.is_dir():
        raise UsageError(_("--out: {path} is not a folder").format(path=target))
    guard(root, target, "--out")
    return target


def _check_filters(dataset: Dataset, options: RenderOptions) -> None:
    """Unknown --specialty, --trust or --region: a usage error listing the choices."""
    known = {
        "--specialty": (
            options.specialty,
            [s for s, bundle in dataset.specialties.items() if bundle.spec is not None],
        ),
        "--trust": (options.trust, sorted(dataset.trusts)),
        "--region": (options.region, sorted(dataset.regions)),
    }
    for option, (value, choices) in known.items():
        if value is not None and value not in choices:
            raise UsageError(
                _("{option}: unknown '{value}'").format(option=option, value=value),
                _("choose one of: {choices}").format(choices=", ".join(choices)),
            )


def source_revision(root: Path, rev: str | None) -> SourceRevision:
    """The commit rendered from: ``rev``'s, or HEAD's with a note when data or templates
    in the working tree differ from it (``None`` outside git)."""
    from ..git import gitio

    where = gitio.place(root)
    if where is None:
        return SourceRevision()
    if rev is not None:
        return SourceRevision(gitio.resolve_commit(where.repo, rev))
    try:
        head = gitio.run(where.repo, "rev-parse", "--verify", "--quiet", "HEAD").decode().strip()
    except gitio.GitError:
        return SourceRevision(None, dirty=True)  # no commit yet: everything is uncommitted
    watched = (f"{where.prefix}data/", f"{where.prefix}templates/")
    changed = gitio.changed_paths(where.repo, head)
    return SourceRevision(head, dirty=any(p.startswith(watched) for p in changed))


def _page_keys(page: PlannedPage, fmt: OutputFormat, common: dict[str, Any]) -> dict[str, Any]:
    """Keys every page gets for its place in the site: relative links to the root,
    the stylesheet and the index."""
    from .pages import relative_href

    index = common["index_path"]
    return {
        "page_path": page.path,
        "root": relative_href(page.path, "") or "./",
        "stylesheet": relative_href(page.path, STYLESHEET) if fmt.stylesheet else None,
        "index_href": relative_href(page.path, index) if index and index != page.path else None,
    }


def _index_last(rendered: dict[str, bytes], index: str | None) -> list[tuple[str, bytes]]:
    items = [(path, content) for path, content in rendered.items() if path != index]
    if index is not None and index in rendered:
        items.append((index, rendered[index]))
    return items


def _version() -> str:
    from .. import __version__

    return __version__
