"""`regraad export`: coverage, plans, councils and goal lists as xlsx (opened with openpyxl
here) or csv; a goal list exported and imported back changes nothing."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from regraad.analysis.coverage import Matrix, matrix, with_coverage
from regraad.analysis.names import trust_names
from regraad.cli.app import main
from regraad.load.dataset import Dataset
from regraad.load.loader import load_directory
from regraad.spreadsheet.workbook import FILLS

from .conftest import AS_OF

ANE = "data/specialties/anestesiologi/specialty.yaml"
STATUS_WORDS = {"full": "full", "partial": "partial", "none": "none", "missing": "not listed"}


def export(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "export", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def english_name(ds: Dataset, slug: str) -> str:
    spec = ds.specialties[slug].spec
    assert spec is not None
    return str(spec.data["name"]["en"])


def fill(ws: Worksheet, row: int, column: int) -> str:
    return str(ws.cell(row, column).fill.fgColor.rgb)[-6:]


def totals(ws: Worksheet) -> dict[str, list[Any]]:
    """The rows below the table that total a status, by status word."""
    out = {}
    for row in ws.iter_rows(values_only=True):
        if row[0] == "Total":
            out[str(row[1])] = list(row[3:])
    return out


@pytest.fixture
def coverage_book(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> tuple[Dataset, Path]:
    out = tmp_path / "dekning.xlsx"
    code, stdout, err = export(
        capsys, data_root, "coverage", "--out", str(out), "--lang", "en", "--as-of", AS_OF
    )
    assert code == 0, err
    assert str(out) in stdout
    return load_directory(data_root), out


def test_coverage_workbook_has_a_sheet_per_specialty_and_a_legend(
    coverage_book: tuple[Dataset, Path],
) -> None:
    ds, out = coverage_book
    book = load_workbook(out)
    slugs = with_coverage(ds)
    assert len(slugs) > 1
    assert book.sheetnames == [*(english_name(ds, s) for s in slugs), "Legend"]
    for slug in slugs:
        ws = book[english_name(ds, slug)]
        assert ws.freeze_panes == "B2"  # the header row and the goal ids stay in view
        assert ws["A1"].font.b
        assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width


def test_coverage_cells_are_coloured_by_status_and_totalled_per_trust(
    coverage_book: tuple[Dataset, Path],
) -> None:
    ds, out = coverage_book
    book = load_workbook(out)
    names = trust_names(ds)
    assert len(set(FILLS.values())) == len(FILLS)  # every status its own colour
    seen = set()
    for slug in with_coverage(ds):
        m: Matrix = matrix(ds, slug, AS_OF)
        ws = book[english_name(ds, slug)]
        header = [c.value for c in ws[1]]
        assert header == ["Goal", "Topic", "Title", *(names[t] for t in m.trusts)]
        for r, row in enumerate(m.rows, start=2):
            assert ws.cell(r, 1).value == row.goal
            for c, trust in enumerate(m.trusts, start=4):
                cell = row.cells[trust]
                assert fill(ws, r, c) == FILLS[cell.status]
                text = str(ws.cell(r, c).value)
                assert text.startswith(STATUS_WORDS[cell.status])
                if cell.via:
                    assert text.endswith(f"→ {names[cell.via]}")
                seen.add(cell.status)
        found = totals(ws)
        for status in ("full", "partial", "none"):
            expected = [sum(r.cells[t].status == status for r in m.rows) for t in m.trusts]
            assert found[STATUS_WORDS[status]] == expected
        assert all(sum(found[w][i] for w in found) == len(m.rows) for i in range(len(m.trusts)))
    assert {"full", "partial", "none"} <= seen  # the example data shows each colour


def test_coverage_legend_explains_every_colour(coverage_book: tuple[Dataset, Path]) -> None:
    _ds, out = coverage_book
    legend = load_workbook(out)["Legend"]
    rows = {str(legend.cell(r, 1).value): r for r in range(2, 6)}
    for status, word in STATUS_WORDS.items():
        assert fill(legend, rows[word], 1) == FILLS[status]
        assert legend.cell(rows[word], 2).value
    assert AS_OF in [c.value for c in legend["B"]]


def test_coverage_for_one_region_in_bokmal(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    ds = load_directory(data_root)
    out = tmp_path / "hmn.xlsx"
    code, _out, err = export(
        capsys, data_root, "coverage", "--region", "hmn", "--out", str(out), "--as-of", AS_OF
    )
    assert code == 0, err
    book = load_workbook(out)
    slugs = with_coverage(ds, "hmn")
    nb_names = [str(ds.specialties[s].spec.data["name"]["nb"]) for s in slugs]  # type: ignore[union-attr]
    assert book.sheetnames[:-1] == nb_names  # bokmål by default, like rendered documents
    names = trust_names(ds)
    for slug, name in zip(slugs, nb_names, strict=True):
        trusts = matrix(ds, slug, AS_OF, "hmn").trusts
        assert [c.value for c in book[name][1]][3:] == [names[t] for t in trusts]


def test_coverage_as_csv(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    ds = load_directory(data_root)
    out = tmp_path / "dekning.csv"
    code, _out, err = export(
        capsys, data_root, "coverage", "--out", str(out), "--lang", "en", "--as-of", AS_OF
    )
    assert code == 0, err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Specialty", "Goal", "Topic", "Title"]
    matrices = {s: matrix(ds, s, AS_OF) for s in with_coverage(ds)}
    assert len(rows) - 1 == sum(len(m.rows) for m in matrices.values())
    column = {name: i for i, name in enumerate(rows[0])}
    names = trust_names(ds)
    for row in rows[1:]:
        m = matrices[row[0]]
        cells = next(r for r in m.rows if r.goal == row[1]).cells
        for trust, cell in cells.items():
            assert row[column[names[trust]]].startswith(STATUS_WORDS[cell.status])


def test_councils_leave_out_contact_details_unless_asked(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    ds = load_directory(data_root)
    council = ds.specialties["anestesiologi"].councils["hmn"].data
    emails = [m["email"] for m in council["members"] if m.get("email")]
    assert emails
    out = tmp_path / "råd.xlsx"
    args = ["councils", "--specialty", "anestesiologi", "--out", str(out), "--lang", "en"]
    assert export(capsys, data_root, *args)[0] == 0
    ws = load_workbook(out)["Anaesthesiology"]
    values = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert "E-mail" not in values
    assert not any("@" in v for v in values)
    names = [v for v in ws["B"][1:] if v.value]
    assert [c.value for c in names][: len(council["members"])] == [
        m["name"] for m in council["members"]
    ]

    assert export(capsys, data_root, *args, "--include-contact")[0] == 0
    ws = load_workbook(out)["Anaesthesiology"]
    header = [c.value for c in ws[1]]
    column = header.index("E-mail") + 1
    listed = [ws.cell(r, column).value for r in range(2, 2 + len(council["members"]))]
    assert [e for e in listed if e] == emails


def test_plans_list_every_period_with_months_totalled(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    ds = load_directory(data_root)
    out = tmp_path / "planer.xlsx"
    code, _out, err = export(
        capsys, data_root, "plans", "-s", "anestesiologi", "--out", str(out), "--lang", "en"
    )
    assert code == 0, err
    ws = load_workbook(out)["Anaesthesiology"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    names = trust_names(ds)
    plans = ds.specialties["anestesiologi"].rotations
    periods = [(names[home], p["id"]) for home, doc in plans.items() for p in doc.data["periods"]]
    assert [(r[0], r[1]) for r in rows[: len(periods)]] == periods
    for home, doc in plans.items():
        total = sum(p["months"] for p in doc.data["periods"])
        assert (names[home], "Total", None, None, None, total) == rows[-len(plans) :][
            list(plans).index(home)
        ][:6]


@pytest.mark.parametrize(("suffix", "lang"), [("xlsx", "nb"), ("csv", "en")])
def test_goals_exported_and_imported_back_are_unchanged(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path, suffix: str, lang: str
) -> None:
    path = data_root / ANE
    # a retired goal, a quoted title and a title a spreadsheet would take for a formula
    # (exported as text) make the round trip less trivial
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    since: 2020-03-01\n", "    since: 2020-03-01\n    until: 2026-02-28\n", 1
    )
    title = re.search(r"title: (.+)\n", text)
    assert title is not None
    text = text.replace(title.group(0), "title: '-= not a formula'\n", 1)
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    out = tmp_path / f"mål.{suffix}"
    code, _out, err = export(
        capsys, data_root, "goals", "anestesiologi", "--out", str(out), "--lang", lang
    )
    assert code == 0, err
    code = main(["--root", str(data_root), "import", "goals", "anestesiologi", str(out), "--apply"])
    stdout, err = capsys.readouterr()
    assert code == 0, err
    assert "0 added, 0 changed, 0 retired, 32 unchanged" in stdout
    assert "ignored columns" not in stdout
    assert path.read_bytes() == before


def test_bad_requests_write_nothing(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.ods"
    code, _out, err = export(capsys, data_root, "coverage", "--out", str(out))
    assert code == 2 and "name it .xlsx or .csv" in err
    code, _out, err = export(capsys, data_root, "coverage", "--out", str(out), "-f", "csv")
    assert code == 0, err  # --format decides over the suffix
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    out = tmp_path / "y.xlsx"
    code, _out, err = export(capsys, data_root, "coverage", "-r", "xx", "--out", str(out))
    assert code == 2 and "no region 'xx'" in err
    code, _out, err = export(capsys, data_root, "coverage", "-s", "geriatri", "--out", str(out))
    assert code == 1 and "nothing to export" in err
    code, _out, err = export(capsys, data_root, "goals", "geriatrik", "--out", str(out))
    assert code == 2 and "unknown specialty" in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".y.xlsx")] == []
