"""Course catalogues and long-term course plans (data/courses/), and the national
procedure list with its count columns and "hvorav" sub-lines."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import html5lib
import pytest
from openpyxl import Workbook

from regraad.cli.app import main
from regraad.load.loader import load_directory
from regraad.load.yamlparse import parse_text
from regraad.validate import ValidateOptions, execute

from .conftest import AS_OF

URO_COURSES = "data/courses/urologi.yaml"
URO = "data/specialties/urologi/specialty.yaml"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def parse(path: Path) -> ET.Element:
    parser = html5lib.HTMLParser(
        tree=html5lib.getTreeBuilder("etree", ET), strict=True, namespaceHTMLElements=False
    )
    root: ET.Element = parser.parse(path.read_bytes())
    return root


def text(el: ET.Element | None) -> str:
    assert el is not None
    return " ".join("".join(el.itertext()).split())


def table(tree: ET.Element, cls: str, caption: str) -> ET.Element:
    """The table of class ``cls`` whose caption starts with ``caption``."""
    for t in tree.iter("table"):
        if cls in t.get("class", "").split() and text(t.find("caption")).startswith(caption):
            return t
    raise AssertionError(f"no table.{cls} captioned {caption!r}")


def rows(t: ET.Element) -> list[list[str]]:
    """The body rows as the texts of their cells (th and td)."""
    body = t.find("tbody")
    assert body is not None
    return [[text(cell) for cell in tr] for tr in body.findall("tr")]


def header(t: ET.Element) -> list[str]:
    head = t.find("thead")
    assert head is not None
    return [text(th) for th in head.iter("th")]


def line_of(root: Path, path: str, needle: str) -> int:
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def edit(root: Path, path: str, old: str, new: str) -> None:
    target = root / path
    content = target.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    target.write_text(content.replace(old, new, 1), encoding="utf-8")


# -- the catalogues validate, and a bad run is a finding at its place ------------------------


def test_the_example_catalogues_load_and_validate(data_root: Path) -> None:
    dataset = load_directory(data_root)
    loaded = sorted(d.params["catalogue"] for d in dataset.documents if d.kind.name == "courses")
    assert loaded == ["FKM", "anestesiologi", "ledelse", "urologi"]
    assert all(d.valid for d in dataset.documents if d.kind.name == "courses")
    report = execute(ValidateOptions(root=data_root, as_of=AS_OF))
    assert [f for f in report.findings if f.path.startswith("data/courses/")] == []
    assert not [f for f in report.findings if f.severity.value == "error"]


def test_a_run_outside_its_semester_and_an_unknown_goal_are_findings_at_file_line_col(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    edit(data_root, URO_COURSES, "to: 2027-03-11, place: Bergen", "to: 2027-07-11, place: Bergen")
    edit(data_root, URO_COURSES, "goals: [URO-029, URO-030, URO-031]", "goals: [URO-029, URO-999]")
    before = (data_root / URO_COURSES).read_bytes()
    run_line = line_of(data_root, URO_COURSES, "to: 2027-07-11")
    goal_line = line_of(data_root, URO_COURSES, "URO-999")

    code, out, _err = run(capsys, data_root, "validate", "--as-of", AS_OF)

    assert code == 1
    assert (
        f"data/courses/urologi.yaml:{run_line}:49 error CRS-RUN "
        "course run day 2027-07-11 is outside semester 2027V"
    ) in out
    assert "2027V runs from 2027-01-01 to 2027-06-30" in out
    assert (
        f"data/courses/urologi.yaml:{goal_line}:22 error CRS-REF "
        "unknown learning goal 'URO-999' for course catalogue urologi"
    ) in out
    assert (data_root / URO_COURSES).read_bytes() == before  # validate writes nothing


def test_a_run_with_an_unknown_semester_shape_is_a_schema_finding(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    edit(
        data_root,
        URO_COURSES,
        "semester: 2027H, from: 2027-09-20",
        "semester: 2027-H, from: 2027-09-20",
    )
    line = line_of(data_root, URO_COURSES, "2027-H")
    code, out, _err = run(capsys, data_root, "validate", "--as-of", AS_OF)
    assert code == 1
    assert f"data/courses/urologi.yaml:{line}:" in out


# -- rendering: the course plan on the landing page, the RegUt's page ------------------------


def test_the_landing_page_lists_the_coming_runs_by_semester(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    code, _out, err = run(
        capsys, data_root, "render", "--as-of", AS_OF, "--lang", "en", "-s", "urologi",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    tree = parse(out / "urologi" / "index.html")
    section = next(s for s in tree.iter("section") if s.get("id") == "course-plan")
    assert text(section.find("h2")) == "Course plan"
    # the specialty's own catalogue, then its goal set FKM's, then leadership
    assert [text(h) for h in section.iter("h3")] == [
        "Urology",
        "Common competence goals",
        "Administration and leadership",
    ]
    plan = table(section, "course-plan", "Course plan for Urology")
    assert header(plan) == ["Course", "spring 2027", "autumn 2027", "spring 2028", "autumn 2028"]
    body = {r[0].split(" RegUt")[0]: r[1:] for r in rows(plan)}
    assert body["Kurs i urologisk onkologi"] == [
        "8 March 2027 to 11 March 2027, Bergen Register",
        "",
        "6 March 2028 to 9 March 2028, Bergen Register",
        "",
    ]
    assert body["Kurs i barneurologi og andrologi"][1].startswith("15 November 2027")
    # each organiser is named by its RegUt (and links to its page when rendered)
    assert rows(plan)[3][0] == "Kurs i barneurologi og andrologi RegUt HSØ"
    catalogue = table(section, "course-catalogue", "Course catalogue for Urology")
    assert header(catalogue) == [
        "Course", "Organiser", "Format", "Days", "Places", "Course leader", "Goals"
    ]  # fmt: skip
    first = rows(catalogue)[0]
    assert first[1:6] == [
        "RegUt HV",
        "in person",
        "4 30 hours",
        "30",
        "Kursleder (overlege), Haukeland universitetssjukehus",
    ]
    links = [a.get("href") for a in section.iter("a")]
    assert "https://example.org/regut-hv/kurs/uro-k01" in links


def test_past_runs_leave_the_plan(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    code, _out, err = run(
        capsys, data_root, "render", "--as-of", "2027-05-11", "--lang", "en", "-s", "urologi",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    plan = table(parse(out / "urologi" / "index.html"), "course-plan", "Course plan for Urology")
    assert header(plan)[1] == "spring 2027"  # the May run is under way
    assert "8 March 2027" not in text(plan)


def test_the_regut_page_lists_the_courses_it_organises_and_is_linked(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    code, _out, err = run(
        capsys, data_root, "render", "--as-of", AS_OF, "--lang", "en", "-r", "hv",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    page = out / "regut" / "hv.html"
    tree = parse(page)
    assert text(tree.find(".//h1")).startswith("RegUt HV")
    assert [text(h) for h in tree.iter("h2")] == ["Urology", "Administration and leadership"]
    titles = [r[0] for t in tree.iter("table") if "course-catalogue" in t.get("class", "")
              for r in rows(t)]  # fmt: skip
    assert any(t.startswith("Kurs i urologisk onkologi") for t in titles)
    assert any(t.startswith("Administrasjon og ledelse, del 2") for t in titles)
    # organised by RegUt HSØ or another region's RegUt: not here
    assert not any(t.startswith("Kurs i barneurologi") for t in titles)
    assert not any(t.startswith("Etikk, prioritering") for t in titles)
    leadership = table(tree, "course-plan", "Course plan for Administration and leadership")
    assert header(leadership)[1:] == ["spring 2027", "autumn 2027", "spring 2028", "autumn 2028"]
    assert rows(leadership)[1][1:] == [
        "22 March 2027 to 23 March 2027, Bergen Register",
        "25 October 2027 to 26 October 2027, Trondheim Register",
        "20 March 2028 to 21 March 2028, Oslo Register",
        "23 October 2028 to 24 October 2028, Tromsø Register",
    ]
    region = parse(out / "regions" / "hv.html")
    assert "../regut/hv.html" in [a.get("href") for a in region.iter("a")]
    index = parse(out / "index.html")
    assert "regut/hv.html" in [a.get("href") for a in index.iter("a")]


# -- the procedure list: count columns and "hvorav" sub-lines --------------------------------


def test_the_procedure_table_has_count_columns_and_of_which_lines(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    code, _out, err = run(
        capsys, data_root, "render", "--as-of", AS_OF, "--lang", "en", "-s", "urologi",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    for page in (out / "urologi" / "index.html", out / "urologi" / "plan-ahus.html"):
        procedures = table(parse(page), "procedures", "Recommended procedures")
        assert header(procedures)[:4] == ["Procedure", "Assisted", "Performed", "Main operator"]
        listed = rows(procedures)
        i = next(n for n, r in enumerate(listed) if r[0] == "Orkiektomi")
        assert listed[i][1:4] == ["", "15", ""]
        assert listed[i + 1][:4] == ["of which at least 5 radikale", "", "5", ""]
        flexible = next(r for r in listed if r[0] == "Fleksibel ureterorenoskopi")
        assert flexible[1:4] == ["15", "", ""]  # an old-shape line: its mode's column


# -- the spreadsheet import keeps the new shapes ---------------------------------------------


def _activities(root: Path, kind: str) -> dict[str, dict[str, Any]]:
    parsed = parse_text((root / URO).read_text(encoding="utf-8"))
    return {a["id"]: a for a in parsed.data["activities"][kind]}


def test_importing_courses_and_procedures_keeps_counts_and_of_which(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    courses = _activities(data_root, "courses")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Tittel", "Læringsmål", "Arrangør", "Timer"])
    for c in courses.values():
        sheet.append([c["id"], c["title"], " ".join(c["goals"]), c["organiser"], c["hours"]])
    sheet.append(["uro-k06", "Kurs i robotassistert kirurgi", "URO-019", "HV", 12])
    book.save(tmp_path / "kurs.xlsx")
    code, out, err = run(
        capsys, data_root, "import", "activities", "urologi", str(tmp_path / "kurs.xlsx"), "--apply"
    )
    assert code == 0, err
    assert "1 added, 0 changed" in out
    assert _activities(data_root, "courses")["uro-k06"]["organiser"] == "hv"

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Tittel", "Læringsmål"])
    sheet.append(["uro-p07", "Orkiektomi (enkel eller radikal)", "URO-025 URO-020"])
    book.save(tmp_path / "prosedyrer.xlsx")
    code, out, err = run(
        capsys,
        data_root,
        "import",
        "activities",
        "urologi",
        str(tmp_path / "prosedyrer.xlsx"),
        "--kind",
        "procedures",
        "--apply",
    )
    assert code == 0, err
    p07 = _activities(data_root, "procedures")["uro-p07"]
    assert p07["title"] == "Orkiektomi (enkel eller radikal)"
    assert p07["counts"] == {"performed": 15}
    assert p07["of_which"] == [{"title": "radikale", "minimum": 5}]
    report = execute(ValidateOptions(root=data_root, as_of=AS_OF))
    assert not [f for f in report.findings if f.severity.value == "error"]


# -- a reviewer sees what changed in a catalogue -----------------------------------------------


def test_diff_names_a_course_added_and_a_run_moved(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    edit(repo, URO_COURSES, "to: 2027-09-22, place: Stavanger", "to: 2027-09-23, place: Stavanger")
    with (repo / URO_COURSES).open("a", encoding="utf-8") as handle:
        handle.write("  - {id: uro-k06, title: Kurs i robotkirurgi, organiser: hv}\n")
    code, out, err = run(capsys, repo, "diff", "--as-of", AS_OF, "--format", "json")
    assert code == 0, err
    changes = [
        (c["area"], c["action"], c["message"])
        for c in json.loads(out)["changes"]
        if c["path"] == URO_COURSES
    ]
    assert ("activities", "added", "course uro-k06 added: Kurs i robotkirurgi") in changes
    moved = [m for area, action, m in changes if action == "changed"]
    assert len(moved) == 1 and "uro-k02" in moved[0] and "2027-09-23" in moved[0]
