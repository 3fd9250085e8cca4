"""Rule 2 for cases: the trailers describe the step the file change took.

``case.new`` opens a case (one ``open`` history entry, no positions, escalation or
decision yet); ``case.position`` adds one trust's position and nothing else governed;
``case.escalate``, ``case.decide`` and ``case.close`` take one step (Regraad-From,
Regraad-To, one new history entry), and each sets only what it owns: the escalation,
the decision, nothing. Regraad-By names who the new history entry says took the step.
"""

from __future__ import annotations

from ..git import trailers
from ..i18n import _
from ..rules.case_flow import CLOSED, DECIDED, ESCALATED, OPEN
from .problems import CommitProblems
from .views import CaseView, appended, change_of, states

# the state each step moves to, and the governed field it alone may set
_STEPS: dict[str, tuple[str, str | None]] = {
    trailers.CASE_ESCALATE: (ESCALATED, "escalation"),
    trailers.CASE_DECIDE: (DECIDED, "decision"),
    trailers.CASE_CLOSE: (CLOSED, None),
}
_OWNED = ("positions", "escalation", "decision")


def case_action(
    found: CommitProblems,
    action: str,
    target: str,
    before: CaseView | None,
    after: CaseView | None,
    path: str,
) -> None:
    """Rule 2 for cases: the trailers describe what the file change did."""
    if after is None:
        return  # removing a case is already a history problem
    if action == trailers.CASE_NEW:
        _new(found, action, target, before, after, path)
    elif before is None:
        found.mismatch(
            _("{action}, but case {target} is new (use {new})").format(
                action=action, target=target, new=trailers.CASE_NEW
            ),
            path,
        )
    elif action == trailers.CASE_POSITION:
        _position(found, action, before, after, path)
    else:
        _step(found, action, target, before, after, path)


def _new(
    found: CommitProblems,
    action: str,
    target: str,
    before: CaseView | None,
    after: CaseView,
    path: str,
) -> None:
    if before is not None:
        found.mismatch(
            _("{action}, but case {target} already existed").format(action=action, target=target),
            path,
        )
        return
    if states(after.history) != [OPEN]:
        found.mismatch(
            _("a new case's history is one open entry; {target} has {states}").format(
                target=target, states=", ".join(map(str, states(after.history))) or "—"
            ),
            path,
        )
    early = [key for key in _OWNED if after.value(key)]
    if early:
        found.mismatch(
            _(
                "a new case has no positions, escalation or decision yet; {target} has {fields}"
            ).format(target=target, fields=", ".join(early)),
            path,
        )
    found.state_trailer_matches(after.state, path)
    found.by_trailer_matches(after.history[-1:], path)


def _position(
    found: CommitProblems, action: str, before: CaseView, after: CaseView, path: str
) -> None:
    """case.position: one position added, nothing else governed changed."""
    added = appended(before.positions, after.positions) or []
    if len(added) != 1:
        found.mismatch(
            _("{action} adds one trust's position; this commit adds {n}").format(
                action=action, n=len(added)
            ),
            path,
        )
    for key in ("state", "history", "escalation", "decision"):
        if before.value(key) != after.value(key):
            found.mismatch(
                _("{action} also changes {what}").format(
                    action=action,
                    what=change_of(key, before.value(key), after.value(key))
                    if key != "history"
                    else key,
                ),
                path,
            )


def _step(
    found: CommitProblems,
    action: str,
    target: str,
    before: CaseView,
    after: CaseView,
    path: str,
) -> None:
    """case.escalate, case.decide and case.close: one step, and only what it owns."""
    goal, owned = _STEPS[action]
    if after.state != goal:
        found.mismatch(
            _("{action}, but the state of {target} became {state}").format(
                action=action, target=target, state=after.state
            ),
            path,
        )
        return
    said = found.commit.trailer(trailers.FROM)
    if said is None:
        found.missing_trailer(action, trailers.FROM, path)
    elif said != before.state:
        found.mismatch(
            _("{trailer} says {said}, but the state before was {state}").format(
                trailer=trailers.FROM, said=said, state=before.state
            ),
            path,
        )
    found.state_trailer_matches(after.state, path)
    added = appended(before.history, after.history) or []
    if states(added) != [after.state]:
        found.mismatch(
            _("the state became {state}, but the history does not add one entry for it").format(
                state=after.state
            ),
            path,
        )
    found.by_trailer_matches(added[-1:], path)
    for key in _OWNED:
        changed = before.value(key) != after.value(key)
        if key == owned and not (before.value(key) is None and after.value(key)):
            found.mismatch(
                _("{action} records the {key} of {target}, once").format(
                    action=action, key=key, target=target
                ),
                path,
            )
        elif key != owned and changed:
            found.mismatch(
                _("{action} also changes {key} of {target}").format(
                    action=action, key=key, target=target
                ),
                path,
            )
