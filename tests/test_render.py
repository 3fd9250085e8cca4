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
from regraad.load.loader import load_directory

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

    # every goal the plan must reach, the specialty's own and FKM's, with where it is
    # reached; the plan began in 2019, so its FKM goals are FKM 2019's 25
    expected = load_directory(data_root).plan_goals("radiologi", "2019-03-01", AS_OF)
    assert len(expected) == 34 + 25
    where: dict[str, str] = {}
    for table in tree.iter("table"):
        if "goals" not in table.get("class", ""):
            continue
        for row in table.find("tbody"):  # type: ignore[union-attr]
            where[text(row.find("th"))] = text(row.findall("td")[1])  # type: ignore[arg-type]
    assert sorted(where) == sorted(expected)
    assert all(where.values())
    assert where["RAD-001"] == "Sykehuset Namsos, periode 1: Generell radiologi"
    assert where["RAD-004"] == "via St. Olavs hospital HF, periode 2: Sentral rotasjon"
    assert where["FKM-01"].startswith("Sykehuset Namsos, periode 1")

    body = text(tree)
    # prerequisites before the central rotation, with goal titles
    before = nb_catalogue().gettext("Before period {number}: {title}")
    assert before.format(number=2, title="Sentral rotasjon") in body
    done = nb_catalogue().ngettext(
        "{name} ({id}) completed: {n} goal", "{name} ({id}) completed: all {n} goals", 25
    )
    assert done.format(name="Felles kompetansemål", id="FKM", n=25) in body
    assert "LIS skal i hovedsak ha oppnådd" in body
    # the estimate: the plan's months plus the simulated wait (none: St. Olav has room),
    # with a footnote on the model that names regraad estimate
    nb = nb_catalogue()
    months = nb.ngettext("{n} month", "{n} months", 60).format(n=60)
    estimate = nb.gettext(
        "Estimated time in parts 2 and 3: {total} (plan {plan} + expected wait {wait})"
    )
    assert estimate.format(total=months, plan=60, wait=0) in body
    assert "regraad estimate" in text(section(tree, "estimate"))
    # national courses with organiser, procedures with minimum numbers
    assert "Kurs i nevroradiologi" in body and "RegUt HMN" in body
    assert "CT-beskrivelser" in body and "3\u00a0000" in page.read_text(encoding="utf-8")
    # the council members active on the date, and no ended membership
    assert "Berit Hjelde Nygård" in body and "Maria Skjetne" in body
    assert "Kristoffer Eide" not in body and "Oda Kvernmo" not in body
    no_contact = nb.gettext("No fagkontakt RegUt is recorded for {specialty} yet.")
    assert no_contact.format(specialty="Radiologi") in body
    # the date of the data; outside git there is no revision to name
    assert "22. november 2026" in body
    assert nb.gettext("Rendered from files outside git.") in body


def test_plan_context_has_the_estimate_hook(data_root: Path) -> None:
    from regraad.render.context import plan_context

    ctx = plan_context(load_directory(data_root), "radiologi", "hnt", as_of=AS_OF, lang="nb")
    assert ctx["estimate"] == {
        "plan_months": 60,
        "wait_months": 0,
        "total_months": 60,
        "growing": False,
    }
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
    nb = nb_catalogue().gettext
    assert terms[nb("Home trust (employer)")] == "Helse Nord-Trøndelag HF"
    assert terms[nb("Host trust")].startswith("St. Olavs hospital HF")
    assert terms[nb("Valid")] == "fra 1. mars 2019"
    assert terms[nb("Places at the host")].startswith("4 ")
    assert terms[nb("Length of each stay")].startswith("24 ")
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
    # the pages, and the manifest that says regraad wrote them (so it may replace them)
    assert written == [
        ".regraad-site.json",
        "index.md",
        "radiologi/plan-hmr.md",
        "radiologi/plan-hnt.md",
    ]
    assert lines[-1] == str(out / "index.md")
    md = (out / "radiologi" / "plan-hnt.md").read_text(encoding="utf-8")
    assert md.startswith("# Utdanningsplan: Radiologi, Helse Nord-Trøndelag HF\n")
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
    from regraad.i18n import format_date, format_number

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
    shipped = nb_catalogue().gettext("Implementation plan")
    assert shipped in (site / "radiologi" / "plan-hnt.html").read_text("utf-8")


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


# -- the specialty's landing page and the region pages -----------------------------------------


def table_rows(tree: ET.Element, cls: str) -> list[ET.Element]:
    """The body rows of the first table with class ``cls``."""
    table = next(t for t in tree.iter("table") if cls in t.get("class", "").split())
    body = table.find("tbody")
    assert body is not None
    return list(body.findall("tr"))


def row_cells(row: ET.Element) -> list[str]:
    """The texts of a row: its header cell, then its data cells."""
    return [text(cell) for cell in row if cell.tag in ("th", "td")]


def section(tree: ET.Element, sid: str) -> ET.Element:
    found = tree.find(f".//section[@id='{sid}']")
    assert found is not None, sid
    return found


def links(el: ET.Element) -> dict[str, str]:
    """Link text -> href of every link under ``el``."""
    return {text(a): a.get("href", "") for a in el.iter("a")}


def test_landing_page_of_anestesiologi(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    args = ("-s", "anestesiologi", "--lang", "en", "--out", str(out))
    code, lines, err = render(capsys, data_root, *args)
    assert code == 0, err
    page = out / "anestesiologi" / "index.html"
    assert str(page) in lines
    tree = parse(page)
    assert text(next(tree.iter("h1"))).startswith("Anaesthesiology")

    # the fagkontakt RegUt
    fagkontakt = text(section(tree, "fagkontakt"))
    assert "RegUt HN (Helse Nord) is the fagkontakt RegUt for Anaesthesiology" in fagkontakt

    # the HMN council: members active on the date, the leader first, the union rep marked
    councils = section(tree, "councils")
    assert [text(h) for h in councils.iter("h3")] == ["Helse Midt-Norge"]
    members = [row_cells(r) for r in table_rows(councils, "council")]
    assert members[0][:3] == ["Ingrid Sæther Bakken", "leader", "overlege"]
    assert [m[0].split(" ")[0] for m in members] == ["Ingrid", "Eirik", "Håkon", "Sara"]
    union = table_rows(councils, "council")[-1]
    assert row_cells(union)[1] == "union representative (Ylf)"
    assert union.find(".//strong[@class='tag rep']") is not None
    assert "Olav Kvernmo" not in text(councils)  # left the council in 2022
    assert "No council is recorded in: Helse Nord, Helse Sør-Øst, Helse Vest." in text(councils)

    # the trusts that offer it (the approval register), with links to their plans
    trusts = section(tree, "trusts")
    rows = {row_cells(r)[0]: r for r in table_rows(trusts, "trusts")}
    assert list(rows) == [
        "Helse Møre og Romsdal HF",
        "Helse Nord-Trøndelag HF",
        "St. Olavs hospital HF regional hospital",
    ]
    assert links(trusts) == {
        "Education plan of HMR": "plan-hmr.html",
        "Education plan of HNT": "plan-hnt.html",
    }
    assert row_cells(rows["St. Olavs hospital HF regional hospital"])[2:] == [
        "fully",  # approved by Helsedirektoratet (approvals.yaml), not guessed from coverage
        "61",
        "0",
        "0",
        "none on file",
    ]
    assert row_cells(rows["Helse Møre og Romsdal HF"])[2] == "partly"

    # the heatmap: one cell per goal in force × offering trust, with a table of the same
    ds = load_directory(data_root)
    goals = ds.active_goals("anestesiologi", AS_OF)
    offering = ["hmr", "hnt", "stolav"]
    charts = [c for c in tree.iter(f"{SVG}svg") if "regraad-heatmap" in c.get("class", "")]
    assert len(charts) == 2  # the specialty's own goals, then FKM
    cells = {
        (g.get("data-goal"), g.get("data-trust")): g.get("data-status")
        for chart in charts
        for g in chart.iter(f"{SVG}g")
        if g.get("class") == "cell"
    }
    assert len(cells) == sum(
        1 for c in charts for g in c.iter(f"{SVG}g") if g.get("class") == "cell"
    )
    assert set(cells) == {(g, t) for g in goals for t in offering}
    assert cells[("ANE-015", "hmr")] == "none"
    assert cells[("ANE-024", "hnt")] == "partial"
    assert cells[("ANE-015", "stolav")] == "full"
    legend = {
        g.get("data-status")
        for c in charts
        for g in c.iter(f"{SVG}g")
        if g.get("data-status") and g.get("class") == "legend-entry"
    }
    assert legend == {"full", "partial", "none"}
    coverage = section(tree, "coverage")
    tables = [t for t in coverage.iter("table") if "coverage" in t.get("class", "")]
    assert len(tables) == 2
    matrix = {}
    for table in tables:
        head = [text(th) for th in table.find("thead").iter("th")]  # type: ignore[union-attr]
        assert head == ["Goal", "Learning goal", "HMR", "HNT", "St. Olav"]
        for row in table.find("tbody"):  # type: ignore[union-attr]
            values = row_cells(row)
            matrix[values[0]] = values[2:]
    assert sorted(matrix) == sorted(goals)
    assert matrix["ANE-015"] == [
        "not at the trust via St. Olav",
        "not at the trust via St. Olav",
        "fully",
    ]
    assert matrix["ANE-024"][0] == "partly via St. Olav"
    # many goals: the table is folded away in a <details>, its summary says how many
    details = coverage.findall(".//details")
    assert [text(d.find("summary")) for d in details] == [  # type: ignore[arg-type]
        "The same data as a table (32 goals)",
        "The same data as a table (29 goals)",
    ]

    # capacity and utilisation: positions, agreement places and demand (rules.capacity)
    capacity = section(tree, "capacity")
    hosts = [row_cells(r) for r in table_rows(capacity, "capacity")]
    assert hosts == [["St. Olavs hospital HF", "St. Olavs hospital Øya", "7", "6", "6"]]
    homes = [row_cells(r) for r in table_rows(capacity, "demand")]
    assert homes == [
        ["Helse Møre og Romsdal HF", "St. Olavs hospital HF", "4", "12", "4", "4"],
        ["Helse Nord-Trøndelag HF", "St. Olavs hospital HF", "2", "12", "2", "2"],
    ]
    assert {a.get("href") for a in capacity.iter("a")} == {
        "fagavtale-hmr--stolav.html",
        "fagavtale-hnt--stolav.html",
    }
    chart = next(c for c in capacity.iter(f"{SVG}svg"))
    assert "6 of 7 positions" in [text(t) for t in chart.iter(f"{SVG}text")]

    # the open proposal and its stage
    proposals = [row_cells(r) for r in table_rows(section(tree, "proposals"), "proposals")]
    assert len(proposals) == 1
    title, kind, stage, since, origin = proposals[0]
    assert title.startswith("2026-002: Høyere minimumsantall")
    assert kind == "national learning activity"
    assert stage == "review by the regional councils fagkontakt: RegUt HN"
    assert since == "12 January 2026"
    assert origin == "LUU anestesiologi, Helse Møre og Romsdal Helse Midt-Norge"

    # courses and procedures, literature, the annexes
    activities = text(section(tree, "activities"))
    assert "Kurs i luftveishåndtering" in activities and "Fiberoptisk intubasjon" in activities
    literature = [text(li) for li in section(tree, "literature").iter("li")]
    assert literature[0].startswith("Miller's Anesthesia. Michael A. Gropper (red.) m.fl. (2019).")
    assert len(literature) == 3
    assert links(section(tree, "agreements")) == {
        "HMR → St. Olav": "fagavtale-hmr--stolav.html",
        "HNT → St. Olav": "fagavtale-hnt--stolav.html",
    }

    # breadcrumbs: up to the index
    crumbs = tree.find(".//nav[@class='breadcrumbs']")
    assert crumbs is not None and crumbs.get("aria-label") == "Breadcrumb"
    assert links(crumbs) == {"All documents": "../index.html"}
    assert text(crumbs.find(".//*[@aria-current='page']")) == "Anaesthesiology"  # type: ignore[arg-type]


def test_landing_context_reuses_the_demand_of_the_capacity_rules(data_root: Path) -> None:
    from regraad.analysis.capacity import demand
    from regraad.render.context import landing_context

    ds = load_directory(data_root)
    ctx = landing_context(ds, "radiologi", as_of=AS_OF, lang="nb")
    per_pair = demand(ds.specialties["radiologi"].rotations)
    for host in ctx["capacity"]["hosts"]:
        expected = sum(v for (_home, h), v in per_pair.items() if h == host["trust"]["id"])
        assert host["demand"] == pytest.approx(expected)
    assert {(r["home"]["id"], r["host"]["id"]): r["demand"] for r in ctx["capacity"]["homes"]} == (
        pytest.approx(per_pair)
    )
    assert [row["capacity"] for row in ctx["capacity"]["chart"]] == [
        h["positions"] for h in ctx["capacity"]["hosts"] if h["positions"] is not None
    ]


def test_landing_page_shows_only_proposals_open_on_the_date(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    args = ("-s", "urologi", "--lang", "en", "--out", str(out))
    assert render(capsys, data_root, *args)[0] == 0
    tree = parse(out / "urologi" / "index.html")
    proposals = {row_cells(r)[0].split(":")[0]: row_cells(r) for r in table_rows(tree, "proposals")}
    assert sorted(proposals) == ["2026-004", "2026-009"]  # 2022-011 was accepted
    assert proposals["2026-009"][1] == "local learning activity"
    assert proposals["2026-009"][2] == "draft"
    # a literature entry with a link
    assert links(section(tree, "literature"))["EAU Guidelines"] == "https://uroweb.org/guidelines"
    # a specialty filter renders its landing page, but no region page: the breadcrumbs'
    # region of a plan is plain text then, its landing page a link
    plan = parse(out / "urologi" / "plan-ahus.html")
    crumbs = plan.find(".//nav[@class='breadcrumbs']")
    assert crumbs is not None
    assert [text(li) for li in crumbs.iter("li")] == [
        "All documents",
        "Helse Sør-Øst",
        "Urology",
        "Education plan of Ahus",
    ]
    assert links(crumbs) == {"All documents": "../index.html", "Urology": "index.html"}


def test_region_page_for_hmn(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    code, lines, err = render(
        capsys, data_root, "--region", "hmn", "--lang", "en", "--out", str(out), "--include-contact"
    )
    assert code == 0, err
    page = out / "regions" / "hmn.html"
    assert str(page) in lines
    assert sorted(p.name for p in (out / "regions").iterdir()) == ["hmn.html"]
    tree = parse(page)
    assert text(next(tree.iter("h1"))).startswith("Helse Midt-Norge")

    regut = section(tree, "regut")
    assert "RegUt HMN is hosted by St. Olavs hospital HF." in text(regut)
    assert links(regut)["regut.hmn@stolav.no"] == "mailto:regut.hmn@stolav.no"
    assert "fagkontakt RegUt for 2 specialties: Paediatrics, " in text(regut)
    assert "report to: HR-direktør i RHF, fagdirektør i RHF." in text(regut)

    # the council policy in words
    policy = {row_cells(r)[0]: row_cells(r)[1] for r in section(tree, "policy").iter("tr")}
    assert policy == {
        "Leader": "preferably from St. Olavs hospital HF",
        "Deputy leader": "optional",
        "Union representative": "required",
        "LIS representative": "optional",
        "Observers": "the council decides",
        "Members per trust": "1",
    }

    # its trusts with their sites and links to their education plans
    trusts = {row.get("id"): row for row in table_rows(section(tree, "trusts"), "trusts")}
    assert list(trusts) == ["trust-hmr", "trust-hnt", "trust-stolav"]
    assert "Ålesund sjukehus" in text(trusts["trust-hmr"]) and "Volda sjukehus" in text(
        trusts["trust-hmr"]
    )
    assert links(trusts["trust-hnt"]) == {
        "Helse Nord-Trøndelag HF": "https://hnt.no",
        "Anaesthesiology": "../anestesiologi/plan-hnt.html",
        "Paediatrics": "../barnesykdommer/plan-hnt.html",
        "Orthopaedic surgery": "../ortopedisk-kirurgi/plan-hnt.html",
        "Radiology": "../radiologi/plan-hnt.html",
    }
    assert row_cells(trusts["trust-stolav"])[2] == "none on file"

    # its councils: leader, deputy, members on the date; landing pages are not rendered
    # with --region alone, so their names are plain text
    councils = [row_cells(r) for r in table_rows(section(tree, "councils"), "councils")]
    assert councils[0] == ["Anaesthesiology", "Ingrid Sæther Bakken (St. Olav)", "–", "4"]
    assert [c[0] for c in councils] == [  # by name, in the Norwegian alphabet
        "Anaesthesiology",
        "Orthopaedic surgery",
        "Paediatrics",
        "Radiology",
    ]
    assert not list(section(tree, "councils").iter("a"))
    assert not (out / "anestesiologi" / "index.html").exists()

    # plans link up to the region page
    plan = parse(out / "radiologi" / "plan-hnt.html")
    crumbs = plan.find(".//nav[@class='breadcrumbs']")
    assert crumbs is not None
    assert links(crumbs) == {
        "All documents": "../index.html",
        "Helse Midt-Norge": "../regions/hmn.html",
    }


def test_member_names_are_escaped_on_the_landing_page(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    evil = "<script>alert(1)</script>"
    council = "data/specialties/anestesiologi/councils/hmn.yaml"
    edit(data_root, council, "name: Sara Grønning", f'name: "{evil}"')
    out = tmp_path / "site"
    code, _lines, err = render(capsys, data_root, "--out", str(out))
    assert code == 0, err
    for page in (out / "anestesiologi" / "index.html", out / "regions" / "hmn.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html, page
    landing = out / "anestesiologi" / "index.html"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in landing.read_text(encoding="utf-8")
    assert evil in [text(th) for th in parse(landing).iter("th")]


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


@pytest.mark.parametrize(
    ("args", "landing", "regions"),
    [
        (("-s", "anestesiologi"), ["anestesiologi"], []),
        (("-t", "hnt"), [], []),
        (("--region", "hso"), [], ["hso"]),
        (("--region", "hmn", "-s", "radiologi"), ["radiologi"], ["hmn"]),
    ],
)
def test_filters_select_landing_and_region_pages(
    capsys: pytest.CaptureFixture[str],
    data_root: Path,
    args: tuple[str, ...],
    landing: list[str],
    regions: list[str],
) -> None:
    """A landing page when --specialty names it, a region page when --region names it."""
    code, lines, err = render(capsys, data_root, *args)
    assert code == 0, err
    site = data_root / "site"
    pages = sorted(Path(line).relative_to(site).as_posix() for line in lines)
    assert [p.split("/")[0] for p in pages if p.endswith("/index.html")] == landing
    assert [
        p.removeprefix("regions/").removesuffix(".html") for p in pages if p.startswith("regions/")
    ] == regions
    if "-t" in args:
        assert all(p.endswith("-hnt.html") or "hnt--" in p for p in pages if "/" in p)
    # the index lists every page of the run, and links nothing that was not rendered
    index = parse(site / "index.html")
    hrefs = {
        (site / urlsplit(a.get("href", "")).path).resolve().relative_to(site.resolve()).as_posix()
        for a in index.iter("a")
        if a.get("href")
        and not urlsplit(a.get("href", "")).scheme
        and urlsplit(a.get("href", "")).path
    }
    assert hrefs == {p for p in pages if p.endswith(".html") and p != "index.html"}


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
    assert f"revisjon {head[:10]}." in footer
    assert nb_catalogue().gettext("(uncommitted changes)") not in footer
    assert "Sentral rotasjon" in text(tree) and "Endret i arbeidskopi" not in text(tree)

    working = tmp_path / "working"
    args = ("-s", "radiologi", "-t", "hnt", "--out", str(working))
    assert render(capsys, repo, *args)[0] == 0
    tree = parse(working / "radiologi" / "plan-hnt.html")
    footer = text(next(tree.iter("footer")))
    dirty = nb_catalogue().gettext("(uncommitted changes)")
    assert f"revisjon {head[:10]} {dirty}." in footer
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


#: The class of the data table that holds a chart's data, by the chart's class.
CHART_TABLES = {
    "regraad-timeline": "periods",
    "regraad-heatmap": "coverage",
    "regraad-utilisation": "capacity",
}


#: The manifest render keeps beside the pages it wrote.
MANIFEST = ".regraad-site.json"


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_site_writes_what_it_prints_index_last(site: tuple[Path, list[str]]) -> None:
    out, lines = site
    written = sorted(str(p) for p in out.rglob("*") if p.is_file() and p.name != MANIFEST)
    assert sorted(lines) == written
    assert (out / MANIFEST).is_file()  # what regraad wrote there, so it may replace it
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
        for landmark in ("header", "main", "footer"):
            assert len(list(body.iter(landmark))) == 1, f"{where}: {landmark}"
        # the site's navigation, and breadcrumbs on pages below the index: each named
        navs = [nav.get("aria-label", "") for nav in body.iter("nav")]
        assert navs and all(navs) and len(set(navs)) == len(navs), f"{where}: {navs}"
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
            # a data table with the same data beside the chart
            kind = next(c for c in chart.get("class", "").split() if c != "regraad-chart")
            table = CHART_TABLES[kind]
            assert tree.find(f".//table[@class='{table}']") is not None, f"{where}: {kind}"


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


def test_index_links_to_every_page_per_region_and_specialty(
    site: tuple[Path, list[str]],
) -> None:
    out, _lines = site
    pages = {p.relative_to(out).as_posix() for p in html_pages(out)} - {"index.html"}
    index = parse(out / "index.html")
    hrefs = {
        urlsplit(a.get("href", "")).path
        for a in index.iter("a")
        if not urlsplit(a.get("href", "")).scheme
    }
    assert pages <= hrefs
    regions = section(index, "regions")
    assert [text(h) for h in regions.iter("h3")] == [
        "Helse Midt-Norge",
        "Helse Nord",
        "Helse Sør-Øst",
        "Helse Vest",
    ]
    hmn = links(regions)
    assert hmn["Helse Midt-Norge"] == "regions/hmn.html"
    assert hmn["St. Olavs hospital HF"] == "regions/hmn.html#trust-stolav"
    assert hmn["Urologi"] == "urologi/index.html"
    specialties = {r.get("id"): r for r in table_rows(section(index, "specialties"), "specialties")}
    assert len(specialties) == len(
        [s for s, b in load_directory(out.parent).specialties.items() if b.spec is not None]
    )
    assert links(specialties["specialty-radiologi"]) == {
        "Radiologi": "radiologi/index.html",
        "HMR": "radiologi/plan-hmr.html",
        "HNT": "radiologi/plan-hnt.html",
        "HMR → St. Olav": "radiologi/fagavtale-hmr--stolav.html",
        "HNT → St. Olav": "radiologi/fagavtale-hnt--stolav.html",
    }


def test_landing_and_region_pages_are_in_the_site_with_breadcrumbs(
    site: tuple[Path, list[str]],
) -> None:
    out, _lines = site
    pages = {p.relative_to(out).as_posix() for p in html_pages(out)}
    assert {"regions/hmn.html", "regions/hn.html", "regions/hso.html", "regions/hv.html"} <= pages
    assert {"anestesiologi/index.html", "urologi/index.html", "geriatri/index.html"} <= pages
    for page in html_pages(out):
        where = page.relative_to(out).as_posix()
        tree = parse(page)
        ids = [el.get("id") for el in tree.iter() if el.get("id")]
        assert len(ids) == len(set(ids)), f"{where}: duplicate ids"
        crumbs = tree.find(".//nav[@class='breadcrumbs']")
        if where == "index.html":
            assert crumbs is None
            continue
        assert crumbs is not None, where
        items = list(crumbs.iter("li"))
        assert text(items[0]) == "Alle dokumenter" and items[0].find("a") is not None, where
        current = items[-1].find("span[@aria-current='page']")
        assert current is not None and text(current), where
        # the pages a plan or annex sits under are all rendered in the whole site: links
        assert len(list(crumbs.iter("a"))) == len(items) - 1, where
    # a plan sits under its region and its specialty; an annex under its plan as well
    annex = parse(out / "anestesiologi" / "fagavtale-hnt--stolav.html")
    assert links(annex.find(".//nav[@class='breadcrumbs']")) == {  # type: ignore[arg-type]
        "Alle dokumenter": "../index.html",
        "Helse Midt-Norge": "../regions/hmn.html",
        "Anestesiologi": "index.html",
        "Utdanningsplan for HNT": "plan-hnt.html",
    }
    # the coverage table of a landing page: one per heatmap, folded in <details> when long
    landing = parse(out / "anestesiologi" / "index.html")
    for details in landing.iter("details"):
        assert details.find("summary") is not None
        table = details.find("table")
        assert table is not None and table[0].tag == "caption"


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


def test_quiet_prints_only_the_index(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "stille"
    args = ["--root", str(data_root), "render", "--out", str(out), "--as-of", AS_OF]
    assert main([*args, "--quiet"]) == 0
    assert capsys.readouterr().out.splitlines() == [str(out / "index.html")]
    assert len(list(out.rglob("*.html"))) > 10
