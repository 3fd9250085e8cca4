"""Rule 2 for proposals: the trailers describe the step the file change took.

A ``proposal.new`` files a draft and ``proposal.receive`` an inbound request (received);
``proposal.advance``, ``proposal.adopt``, ``proposal.return``, ``proposal.stop`` and
``proposal.withdraw`` take one step of the workflow (Regraad-From, Regraad-To and one new
history entry; only a return marks it ``returned``), ``proposal.recommend`` only adds a
region's recommendation and ``proposal.deadline`` only sets the councils' deadlines
(which the step into council review may also set). Regraad-By, where given, names
who the new history entry says took the step. The decision belongs to the step that takes
it, as ``workflow.proposals`` writes it: ``decided`` and ``in_force`` to accepted,
``decided`` and ``reason`` to rejected, ``reason`` to withdrawn; and only the step to
submitted routes the proposal (``to:`` in its history entry). A step that changes more
than it says is a mismatch.
"""

from __future__ import annotations

from typing import Any

from ..git import trailers
from ..i18n import N_, _
from ..rules.proposal_flow import (
    ACCEPTED,
    ADOPTED,
    NEEDS_RECOMMENDATION,
    RECEIVED,
    REJECTED,
    STOPPED,
    SUBMITTED,
    WITHDRAWN,
)
from .problems import TRAILER, CommitProblems
from .views import DECISION, DRAFT, ProposalView, appended, change_of, shown, states

# the decision fields each final state sets (the step to it owns them)
_DECIDES = {
    ACCEPTED: ("decided", "in_force"),
    ADOPTED: ("decided", "adopted_by", "in_force"),
    REJECTED: ("decided", "reason"),
    STOPPED: ("decided", "reason"),
    WITHDRAWN: ("reason",),
}
# the state each single-purpose step moves to (advance takes the main line)
_STEP_STATES = {
    trailers.PROPOSAL_WITHDRAW: WITHDRAWN,
    trailers.PROPOSAL_ADOPT: ADOPTED,
    trailers.PROPOSAL_STOP: STOPPED,
}


def proposal_action(
    found: CommitProblems,
    action: str,
    target: str,
    before: ProposalView | None,
    after: ProposalView | None,
    path: str,
) -> None:
    """Rule 2 for proposals: the trailers describe what the file change did."""
    if after is None:
        return  # removing a proposal is already a history problem
    if action in (trailers.PROPOSAL_NEW, trailers.PROPOSAL_RECEIVE):
        _new(found, action, target, before, after, path)
    elif before is None:
        found.mismatch(
            _("{action}, but proposal {target} is new (use {new})").format(
                action=action, target=target, new=trailers.PROPOSAL_NEW
            ),
            path,
        )
    elif action == trailers.PROPOSAL_RECOMMEND:
        _recommend(found, target, before, after, path)
    elif action == trailers.PROPOSAL_DEADLINE:
        _deadline(found, target, before, after, path)
    else:
        _step(found, action, target, before, after, path)


def _new(
    found: CommitProblems,
    action: str,
    target: str,
    before: ProposalView | None,
    after: ProposalView,
    path: str,
) -> None:
    if before is not None:
        found.mismatch(
            _("{action}, but proposal {target} already existed").format(
                action=action, target=target
            ),
            path,
        )
        return
    start = RECEIVED if action == trailers.PROPOSAL_RECEIVE else DRAFT
    filed = states(after.history)
    if filed != [start]:
        found.mismatch(
            _("a new proposal's history is one {start} entry; {target} has {states}").format(
                start=start, target=target, states=", ".join(map(str, filed)) or "—"
            ),
            path,
        )
    if (action == trailers.PROPOSAL_RECEIVE) != (after.inbound is not None):
        found.mismatch(
            _("{action}, but {target} {says} a request from Helsedirektoratet").format(
                action=action,
                target=target,
                says=_("is not") if after.inbound is None else _("is"),
            ),
            path,
        )
    early = [
        key
        for key in ("recommendations", *DECISION, *(() if start == RECEIVED else ("deadlines",)))
        if after.value(key)
    ]
    if early:
        found.mismatch(
            _(
                "a new proposal has no recommendations or decision yet; {target} has {fields}"
            ).format(target=target, fields=", ".join(early)),
            path,
        )
    found.state_trailer_matches(after.state, path)
    found.by_trailer_matches(after.history[-1:], path)
    _routing(found, after.history, path)


def _step(
    found: CommitProblems,
    action: str,
    target: str,
    before: ProposalView,
    after: ProposalView,
    path: str,
) -> None:
    """proposal.advance and proposal.withdraw: one step of the workflow."""
    if before.state == after.state:
        found.mismatch(
            _("{action}, but the state of {target} stayed {state}").format(
                action=action, target=target, state=after.state
            ),
            path,
        )
        return
    last = after.history[-1] if after.history else None
    returned = isinstance(last, dict) and last.get("returned") is True
    wanted = _STEP_STATES.get(action)
    if wanted is not None and after.state != wanted:
        found.mismatch(
            _("{action}, but the state became {state}").format(action=action, state=after.state),
            path,
        )
    if action == trailers.PROPOSAL_ADVANCE and (after.state in _STEP_STATES.values() or returned):
        owner = next((a for a, s in _STEP_STATES.items() if s == after.state), None)
        found.mismatch(
            _("{action} to {state}; that step is {owner}").format(
                action=action,
                state=after.state,
                owner=owner or trailers.PROPOSAL_RETURN,
            ),
            path,
        )
    if (action == trailers.PROPOSAL_RETURN) != returned:
        found.mismatch(
            _("{action}, but the new history entry {says} marked returned").format(
                action=action, says=_("is not") if not returned else _("is")
            ),
            path,
        )
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
    _routing(found, added, path)
    _decision_owned(found, action, target, before, after, path)
    if before.recommendations != after.recommendations:
        found.mismatch(
            _("{action} also changes the recommendations; record them with {recommend}").format(
                action=action, recommend=trailers.PROPOSAL_RECOMMEND
            ),
            path,
        )
    into_review = action == trailers.PROPOSAL_ADVANCE and after.state == NEEDS_RECOMMENDATION
    if before.deadlines != after.deadlines and not into_review:
        found.mismatch(
            _("{action} also changes the councils' deadlines; set them with {deadline}").format(
                action=action, deadline=trailers.PROPOSAL_DEADLINE
            ),
            path,
        )


def _deadline(
    found: CommitProblems, target: str, before: ProposalView, after: ProposalView, path: str
) -> None:
    """proposal.deadline: the councils' deadlines change, nothing else governed."""
    action = trailers.PROPOSAL_DEADLINE
    if before.state != after.state or before.history != after.history:
        found.mismatch(
            _("{action}, but the state or history of {target} changed").format(
                action=action, target=target
            ),
            path,
        )
    if before.recommendations != after.recommendations:
        found.mismatch(
            _("{action} also changes the recommendations; record them with {recommend}").format(
                action=action, recommend=trailers.PROPOSAL_RECOMMEND
            ),
            path,
        )
    _decision_owned(found, action, target, before, after, path)
    if before.deadlines == after.deadlines:
        found.mismatch(
            _("{action}, but no deadline of {target} changed").format(action=action, target=target),
            path,
        )


def _routing(found: CommitProblems, added: list[Any], path: str) -> None:
    """``to:`` (the RegUt a proposal is sent to) belongs to the step to submitted."""
    for entry in added:
        routed = isinstance(entry, dict) and entry.get("to") is not None
        if routed and entry.get("state") != SUBMITTED:
            found.mismatch(
                _(
                    "the history entry for {state} names to: {to}; only the step to "
                    "submitted sends a proposal to a RegUt"
                ).format(state=shown(entry.get("state")), to=shown(entry.get("to"))),
                path,
            )


def _decision_owned(
    found: CommitProblems,
    action: str,
    target: str,
    before: ProposalView,
    after: ProposalView,
    path: str,
) -> None:
    """The decision changes only in the step that takes it (``_DECIDES``)."""
    owned = _DECIDES.get(str(after.state), ()) if before.state != after.state else ()
    for key in DECISION:
        if key in owned or before.value(key) == after.value(key):
            continue
        found.mismatch(
            _("{action} also changes {what} of {target}; {owner}").format(
                action=action,
                what=change_of(key, before.value(key), after.value(key)),
                target=target,
                owner=_(_OWNERS[key]),
            ),
            path,
        )


_OWNERS = {
    "decided": N_("only the step to accepted, adopted, rejected or stopped sets it"),
    "in_force": N_("only the step to accepted or adopted sets it"),
    "reason": N_("only the step to rejected or stopped or a withdrawal sets it"),
    "adopted_by": N_("only the step to adopted sets it"),
}


def _recommend(
    found: CommitProblems, target: str, before: ProposalView, after: ProposalView, path: str
) -> None:
    """proposal.recommend: one recommendation added, nothing else governed changed."""
    action = trailers.PROPOSAL_RECOMMEND
    if before.state != after.state:
        found.mismatch(
            _("{action}, but the state changed {before} → {after}").format(
                action=action, before=before.state, after=after.state
            ),
            path,
        )
    if before.history != after.history:
        found.mismatch(_("{action}, but the history changed").format(action=action), path)
    _decision_owned(found, action, target, before, after, path)
    added = [r for r in after.recommendations if r not in before.recommendations]
    dropped = [r for r in before.recommendations if r not in after.recommendations]
    if not added:
        found.mismatch(
            _("{action}, but no recommendation was added to {target}").format(
                action=action, target=target
            ),
            path,
        )
        return
    if dropped:
        found.mismatch(
            _("{action} also changes or removes an earlier recommendation").format(action=action),
            path,
        )
    said = found.commit.trailer(trailers.RECOMMENDATION)
    if said is None:
        return
    parts = said.split()
    if len(parts) != 2:
        found.add(
            TRAILER,
            _("{trailer} '{value}' is not '<region> <position>'").format(
                trailer=trailers.RECOMMENDATION, value=said
            ),
            path,
        )
        return
    region, position = parts
    if not any(
        isinstance(r, dict) and r.get("region") == region and r.get("position") == position
        for r in added
    ):
        shown = ", ".join(
            f"{r.get('region')} {r.get('position')}" if isinstance(r, dict) else str(r)
            for r in added
        )
        found.mismatch(
            _("{trailer} says {said}, but the recommendation added is {added}").format(
                trailer=trailers.RECOMMENDATION, said=said, added=shown
            ),
            path,
        )
