"""Agenda item numbers (``3/26``): they run through the year per council, as case
numbers do, so a new item continues from the highest number of this meeting and the
council's earlier meetings that year."""

from __future__ import annotations

import re
from typing import Any

from ...errors import UsageError
from ...i18n import _
from ...load.dataset import Dataset, Document

_ITEM = re.compile(r"^(?P<n>\d{1,3})/(?P<year>\d{2,4})$")


def check_item(value: str | None) -> str | None:
    """An agenda item number such as ``3/26`` (a usage error otherwise)."""
    if value is not None and not _ITEM.match(value):
        raise UsageError(
            _("--item: '{value}' is not an item number such as 3/26").format(value=value)
        )
    return value


def year_suffix(doc: Document) -> str:
    return f"{int(str(doc.data['date'])[:4]) % 100:02d}"


def next_number(dataset: Dataset, doc: Document, agenda: list[dict[str, Any]]) -> int:
    """The next item number: after this agenda's and the council's earlier meetings' that year."""
    suffix = year_suffix(doc)
    date, region = str(doc.data["date"]), doc.data["region"]
    lists = [agenda]
    for other in dataset.specialties[doc.params["specialty"]].meetings.values():
        other_date = str(other.data["date"])
        if (
            other is not doc
            and other.data["region"] == region
            and other_date[:4] == date[:4]
            and other_date < date
        ):
            lists.append(other.data.get("agenda") or [])
    used = [0]
    for items in lists:
        for entry in items:
            match = _ITEM.match(str(entry.get("id", "")))
            if match and f"{int(match.group('year')) % 100:02d}" == suffix:
                used.append(int(match.group("n")))
    return max(used) + 1
