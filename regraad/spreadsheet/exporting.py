"""``regraad export``: a dataset to an xlsx workbook or a csv file, written atomically.

The CLI fills an ``ExportRequest`` and calls ``execute``. The format is the one asked
for, else the output file's suffix says it; nothing is written when the selection is
empty or wrong, and a half-written file never replaces a good one. The file never goes
into data/ or .git and never replaces one regraad did not write (``output.files``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import RefusedError, UsageError
from ..i18n import _
from ..load.dataset import Dataset
from .exports import EXPORTS_BY_NAME, Scope, goals_book, language, specialties_with
from .importing import specialty_document
from .workbook import WRITERS_BY_NAME, Book, sheet_names

GOALS = "goals"
EXPORT_LANGUAGES = ("nb", "en")


@dataclass(frozen=True)
class ExportRequest:
    root: Path
    what: str  # a key of EXPORTS_BY_NAME, or "goals"
    out: Path
    scope: Scope
    output_format: str | None = None  # a key of WRITERS_BY_NAME; None: by the suffix


@dataclass(frozen=True)
class ExportResult:
    out: Path
    output_format: str
    sheets: tuple[str, ...]  # as named in the file (xlsx) or its first column (csv)


def output_format(out: Path, asked: str | None) -> str:
    """The format asked for, else the one the file's suffix names."""
    if asked is not None:
        if asked not in WRITERS_BY_NAME:
            raise UsageError(
                _("--format: no format '{name}'; there are: {names}").format(
                    name=asked, names=", ".join(WRITERS_BY_NAME)
                )
            )
        return asked
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in WRITERS_BY_NAME:
        raise UsageError(
            _("--out: cannot tell the format of {file}").format(file=out.name),
            _("name it .xlsx or .csv, or say --format xlsx or --format csv"),
        )
    return suffix


def _check_scope(dataset: Dataset, scope: Scope) -> None:
    if scope.region is not None and scope.region not in dataset.regions:
        raise UsageError(
            _("--region: no region '{region}'; there are: {regions}").format(
                region=scope.region, regions=", ".join(sorted(dataset.regions))
            )
        )
    if scope.lang not in EXPORT_LANGUAGES:
        raise UsageError(_("--lang: use nb or en"))


def build(dataset: Dataset, what: str, scope: Scope) -> Book:
    """The book of ``what`` for the scope; refused when there is nothing to put in it."""
    _check_scope(dataset, scope)
    if what == GOALS:
        if scope.specialty is None:
            raise UsageError(_("export goals needs a specialty"))
        specialty_document(dataset, scope.specialty)
        with language(scope.lang):
            return goals_book(dataset, scope.specialty, scope)
    builder = EXPORTS_BY_NAME.get(what)
    if builder is None:
        raise UsageError(_("no export '{name}'").format(name=what))
    available = specialties_with(dataset, what, scope.region)
    if scope.specialty is not None:
        specialty_document(dataset, scope.specialty)
        slugs = [scope.specialty] if scope.specialty in available else []
    else:
        slugs = available
    with language(scope.lang):
        book = builder(dataset, slugs, scope)
    if not book.sheets:
        raise RefusedError(
            _("nothing to export: {selection} has no {what} data").format(
                selection=" ".join(filter(None, [scope.specialty, scope.region]))
                or _("the dataset"),
                what=what,
            ),
            _("specialties that have: {slugs}").format(slugs=", ".join(available))
            if available
            else None,
        )
    return book


def execute(request: ExportRequest) -> ExportResult:
    """Build the book and write it in one go."""
    from ..load.loader import load_directory
    from ..output.files import write_file

    fmt = output_format(request.out, request.output_format)
    dataset = load_directory(request.root)
    book = build(dataset, request.what, request.scope)
    content = WRITERS_BY_NAME[fmt](book)
    out = request.out
    # never into data/ or .git, never over a file regraad did not write
    write_file(request.root, out, content, "--out")
    names = (
        sheet_names([s.name for s in [*book.sheets, *book.extra]])
        if fmt == "xlsx"
        else [s.key or s.name for s in book.sheets]
    )
    return ExportResult(out, fmt, tuple(names))
