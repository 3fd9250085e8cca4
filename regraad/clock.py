"""The one clock, and the date arithmetic every layer shares.

Every "today" in regraad comes from ``today()``: the machine's date, or the date in
``REGRAAD_TODAY`` when it is set. Tests set it so the suite gives the same results on any
day; a RegUt can set it to see the data as CI saw it on another day. Dates are ISO
strings (``YYYY-MM-DD``) throughout, as in the data files, so they compare as strings.

Dates a user types (``--as-of``, ``--from``, ``--since`` …) are read by ``parse_date``:
exactly ``YYYY-MM-DD`` (not the compact ``20260105`` Python would also take), a real day,
and within ``EARLIEST``–``LATEST`` so that the arithmetic on them (the day before a
handover, the years a simulation runs, the day after a term ends) cannot overflow.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Mapping
from typing import Any

from .errors import UsageError
from .i18n import _

ENV = "REGRAAD_TODAY"
EARLIEST = "1900-01-01"
LATEST = "2999-12-31"
#: Open-ended records (no ``to``/``until``) run until this day.
FOREVER = "9999-12-31"
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def today() -> str:
    """Today as an ISO date: ``REGRAAD_TODAY`` when set, else the machine's date."""
    value = os.environ.get(ENV)
    if value:
        return parse_date(value, ENV)
    return _dt.date.today().isoformat()


def parse_date(value: str, option: str) -> str:
    """``value`` as an ISO date; a usage error naming ``option`` when it is not one."""
    text = value.strip() if isinstance(value, str) else ""
    day: _dt.date | None = None
    if _ISO.fullmatch(text):
        try:
            day = _dt.date.fromisoformat(text)
        except ValueError:
            day = None
    if day is None:
        raise UsageError(
            _("{option}: '{value}' is not a date (YYYY-MM-DD)").format(option=option, value=value)
        )
    iso = day.isoformat()
    if not EARLIEST <= iso <= LATEST:
        raise UsageError(
            _(
                "{option}: {value} is outside the dates regraad works with ({first} to {last})"
            ).format(option=option, value=iso, first=EARLIEST, last=LATEST)
        )
    return iso


def shift(date: str, days: int) -> str | None:
    """``date`` moved by ``days``; None when that leaves the calendar (year 1 or 9999)."""
    try:
        return (_dt.date.fromisoformat(date) + _dt.timedelta(days=days)).isoformat()
    except (OverflowError, ValueError):
        return None


def day_after(date: str) -> str | None:
    """The day after ``date`` (where a membership ending on ``date`` has ended)."""
    return shift(date, 1)


def day_before(date: str) -> str | None:
    """The day before ``date`` (where the term a handover on ``date`` ends)."""
    return shift(date, -1)


def days_between(start: str, end: str) -> int:
    """Whole days from ``start`` to ``end`` (negative when ``end`` comes first)."""
    return (_dt.date.fromisoformat(end) - _dt.date.fromisoformat(start)).days


def active(item: Mapping[str, Any], on: str) -> bool:
    """True when a dated record (``from``/``to``, inclusive, as memberships and ``valid``
    periods are written) covers ``on``."""
    start = item.get("from", "0000-00-00")
    end = item.get("to", FOREVER)
    return bool(start <= on <= end)
