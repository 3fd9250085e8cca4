"""`regraad render`: education plans and agreement annexes, escaped, sandboxed, accessible."""

from __future__ import annotations

import gettext
import itertools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import html5lib
import pytest

from regraad.cli.app import main
from regraad.i18n import DOMAIN, LOCALE_DIR
from regraad.loader import load_directory

from .conftest import AS_OF, git

SVG = "{http://www.w3.org/2000/svg}"
RAD = "data/specialties/radiologi"


def render(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str
) -> tuple[int, list[str], str]:
    """Run `regraad render` on ``root``; (exit code, stdout lines, stderr)."""
    capsys.readouterr()
    code = main(["--root", str(root), "render", "--as-of", AS_OF, *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def parse(path: Path) -> ET.Element:
    """The page as a tree; html5lib in strict mode raises on any parse error."""
    parser = html5lib.HTMLParser(
        tree=html5lib.getTreeBuilder("etree", ET), strict=True, namespaceHTMLElements=False
    )
    root: ET.Element = parser.parse(path.read_bytes())
    return root


def text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def edit(root: Path, path: str, old: str, new: str) -> None:
    target = root / path
    content = target.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    target.write_text(content.replace(old, new, 1), encoding="utf-8")


def nb_catalogue() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=["nb"], fallback=True)


# -- the education plan ------------------------------------------------------------------------


def test_radiologi_plan_for_hnt_has_the_periods_the_timeline_and_every_goal(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    code, lines, err = render(capsys, data_root, "-s", "radiologi", "-t", "hnt", "--out", str(out))
    assert code == 0, err
    page = out / "radiologi" / "plan-hnt.html"
    assert str(page) in lines
    tree = parse(page)

    periods = next(t for t in tree.iter("table") if "periods" in t.get("class", ""))
    rows = periods.find("tbody").findall("tr")  # type: ignore[union-attr]
    assert [text(r.find("th")) for r in rows] == [  # type: ignore[arg-type]
        "1. Generell radiologi",
        "2. Sentral rotasjon",
        "3. Selvstendig radiologi og avsluttende fase",
    ]
    central = rows[1]
    assert central.get("class") == "away"  # highlighted: a period at another trust
    cells = [text(td) for td in central.findall("td")]
    assert cells[0].startswith("St. Olavs hospital HF")
    assert cells[2] == "24"
    assert cells[3] == "24–48"
    assert "hnt--stolav" in cells[5]
    tfoot = text(periods.find("tfoot"))  # type: ignore[arg-type]
    assert "60" in tfoot

    charts = list(tree.iter(f"{SVG}svg"))
    assert len(charts) == 1 and "regraad-timeline" in charts[0].get("class", "")
    assert "Sentral rotasjon" in text(charts[0])

    # every goal in force, the specialty's own and FKM's, with where it is reached
    expected = load_directory(data_root).active_goals("radiologi", AS_OF)
    assert len(expected) == 34 + 29
    where: dict[str, str] = {}
    for table in tree.iter("table"):
        if "goals" not in table.get("class", ""):
            continue
        for row in table.find("tbody"):  # type: ignore[union-attr]
            where[text(row.find("th"))] = text(row.findall("td")[1])  # type: ignore[arg-type]
    assert sorted(where) == sorted(expected)
    assert all(where.values())
    assert where["RAD-001"] == "Sykehuset Namsos, period 1: Generell radiologi"
    assert where["RAD-004"] == "via St. Olavs hospital HF, period 2: Sentral rotasjon"
    assert where["FKM-01"].startswith("Sykehuset Namsos, period 1")

    body = text(tree)
    # prerequisites before the central rotation, with goal titles
    assert "Before period 2: Sentral rotasjon" in body
    assert "Felles kompetansemål (FKM) completed: all 29 goals" in body
    assert "LIS skal i hovedsak ha oppnådd" in body
    # the estimate's hook: plan months now, the wait later
    assert "add up to 60 months" in body and "regraad estimate" in body
    # national courses with organiser, procedures with minimum numbers
    assert "Kurs i nevroradiologi" in body and "RegUt HMN" in body
    assert "CT-beskrivelser" in body and "3\u00a0000" in page.read_text(encoding="utf-8")
    # the council members active on the date, and no ended membership
    assert "Berit Hjelde Nygård" in body and "Maria Skjetne" in body
    assert "Kristoffer Eide" not in body and "Oda Kvernmo" not in body
    assert "No fagkontakt RegUt is recorded for Radiologi" in body
    # the date of the data; outside git there is no revision to name
    assert "22. november 2026" in body
    assert "outside git" in body


def test_plan_context_has_the_estimate_hook(data_root: Path) -> None:
    from regraad.render.context import plan_context

    ctx = plan_context(load_directory(data_root), "radiologi", "hnt", as_of=AS_OF, lang="nb")
    assert ctx["estimate"] == {"plan_months": 60, "wait_months": None, "total_months": None}
    assert [p["away"] for p in ctx["periods"]] == [False, True, False]
    assert [a["key"] for a in ctx["agreements"]] == ["hnt--stolav"]
    assert ctx["specialty"]["name"] == "Radiologi"


def test_agreement_annex(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    code, _lines, err = render(capsys, data_root, "-s", "radiologi", "--out", str(out))
    assert code == 0, err
    annex = out / "radiologi" / "fagavtale-hnt--stolav.html"
    tree = parse(annex)
    body = text(tree)
    terms = {
        text(row.find("th")): text(row.find("td"))  # type: ignore[arg-type]
        for row in next(t for t in tree.iter("table") if "terms" in t.get("class", "")).iter("tr")
    }
    assert terms["Home trust (employer)"] == "Helse Nord-Trøndelag HF"
    assert terms["Host trust"].startswith("St. Olavs hospital HF")
    assert terms["Valid"] == "from 1. mars 2019"
    assert terms["Places at the host"].startswith("4 ")
    assert terms["Length of each stay"].startswith("24 ")
    goals = {
        text(row.find("th")): text(row.find("td"))  # type: ignore[arg-type]
        for row in next(t for t in tree.iter("table") if "goals" in t.get("class", "")).find(
            "tbody"
        )  # type: ignore[union-attr]
    }
    assert len(goals) == 18
    assert goals["RAD-016"].startswith("Kunne tolke MR caput")
    assert "Fagdirektør, Helse Nord-Trøndelag HF" in body
    assert "Fagdirektør, St. Olavs hospital HF" in body
    # the annex and the plan link to each other
    links = {a.get("href") for a in tree.iter("a")}
    assert "plan-hnt.html" in links
    plan_links = {a.get("href") for a in parse(out / "radiologi" / "plan-hnt.html").iter("a")}
    assert "fagavtale-hnt--stolav.html" in plan_links


# -- Markdown ----------------------------------------------------------------------------------


def test_markdown_plan_is_gfm_tables_without_html(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    edit(data_root, f"{RAD}/councils/hmn.yaml", "name: Maria Skjetne", "name: <b>Maria</b> | x")
    out = tmp_path / "md"
    code, lines, err = render(
        capsys, data_root, "-s", "radiologi", "--format", "md", "--out", str(out)
    )
    assert code == 0, err
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["index.md", "radiologi/plan-hmr.md", "radiologi/plan-hnt.md"]
    assert lines[-1] == str(out / "index.md")
    md = (out / "radiologi" / "plan-hnt.md").read_text(encoding="utf-8")
    assert md.startswith("# Education plan: Radiologi, Helse Nord-Trøndelag HF\n")
    assert not re.search(r"<[A-Za-z/!?]", md), "raw HTML in the Markdown"
    assert "|---|---|---|--:|--:|--:|---|" in md
    rows = [ln for ln in md.splitlines() if ln.startswith("| 2. Sentral rotasjon |")]
    assert len(rows) == 1 and "| 24 | 24–48 |" in rows[0]
    # a table row keeps its columns: pipes in data are escaped
    member = next(ln for ln in md.splitlines() if "Maria" in ln)
    assert member.count(" | ") == 2 and "\\|" in member
    # every table row has as many cells as its header
    for block in re.findall(r"((?:^\|.*\|\n)+)", md, flags=re.M):
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in block.splitlines()}
        assert len(widths) == 1, block
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "(radiologi/plan-hnt.md)" in index


# -- languages and dates -----------------------------------------------------------------------


def test_bokmal_by_default_and_english_with_lang_en(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    nb_out, en_out = tmp_path / "nb", tmp_path / "en"
    assert render(capsys, data_root, "-s", "radiologi", "-t", "hnt", "--out", str(nb_out))[0] == 0
    args = ("-s", "radiologi", "-t", "hnt", "--lang", "en", "--out", str(en_out))
    assert render(capsys, data_root, *args)[0] == 0

    norsk = parse(nb_out / "radiologi" / "plan-hnt.html")
    english = parse(en_out / "radiologi" / "plan-hnt.html")
    assert norsk.get("lang") == "nb" and english.get("lang") == "en"
    nb_text, en_text = text(norsk), text(english)
    assert "1. mars 2019" in nb_text and "22. november 2026" in nb_text
    assert "1 March 2019" in en_text and "22 November 2026" in en_text
    assert "1 March" not in nb_text and "mars 2019" not in en_text

    catalogue = nb_catalogue()
    for heading in ("Education plan", "Implementation plan", "Learning goals"):
        assert catalogue.gettext(heading) in nb_text
    assert "Implementation plan" in [text(h) for h in english.iter("h2")]
    assert text(next(english.iter("h1"))) == "Education plan: Radiology Helse Nord-Trøndelag HF"
    # the language of the documents does not follow the CLI's
    cli = ["--root", str(data_root), "--lang", "en", "render", "-s", "radiologi"]
    code = main([*cli, "--as-of", AS_OF, "--out", str(tmp_path / "cli-en")])
    assert code == 0
    assert parse(tmp_path / "cli-en" / "index.html").get("lang") == "nb"


def test_date_and_number_formats() -> None:
    from regraad.render.environment import format_date, format_number

    assert format_date("2026-03-01", "nb") == "1. mars 2026"
    assert format_date("2026-03-01", "en") == "1 March 2026"
    assert format_date("2026-12-24", "nb") == "24. desember 2026"
    assert format_number(3000, "nb") == "3\u00a0000"
    assert format_number(3000, "en") == "3,000"
    assert format_number(0.75, "nb") == "0,75"
    assert format_number(12.5, "en") == "12.5"
    assert format_number(24.0, "nb") == "24"


# -- escaping and the sandbox ------------------------------------------------------------------


def test_data_is_escaped(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    evil = "<script>alert(1)</script>"
    edit(data_root, f"{RAD}/councils/hmn.yaml", "name: Maria Skjetne", f'name: "{evil}"')
    edit(data_root, "data/trusts/hnt.yaml", "web: https://hnt.no", "web: javascript:alert(1)")
    out = tmp_path / "site"
    code, _lines, err = render(capsys, data_root, "-s", "radiologi", "--out", str(out))
    assert code == 0, err
    page = out / "radiologi" / "plan-hnt.html"
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html
    assert 'href="javascript:' not in html
    tree = parse(page)
    assert evil in [text(th) for th in tree.iter("th")]


def test_sandbox_escape_is_refused_naming_the_file_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    (data_root / "templates").mkdir()
    (data_root / "templates" / "plan.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% block main %}\n'
        "<h1>{{ ''.__class__.__mro__[1].__subclasses__() }}</h1>\n{% endblock %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    code, lines, err = render(capsys, data_root, "--out", str(out))
    assert code == 1
    assert "templates/plan.html.j2:3" in err
    assert "unsafe" in err and "sandbox" in err
    assert lines == []
    assert not out.exists()


def test_template_syntax_error_is_refused_with_file_and_line(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    (data_root / "templates").mkdir()
    (data_root / "templates" / "agreement.html.j2").write_text(
        "<p>\n{% if %}\n</p>\n", encoding="utf-8"
    )
    code, lines, err = render(capsys, data_root)
    assert code == 1
    assert "templates/agreement.html.j2:2" in err
    assert lines == []
    assert not (data_root / "site").exists()


def test_override_a_template_by_name(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    templates = data_root / "templates"
    templates.mkdir()
    (templates / "index.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% block title %}Vår side{% endblock %}\n'
        "{% block main %}<h1>Vår egen forside</h1>\n<ul>{% for g in groups %}"
        "{% for p in g.pages %}<li>{{ p.label }}</li>{% endfor %}{% endfor %}</ul>"
        "{% endblock %}\n",
        encoding="utf-8",
    )
    (templates / "style.css").write_text("body { color: #000; }\n", encoding="utf-8")
    code, lines, err = render(capsys, data_root, "-s", "radiologi")
    assert code == 0, err
    site = data_root / "site"
    assert lines[-1] == str(site / "index.html")
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Vår egen forside" in index and "Radiologi – Helse Nord-Trøndelag HF" in index
    assert (site / "style.css").read_text(encoding="utf-8") == "body { color: #000; }\n"
    # the other templates are still the shipped ones
    assert "Implementation plan" in (site / "radiologi" / "plan-hnt.html").read_text("utf-8")


def test_template_linking_outside_its_folder_is_refused(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("hemmelig", encoding="utf-8")
    (data_root / "templates").mkdir()
    (data_root / "templates" / "style.css").symlink_to(secret)
    code, lines, err = render(capsys, data_root)
    assert code == 1
    assert "style.css" in err and "outside" in err
    assert lines == [] and not (data_root / "site").exists()


def test_a_new_page_kind_is_a_template_a_context_function_and_a_registry_entry(
    capsys: pytest.CaptureFixture[str], data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from regraad.render import pages

    def contexts(scope: pages.Scope) -> Iterator[dict[str, Any]]:
        for slug, bundle in scope.specialties():
            if bundle.rotations:
                yield {"label": slug, "slug": slug, "plans": sorted(bundle.rotations)}

    hello = pages.PageKind(
        name="hello",
        title="Greetings",
        templates={"html": "hello.html.j2"},
        path=lambda ctx: f"{ctx['slug']}/hello",
        contexts=contexts,
    )
    monkeypatch.setattr(pages, "PAGES", (pages.PLAN, hello, pages.INDEX))
    (data_root / "templates").mkdir()
    (data_root / "templates" / "hello.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block title %}{{ slug }}{% endblock %}'
        "{% block main %}<h1>{{ slug }}</h1><ul>{% for t in plans %}"
        '<li><a href="{{ href(slug ~ "/plan-" ~ t) }}">{{ t|trust }}</a></li>'
        "{% endfor %}</ul>{% endblock %}",
        encoding="utf-8",
    )
    code, lines, err = render(capsys, data_root, "-s", "radiologi")
    assert code == 0, err
    site = data_root / "site"
    assert str(site / "radiologi" / "hello.html") in lines
    hello_page = parse(site / "radiologi" / "hello.html")
    assert {a.get("href") for a in hello_page.iter("a")} >= {"plan-hnt.html", "plan-hmr.html"}
    assert "Helse Nord-Trøndelag HF" in text(hello_page)
    index = parse(site / "index.html")
    assert "Greetings" in [text(h) for h in index.iter("h2")]


# -- options -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "choice"),
    [
        ("--trust", "namsos", "hnt"),
        ("--specialty", "radiology", "radiologi"),
        ("--region", "midt", "hmn"),
    ],
)
def test_unknown_selection_is_a_usage_error_listing_the_choices(
    capsys: pytest.CaptureFixture[str], data_root: Path, option: str, value: str, choice: str
) -> None:
    code, lines, err = render(capsys, data_root, option, value)
    assert code == 2
    assert f"{option}: unknown '{value}'" in err
    assert choice in err.split("hint:")[1]
    assert lines == [] and not (data_root / "site").exists()


def test_out_inside_data_is_refused(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    code, _lines, err = render(capsys, data_root, "--out", str(data_root / "data" / "site"))
    assert code == 2 and "inside data/" in err


def test_region_selects_plans_and_agreements_of_its_trusts(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    code, lines, err = render(capsys, data_root, "--region", "hso")
    assert code == 0, err
    pages = [Path(line).relative_to(data_root / "site").as_posix() for line in lines]
    assert "urologi/plan-innlandet.html" in pages
    assert "urologi/fagavtale-innlandet--ous.html" in pages
    assert not any(p.startswith("radiologi/") for p in pages)


def test_rev_renders_from_git_and_the_footer_names_the_commit(
    capsys: pytest.CaptureFixture[str], repo: Path, tmp_path: Path
) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    edit(
        repo, f"{RAD}/rotations/hnt.yaml", "title: Sentral rotasjon", "title: Endret i arbeidskopi"
    )

    committed = tmp_path / "committed"
    args = ("-s", "radiologi", "-t", "hnt", "--rev", "HEAD", "--out", str(committed))
    code, _lines, err = render(capsys, repo, *args)
    assert code == 0, err
    tree = parse(committed / "radiologi" / "plan-hnt.html")
    footer = text(next(tree.iter("footer")))
    assert f"revision {head[:10]}." in footer
    assert "uncommitted" not in footer
    assert "Sentral rotasjon" in text(tree) and "Endret i arbeidskopi" not in text(tree)

    working = tmp_path / "working"
    args = ("-s", "radiologi", "-t", "hnt", "--out", str(working))
    assert render(capsys, repo, *args)[0] == 0
    tree = parse(working / "radiologi" / "plan-hnt.html")
    footer = text(next(tree.iter("footer")))
    assert f"revision {head[:10]} (uncommitted changes)." in footer
    assert "Endret i arbeidskopi" in text(tree)


def test_rev_outside_git_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    code, _lines, err = render(capsys, data_root, "--rev", "HEAD")
    assert code == 2 and "git repository" in err


# -- the whole site: links, HTML5, accessibility, self-contained -----------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Every page of the example dataset, rendered once for the structural tests."""
    import shutil

    from .conftest import EXAMPLE_DATA

    root = tmp_path_factory.mktemp("site") / "root"
    shutil.copytree(EXAMPLE_DATA, root / "data")
    proc = subprocess.run(
        [sys.executable, "-m", "regraad", "--root", str(root), "render", "--as-of", AS_OF],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "REGRAAD_LANG": "en"},
    )
    assert proc.returncode == 0, proc.stderr
    return root / "site", proc.stdout.splitlines()


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_site_writes_what_it_prints_index_last(site: tuple[Path, list[str]]) -> None:
    out, lines = site
    written = sorted(str(p) for p in out.rglob("*") if p.is_file())
    assert sorted(lines) == written
    assert lines[-1] == str(out / "index.html")
    assert str(out / "style.css") in lines
    assert len(html_pages(out)) > 20


def test_every_relative_link_resolves(site: tuple[Path, list[str]]) -> None:
    out, _lines = site
    ids: dict[Path, set[str]] = {}
    trees = {page: parse(page) for page in html_pages(out)}
    for page, tree in trees.items():
        ids[page] = {el.get("id", "") for el in tree.iter() if el.get("id")}
    checked = 0
    for page, tree in trees.items():
        for el in tree.iter():
            for attr in ("href", "src"):
                link = el.get(attr)
                if link is None:
                    continue
                parts = urlsplit(link)
                if parts.scheme in ("http", "https", "mailto"):
                    continue
                assert not parts.scheme and not parts.netloc, f"{page}: {link}"
                target = (page.parent / parts.path).resolve() if parts.path else page
                assert target.is_file(), f"{page.relative_to(out)}: {link} does not resolve"
                if parts.fragment:
                    assert parts.fragment in ids[target], f"{page}: no #{parts.fragment}"
                checked += 1
    assert checked > 100


def test_every_page_is_valid_accessible_html5(site: tuple[Path, list[str]]) -> None:
    out, _lines = site
    for page in html_pages(out):
        where = page.relative_to(out).as_posix()
        raw = page.read_text(encoding="utf-8")
        assert raw.startswith("<!DOCTYPE html>\n"), where
        tree = parse(page)  # strict: any parse error raises
        assert tree.get("lang") == "nb", where
        assert tree.find("head/meta[@charset='utf-8']") is not None, where
        assert text(tree.find("head/title")), where  # type: ignore[arg-type]
        body = tree.find("body")
        assert body is not None
        for landmark in ("header", "nav", "main", "footer"):
            assert len(list(body.iter(landmark))) == 1, f"{where}: {landmark}"
        skip = next(body.iter("a"))
        assert skip.get("href") == "#main" and body.find(".//main[@id='main']") is not None

        levels = [int(el.tag[1]) for el in tree.iter() if re.fullmatch(r"h[1-6]", str(el.tag))]
        assert levels.count(1) == 1 and levels[0] == 1, where
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{where}: h{before} then h{after}"

        for th in tree.iter("th"):
            assert th.get("scope") in ("col", "row"), f"{where}: {text(th)}"
        for table in tree.iter("table"):
            assert table[0].tag == "caption" and text(table[0]), where
        for chart in tree.iter(f"{SVG}svg"):
            assert chart.get("role") == "img", where
            labelled = chart.get("aria-labelledby", "").split()
            assert labelled, where
            for ref in labelled:
                found = [el for el in tree.iter() if el.get("id") == ref]
                assert len(found) == 1 and text(found[0]), f"{where}: #{ref}"
            # a data table beside the chart
            assert tree.find(".//table[@class='periods']") is not None, where


def test_site_is_self_contained_and_printable(site: tuple[Path, list[str]]) -> None:
    out, _lines = site
    css = (out / "style.css").read_text(encoding="utf-8")
    assert "@media print" in css
    assert "@import" not in css and "url(" not in css
    for page in html_pages(out):
        tree = parse(page)
        assert not list(tree.iter("script")), page
        for link in tree.iter("link"):
            assert not urlsplit(link.get("href", "")).scheme, page
        for el in tree.iter():
            assert not urlsplit(el.get("src", "")).scheme, page


def test_help_does_not_import_jinja2() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom regraad.cli.app import main\nmain(['--help'])\n"
            "print('jinja2' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.strip().endswith("False")
