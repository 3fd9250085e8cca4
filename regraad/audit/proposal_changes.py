"""What a commit did to a proposal file, and whether it was allowed, whatever its trailers say.

Rule 1: a governed change carries trailers naming the proposal. Rule 3: a proposal starts
as draft (an inbound request as received) and moves by the steps of its workflow, forward
or, marked ``returned``, back; what it was filed as (``id``, ``specialty``, ``kind``,
``origin``, ``inbound``) never changes, since the workflow depends on it (a
national proposal switched to local for a few steps would skip the councils). Rule 4:
its ``history`` is a record, so a commit may only append to it. Rule 2, that the
trailers describe the change, is ``proposal_actions``.
"""

from __future__ import annotations

from ..git import trailers
from ..i18n import _
from ..rules.proposal_flow import INBOUND, RECEIVED, WORKFLOWS
from .history import FileChange
from .problems import HISTORY, ILLEGAL, NO_TRAILERS, CommitProblems
from .views import (
    DRAFT,
    FIXED,
    ProposalView,
    appended,
    change_of,
    changed_keys,
    entry_changes,
)


def proposal_change(
    found: CommitProblems,
    ch: FileChange,
    before: ProposalView | None,
    after: ProposalView | None,
    covered: bool,
) -> tuple[ProposalView | None, ProposalView | None] | None:
    """Rules 1, 3 and 4 for one changed proposal file; its two sides if governed parts changed."""
    what: list[str] = []
    if before is None:
        what.append(_("new file"))
    elif after is None:
        what.append(_("file removed"))
    else:
        what = [_changed(key, before, after) for key in changed_keys(before, after)]
    if not what:
        return None
    if not covered:
        found.add(
            NO_TRAILERS,
            _(
                "changes proposal {target} ({what}) without matching {action} and "
                "{proposal} trailers"
            ).format(
                target=ch.target,
                what=", ".join(what),
                action=trailers.ACTION,
                proposal=trailers.PROPOSAL,
            ),
            ch.path,
        )
    if before is not None:
        _fixed_kept(found, ch, before, after)
        _history_kept(found, ch, before, after)
    _transition_legal(found, ch, before, after)
    return before, after


def _changed(key: str, before: ProposalView, after: ProposalView) -> str:
    """One changed governed key as the no-trailers message names it."""
    if key == "state":
        return _("state {before} → {after}").format(before=before.state, after=after.state)
    if key == "history":
        return _("history")
    if key == "recommendations":
        return _("recommendations")
    return change_of(key, before.value(key), after.value(key))


def _fixed_kept(
    found: CommitProblems, ch: FileChange, before: ProposalView, after: ProposalView | None
) -> None:
    """Rule 3: what a proposal was filed as stays; no command changes it."""
    if after is None:
        return
    for key in FIXED:
        if before.value(key) != after.value(key):
            found.add(
                ILLEGAL,
                _(
                    "changes {what} of proposal {target}; it is set when the proposal is "
                    "filed and no command changes it"
                ).format(
                    what=change_of(key, before.value(key), after.value(key)), target=ch.target
                ),
                ch.path,
            )


def _history_kept(
    found: CommitProblems, ch: FileChange, before: ProposalView, after: ProposalView | None
) -> None:
    """Rule 4: the entries of ``history:`` are a record; a commit may only append."""
    old = before.history
    new = after.history if after is not None else []
    if appended(old, new) is not None:
        return
    if after is None:
        message = _("removes proposal {target} and its history").format(target=ch.target)
    else:
        index = next(
            (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(new)
        )
        if index >= len(new):
            message = _("removes history entries of proposal {target} (from entry {n})").format(
                target=ch.target, n=index + 1
            )
        else:
            message = _(
                "edits history entry {n} of proposal {target} ({what}); entries may only be "
                "appended"
            ).format(target=ch.target, n=index + 1, what=entry_changes(old[index], new[index]))
    found.add(HISTORY, message, ch.path)


def _transition_legal(
    found: CommitProblems,
    ch: FileChange,
    before: ProposalView | None,
    after: ProposalView | None,
) -> None:
    """Rule 3: a new proposal starts as draft; every change of state is a legal step."""
    if after is None:
        return
    inbound = after.inbound is not None and str(after.kind) in INBOUND
    if before is None:
        start = RECEIVED if inbound else DRAFT
        if after.state != start:
            found.add(
                ILLEGAL,
                _("new proposal {target} starts as {state}; a proposal starts as {start}").format(
                    target=ch.target, state=after.state, start=start
                ),
                ch.path,
            )
        return
    if before.state == after.state:
        return
    workflow = (INBOUND if inbound else WORKFLOWS).get(str(before.kind))
    if workflow is None:
        found.add(
            ILLEGAL,
            _("cannot check the step of proposal {target}: unknown kind '{kind}'").format(
                target=ch.target, kind=before.kind
            ),
            ch.path,
        )
        return
    last = after.history[-1] if after.history else None
    returned = isinstance(last, dict) and last.get("returned") is True
    if not workflow.is_legal(str(before.state), str(after.state), returned=returned):
        found.add(
            ILLEGAL,
            _("illegal step {before} → {after} for proposal {target} ({kind})").format(
                before=before.state, after=after.state, target=ch.target, kind=workflow.kind
            ),
            ch.path,
        )
