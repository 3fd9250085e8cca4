"""W-IN-FORCE: an accepted change is in the data from the day it takes effect.

A national proposal accepted by Helsedirektoratet changes the goals or the
recommended activities from its ``in_force`` date. The proposal names what it touches
(``affects`` for what it adds or changes, ``removes`` for what goes); the data shows the
change when each goal or activity it adds or changes names the proposal in its
``changed_by`` (in the version in force that day), and what it removes is gone. Until
the in-force date a missing change is a warning with the days left (``rules.timeline``
judges the rule again on that day); from then on it is an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..findings import Finding
from ..i18n import N_, _
from ..load.dataset import Dataset, Document
from ..load.goalversions import in_force
from . import GOALS, PROPOSALS, Context, rule
from .proposal_flow import ACCEPTED, workflow_for


def _goal_versions(ds: Dataset, slug: str, goal_id: str, day: str) -> list[dict[str, Any]]:
    """The entries of ``goal_id`` in force on ``day``: the specialty's own, or the goal
    set version's."""
    bundle = ds.specialties[slug]
    assert bundle.spec is not None
    own = [g for g in bundle.spec.data["goals"] if g["id"] == goal_id and in_force(g, day)]
    if own:
        return own
    found = ds.goals(slug).get(goal_id)
    if found is not None and found[0].kind.name == "goalset":
        goal = ds.goal(slug, goal_id, on=day)
        return [goal] if goal is not None and in_force(goal, day) else []
    return []


def _activity(ds: Dataset, slug: str, activity_id: str) -> dict[str, Any] | None:
    spec = ds.specialties[slug].spec
    assert spec is not None
    for entries in (spec.data.get("activities") or {}).values():
        for entry in entries:
            if entry["id"] == activity_id:
                return dict(entry)
    return None


def _names(entry: dict[str, Any], pid: str) -> bool:
    return pid in (entry.get("changed_by") or [])


@rule(
    "W-IN-FORCE",
    "error",
    N_("an accepted national change is in the goals and activities from its in-force date"),
    dated=(GOALS, PROPOSALS),
)
def check_in_force(ctx: Context) -> Iterator[Finding]:
    for slug, bundle in ctx.specialties():
        if bundle.spec is None:
            continue
        for pid, doc in bundle.proposals.items():
            data = doc.data
            day = data.get("in_force")
            if data["state"] != ACCEPTED or not workflow_for(data).national or day is None:
                continue
            if str(day) > ctx.as_of:
                continue
            yield from _check(ctx, slug, pid, doc, str(day))


def _check(ctx: Context, slug: str, pid: str, doc: Document, day: str) -> Iterator[Finding]:
    data = doc.data
    ds = ctx.dataset
    affects = data.get("affects") or {}
    removes = data.get("removes") or {}
    hint = _("make the change in specialty.yaml and add `changed_by: [{id}]` to it").format(id=pid)
    for i, goal_id in enumerate(affects.get("goals") or ()):
        entries = _goal_versions(ds, slug, goal_id, ctx.as_of)
        if not any(_names(g, pid) for g in entries):
            yield _missing(
                ctx, doc, ("affects", "goals", i), pid, day, goal_id, bool(entries), hint
            )
    for i, activity_id in enumerate(affects.get("activities") or ()):
        entry = _activity(ds, slug, activity_id)
        if entry is None or not _names(entry, pid):
            yield _missing(
                ctx,
                doc,
                ("affects", "activities", i),
                pid,
                day,
                activity_id,
                entry is not None,
                hint,
            )
    for i, goal_id in enumerate(removes.get("goals") or ()):
        if _goal_versions(ds, slug, goal_id, ctx.as_of):
            yield _still_there(ctx, doc, ("removes", "goals", i), pid, day, goal_id)
    for i, activity_id in enumerate(removes.get("activities") or ()):
        if _activity(ds, slug, activity_id) is not None:
            yield _still_there(ctx, doc, ("removes", "activities", i), pid, day, activity_id)


def _missing(
    ctx: Context,
    doc: Document,
    path: tuple[str | int, ...],
    pid: str,
    day: str,
    what: str,
    exists: bool,
    hint: str,
) -> Finding:
    message = (
        _("{id} is accepted and in force from {day}, but {what} does not name it in `changed_by`")
        if exists
        else _("{id} is accepted and in force from {day}, but {what} is not in the data")
    ).format(id=pid, day=day, what=what)
    return ctx.finding(doc, path, "W-IN-FORCE", message, hint, gap=True)


def _still_there(
    ctx: Context, doc: Document, path: tuple[str | int, ...], pid: str, day: str, what: str
) -> Finding:
    return ctx.finding(
        doc,
        path,
        "W-IN-FORCE",
        _("{id} removes {what} from {day}, but it is still in the data").format(
            id=pid, what=what, day=day
        ),
        _("remove it from specialty.yaml (or end a goal with `until:`)"),
        gap=True,
    )
