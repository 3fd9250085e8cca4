"""The import of national courses or procedures into ``specialty.yaml``, edited in place.

Activities carry no dates in the schema, and change proposals name them by id, so one
the sheet does not list is reported and *kept*: whether it was withdrawn nationally is
for a person to decide, not a missing spreadsheet row. Ids are unique across courses
and procedures, so a sheet of courses cannot reuse a procedure's id.
"""

from __future__ import annotations

from typing import Any

from ..edit.textedit import Editor
from ..i18n import _
from .changes import ADDED, CHANGED, KEPT, Entry, ImportPlan, differences, in_order
from .columns import ACTIVITY_KINDS, FIELDS_BY_KIND
from .rows import Item, RowProblem


def plan_activities(
    text: str, path: str, spec: dict[str, Any], kind: str, items: list[Item]
) -> tuple[ImportPlan, list[RowProblem]]:
    """The import of ``items`` as the specialty's ``kind``; problems instead when a row's
    id belongs to the other kind."""
    activities = spec.get("activities") or {}
    current: list[dict[str, Any]] = list(activities.get(kind) or [])
    other = next(k for k in ACTIVITY_KINDS if k != kind)
    elsewhere = {a["id"] for a in activities.get(other) or []}
    problems = [
        RowProblem(
            item.row,
            _("{id} is already one of the specialty's {kind}; activity ids are unique").format(
                id=item.id, kind=other
            ),
        )
        for item in items
        if item.id in elsewhere
    ]
    editor = Editor(text, path)
    if problems:
        return ImportPlan(path, (), 0, text), problems
    index = {a["id"]: i for i, a in enumerate(current)}
    keys = [f.name for f in FIELDS_BY_KIND[kind]]
    entries: list[Entry] = []
    new: list[dict[str, Any]] = []
    unchanged = 0
    for item in items:
        i = index.get(item.id)
        if i is None:
            values = {"id": item.id, **item.values}
            new.append({key: values[key] for key in keys if key in values})
            entries.append(Entry(ADDED, item.id, str(item.values.get("title", "")), row=item.row))
            continue
        found = differences(current[i], item.values)
        if not found:
            unchanged += 1
            continue
        title = str(item.values.get("title", current[i].get("title", "")))
        entries.append(Entry(CHANGED, item.id, title, found, item.row))
        for difference in found:
            editor.set(("activities", kind, i, difference.field), difference.after)
    listed = {item.id for item in items}
    entries.extend(
        Entry(KEPT, a["id"], str(a.get("title", ""))) for a in current if a["id"] not in listed
    )
    if new:
        if "activities" not in spec:
            editor.set(("activities",), {kind: new})
        elif not current:
            editor.set(("activities", kind), new)
        else:
            for activity in new:
                editor.append(("activities", kind), activity)
    return ImportPlan(path, in_order(entries), unchanged, editor.text), []
