"""The goal import: compare a sheet's goals with ``specialty.yaml`` and edit it in place.

Goals have history: coverage files, plans, agreements and approvals name them, and
``since``/``until`` say when each was in force. So a goal in force that the sheet no
longer lists is *retired* (``until`` set to the import date), never deleted; a goal
the file already retired stays as it is. New goals go right after the last goal of
their topic, so the file keeps its grouping (and the comments above each group), or at
the end for a new topic; a new goal without a date is in force from the import date.
Every edit is surgical and checked by parsing the result (``textedit.Editor``).
"""

from __future__ import annotations

from typing import Any

from ..edit.textedit import Editor
from .changes import (
    ADDED,
    CHANGED,
    RETIRED,
    Difference,
    Entry,
    ImportPlan,
    differences,
    in_order,
)
from .rows import Item

KEYS = ("id", "topic", "title", "level", "since", "until")  # the order a new goal is written


def _topic(goal: dict[str, Any]) -> str:
    return " ".join(str(goal.get("topic") or "").casefold().split())


def new_goal(item: Item, as_of: str) -> dict[str, Any]:
    values = {"id": item.id, **item.values}
    values.setdefault("since", as_of)
    return {key: values[key] for key in KEYS if key in values}


def plan_goals(
    text: str,
    path: str,
    goals: list[dict[str, Any]],
    shared: dict[str, str],
    items: list[Item],
    as_of: str,
) -> ImportPlan:
    """The import of ``items`` into the goals of the file ``path`` (whose text is ``text``).

    ``shared`` maps the ids of the specialty's goal-set goals to their set: a sheet that
    lists them (as Helsedirektoratet's lists do) is not asking to copy them here.
    """
    index = {goal["id"]: i for i, goal in enumerate(goals)}
    editor = Editor(text, path)
    entries: list[Entry] = []
    listed: set[str] = set()
    added: list[Item] = []
    skipped: list[str] = []
    unchanged = 0
    for item in items:
        if item.id in shared and item.id not in index:
            skipped.append(item.id)
            continue
        listed.add(item.id)
        i = index.get(item.id)
        if i is None:
            added.append(item)
            continue
        goal = goals[i]
        found = differences(goal, item.values)
        if not found:
            unchanged += 1
            continue
        title = str(item.values.get("title", goal.get("title", "")))
        entries.append(Entry(CHANGED, item.id, title, found, item.row))
        for difference in found:
            editor.set(("goals", i, difference.field), difference.after)
    for i, goal in enumerate(goals):
        until = goal.get("until")
        if goal["id"] in listed or (until is not None and until <= as_of):
            continue
        entries.append(
            Entry(
                RETIRED,
                goal["id"],
                str(goal.get("title", "")),
                (Difference("until", until, as_of),),
            )
        )
        editor.set(("goals", i, "until"), as_of)
    for item in added:
        entries.append(Entry(ADDED, item.id, str(item.values.get("title", "")), row=item.row))
    _add(editor, goals, [new_goal(item, as_of) for item in added])
    return ImportPlan(path, in_order(entries), unchanged, editor.text, tuple(skipped))


def _add(editor: Editor, goals: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
    """Each new goal after the last goal of its topic, or at the end; in the sheet's order."""
    if not goals:
        if new:
            editor.set(("goals",), new)
        return
    last_of = {_topic(goal): i for i, goal in enumerate(goals) if _topic(goal)}
    after: dict[int, list[dict[str, Any]]] = {}
    at_end = []
    for goal in new:
        anchor = last_of.get(_topic(goal))
        if anchor is None:
            at_end.append(goal)
        else:
            after.setdefault(anchor, []).append(goal)
    for anchor in sorted(after, reverse=True):  # from the end, so earlier places stay put
        for offset, goal in enumerate(after[anchor], start=1):
            editor.insert(("goals",), anchor + offset, goal)
    for goal in at_end:
        editor.append(("goals",), goal)
