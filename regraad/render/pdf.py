"""PDF from the rendered HTML pages, through WeasyPrint: A4, tagged, numbered pages.

Trusts publish their education plans as PDF. ``--format pdf`` renders the same HTML
templates as ``--format html`` and hands each page to WeasyPrint (HTML and CSS in, a
tagged PDF out, no browser). The print rules that never change (A4, margins, repeated
table heads, no heading or table head left alone at a page foot) are the ``@media
print`` blocks of ``style.css``; what differs per document is made here as a small
stylesheet: the running header (trust or parties, specialty, the git revision the pages
were rendered from) and the page numbers in the document's language ("side 3 av 12").

WeasyPrint never fetches anything: its URL fetcher serves ``data:`` URLs only and refuses
every other address (http, https, ftp, file), so a page naming an external image renders
without it and without a request. The stylesheet is handed over as text, and links
between pages stay relative (no base URL), so a plan's link to its annex opens the PDF
beside it wherever the folder is copied.

WeasyPrint needs Pango from the system; without it the import fails, and the user gets a
message naming the packages to install (exit 1), never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import RefusedError
from ..i18n import N_, _
from ..output.safe import escaped

#: The system packages WeasyPrint loads at import (Debian and Ubuntu names).
SYSTEM_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core")

#: The page-number text in the margin; translated into the document's language.
PAGE_OF = N_("page {page} of {pages}")
REVISION = N_("revision {commit}")
UNCOMMITTED = N_("(uncommitted changes)")  # as the page footer says it

_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


@dataclass(frozen=True)
class Conversion:
    """What ``--format pdf`` converts: every rendered page, the context it was rendered
    with, the stylesheet, and the documents' language."""

    pages: Sequence[tuple[str, bytes]]  # site-relative path (.pdf) -> rendered HTML
    contexts: Mapping[str, Mapping[str, Any]]  # the same path -> its template context
    stylesheet: str
    gettext: Callable[[str], str]  # the catalogue of the documents' language


def convert(conversion: Conversion) -> list[tuple[str, bytes]]:
    """Every page as a PDF, at the same path."""
    weasyprint = _weasyprint()
    fetcher = _fetcher(weasyprint)
    base = weasyprint.CSS(string=conversion.stylesheet, url_fetcher=fetcher)
    out = []
    for path, html in conversion.pages:
        context = conversion.contexts.get(path, {})
        page_css = print_css(running_header(context, conversion.gettext), conversion.gettext)
        document = weasyprint.HTML(
            string=html.decode("utf-8"), base_url=None, url_fetcher=fetcher, media_type="print"
        )
        pdf = document.write_pdf(
            stylesheets=[base, weasyprint.CSS(string=page_css, url_fetcher=fetcher)],
            pdf_tags=True,  # tagged: headings, tables and lists for screen readers
            pdf_variant="pdf/ua-1",
            pdf_identifier=path.encode("utf-8"),  # the same input gives the same file
            uncompressed_pdf=False,
        )
        out.append((path, bytes(pdf)))
    return out


def document_pdf(html: str, header: str, stylesheet: str, gettext: Callable[[str], str]) -> bytes:
    """One document (the report) as a PDF; its header and page numbers as for pages."""
    return convert(
        Conversion(
            pages=[("document.pdf", html.encode("utf-8"))],
            contexts={"document.pdf": {"pdf_header": header}},
            stylesheet=stylesheet,
            gettext=gettext,
        )
    )[0][1]


def running_header(context: Mapping[str, Any], gettext: Callable[[str], str]) -> str:
    """The header on every page: who (the trust, the agreement's parties, or the
    region), the specialty, and the revision the pages were rendered from."""
    if "pdf_header" in context:
        return str(context["pdf_header"])
    parts: list[str] = []
    agreement = context.get("agreement")
    trust = context.get("trust")
    if isinstance(agreement, Mapping):
        parts.append(f"{agreement['home']['short']} – {agreement['host']['short']}")
    elif isinstance(trust, Mapping):
        parts.append(str(trust.get("name", "")))
    elif isinstance(context.get("region"), Mapping):
        parts.append(str(context["region"].get("name", "")))
    specialty = context.get("specialty")
    if isinstance(specialty, Mapping) and specialty.get("name"):
        parts.append(str(specialty["name"]))
    parts.append(revision_text(context.get("revision"), gettext))
    return " · ".join(p for p in parts if p)


def revision_text(revision: Any, gettext: Callable[[str], str]) -> str:
    """``revision 1a2b3c4d5e`` (with a note when the working tree differed), or nothing."""
    if not isinstance(revision, Mapping):
        return ""
    text = gettext(REVISION).format(commit=revision["short"]) if revision.get("short") else ""
    if revision.get("dirty"):
        text = f"{text} {gettext(UNCOMMITTED)}" if text else gettext(UNCOMMITTED)
    return text


def print_css(header: str, gettext: Callable[[str], str]) -> str:
    """The per-document margin boxes: the running header and "page N of M"."""
    pieces = []
    for i, part in enumerate(_PLACEHOLDER.split(gettext(PAGE_OF))):
        if i % 2:
            pieces.append(f"counter({part})")
        elif part:
            pieces.append(css_string(part))
    return (
        "@page {\n"
        f"  @top-left {{ content: {css_string(header)}; }}\n"
        f"  @bottom-right {{ content: {' '.join(pieces)}; }}\n"
        "}\n"
    )


def css_string(text: str) -> str:
    """``text`` as a CSS string: quotes, backslashes and line breaks escaped, control and
    bidirectional characters made visible (data names the header, not CSS)."""
    out = []
    for ch in escaped(text):
        if ch in '"\\' or ch in "\n\r\f" or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _weasyprint() -> Any:
    """The weasyprint module, or a clear refusal naming what to install."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:
        raise RefusedError(
            _(
                "PDF needs WeasyPrint and the Pango library, which could not be loaded: {error}"
            ).format(error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__),
            _(
                "install the system packages {packages} (Debian, Ubuntu) and "
                "pip install weasyprint, or choose --format html"
            ).format(packages=" ".join(SYSTEM_PACKAGES)),
        ) from None
    return weasyprint


def _fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that serves ``data:`` URLs and refuses everything else.

    Nothing in a rendered page may reach the network or the file system: an image or
    stylesheet at an http(s), ftp or file address is left out (WeasyPrint logs and skips
    it), so rendering a PDF never makes a request, whatever the data or a template says.
    """
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class LocalOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.lower().startswith("data:"):
                return super().fetch(url, headers)  # decoded in memory, no request
            raise ValueError(f"regraad fetches nothing for a PDF: {url[:80]}")

    del weasyprint
    return LocalOnly(allowed_protocols=("data",), allow_redirects=False, timeout=1)
