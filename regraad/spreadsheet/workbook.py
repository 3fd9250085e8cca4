"""Sheets as plain data, and the writers that turn them into an xlsx workbook or a csv.

The exports build ``Book``s and know nothing of openpyxl; a writer per format, chosen
from ``WRITERS_BY_NAME``, makes the bytes. A workbook is meant to be read by HF leaders
in Excel: each sheet has a bold, frozen header row with a filter, columns as wide as
their content (long text wrapped), statuses as cell colours, and totals below the
table. A csv holds the same tables' rows, one table after another with a first column
saying which sheet a row is from; legends and totals are for people and stay in the
workbook. It is UTF-8 with a BOM and ``;`` between cells, as Norwegian Excel opens it.

A workbook travels beyond the repository and is opened in programs that run formulas,
so every text cell goes through ``output.safe``: identity numbers masked, control and
bidirectional characters escaped (openpyxl refuses the first), and a text that would
start a formula (``=``, ``+``, ``-``, ``@``) written as text: in xlsx a string cell with
a quote prefix, in csv behind a ``'``. Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..output.safe import cell_text, formula_like
from ..privacy.personnummer import redact

Value = str | int | float | dt.date | None

# Excel's own good / neutral / bad colours, and grey for what no one has assessed
FILLS = {"full": "C6EFCE", "partial": "FFEB9C", "none": "FFC7CE", "missing": "D9D9D9"}
HEADER_FILL = "DDEBF7"
MIN_WIDTH = 6
MAX_WIDTH = 60  # wider text wraps
SHEET_NAME_LENGTH = 31  # Excel's limit
CSV_DELIMITER = ";"


@dataclass(frozen=True)
class Cell:
    value: Value
    fill: str | None = None  # a key of FILLS


CellLike = Cell | Value


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[list[CellLike]] = field(default_factory=list)
    footer: list[list[CellLike]] = field(default_factory=list)  # totals, below a blank row
    frozen_columns: int = 0  # columns that stay in view when scrolling right
    key: str | None = None  # what the sheet is about, for a csv's first column


@dataclass
class Book:
    sheets: list[Sheet]
    key_header: str | None = None  # a csv's first column: which sheet each row is from
    extra: list[Sheet] = field(default_factory=list)  # legends: in the workbook only


def _value(cell: CellLike) -> Value:
    return cell.value if isinstance(cell, Cell) else cell


def _safe(value: Value) -> Value:
    """A value as a cell may hold it: text through ``cell_text``; a number that reads as
    an identity number masked (as text); other numbers and dates as they are."""
    if isinstance(value, str):
        return cell_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        shown = str(value)
        masked = redact(shown)
        return value if masked == shown else masked
    return value


def _csv_value(value: Value) -> Value:
    """A csv cell: safe, and a would-be formula behind a ``'``, which Excel shows as text."""
    value = _safe(value)
    return "'" + value if isinstance(value, str) and formula_like(value) else value


def sheet_names(names: list[str]) -> list[str]:
    """Names Excel accepts: no ``[]:*?/\\``, at most 31 characters, unique."""
    out: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = re.sub(r"[\[\]:*?/\\]", "-", cell_text(name)).strip("'") or "-"
        candidate, n = base[:SHEET_NAME_LENGTH], 1
        while candidate.casefold() in taken:
            n += 1
            suffix = f"~{n}"
            candidate = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def _width(values: list[Value]) -> int:
    longest = max(
        (len(line) for v in values if v is not None for line in str(v).split("\n")), default=0
    )
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def _append(ws: Any, row: list[CellLike], fills: dict[str, Any], font: Any = None) -> None:
    ws.append([_safe(_value(c)) for c in row])
    for model, cell in zip(row, ws[ws.max_row], strict=False):
        if isinstance(cell.value, str) and (cell.data_type == "f" or formula_like(cell.value)):
            cell.data_type = "s"  # openpyxl took "=..." for a formula: text, as it was
            cell.quotePrefix = True  # and text still when someone edits the cell in Excel
        if isinstance(model, Cell) and model.fill in fills:
            cell.fill = fills[model.fill]
        if font is not None:
            cell.font = font


def write_xlsx(book: Book) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    sheets = [*book.sheets, *book.extra]
    bold = Font(bold=True)
    fills = {
        key: PatternFill("solid", start_color=rgb, end_color=rgb) for key, rgb in FILLS.items()
    }
    header_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet, name in zip(sheets, sheet_names([s.name for s in sheets]), strict=True):
        ws = workbook.create_sheet(name)
        _append(ws, list(sheet.header), fills, bold)
        for cell in ws[1]:
            cell.fill = header_fill
        for row in sheet.rows:
            _append(ws, row, fills)
        if sheet.footer:
            ws.append([])
            for row in sheet.footer:
                _append(ws, row, fills, bold)
        table: list[list[CellLike]] = [list(sheet.header), *sheet.rows, *sheet.footer]
        for c in range(1, max(len(r) for r in table) + 1):
            values = [_value(row[c - 1]) for row in table if c <= len(row)]
            width = _width(values)
            ws.column_dimensions[get_column_letter(c)].width = width
            if width == MAX_WIDTH:
                for (cell,) in ws.iter_rows(min_row=2, min_col=c, max_col=c):
                    cell.alignment = wrap
        ws.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}2"
        if sheet.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.header))}{len(sheet.rows) + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(book: Book) -> bytes:
    header: list[str] = []
    for sheet in book.sheets:
        header.extend(h for h in sheet.header if h not in header)
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    lead = [book.key_header] if book.key_header else []
    writer.writerow([_csv_value(h) for h in [*lead, *header]])
    for sheet in book.sheets:
        place = [header.index(h) for h in sheet.header]
        for row in sheet.rows:
            line: list[Value] = [""] * len(header)
            for i, cell in zip(place, row, strict=False):
                line[i] = _value(cell)
            key = [sheet.key or sheet.name] if lead else []
            writer.writerow([_csv_value(v) for v in [*key, *line]])
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


WRITERS_BY_NAME: dict[str, Callable[[Book], bytes]] = {"xlsx": write_xlsx, "csv": write_csv}
