"""`regraad import goals|activities`: a spreadsheet into specialty.yaml, diff first, in place."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from regraad.cli.app import main
from regraad.edit.textedit import Editor
from regraad.load.yamlparse import parse_text
from regraad.spreadsheet.columns import FIELDS_BY_KIND, normalise

from .conftest import AS_OF

ANE = "data/specialties/anestesiologi/specialty.yaml"
GER = "data/specialties/geriatri/specialty.yaml"
NB_HEADER = ["ID", "Tema", "Tittel", "Gyldig fra"]


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "import", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def goals_of(root: Path, path: str = ANE) -> list[dict[str, Any]]:
    parsed = parse_text((root / path).read_text(encoding="utf-8"))
    assert not parsed.problems
    goals: list[dict[str, Any]] = parsed.data["goals"]
    return goals


def activities_of(root: Path, kind: str) -> list[dict[str, Any]]:
    parsed = parse_text((root / ANE).read_text(encoding="utf-8"))
    items: list[dict[str, Any]] = parsed.data["activities"][kind]
    return items


def xlsx(path: Path, rows: list[list[Any]], title: str = "Ark1") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def csv_file(path: Path, rows: list[list[Any]], delimiter: str, bom: bool) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def sheet_of(goals: list[dict[str, Any]]) -> list[list[Any]]:
    """The goals as Norwegian rows, as a council would keep them in Excel."""
    return [NB_HEADER] + [[g["id"], g.get("topic"), g["title"], g.get("since")] for g in goals]


def is_subsequence(lines: list[str], within: list[str]) -> bool:
    rest = iter(within)
    return all(any(line == other for other in rest) for line in lines)


@pytest.fixture
def edited(data_root: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    """A Norwegian-headed workbook of anestesiologi's goals with one retitled, one gone,
    one new goal in an existing topic and one in a new topic."""
    goals = goals_of(data_root)
    rows = sheet_of(goals)
    by_id = {row[0]: row for row in rows[1:]}
    airway = by_id["ANE-004"][1]
    retired = goals[-2]["id"]  # a goal in force the new list leaves out
    changes = {
        "retitled": "ANE-004",
        "old_title": by_id["ANE-004"][2],
        "new_title": "Beherske maskeventilasjon, larynxmaske og intubasjon",
        "retired": retired,
        "airway_topic": airway,
        "last_airway": max(i for i, g in enumerate(goals) if g.get("topic") == airway),
    }
    by_id["ANE-004"][2] = changes["new_title"]
    rows = [row for row in rows if row[0] != retired]
    rows.insert(3, ["ANE-033", airway, "Kunne bruke høyflytsoksygen under luftveishåndtering", ""])
    rows.append(["ANE-034", "Simulering", "Kunne lede simuleringstrening i anestesi", "2026-03-01"])
    return data_root, xlsx(tmp_path / "laeringsmaal.xlsx", rows), changes


def test_norwegian_sheet_shows_the_diff_and_writes_only_with_apply(
    capsys: pytest.CaptureFixture[str], edited: tuple[Path, Path, dict[str, Any]]
) -> None:
    root, book, changes = edited
    before = (root / ANE).read_bytes()

    code, out, err = run(capsys, root, "goals", "anestesiologi", str(book), "--as-of", AS_OF)
    assert code == 0, err
    assert (root / ANE).read_bytes() == before  # the diff only
    lines = out.splitlines()
    assert any(ln.startswith("  + ANE-033") for ln in lines)
    assert any(ln.startswith("  + ANE-034") for ln in lines)
    assert any(ln.startswith("  ~ ANE-004") for ln in lines)
    assert f'title: "{changes["old_title"]}" → "{changes["new_title"]}"' in out
    assert any(ln.startswith(f"  - {changes['retired']}") for ln in lines)
    assert f"until: — → {AS_OF}" in out
    assert "2 added, 1 changed, 1 retired" in out
    assert "--apply" in lines[-1]

    code, out, err = run(
        capsys, root, "goals", "anestesiologi", str(book), "--as-of", AS_OF, "--apply"
    )
    assert code == 0, err
    assert f"Updated {ANE}" in out
    goals = goals_of(root)
    ids = [g["id"] for g in goals]
    by_id = {g["id"]: g for g in goals}
    # the new airway goal right after the last airway goal; the new topic at the end
    assert ids[changes["last_airway"] + 1] == "ANE-033"
    assert ids[-1] == "ANE-034"
    assert by_id["ANE-033"]["since"] == AS_OF  # no date in the sheet: from the import
    assert by_id["ANE-034"]["since"] == "2026-03-01"
    assert by_id["ANE-004"]["title"] == changes["new_title"]
    assert by_id[changes["retired"]]["until"] == AS_OF  # retired, not deleted
    assert sum("until" in g for g in goals) == 1


def test_apply_keeps_comments_and_every_untouched_line(
    capsys: pytest.CaptureFixture[str], edited: tuple[Path, Path, dict[str, Any]]
) -> None:
    root, book, changes = edited
    old = (root / ANE).read_text(encoding="utf-8").splitlines()
    code, _out, err = run(
        capsys, root, "goals", "anestesiologi", str(book), "--as-of", AS_OF, "--apply"
    )
    assert code == 0, err
    new = (root / ANE).read_text(encoding="utf-8").splitlines()
    kept = [ln for ln in old if changes["old_title"] not in ln]
    assert is_subsequence(kept, new)
    comments = [ln for ln in old if ln.lstrip().startswith("#")]
    assert comments and all(c in new for c in comments)
    assert len(new) == len(old) + 1 + 2 * 4  # an until line, two goals of four lines
    # the changed title keeps the double quotes the file writes titles in
    assert f'    title: "{changes["new_title"]}"' in new


def test_the_written_file_validates(
    capsys: pytest.CaptureFixture[str], edited: tuple[Path, Path, dict[str, Any]]
) -> None:
    root, book, _changes = edited
    assert run(capsys, root, "goals", "anestesiologi", str(book), "--apply")[0] == 0
    code = main(["--root", str(root), "validate", "--format", "json", "--as-of", AS_OF])
    out = capsys.readouterr().out
    assert code == 1  # the new goals are in no coverage file or plan yet …
    assert "V-COMPLETE" in out
    assert ANE not in out  # … but specialty.yaml itself is clean


def test_broken_sheet_names_its_rows_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    rows = sheet_of(goals_of(data_root))
    rows[3][0] = "ANE-1"  # row 4: not a goal id
    rows[6][0] = rows[2][0]  # row 7: the id of row 3 again
    rows[8][2] = ""  # row 9: no title
    rows[10][3] = "31.02.2020"  # row 11: no such date
    book = xlsx(tmp_path / "broken.xlsx", rows)
    before = (data_root / ANE).read_bytes()

    code, out, err = run(capsys, data_root, "goals", "anestesiologi", str(book), "--apply")
    assert code == 1
    assert out == ""
    assert "4 problems; nothing was written" in err
    assert "row 4: 'ANE-1' is not a goal id" in err
    assert f"row 7: {rows[2][0]} is also in row 3" in err
    assert f"row 9: {rows[8][0]} has no title" in err
    assert "row 11: '31.02.2020' is not a date" in err
    assert (data_root / ANE).read_bytes() == before


def test_english_csv_with_semicolons_and_bom_fills_an_empty_goal_list(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    rows = [
        ["Goal ID", "Topic", "Title", "Since", "Note"],
        [
            "GER-001",
            "Utredning",
            "Kunne gjøre en geriatrisk vurdering; med funksjonskartlegging",
            "",
        ],
        [],  # blank rows and heading rows are passed over
        ["", "Behandling", "", ""],
        ["GER-002", "Behandling", "Kunne legemiddelgjennomgang hos eldre", "1.3.2019"],
        ["FKM-01", "Etikk", "Kunne gjøre etiske vurderinger", ""],  # a goal-set goal
    ]
    sheet = csv_file(tmp_path / "ger.csv", rows, delimiter=";", bom=True)
    before = (data_root / GER).read_text(encoding="utf-8")
    assert "goals: []" in before

    code, out, err = run(
        capsys, data_root, "goals", "geriatri", str(sheet), "--as-of", AS_OF, "--apply"
    )
    assert code == 0, err
    assert "2 added" in out
    assert "belong to the goal sets: FKM-01" in out
    assert "ignored columns: Note" in out
    after = (data_root / GER).read_text(encoding="utf-8")
    assert "goals: []" not in after and "\n  - id: GER-001\n" in after  # a block list
    assert "# Læringsmålene for del 3 er ikke importert ennå." in after
    goals = goals_of(data_root, GER)
    assert goals == [
        {
            "id": "GER-001",
            "topic": "Utredning",
            "title": "Kunne gjøre en geriatrisk vurdering; med funksjonskartlegging",
            "since": AS_OF,
        },
        {
            "id": "GER-002",
            "topic": "Behandling",
            "title": "Kunne legemiddelgjennomgang hos eldre",
            "since": "2019-03-01",
        },
    ]


def test_comma_csv_with_unknown_headers_needs_map(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    goals = goals_of(data_root)
    rows = [["Kode", "Beskrivelse"]] + [[g["id"], g["title"]] for g in goals]
    rows[1][1] = "Ny ordlyd for det første målet"
    sheet = csv_file(tmp_path / "mål.csv", rows, delimiter=",", bom=False)

    code, _out, err = run(capsys, data_root, "goals", "anestesiologi", str(sheet))
    assert code == 1
    assert "no column for id, title" in err
    assert "Kode, Beskrivelse" in err

    code, out, err = run(
        capsys,
        data_root,
        "goals",
        "anestesiologi",
        str(sheet),
        "--map",
        "kode=id",
        "--map",
        "Beskrivelse=title",
        "--apply",
    )
    assert code == 0, err
    assert "0 added, 1 changed, 0 retired" in out  # topics and dates not in the sheet: kept
    assert goals_of(data_root)[0] == {**goals[0], "title": "Ny ordlyd for det første målet"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "Kode"], "is not COLUMN=field"),
        (["--map", "ID=colour"], "no field 'colour'"),
        (["--map", "Mål-ID=id"], "has no column 'Mål-ID'"),
    ],
)
def test_bad_map_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
    data_root: Path,
    tmp_path: Path,
    args: list[str],
    message: str,
) -> None:
    book = xlsx(tmp_path / "g.xlsx", sheet_of(goals_of(data_root)))
    code, _out, err = run(capsys, data_root, "goals", "anestesiologi", str(book), *args)
    assert code == 2
    assert message in err


def test_missing_file_and_unknown_specialty_are_usage_errors(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    code, _out, err = run(capsys, data_root, "goals", "anestesiologi", str(tmp_path / "no.xlsx"))
    assert code == 2 and "no file" in err
    book = xlsx(tmp_path / "g.xlsx", sheet_of(goals_of(data_root)))
    code, _out, err = run(capsys, data_root, "goals", "anestesiologie", str(book))
    assert code == 2 and "unknown specialty 'anestesiologie'" in err
    assert "did you mean anestesiologi" in err
    (tmp_path / "g.ods").write_bytes(b"")
    code, _out, err = run(capsys, data_root, "goals", "anestesiologi", str(tmp_path / "g.ods"))
    assert code == 2 and "use an .xlsx workbook or a .csv file" in err


def test_a_broken_workbook_is_reported_not_a_traceback(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip file")
    code, _out, err = run(
        capsys, data_root, "goals", "anestesiologi", str(tmp_path / "broken.xlsx")
    )
    assert code == 2
    assert "cannot be read as an xlsx workbook" in err
    (tmp_path / "latin1.csv").write_bytes("id;tittel\nANE-001;Læring\n".encode("latin-1"))
    code, _out, err = run(capsys, data_root, "goals", "anestesiologi", str(tmp_path / "latin1.csv"))
    assert code == 2
    assert "is not UTF-8 text" in err


def test_second_sheet_by_name(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.append(["Forside"])
    second = book.create_sheet("Mål")
    for row in sheet_of(goals_of(data_root)):
        second.append(row)
    book.save(tmp_path / "g.xlsx")
    code, out, err = run(
        capsys, data_root, "goals", "anestesiologi", str(tmp_path / "g.xlsx"), "--sheet", "Mål"
    )
    assert code == 0, err
    assert "0 added, 0 changed, 0 retired, 32 unchanged" in out
    code, _out, err = run(
        capsys, data_root, "goals", "anestesiologi", str(tmp_path / "g.xlsx"), "--sheet", "X"
    )
    assert code == 2 and "sheets: Sheet, Mål" in err


def test_courses_are_updated_and_added_in_place(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    courses = activities_of(data_root, "courses")
    rows: list[list[Any]] = [["ID", "Tittel", "Læringsmål", "Arrangør"]]
    rows += [[c["id"], c["title"], " ".join(c["goals"]), c.get("organiser")] for c in courses]
    rows[4][2] = "ANE-014, ANE-015, FKM-01"  # ane-k04 serves a common goal too
    rows.pop(2)  # ane-k02 left out: kept, since activities have no history
    rows.append(["ane-k07", "Kurs i anestesi utenfor operasjonsstuen", "ANE-032", "HMN"])
    book = xlsx(tmp_path / "kurs.xlsx", rows)

    code, out, err = run(capsys, data_root, "activities", "anestesiologi", str(book), "--apply")
    assert code == 0, err
    assert "1 added, 1 changed, 0 retired" in out
    assert "= ane-k02" in out and "kept" in out
    after = {c["id"]: c for c in activities_of(data_root, "courses")}
    assert after["ane-k04"]["goals"] == ["ANE-014", "ANE-015", "FKM-01"]
    assert after["ane-k04"]["hours"] == 16  # not in the sheet: as it was
    assert "ane-k02" in after
    assert after["ane-k07"] == {
        "id": "ane-k07",
        "title": "Kurs i anestesi utenfor operasjonsstuen",
        "goals": ["ANE-032"],
        "organiser": "hmn",
    }
    assert "goals: [ANE-014, ANE-015, FKM-01]" in (data_root / ANE).read_text(encoding="utf-8")


def test_procedures_with_unknown_goals_are_refused_by_row(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    rows = [
        ["id", "title", "goals", "minimum"],
        ["ane-p01", "Epiduralanalgesi", "ANE-010 ANE-099", "50"],
        ["ane-p06", "Arteriekran", "ANE-013", "mange"],
        ["ane-k01", "Kurs som prosedyre", "ANE-003", "1"],
    ]
    sheet = csv_file(tmp_path / "prosedyrer.csv", rows, delimiter=",", bom=False)
    before = (data_root / ANE).read_bytes()
    code, _out, err = run(capsys, data_root, "activities", "anestesiologi", str(sheet), "--apply")
    assert code == 1
    assert "row 2: no goal ANE-099 in this specialty or its goal sets" in err
    assert "row 3: 'mange' is not a whole number" in err
    assert (data_root / ANE).read_bytes() == before
    rows = [rows[0], rows[3]]
    sheet = csv_file(tmp_path / "prosedyrer.csv", rows, delimiter=",", bom=False)
    code, _out, err = run(capsys, data_root, "activities", "anestesiologi", str(sheet))
    assert code == 1
    assert "row 2: ane-k01 is already one of the specialty's courses" in err


def test_activities_kind_must_be_told_when_the_columns_do_not(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    sheet = csv_file(tmp_path / "a.csv", [["id", "title"], ["ane-x1", "X"]], ",", bom=False)
    code, _out, err = run(capsys, data_root, "activities", "anestesiologi", str(sheet))
    assert code == 2 and "--kind" in err
    code, out, err = run(
        capsys, data_root, "activities", "anestesiologi", str(sheet), "--kind", "procedures"
    )
    assert code == 0, err
    assert "+ ane-x1" in out


def test_editor_inserts_between_items_keeping_comments() -> None:
    text = "items:\n  # first group\n  - id: a\n  # second group\n  - id: c\nflow: [x, z]\n"
    editor = Editor(text, "t.yaml")
    editor.insert(("items",), 1, {"id": "b"})
    editor.insert(("items",), 0, {"id": "o"})
    editor.insert(("flow",), 1, "y")
    assert editor.text == (
        "items:\n  - id: o\n  # first group\n  - id: a\n  - id: b\n  # second group\n"
        "  - id: c\nflow: [x, y, z]\n"
    )


def test_two_columns_for_one_field_are_refused_until_map_says_which(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    goals = goals_of(data_root)
    rows = [["id", "tittel", "læringsmål"]] + [[g["id"], g["title"], "x"] for g in goals]
    book = xlsx(tmp_path / "to.xlsx", rows)
    code, _out, err = run(capsys, data_root, "goals", "anestesiologi", str(book))
    assert code == 1
    assert "columns 'tittel' and 'læringsmål' both read as title" in err
    code, out, err = run(
        capsys, data_root, "goals", "anestesiologi", str(book), "--map", "læringsmål="
    )
    assert code == 0, err
    assert f"0 added, 0 changed, 0 retired, {len(goals)} unchanged" in out


@pytest.mark.parametrize("kind", sorted(FIELDS_BY_KIND))
def test_no_header_name_means_two_fields(kind: str) -> None:
    fields = FIELDS_BY_KIND[kind]
    names = [name for f in fields for name in f.names()]
    assert len(names) == len(set(names))
    # what regraad writes as headers is read back as the same field
    for f in fields:
        assert normalise(f.header("nb")) in f.names() and normalise(f.header("en")) in f.names()
