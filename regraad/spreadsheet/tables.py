"""Reading one table from an xlsx workbook or a csv file, keeping the sheet's row numbers.

Problems are reported by the row number people see in Excel, so every row keeps it;
blank rows are left out and the first non-blank row is the header. Cells become text
(dates as ISO dates, whole numbers without ``.0``): the column mapping and row checks
then see the same thing whichever format the file came in. A csv may be UTF-8 with or
without a BOM and use ``;`` (Norwegian Excel), ``,`` or tabs.

The file is hostile input: its size, and for a workbook every part of the archive, is
checked before it is parsed, and rows and cells are counted while it is read
(``limits``), so a zip bomb or a sheet of a million rows is refused in a moment.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..i18n import _
from ..output.safe import formula_like
from .limits import (
    MAX_CELLS,
    MAX_ROWS,
    bounded_rows,
    check_csv_text,
    check_file_size,
    check_workbook,
    unreadable_workbook,
)

DELIMITERS = (";", ",", "\t")
SNIFF_CHARS = 1 << 20


@dataclass(frozen=True)
class Table:
    """The header and the non-blank rows of one sheet."""

    source: str  # the file's name, for messages
    sheet: str | None  # the worksheet that was read (xlsx only)
    header_row: int
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (row number, cells)


def cell_text(value: object) -> str:
    """A cell's value as the text the checks read."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(source: str, sheet: str | None, records: Iterable[tuple[int, list[str]]]) -> Table:
    header: tuple[str, ...] | None = None
    header_row = 0
    rows: list[tuple[int, tuple[str, ...]]] = []
    for number, cells in records:
        if not any(cells):
            continue
        if header is None:
            header, header_row = tuple(cells), number
        else:
            rows.append((number, tuple(cells)))
    if header is None:
        raise UsageError(_("{file} holds no table").format(file=source))
    return Table(source, sheet, header_row, header, tuple(rows))


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    check_workbook(path)  # before openpyxl is even imported
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # extensions openpyxl skips do not matter here
            book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise unreadable_workbook(path.name) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise UsageError(
                _("--sheet: {file} has no sheet '{sheet}'").format(file=path.name, sheet=sheet),
                _("sheets: {names}").format(names=", ".join(book.sheetnames)),
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows, columns = ws.max_row, ws.max_column  # as the sheet declares them
        if rows is None or columns is None or rows > MAX_ROWS or rows * columns > MAX_CELLS:
            ws.reset_dimensions()  # the cells that are there, not a huge declared size
        values = enumerate(ws.iter_rows(values_only=True), start=1)
        records = [
            (number, [cell_text(v) for v in row]) for number, row in bounded_rows(path.name, values)
        ]
        return _table(path.name, ws.title, records)
    finally:
        book.close()


def _read_csv(path: Path, sheet: str | None) -> Table:
    check_file_size(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            _("{file} cannot be read: {error}").format(file=path.name, error=exc.strerror)
        ) from None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(
            _("{file} is not UTF-8 text").format(file=path.name),
            _('save it from Excel as "CSV UTF-8"'),
        ) from None
    delimiter = sniff_delimiter(text)
    check_csv_text(path.name, text, delimiter)
    try:
        reader = enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1)
        records = [
            (n, [_unquoted(cell_text(c)) for c in r]) for n, r in bounded_rows(path.name, reader)
        ]
    except csv.Error as exc:
        raise UsageError(
            _("{file} cannot be read as csv: {error}").format(file=path.name, error=exc)
        ) from None
    return _table(path.name, None, records)


def _unquoted(text: str) -> str:
    """A csv cell as written: regraad's exports put ``'`` before a text a spreadsheet would
    take for a formula (``workbook.write_csv``); reading it back removes exactly that."""
    return text[1:] if text.startswith("'") and formula_like(text[1:]) else text


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first non-blank line into the most cells (looked
    for in the first megabyte: the text is not yet known to be a table)."""
    first = next((line for line in text[:SNIFF_CHARS].splitlines() if line.strip()), "")

    def cells(delimiter: str) -> int:
        return max((len(r) for r in csv.reader([first], delimiter=delimiter)), default=0)

    return max(DELIMITERS, key=cells)  # on a tie the first: ";" as Norwegian Excel writes


READERS_BY_SUFFIX: dict[str, Callable[[Path, str | None], Table]] = {
    ".xlsx": _read_xlsx,
    ".xlsm": _read_xlsx,
    ".csv": _read_csv,
}


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The table in ``path`` (the first sheet of a workbook unless ``sheet`` names one)."""
    reader = READERS_BY_SUFFIX.get(path.suffix.lower())
    if reader is None:
        raise UsageError(
            _("{file}: not a spreadsheet regraad reads").format(file=path.name),
            _("use an .xlsx workbook or a .csv file"),
        )
    if not path.is_file():
        raise UsageError(_("no file {file}").format(file=path))
    if sheet is not None and reader is _read_csv:
        raise UsageError(_("--sheet is for xlsx workbooks; a csv file has one table"))
    return reader(path, sheet)
