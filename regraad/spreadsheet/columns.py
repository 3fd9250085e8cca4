"""Which column holds which field: header names in bokmål or English, or ``--map``.

Spreadsheets come from many hands (Helsedirektoratet's lists, a council's own
workbook), so a header is recognised whatever its case and spacing, with ``-`` and
``_`` read as spaces: ``Gyldig fra``, ``gyldig_fra`` and ``since`` all mean ``since``.
``--map COLUMN=field`` names a column the aliases do not know, and ``--map COLUMN=``
leaves a column out. Each field's export header per language is declared here too, so
what ``regraad export goals`` writes is always read back by ``regraad import goals``
whatever the message catalogues say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import RefusedError, UsageError
from ..i18n import _

if TYPE_CHECKING:
    from .tables import Table


@dataclass(frozen=True)
class Field:
    """One field of an imported item and the header names that mean it."""

    name: str  # the key in specialty.yaml
    nb: str  # the header regraad writes in bokmål
    en: str  # the header regraad writes in English
    aliases: tuple[str, ...] = ()
    required: bool = False

    def header(self, lang: str) -> str:
        return self.nb if lang == "nb" else self.en

    def names(self) -> set[str]:
        return {normalise(n) for n in (self.name, self.nb, self.en, *self.aliases)}


GOAL_FIELDS = (
    Field("id", "id", "id", ("goal id", "læringsmål id", "læringsmålid", "mål id"), True),
    Field("topic", "tema", "topic", ("temaoverskrift", "emne")),
    Field(
        "title",
        "tittel",
        "title",
        ("læringsmål", "læringsmålets tekst", "tekst", "text", "goal"),
        True,
    ),
    Field("level", "nivå", "level", ("kompetansenivå", "competence level")),
    Field("since", "gyldig fra", "since", ("fra", "gjelder fra", "valid from", "from")),
    Field("until", "gyldig til", "until", ("til", "gjelder til", "valid until", "to")),
)

_ACTIVITY_ID = Field("id", "id", "id", ("aktivitet id", "activity id", "kode", "code"), True)
_ACTIVITY_GOALS = Field("goals", "læringsmål", "goals", ("mål", "goal ids", "læringsmål id"))

COURSE_FIELDS = (
    _ACTIVITY_ID,
    Field("title", "tittel", "title", ("navn", "name", "kurs", "course", "kursnavn"), True),
    _ACTIVITY_GOALS,
    Field("organiser", "arrangør", "organiser", ("kursarrangør", "organizer", "regut")),
    Field("hours", "timer", "hours", ("antall timer", "varighet")),
    Field(
        "description",
        "læringsutbytte",
        "description",
        ("beskrivelse", "læringsutbyttebeskrivelse"),
    ),
)

PROCEDURE_FIELDS = (
    _ACTIVITY_ID,
    Field("title", "tittel", "title", ("navn", "name", "prosedyre", "procedure"), True),
    _ACTIVITY_GOALS,
    Field("minimum", "minimum", "minimum", ("antall", "anbefalt minimum", "min")),
    Field("mode", "teller som", "mode", ("how it counts", "telling", "utførelse")),
    Field("comment", "kommentar", "comment", ("merknad", "note")),
)

FIELDS_BY_KIND: dict[str, tuple[Field, ...]] = {
    "goals": GOAL_FIELDS,
    "courses": COURSE_FIELDS,
    "procedures": PROCEDURE_FIELDS,
}
ACTIVITY_KINDS = ("courses", "procedures")  # the lists under a specialty's `activities`


def normalise(header: str) -> str:
    """A header as compared: case, spacing, ``-``/``_`` and a trailing ``:`` or ``*`` ignored."""
    text = re.sub(r"[-_\s]+", " ", header.casefold())
    return text.strip().rstrip(":*").strip()


@dataclass(frozen=True)
class ColumnMap:
    """The column index of each field the sheet holds, and the headers nothing reads."""

    columns: dict[str, int]
    ignored: tuple[str, ...]

    def cell(self, cells: tuple[str, ...], field: str) -> str | None:
        """The row's text for ``field``; None when the sheet has no such column."""
        index = self.columns.get(field)
        if index is None:
            return None
        return cells[index] if index < len(cells) else ""


def parse_map(values: list[str], fields: tuple[Field, ...]) -> dict[str, str | None]:
    """``--map COLUMN=field`` values as header → field (None: leave the column out)."""
    known = {f.name for f in fields}
    out: dict[str, str | None] = {}
    for value in values:
        column, sep, field = value.partition("=")
        column, field = column.strip(), field.strip()
        if not sep or not column:
            raise UsageError(
                _("--map: '{value}' is not COLUMN=field").format(value=value),
                _("for example --map 'Mål-ID=id'"),
            )
        if field and field not in known:
            raise UsageError(
                _("--map: no field '{field}'").format(field=field),
                _("fields: {names}").format(names=", ".join(f.name for f in fields)),
            )
        out[column] = field or None
    return out


def map_columns(
    table: Table, fields: tuple[Field, ...], overrides: dict[str, str | None]
) -> ColumnMap:
    """Find each field's column; refused when a required one is missing or two columns
    both look like the same field."""
    keys = [normalise(h) for h in table.header]
    shown = ", ".join(h for h in table.header if h)
    for column in overrides:
        if normalise(column) not in keys:
            raise UsageError(
                _("--map: {file} has no column '{column}'").format(
                    file=table.source, column=column
                ),
                _("columns: {names}").format(names=shown),
            )
    overrides = {normalise(column): field for column, field in overrides.items()}
    by_name = {name: f.name for f in fields for name in f.names()}
    columns: dict[str, int] = {}
    for i, key in enumerate(keys):  # what --map says first
        field = overrides.get(key)
        if field is not None:
            columns.setdefault(field, i)
    ignored = []
    for i, key in enumerate(keys):
        if not key or key in overrides:
            continue
        field = by_name.get(key)
        if field is None:
            ignored.append(table.header[i])
        elif field not in columns:
            columns[field] = i
        elif columns[field] != i and field not in overrides.values():
            raise RefusedError(
                _("{file}: columns '{first}' and '{second}' both read as {field}").format(
                    file=table.source,
                    first=table.header[columns[field]],
                    second=table.header[i],
                    field=field,
                ),
                _(
                    "say which one with --map '{column}={field}', or leave one out with "
                    "--map '{column}='"
                ).format(column=table.header[i], field=field),
            )
        else:
            ignored.append(table.header[i])
    missing = [f.name for f in fields if f.required and f.name not in columns]
    if missing:
        raise RefusedError(
            _("{file}: no column for {fields}").format(
                file=table.source, fields=", ".join(missing)
            ),
            _("columns: {names}; name the right one with --map COLUMN=field").format(names=shown),
        )
    return ColumnMap(columns, tuple(ignored))
