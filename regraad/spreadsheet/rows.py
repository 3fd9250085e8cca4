"""Every row checked before anything is written, each problem named by its row number.

A row becomes an ``Item``: its id and the fields the sheet gives a value for, parsed
(dates as ISO dates, counts as numbers, goal lists as lists). An empty optional cell
is simply absent, so it never erases what the YAML says; a row with neither id nor
title is a heading or a note, and is passed over. Ids and levels are checked
against the same patterns and lists as the schemas, read from the schema files, so an
imported file validates.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import RefusedError
from ..i18n import _, ngettext
from ..resources import schemas_dir
from .columns import ColumnMap, Field
from .tables import Table

SHOWN_PROBLEMS = 30  # rows named in the message; the rest are counted

# how the modes of a procedure are said in bokmål (the schema's description)
_MODES_NB = {
    "utført": "performed",
    "assistert": "assisted",
    "assistert eller utført": "assisted-or-performed",
    "sett": "seen",
}


@cache
def _schema(name: str) -> dict[str, Any]:
    with (schemas_dir() / name).open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def goal_id_pattern() -> re.Pattern[str]:
    return re.compile(_schema("common.schema.json")["$defs"]["goalId"]["pattern"])


def _slug_pattern() -> re.Pattern[str]:
    return re.compile(_schema("common.schema.json")["$defs"]["slug"]["pattern"])


def _levels() -> list[str]:
    return list(_schema("common.schema.json")["$defs"]["goal"]["properties"]["level"]["enum"])


def _modes() -> list[str]:
    activities = _schema("specialty.schema.json")["properties"]["activities"]["properties"]
    return list(activities["procedures"]["items"]["properties"]["mode"]["enum"])


def _count_maximum() -> int:
    return int(_schema("common.schema.json")["$defs"]["count"]["maximum"])


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str


@dataclass(frozen=True)
class Item:
    """One row: its id and the fields it gives a value for."""

    row: int
    id: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What a row's values are checked against."""

    kind: str  # goals | courses | procedures
    goals: frozenset[str] = frozenset()  # goal ids an activity may name
    regions: frozenset[str] = frozenset()  # organisers


def parse_date(text: str) -> str:
    """``YYYY-MM-DD`` or the Norwegian ``D.M.YYYY``, as an ISO date."""
    norwegian = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if norwegian:
            day, month, year = (int(g) for g in norwegian.groups())
            return dt.date(year, month, day).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise ValueError(_("'{value}' is not a date (YYYY-MM-DD)").format(value=text))


def _text(text: str, ctx: Context) -> str:
    return " ".join(text.split())


def _id(text: str, ctx: Context) -> str:
    if ctx.kind == "goals":
        if not goal_id_pattern().match(text):
            raise ValueError(_("'{value}' is not a goal id (like ANE-014)").format(value=text))
    elif not _slug_pattern().match(text):
        raise ValueError(
            _("'{value}' is not an activity id (lowercase letters, digits, -)").format(value=text)
        )
    return text


def _level(text: str, ctx: Context) -> str:
    for level in _levels():
        if text.casefold() == level:
            return level
    raise ValueError(
        _("level '{value}' is not one of {levels}").format(value=text, levels=", ".join(_levels()))
    )


def _mode(text: str, ctx: Context) -> str:
    key = " ".join(text.casefold().split())
    mode = _MODES_NB.get(key, key)
    if mode not in _modes():
        raise ValueError(
            _("'{value}' is not one of {modes}").format(value=text, modes=", ".join(_modes()))
        )
    return mode


def _count(text: str, ctx: Context) -> int:
    if not re.fullmatch(r"\d+", text) or int(text) > _count_maximum():
        raise ValueError(_("'{value}' is not a whole number").format(value=text))
    return int(text)


def _goal_list(text: str, ctx: Context) -> list[str]:
    ids = [g for g in re.split(r"[\s,;]+", text) if g]
    unknown = [g for g in ids if g not in ctx.goals]
    if unknown:
        raise ValueError(
            ngettext(
                "no goal {ids} in this specialty or its goal sets",
                "no goals {ids} in this specialty or its goal sets",
                len(unknown),
            ).format(ids=", ".join(unknown))
        )
    return list(dict.fromkeys(ids))


def _organiser(text: str, ctx: Context) -> str:
    region = text.casefold()
    if region not in ctx.regions:
        raise ValueError(
            _("organiser '{value}' is not a region ({regions})").format(
                value=text, regions=", ".join(sorted(ctx.regions))
            )
        )
    return region


def _date(text: str, ctx: Context) -> str:
    return parse_date(text)


PARSERS: dict[str, Callable[[str, Context], Any]] = {
    "id": _id,
    "title": _text,
    "topic": _text,
    "description": _text,
    "comment": _text,
    "level": _level,
    "since": _date,
    "until": _date,
    "goals": _goal_list,
    "organiser": _organiser,
    "hours": _count,
    "minimum": _count,
    "mode": _mode,
}


def read_items(
    table: Table, columns: ColumnMap, fields: tuple[Field, ...], ctx: Context
) -> list[Item]:
    """The table's rows as items; refused, naming each bad row, when any is wrong."""
    problems: list[RowProblem] = []
    items: list[Item] = []
    first_row: dict[str, int] = {}
    for number, cells in table.rows:
        if not columns.cell(cells, "id") and not columns.cell(cells, "title"):
            continue  # a heading or a note between the items
        values: dict[str, Any] = {}
        bad = False
        for f in fields:
            text = columns.cell(cells, f.name)
            if not text:
                continue
            try:
                values[f.name] = PARSERS[f.name](text, ctx)
            except ValueError as exc:
                problems.append(RowProblem(number, str(exc)))
                bad = True
        ident = values.pop("id", None)
        if ident is None:
            if not columns.cell(cells, "id"):
                problems.append(RowProblem(number, _("no id")))
            continue
        if ident in first_row:
            problems.append(
                RowProblem(
                    number,
                    _("{id} is also in row {row}").format(id=ident, row=first_row[ident]),
                )
            )
            continue
        first_row[ident] = number
        if "title" not in values:
            problems.append(RowProblem(number, _("{id} has no title").format(id=ident)))
            bad = True
        since, until = values.get("since"), values.get("until")
        if since and until and until < since:
            problems.append(
                RowProblem(
                    number,
                    _("{id}: until {until} is before since {since}").format(
                        id=ident, until=until, since=since
                    ),
                )
            )
            bad = True
        if not bad:
            items.append(Item(number, ident, values))
    if problems:
        raise rejected(table, problems)
    return items


def rejected(table: Table, problems: list[RowProblem]) -> RefusedError:
    """One error naming the bad rows in order."""
    problems = sorted(problems, key=lambda p: p.row)
    lines = [
        _("row {row}: {message}").format(row=p.row, message=p.message)
        for p in problems[:SHOWN_PROBLEMS]
    ]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(_("… and {count} more").format(count=len(problems) - SHOWN_PROBLEMS))
    return RefusedError(
        ngettext(
            "{file}: {count} problem; nothing was written:",
            "{file}: {count} problems; nothing was written:",
            len(problems),
        ).format(file=table.source, count=len(problems))
        + "".join("\n  " + line for line in lines),
        _("fix the rows in the spreadsheet and import it again"),
    )
