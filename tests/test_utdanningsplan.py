"""The whole published education plan (utdanningsplan) beside the implementation plan,
the subject agreement's negotiated terms, the renewal warning, and the estimate's
wording: "estimated time in parts 2 and 3" with the 6.5-year floor."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import html5lib
import pytest
from ruamel.yaml import YAML

from regraad.cli.app import main

from .conftest import AS_OF

RAD = "data/specialties/radiologi"
PLAN = f"{RAD}/plans/hnt.yaml"
AGREEMENT = f"{RAD}/agreements/hnt--stolav.yaml"
FLOOR = "LIS1 (18 months) comes first; specialist approval needs at least 6.5 years of parts 1–3."

#: The plan page's own sections, in the order of a published utdanningsplan, with the
#: implementation plan's between research and the committee.
ORDER = [
    "purpose",
    "approval",
    "organisation",
    "arenas",
    "local-activities",
    "supervision",
    "assessment",
    "on-call",
    "research",
    "trust",
    "periods",
    "prerequisites",
    "goals",
    "estimate",
    "agreements",
    "activities",
    "committee",
    "apply",
    "kompetanseportalen",
    "council",
]


def render(capsys: pytest.CaptureFixture[str], root: Path, out: Path, *args: str) -> None:
    capsys.readouterr()
    code = main(
        ["--root", str(root), "render", "--as-of", AS_OF, "--lang", "en", "--out", str(out), *args]
    )
    _, err = capsys.readouterr()
    assert code == 0, err


def parse(path: Path) -> ET.Element:
    parser = html5lib.HTMLParser(
        tree=html5lib.getTreeBuilder("etree", ET), strict=True, namespaceHTMLElements=False
    )
    root: ET.Element = parser.parse(path.read_bytes())
    return root


def text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def sections(tree: ET.Element) -> dict[str, ET.Element]:
    return {s.get("id", ""): s for s in tree.iter("section") if s.get("id")}


def edit(root: Path, path: str, old: str, new: str) -> None:
    target = root / path
    content = target.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    target.write_text(content.replace(old, new, 1), encoding="utf-8")


def test_plan_page_has_the_utdanningsplan_sections_in_order(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    render(capsys, data_root, out, "-s", "radiologi", "-t", "hnt")
    tree = parse(out / "radiologi" / "plan-hnt.html")
    found = [s.get("id") for s in tree.iter("section") if s.get("id") in ORDER]
    assert found == ORDER
    parts = sections(tree)
    # the table of contents leads to each section, in the same order
    toc = [a.get("href", "")[1:] for a in tree.iter("a") if a.get("href", "").startswith("#")]
    assert [s for s in toc if s in ORDER] == ORDER
    body = text(tree)
    assert "Example text" in body  # the example's texts say they are examples
    assert "spesialistforskriften" in text(parts["purpose"])
    approval = text(parts["approval"])
    assert "Fagdirektør, Helse Nord-Trøndelag HF" in approval and "2.1" in approval
    assert "15 February 2026" in approval
    organisation = text(parts["organisation"])
    assert "9 specialists" in organisation and "6 LIS positions" in organisation
    assert "Om lag 45 000 undersøkelser" in organisation
    assert "Ultralyd og intervensjon" in text(parts["arenas"])
    rows = {
        text(th): text(tr)
        for tr in parts["local-activities"].iter("tr")
        if (th := tr.find("th")) is not None
    }
    morning = rows["Morgenmøte med gjennomgang av vaktens undersøkelser"]
    assert "Morning meeting" in morning and "Hver dag" in morning and "RAD-001" in morning
    assert "Simulation" in rows["Simuleringstrening i ultralydveiledet punksjon"]
    assert "hver sjette uke" in text(parts["supervision"])
    assessment = text(parts["assessment"])
    assert "Mini-CEX" in assessment and "Halvårlig evaluering" in assessment
    # the prose is Markdown: the graded responsibility is a numbered list
    on_call = parts["on-call"]
    assert next(text(li) for li in on_call.iter("li")).startswith("første halvår")
    assert "Samarbeidsorganet HMN" in text(parts["research"])
    assert "Ylf-tillitsvalgt" in text(parts["committee"])
    assert "fullført LIS1" in text(parts["apply"])
    links = [a.get("href") for a in parts["kompetanseportalen"].iter("a")]
    assert links == ["https://www.kompetanseportalen.no"]


def test_markdown_plan_has_the_sections_in_order(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "md"
    render(capsys, data_root, out, "-s", "radiologi", "-t", "hnt", "--format", "md")
    page = (out / "radiologi" / "plan-hnt.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", page, flags=re.M)
    expected = [
        "Purpose and legal basis",
        "Approval and version",
        "Organisation",
        "Learning arenas",
        "Local learning activities",
        "Supervision and guidance",
        "Competence assessment",
        "On-call duty and graded responsibility",
        "Research and academic work",
        "Trust and sites",
        "Implementation plan",
    ]
    assert headings[: len(expected)] == expected
    tail = ["Local education committee (LUU)", "How to apply and whom to contact"]
    assert headings[-4:-1] == [*tail, "Individual plan in Kompetanseportalen"]
    # prose stays Markdown: emphasis, a numbered list and a link survive
    assert "**læringsmålene**" in page
    assert "\n1. første halvår" in page
    assert "(https://www.helsedirektoratet.no/tema/spesialistutdanning-for-leger)" in page
    assert "| Morgenmøte med gjennomgang av vaktens undersøkelser | Morning meeting |" in page


HOSTILE = (
    "Formål med **fet** tekst.\n\n"
    "<script>alert('x')</script>\n\n"
    '<img src="x" onerror="alert(1)">\n\n'
    "[klikk her](javascript:alert(document.cookie)) og "
    "[data](data:text/html;base64,PHNjcmlwdD4=) og ![bilde](https://evil.example/p.png)"
)


#: A Markdown link to a script or data URL; an escaped bracket is text, not a link.
MD_LINK_TO = re.compile(r"(?<!\\)\]\(<?\s*(?:javascript|vbscript|data|file):")
#: A Markdown image; an escaped ``\!`` is text.
MD_IMAGE = re.compile(r"(?<!\\)!\[")


def test_markdown_prose_is_sanitised_on_the_page(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    quoted = json.dumps(HOSTILE, ensure_ascii=False)
    plan = data_root / PLAN
    content = plan.read_text(encoding="utf-8")
    content = re.sub(r"(?ms)^purpose: >-\n.*?(?=^legal_basis:)", f"purpose: {quoted}\n", content)
    plan.write_text(content, encoding="utf-8")
    for fmt in ("html", "md"):
        out = tmp_path / fmt
        render(capsys, data_root, out, "-s", "radiologi", "-t", "hnt", "--format", fmt)
        page = (out / "radiologi" / f"plan-hnt.{fmt}").read_text(encoding="utf-8")
        assert "fet" in page  # the text is there ...
        lowered = page.lower()
        assert "<script" not in lowered and "<img" not in lowered  # ... no markup of its own
        assert 'href="javascript:' not in lowered and 'href="data:' not in lowered
        if fmt == "html":
            assert ' onerror="' not in lowered  # escaped, as text: onerror=&quot;
        else:  # in HTML the bracketed text is text; in Markdown it must not link
            assert not MD_LINK_TO.search(lowered) and not MD_IMAGE.search(page)
    html = (tmp_path / "html" / "radiologi" / "plan-hnt.html").read_text(encoding="utf-8")
    assert "<strong>fet</strong>" in html
    tree = parse(tmp_path / "html" / "radiologi" / "plan-hnt.html")
    purpose = sections(tree)["purpose"]
    assert not list(purpose.iter("script")) and not list(purpose.iter("img"))
    assert all(a.get("href", "").startswith("https://") for a in purpose.iter("a"))


@pytest.mark.parametrize(
    ("prose", "absent"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("[x](javascript:alert(1))", 'href="javascript:'),
        ("[x](JaVaScRiPt:alert(1))", 'href="javascript:'),
        ("[x](vbscript:msgbox)", 'href="vbscript:'),
        ("[x](file:///etc/passwd)", 'href="file:'),
        ("<a href='javascript:alert(1)'>x</a>", "<a "),
        ("![x](https://e.example/i.png)", "<img"),
    ],
)
def test_prose_keeps_no_markup_or_link_it_should_not(prose: str, absent: str) -> None:
    from regraad.output.prose import to_html, to_markdown

    assert absent not in to_html(prose).lower()
    markdown = to_markdown(prose).lower()
    assert "<script" not in markdown and "<a " not in markdown
    assert not MD_LINK_TO.search(markdown) and not MD_IMAGE.search(markdown)


def test_prose_headings_sit_below_the_page_sections() -> None:
    from regraad.output.prose import to_html, to_markdown

    assert to_html("# Tittel").strip() == "<h3>Tittel</h3>"
    assert to_markdown("# Tittel") == "### Tittel"


def _internal_notes(root: Path) -> list[str]:
    yaml = YAML(typ="safe")
    notes = []
    for path in sorted((root / "data").rglob("*.yaml")):
        data: Any = yaml.load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("internal_note"):
            notes.append(str(data["internal_note"]))
    return notes


def test_internal_notes_never_reach_any_rendered_page(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    notes = _internal_notes(data_root)
    assert len(notes) >= 4  # the example's plans and agreements keep internal notes
    pieces = {note[:40] for note in notes} | {"INTERN:"}
    for fmt in ("html", "md"):
        for extra in ((), ("--include-contact",)):
            out = tmp_path / f"{fmt}{len(extra)}"
            render(capsys, data_root, out, "--format", fmt, *extra)
            pages = [p for p in out.rglob("*") if p.is_file()]
            assert len(pages) > 10
            for page in pages:
                content = page.read_text(encoding="utf-8")
                for piece in pieces:
                    assert piece not in content, (page, piece)
    # nor the status report to the RHF, in either format
    for region in ("hmn", "hso"):
        capsys.readouterr()
        report = tmp_path / f"report-{region}.html"
        args = ["--root", str(data_root), "report", "-r", region]
        assert main([*args, "-f", "html", "--out", str(report)]) == 0
        assert main(args) == 0
        markdown, _ = capsys.readouterr()
        for content in (report.read_text(encoding="utf-8"), markdown):
            for piece in pieces:
                assert piece not in content, (region, piece)


def test_agreement_annex_shows_the_negotiated_terms(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    render(capsys, data_root, out, "-s", "radiologi", "-t", "hnt")
    tree = parse(out / "radiologi" / "fagavtale-hnt--stolav.html")
    terms = next(
        s for s in tree.iter("section") if s.get("aria-labelledby") == "negotiated-heading"
    )
    names = [text(dt) for dt in terms.iter("dt")]
    assert names == [
        "Employer and salary during the stay",
        "Travel and housing",
        "On-call duty at the host",
        "Supervision and assessment at the host",
        "Reporting approved goals back",
        "Notice and renewal",
    ]
    body = text(terms)
    assert "får lønn fra HNT" in body and "tolv måneders varsel" in body
    assert "Kompetanseportalen før oppholdet slutter" in body


def _validate(capsys: pytest.CaptureFixture[str], root: Path) -> list[dict[str, Any]]:
    capsys.readouterr()
    main(["--root", str(root), "validate", "--format", "json"])
    out, _ = capsys.readouterr()
    findings: list[dict[str, Any]] = json.loads(out)["findings"]
    return [f for f in findings if f["rule"] == "P-RENEWAL"]


def test_an_agreement_ending_within_180_days_under_a_running_plan_warns_with_days_left(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    assert _validate(capsys, data_root) == []  # the example's agreements run on
    edit(data_root, AGREEMENT, "  from: 2019-03-01\n", "  from: 2019-03-01\n  to: 2027-03-01\n")
    data = data_root / "data"
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    (finding,) = _validate(capsys, data_root)
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before
    assert finding["severity"] == "warning"
    assert finding["path"] == AGREEMENT and finding["line"] == 8
    assert finding["message"] == (
        "agreement hnt--stolav ends on 2027-03-01, in 99 days, "
        "while the plan of hnt still sends LIS to stolav"
    )
    assert "99 days left" in finding["hint"]
    assert finding["from"] is None


def test_the_renewal_warning_is_foreseen_from_the_day_the_180_days_begin(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    edit(data_root, AGREEMENT, "  from: 2019-03-01\n", "  from: 2019-03-01\n  to: 2027-08-01\n")
    (finding,) = _validate(capsys, data_root)
    assert finding["from"] == "2027-02-02"  # 180 days before 1 August
    assert "in 180 days" in finding["message"]


def test_no_renewal_warning_when_no_plan_runs_under_the_agreement(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    edit(data_root, AGREEMENT, "  from: 2019-03-01\n", "  from: 2019-03-01\n  to: 2027-03-01\n")
    assert len(_validate(capsys, data_root)) == 1  # while the plan runs on
    # HNT's radiology plan ends with the agreement: nobody is left without a place
    plan = f"{RAD}/rotations/hnt.yaml"
    edit(data_root, plan, "  from: 2019-03-01\n", "  from: 2019-03-01\n  to: 2027-03-01\n")
    assert _validate(capsys, data_root) == []
    # and with no plan at all for the home trust, nothing either
    (data_root / plan).unlink()
    assert _validate(capsys, data_root) == []


def test_estimate_speaks_of_time_in_parts_2_and_3_with_the_floor(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    capsys.readouterr()
    assert main(["--root", str(data_root), "estimate", "radiologi", "--as-of", AS_OF]) == 0
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "radiologi — Radiology: estimated time in parts 2 and 3 on 22 November 2026"
    assert FLOOR in lines
    assert "time to specialist" not in out.lower()
    site = tmp_path / "site"
    render(capsys, data_root, site, "-s", "radiologi", "-t", "hnt")
    tree = parse(site / "radiologi" / "plan-hnt.html")
    estimate = text(sections(tree)["estimate"])
    assert estimate.startswith("Estimated time in parts 2 and 3")
    assert FLOOR in estimate
    assert "Estimated time in parts 2 and 3: 60 months (plan 60 + expected wait 0)" in estimate
    assert "time to specialist" not in text(tree).lower()
    md = tmp_path / "md"
    render(capsys, data_root, md, "-s", "radiologi", "-t", "hnt", "--format", "md")
    page = (md / "radiologi" / "plan-hnt.md").read_text(encoding="utf-8")
    assert "## Estimated time in parts 2 and 3" in page and FLOOR in page
