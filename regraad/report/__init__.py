"""``regraad report``: the RegUt's status and progress report to the RHF.

The HMN mandate (section 4) makes RegUt responsible for reporting status and progress
to the RHF's HR director and medical director. The report is one document per region:
a one-page summary first (the key numbers and the few points that need the RHF's
attention), then a section per specialty the region has a council or coverage in
(council completeness, coverage gaps, time to specialist and bottlenecks, change
proposals, membership changes and decisions since a point), the specialties not yet
registered in one line, and the validation findings.

The CLI fills a ``ReportOptions`` and calls ``execute``; nothing here knows about typer
or rich. ``execute`` validates the data root (``regraad.validate``, so the findings are
the ones ``regraad validate`` gives), reads the audit trail since ``--since``
(``since``), builds the context (``context`` and ``attention``) and renders it with
the sandboxed ``Renderer`` of ``regraad render``: Markdown for e-mail and wikis, or one
self-contained HTML file (the stylesheet inlined) that prints with a page per specialty.

Everything the report says is in its language (``--lang``, bokmål by default): the
catalogue of that language is installed while the findings and the report's sentences
are made, and the CLI's own messages stay in theirs.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import RefusedError, UsageError
from ..i18n import LANGUAGES, _

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..load.dataset import Dataset
    from ..render.environment import Renderer

T = TypeVar("T")


@dataclass(frozen=True)
class ReportFormat:
    """A ``--format`` value: its template, and whether it goes to stdout by default."""

    name: str
    template: str
    to_stdout: bool


# The choices of --format come from this registry.
FORMATS_BY_NAME: dict[str, ReportFormat] = {
    "md": ReportFormat("md", "report.md.j2", to_stdout=True),
    "html": ReportFormat("html", "report.html.j2", to_stdout=False),
    # the HTML report as an A4 PDF through WeasyPrint (regraad.render.pdf)
    "pdf": ReportFormat("pdf", "report.html.j2", to_stdout=False),
}
#: The template of ``--fagkontakt``'s view per format (``regraad.report.fagkontakt``).
FAGKONTAKT_TEMPLATES: dict[str, str] = {
    "md": "fagkontakt.md.j2",
    "html": "fagkontakt.html.j2",
    "pdf": "fagkontakt.html.j2",
}
DEFAULT_FORMAT = "md"
DEFAULT_LANGUAGE = "nb"
REPORT_LANGUAGES: tuple[str, ...] = LANGUAGES
#: Where an HTML report goes without ``--out``, inside the data root.
DEFAULT_FOLDER = "site"
STDOUT = "-"


def default_name(region: str, view: str = "report", fmt: str = "html") -> str:
    return f"{view}-{region}.{'pdf' if fmt == 'pdf' else 'html'}"


@dataclass(frozen=True)
class ReportOptions:
    root: Path
    region: str | None = None  # default: the only region of the dataset
    since: str | None = None  # a date (YYYY-MM-DD) or a revision
    output_format: str = DEFAULT_FORMAT
    out: Path | None = None  # a file, or "-" for stdout
    lang: str = DEFAULT_LANGUAGE
    as_of: str | None = None  # ISO date (default: today)
    include_contact: bool = False  # publish e-mail addresses and phone numbers
    fagkontakt: str | None = None  # the region whose fagkontakt view is wanted instead


@dataclass(frozen=True)
class ReportResult:
    region: str
    text: str  # the rendered report
    path: Path | None  # where it was written; None when it goes to stdout


@contextmanager
def document_language(lang: str) -> Iterator[None]:
    """Install ``lang``'s catalogue while the report's words are made; restore it after."""
    from ..i18n import current_language, set_language

    previous = current_language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(previous)


def execute(options: ReportOptions) -> ReportResult:
    """Build the report for one region, render it, and write it (unless it goes to stdout)."""
    from .. import __version__, clock
    from ..output.files import atomic_write, remember
    from ..render import source_revision
    from ..render.environment import Renderer
    from ..validate import ValidateOptions
    from ..validate import execute as validate
    from . import since as since_mod
    from .context import report_context
    from .fagkontakt import fagkontakt_context

    fmt = _choose(options.output_format, FORMATS_BY_NAME, "--format")
    lang = _choose(options.lang, {code: code for code in REPORT_LANGUAGES}, "--lang")
    as_of = options.as_of or clock.today()
    root = options.root
    if options.fagkontakt is not None and (options.region, options.since) != (None, None):
        raise UsageError(
            _("--fagkontakt: the view is for one RegUt; leave out --region and --since")
        )
    if options.since is not None:
        since_mod.parse_date(options.since)  # a malformed date fails before any work
    with document_language(lang):
        validation = validate(ValidateOptions(root=root, as_of=as_of, timeline=True))
    dataset = validation.dataset
    assert dataset is not None
    if not options.include_contact:
        dataset = dataset.withheld()
    region, view, template = _view(dataset, options, fmt)
    target = _target(root, options.out, fmt, default_name(region, view, fmt.name))
    since = since_mod.resolve(root, options.since)
    with document_language(lang):
        if options.fagkontakt is not None:
            context = fagkontakt_context(
                dataset, region, as_of=as_of, lang=lang, findings=validation.findings
            )
        else:
            context = report_context(
                dataset, region, as_of=as_of, lang=lang, findings=validation.findings, since=since
            )
    renderer = Renderer(
        lang=lang,
        root=root,
        trusts={tid: doc.data for tid, doc in dataset.trusts.items()},
        include_contact=options.include_contact,
    )
    stylesheet = None
    if fmt.name == "html":
        css = renderer.static("style.css").encode("utf-8")
        stylesheet = "data:text/css;charset=utf-8;base64," + base64.b64encode(css).decode()
    common = {
        "lang": lang,
        "format": fmt.name,
        "as_of": as_of,
        "revision": source_revision(root, None).as_context(),
        "version": __version__,
        "index_path": None,
        "index_href": None,
        "page_path": default_name(region, view, fmt.name),
        "root": "./",
        "stylesheet": stylesheet,
    }
    text = renderer.render(template, {**common, **context}, fmt.name)
    if target is None:
        return ReportResult(region, text, None)
    content = _content(text, fmt, renderer, {**common, **context})
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, content)
        remember({target: content})  # so the next report may replace it
    except OSError as exc:
        raise RefusedError(
            _("could not write {path}: {error}").format(
                path=exc.filename or target, error=exc.strerror
            )
        ) from None
    return ReportResult(region, text, target)


def _content(text: str, fmt: ReportFormat, renderer: Renderer, context: Mapping[str, Any]) -> bytes:
    """What is written: the rendered text, or for pdf that HTML as an A4 PDF with the
    region and revision in its running header (``regraad.render.pdf``)."""
    if fmt.name != "pdf":
        return text.encode("utf-8")
    from ..render.pdf import document_pdf, running_header

    gettext = renderer.catalogue.gettext
    header = running_header(context, gettext)
    return document_pdf(text, header, renderer.static("style.css"), gettext)


def choose_region(dataset: Dataset, region: str | None, option: str = "--region") -> str:
    """``region``, or the dataset's only region; a usage error naming ``option`` and
    listing the choices."""
    regions = sorted(dataset.regions)
    if region is None and len(regions) == 1:
        return regions[0]
    if region is None:
        raise UsageError(
            _("--region: the report is for one region"),
            _("choose one of: {choices}").format(choices=", ".join(regions) or "-"),
        )
    if region not in regions and ("region", region) in dataset.present:
        raise RefusedError(
            _("{path} has errors; run regraad validate").format(path=f"data/regions/{region}.yaml")
        )
    if region not in regions:
        raise UsageError(
            _("{option}: unknown '{value}'").format(option=option, value=region),
            _("choose one of: {choices}").format(choices=", ".join(regions) or "-"),
        )
    return region


def _view(dataset: Dataset, options: ReportOptions, fmt: ReportFormat) -> tuple[str, str, str]:
    """(the region, the view's name, its template): the region's report, or with
    ``--fagkontakt`` the fagkontakt view of that region's RegUt."""
    if options.fagkontakt is not None:
        region = choose_region(dataset, options.fagkontakt, "--fagkontakt")
        return region, "fagkontakt", FAGKONTAKT_TEMPLATES[fmt.name]
    return choose_region(dataset, options.region), "report", fmt.template


def _choose(value: str, choices: Mapping[str, T], option: str) -> T:
    if value not in choices:
        raise UsageError(
            _("{option}: '{value}' is not one of {choices}").format(
                option=option, value=value, choices=", ".join(choices)
            )
        )
    return choices[value]


def _target(root: Path, out: Path | None, fmt: ReportFormat, name: str) -> Path | None:
    """Where the report goes: None for stdout; never a folder, never in or through a link
    into data/ or .git, never over a file regraad did not write (``output.files.claim``)."""
    from ..output.files import claim

    if out is None:
        if fmt.to_stdout:
            return None
        out = root / DEFAULT_FOLDER / name
    elif str(out) == STDOUT and fmt.name == "pdf":
        raise UsageError(_("--out: a PDF is not written to stdout; name a file"))
    elif str(out) == STDOUT:
        return None
    if out.is_dir():
        raise UsageError(_("--out: {path} is a folder; name a file").format(path=out))
    claim(root, out, "--out")
    return out
