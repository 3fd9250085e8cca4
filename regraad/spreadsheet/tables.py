"""Reading one table from an xlsx workbook or a csv file, keeping the sheet's row numbers.

Problems are reported by the row number people see in Excel, so every row keeps it;
blank rows are left out and the first non-blank row is the header. Cells become text
(dates as ISO dates, whole numbers without ``.0``): the column mapping and row checks
then see the same thing whichever format the file came in. A csv may be UTF-8 with or
without a BOM and use ``;`` (Norwegian Excel), ``,`` or tabs.
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

DELIMITERS = (";", ",", "\t")


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
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # extensions openpyxl skips do not matter here
            book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UsageError(
            _("{file} cannot be read as an xlsx workbook").format(file=path.name),
            _("save it from Excel as .xlsx, or as CSV UTF-8"),
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise UsageError(
                _("--sheet: {file} has no sheet '{sheet}'").format(file=path.name, sheet=sheet),
                _("sheets: {names}").format(names=", ".join(book.sheetnames)),
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        records = [
            (number, [cell_text(v) for v in values])
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1)
        ]
        return _table(path.name, ws.title, records)
    finally:
        book.close()


def _read_csv(path: Path, sheet: str | None) -> Table:
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
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        records = [(n, [cell_text(c) for c in r]) for n, r in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise UsageError(
            _("{file} cannot be read as csv: {error}").format(file=path.name, error=exc)
        ) from None
    return _table(path.name, None, records)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first non-blank line into the most cells."""
    first = next((line for line in text.splitlines() if line.strip()), "")

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
