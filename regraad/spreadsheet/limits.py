"""How much of a spreadsheet an import reads, checked before the file is parsed.

A spreadsheet to import comes from outside the data and is hostile input (SECURITY.md).
An xlsx file is a zip archive of XML parts: 1.5 MB can unpack to gigabytes (a zip bomb),
and openpyxl builds every row it reads, and the styles and shared strings, in memory.
So the archive's directory is checked first (what each part says it unpacks to; a part
that unpacks to more than it says fails its checksum), then every XML part is counted
in a streaming pass that stops at the first limit, and only then does openpyxl parse
the workbook; rows and cells are counted again while the table is read.

The limits are far above any real list (a specialty has fewer than 200 goals, and an
export of every goal of every specialty is well under a megabyte) and far below what
takes a machine more than a second or two and a couple of hundred megabytes:

=====================  =============  ===============================================
limit                  value          what it bounds
=====================  =============  ===============================================
``MAX_FILE_BYTES``     20 MB          the file as it is on disk (xlsx or csv)
``MAX_PARTS``          1 000          the parts of an xlsx archive
``MAX_PART_BYTES``     20 MB          what one part unpacks to
``MAX_UNPACKED_BYTES`` 50 MB          what all the parts unpack to together
``MAX_RATIO``          100            unpacked / packed size of a part over 1 MB
``MAX_ELEMENTS``       2 000 000      XML elements in all parts of a workbook
``MAX_PART_ELEMENTS``  100 000        XML elements in one part that is not a sheet or
                                      the shared strings (styles, workbook, ...)
``MAX_ROW_CELLS``      16 384         cells in one row (Excel's widest, column XFD)
``MAX_ROWS``           10 000         rows of the table, blank rows included
``MAX_CELLS``          200 000        cells of the table (or delimiters of a csv file)
=====================  =============  ===============================================

Going over one is refused (exit 1) with the file and the limit named, before anything
is written. An xlsx part that declares a document type (a DTD, which no workbook has
and which entity expansion needs) is not read at all.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TypeVar
from xml.parsers import expat

from ..errors import RefusedError, RegraadError, UsageError
from ..i18n import _, format_number
from ..output.safe import visible

MB = 1_000_000
MAX_FILE_BYTES = 20 * MB
MAX_PARTS = 1_000
MAX_PART_BYTES = 20 * MB
MAX_UNPACKED_BYTES = 50 * MB
MAX_RATIO = 100
RATIO_FLOOR = 1 * MB  # smaller parts may pack as tightly as they like
MAX_ELEMENTS = 2_000_000
MAX_PART_ELEMENTS = 100_000
MAX_ROW_CELLS = 16_384
MAX_ROWS = 10_000
MAX_CELLS = 200_000

#: The most bytes of directory the archive may have: generous for MAX_PARTS entries,
#: and read before ``zipfile`` builds an entry for each of them.
MAX_DIRECTORY_BYTES = MAX_PARTS * 1024
_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_TAIL = 22 + 0xFFFF  # the end record and the longest comment it may carry

Row = TypeVar("Row", bound=Sequence[object])


def too_large(file: str, reason: str) -> RefusedError:
    """The refusal of a file over a limit; ``reason`` says which."""
    return RefusedError(
        _("{file} is too large to import: {reason}").format(file=file, reason=reason),
        _(
            "a list of goals or activities is far smaller; keep only that table in the "
            "file, or save it as CSV UTF-8. Nothing was written."
        ),
    )


def unreadable_workbook(file: str) -> UsageError:
    return UsageError(
        _("{file} cannot be read as an xlsx workbook").format(file=file),
        _("save it from Excel as .xlsx, or as CSV UTF-8"),
    )


def _megabytes(size: int) -> str:
    return format_number(size / MB, decimals=1)


def check_file_size(path: Path) -> None:
    """The file on disk is at most ``MAX_FILE_BYTES``."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader says why it cannot be read
    if size > MAX_FILE_BYTES:
        raise too_large(
            path.name,
            _("the file is {size} MB, more than {limit} MB").format(
                size=_megabytes(size), limit=_megabytes(MAX_FILE_BYTES)
            ),
        )


def check_csv_text(file: str, text: str, delimiter: str) -> None:
    """No record of the text can hold more than ``MAX_CELLS`` cells: checked on the
    whole text before the csv module builds a record, which it does whole."""
    if text.count(delimiter) > MAX_CELLS:
        raise too_large(file, _("more than {limit} cells").format(limit=format_number(MAX_CELLS)))


def check_workbook(path: Path) -> None:
    """The archive's directory and the XML of every part are within the limits."""
    check_file_size(path)
    _check_directory_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _check_parts(path.name, parts)
            elements = 0
            for part in parts:
                if part.filename.lower().endswith((".xml", ".rels")):
                    with archive.open(part) as stream:
                        elements += _count_elements(path.name, part.filename, stream, elements)
    except (zipfile.BadZipFile, NotImplementedError, EOFError, ValueError, OSError, RuntimeError):
        raise unreadable_workbook(path.name) from None  # RuntimeError: encrypted


def _check_directory_size(path: Path) -> None:
    """The directory ``zipfile`` reads entry by entry is small enough to read."""
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, 2)
            handle.seek(max(0, size - _TAIL))
            tail = handle.read()
    except OSError:
        return
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < 22:
        return  # not a zip archive: zipfile says so
    directory = int.from_bytes(tail[at + 12 : at + 16], "little")
    zip64 = at >= 20 and tail[at - 20 : at - 16] == _ZIP64_LOCATOR
    if zip64 or directory > MAX_DIRECTORY_BYTES:
        raise too_large(
            path.name, _("more than {limit} parts").format(limit=format_number(MAX_PARTS))
        )


def _check_parts(file: str, parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_PARTS:
        raise too_large(file, _("more than {limit} parts").format(limit=format_number(MAX_PARTS)))
    total = 0
    for part in parts:
        if part.file_size > MAX_PART_BYTES:
            raise too_large(
                file,
                _("{part} unpacks to {size} MB, more than {limit} MB").format(
                    part=visible(part.filename),
                    size=_megabytes(part.file_size),
                    limit=_megabytes(MAX_PART_BYTES),
                ),
            )
        if part.file_size > RATIO_FLOOR and part.file_size > MAX_RATIO * part.compress_size:
            raise too_large(
                file,
                _("{part} unpacks to {ratio} times its packed size, more than {limit}").format(
                    part=visible(part.filename),
                    ratio=format_number(part.file_size // max(part.compress_size, 1)),
                    limit=format_number(MAX_RATIO),
                ),
            )
        total += part.file_size
        if total > MAX_UNPACKED_BYTES:
            raise too_large(
                file,
                _("the workbook unpacks to more than {limit} MB").format(
                    limit=_megabytes(MAX_UNPACKED_BYTES)
                ),
            )


class _Stop(Exception):
    """Raised from inside the XML parser to stop it at the first limit."""

    def __init__(self, error: RegraadError) -> None:
        super().__init__()
        self.error = error


def _count_elements(file: str, part: str, stream: IO[bytes], before: int) -> int:
    """The elements of one XML part, counted in a streaming pass that keeps nothing:
    stops at the workbook's and the part's element limits and at a row wider than
    Excel allows; a document type declaration is refused. ``before``: the elements
    of the parts counted already."""
    table = part.startswith("xl/worksheets/") or "sharedstrings" in part.lower()
    count = 0
    row_cells = 0

    def start(tag: str, _attributes: object) -> None:
        nonlocal count, row_cells
        count += 1
        if before + count > MAX_ELEMENTS:
            raise _Stop(
                too_large(
                    file,
                    _("the workbook holds more than {limit} XML elements").format(
                        limit=format_number(MAX_ELEMENTS)
                    ),
                )
            )
        if not table and count > MAX_PART_ELEMENTS:
            raise _Stop(
                too_large(
                    file,
                    _("{part} holds more than {limit} XML elements").format(
                        part=visible(part), limit=format_number(MAX_PART_ELEMENTS)
                    ),
                )
            )
        local = tag.rpartition(" ")[2]
        if local == "row":
            row_cells = 0
        elif local == "c":
            row_cells += 1
            if row_cells > MAX_ROW_CELLS:
                raise _Stop(
                    too_large(
                        file,
                        _("a row of more than {limit} cells").format(
                            limit=format_number(MAX_ROW_CELLS)
                        ),
                    )
                )

    def doctype(*_args: object) -> None:
        raise _Stop(unreadable_workbook(file))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        while chunk := stream.read(1 << 16):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop as stop:
        raise stop.error from None
    except expat.ExpatError:
        raise unreadable_workbook(file) from None
    return count


def bounded_rows(file: str, records: Iterable[tuple[int, Row]]) -> Iterator[tuple[int, Row]]:
    """``records`` (row number, cells), stopped with a refusal at the first row past
    ``MAX_ROWS`` or cell past ``MAX_CELLS``; blank rows count, they cost reading too."""
    cells = 0
    for number, row in records:
        if number > MAX_ROWS:
            raise too_large(file, _("more than {limit} rows").format(limit=format_number(MAX_ROWS)))
        cells += len(row)
        if cells > MAX_CELLS:
            raise too_large(
                file, _("more than {limit} cells").format(limit=format_number(MAX_CELLS))
            )
        yield number, row
