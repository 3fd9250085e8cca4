"""Rendered pages as a browser sees them: real headless Chromium, every link followed."""

from __future__ import annotations

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from regraad.cli.app import main
from regraad.i18n import DOMAIN, LOCALE_DIR

from .browser import dom, screenshot
from .conftest import AS_OF, PROJECT


class _Page(HTMLParser):
    """Links, ids, and the text of table rows and SVG texts in a DOM dump."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.rows: list[str] = []
        self.svg_texts: list[str] = []
        self._row: list[str] | None = None
        self._svg_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag in ("a", "link") and values.get("href"):
            self.links.append(str(values["href"]))
        if tag == "tr":
            self._row = []
        if tag == "text":
            self._svg_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None:
            self.rows.append(" ".join(" ".join(self._row).split()))
            self._row = None
        if tag == "text" and self._svg_text is not None:
            self.svg_texts.append("".join(self._svg_text).strip())
            self._svg_text = None

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self._row.append(data)
        if self._svg_text is not None:
            self._svg_text.append(data)


def parse(page: Path) -> _Page:
    parsed = _Page()
    parsed.feed(dom(page))
    return parsed


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert main(["--root", str(PROJECT), "render", "--out", str(out), "--as-of", AS_OF]) == 0
    return out


def test_every_internal_link_resolves_in_the_browser(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    parsed = {page: parse(page) for page in pages}
    broken = []
    for page, content in parsed.items():
        for link in content.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto"):
                continue  # the trusts' own web sites and addresses
            if parts.scheme or parts.netloc:
                broken.append(f"{page.relative_to(site)}: unexpected link {link}")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            if parts.fragment:
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    assert broken == []


def test_radiologi_plan_of_hnt_shows_24_months_at_st_olavs(site: Path) -> None:
    page = site / "radiologi" / "plan-hnt.html"
    content = parse(page)
    rows = [row for row in content.rows if "St. Olav" in row]
    assert any(re.search(r"\b24\b", row) for row in rows), rows
    assert any(re.fullmatch(r"24\D*", text) for text in content.svg_texts), content.svg_texts
    shot = screenshot(page, "radiologi-plan-hnt.png")
    assert shot.stat().st_size > 10_000


def test_screenshots_of_the_other_pages(site: Path) -> None:
    for page, name in (
        (site / "index.html", "index.png"),
        (site / "radiologi" / "fagavtale-hnt--stolav.html", "radiologi-fagavtale-hnt.png"),
    ):
        assert page.is_file(), page
        assert screenshot(page, name).stat().st_size > 5_000


def test_screenshots_of_a_landing_page_and_a_region_page(site: Path) -> None:
    landing = site / "anestesiologi" / "index.html"
    content = parse(landing)
    # the heatmap's rows and the utilisation chart's value, as the browser laid them out
    # (a row label's text holds its tooltip, the goal's title, before the goal's id)
    for goal in ("ANE-015", "FKM-01"):
        assert any(text.endswith(goal) for text in content.svg_texts), goal
    assert any(re.fullmatch(r"6\D+7\D*", text) for text in content.svg_texts), content.svg_texts
    assert any(row.startswith("St. Olavs hospital HF") and "7" in row for row in content.rows)
    assert screenshot(landing, "anestesiologi-landing.png", height=3600).stat().st_size > 20_000
    region = site / "regions" / "hmn.html"
    assert any(row.startswith("Radiologi") for row in parse(region).rows)
    assert screenshot(region, "region-hmn.png").stat().st_size > 10_000


def test_report_to_the_rhf_opens_with_its_summary(tmp_path: Path) -> None:
    """The HMN report in the browser: the summary is the first section heading, the
    stylesheet inlined in the page is applied, and a screenshot is kept."""
    page = tmp_path / "report-hmn.html"
    args = ["--root", str(PROJECT), "report", "--region", "hmn", "--format", "html"]
    assert main([*args, "--out", str(page), "--as-of", AS_OF]) == 0
    html = dom(page)
    headings = [
        " ".join(re.sub(r"<[^>]+>", " ", h).split())
        for h in re.findall(r"<h2\b[^>]*>(.*?)</h2>", html, flags=re.S)
    ]
    summary = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=["nb"], fallback=True
    ).gettext("Summary")
    assert headings[0] == summary, headings
    assert headings[1:5] == [
        "Anestesiologi (ANE)",
        "Barnesykdommer (PED)",
        "Ortopedisk kirurgi (ORT)",
        "Radiologi (RAD)",
    ]
    assert html.index('id="summary"') < html.index('id="specialty-anestesiologi"')
    content = parse(page)
    assert any(row.startswith("St. Olavs hospital HF 7 7 100") for row in content.rows)
    assert screenshot(page, "report-hmn.png", height=3000).stat().st_size > 20_000
