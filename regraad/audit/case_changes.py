"""What a commit did to a case file, and whether it was allowed, whatever its trailers say.

As for proposals (``proposal_changes``): a governed change carries trailers naming the
case (rule 1); a case opens as ``open``, moves by the steps of ``rules.case_flow`` and
keeps what it was opened as (rule 3); its ``history`` and the trusts' ``positions`` are
records a commit may only append to (rule 4).
"""

from __future__ import annotations

from ..git import trailers
from ..i18n import _
from ..rules.case_flow import OPEN, is_legal
from .history import FileChange
from .problems import HISTORY, ILLEGAL, NO_TRAILERS, CommitProblems
from .views import CASE_FIXED, CASE_KEYS, CaseView, appended, change_of


def case_change(
    found: CommitProblems,
    ch: FileChange,
    before: CaseView | None,
    after: CaseView | None,
    covered: bool,
) -> tuple[CaseView | None, CaseView | None] | None:
    """Rules 1, 3 and 4 for one changed case file; its two sides if governed parts changed."""
    if before is None:
        what = [_("new file")]
    elif after is None:
        what = [_("file removed")]
    else:
        what = [
            change_of(key, before.value(key), after.value(key))
            if key in (*CASE_FIXED, "state")
            else key
            for key in CASE_KEYS
            if before.value(key) != after.value(key)
        ]
    if not what:
        return None
    if not covered:
        found.add(
            NO_TRAILERS,
            _(
                "changes case {target} ({what}) without matching {action} and {case} trailers"
            ).format(
                target=ch.target, what=", ".join(what), action=trailers.ACTION, case=trailers.CASE
            ),
            ch.path,
        )
    if before is not None:
        _kept(found, ch, before, after)
    _transition_legal(found, ch, before, after)
    return before, after


def _kept(found: CommitProblems, ch: FileChange, before: CaseView, after: CaseView | None) -> None:
    """Rules 3 and 4: what a case was opened as stays; history and positions only grow."""
    if after is None:
        found.add(
            HISTORY, _("removes case {target} and its history").format(target=ch.target), ch.path
        )
        return
    for key in CASE_FIXED:
        if before.value(key) != after.value(key):
            found.add(
                ILLEGAL,
                _(
                    "changes {what} of case {target}; it is set when the case is opened and "
                    "no command changes it"
                ).format(
                    what=change_of(key, before.value(key), after.value(key)), target=ch.target
                ),
                ch.path,
            )
    for key, old, new in (
        ("history", before.history, after.history),
        ("positions", before.positions, after.positions),
    ):
        if appended(old, new) is None:
            found.add(
                HISTORY,
                _(
                    "changes earlier {key} entries of case {target}; entries may only be appended"
                ).format(key=key, target=ch.target),
                ch.path,
            )


def _transition_legal(
    found: CommitProblems, ch: FileChange, before: CaseView | None, after: CaseView | None
) -> None:
    """Rule 3: a new case opens as open; every change of state is a legal step."""
    if after is None:
        return
    if before is None:
        if after.state != OPEN:
            found.add(
                ILLEGAL,
                _("new case {target} starts as {state}; a case starts as open").format(
                    target=ch.target, state=after.state
                ),
                ch.path,
            )
        return
    if before.state != after.state and not is_legal(str(before.state), str(after.state)):
        found.add(
            ILLEGAL,
            _("illegal step {before} → {after} for case {target}").format(
                before=before.state, after=after.state, target=ch.target
            ),
            ch.path,
        )
