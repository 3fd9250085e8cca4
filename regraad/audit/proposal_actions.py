"""Rule 2 for proposals: the trailers describe the step the file change took.

A ``proposal.new`` files a draft, ``proposal.advance`` and ``proposal.withdraw`` take one
step of the workflow (Regraad-From, Regraad-To and one new history entry), and
``proposal.recommend`` only adds a region's recommendation. Regraad-By, where given, names
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
from ..rules.proposal_flow import ACCEPTED, REJECTED, SUBMITTED, WITHDRAWN
from .problems import TRAILER, CommitProblems
from .views import DECISION, DRAFT, ProposalView, appended, change_of, shown, states

# the decision fields each final state sets (the step to it owns them)
_DECIDES = {
    ACCEPTED: ("decided", "in_force"),
    REJECTED: ("decided", "reason"),
    WITHDRAWN: ("reason",),
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
    if action == trailers.PROPOSAL_NEW:
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
    filed = states(after.history)
    if filed != [DRAFT]:
        found.mismatch(
            _("a new proposal's history is one draft entry; {target} has {states}").format(
                target=target, states=", ".join(map(str, filed)) or "—"
            ),
            path,
        )
    early = [key for key in ("recommendations", *DECISION) if after.value(key)]
    if early:
        found.mismatch(
            _(
                "a new proposal has no recommendations or decision yet; {target} has {fields}"
            ).format(target=target, fields=", ".join(early)),
            path,
        )
    _to_matches(found, after.state, path)
    _by_matches(found, after.history[-1:], path)
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
    if action == trailers.PROPOSAL_WITHDRAW and after.state != WITHDRAWN:
        found.mismatch(
            _("{action}, but the state became {state}").format(action=action, state=after.state),
            path,
        )
    if action == trailers.PROPOSAL_ADVANCE and after.state == WITHDRAWN:
        found.mismatch(
            _("{action} to withdrawn; a withdrawal is {withdraw}").format(
                action=action, withdraw=trailers.PROPOSAL_WITHDRAW
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
    _to_matches(found, after.state, path)
    added = appended(before.history, after.history) or []
    if states(added) != [after.state]:
        found.mismatch(
            _("the state became {state}, but the history does not add one entry for it").format(
                state=after.state
            ),
            path,
        )
    _by_matches(found, added[-1:], path)
    _routing(found, added, path)
    _decision_owned(found, action, target, before, after, path)
    if before.recommendations != after.recommendations:
        found.mismatch(
            _("{action} also changes the recommendations; record them with {recommend}").format(
                action=action, recommend=trailers.PROPOSAL_RECOMMEND
            ),
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
    "decided": N_("only the step to accepted or rejected sets it"),
    "in_force": N_("only the step to accepted sets it"),
    "reason": N_("only the step to rejected or a withdrawal sets it"),
}


def _to_matches(found: CommitProblems, state: Any, path: str) -> None:
    c = found.commit
    said = c.trailer(trailers.TO)
    if said is None:
        found.missing_trailer(c.trailer(trailers.ACTION) or "", trailers.TO, path)
    elif said != state:
        found.mismatch(
            _("{trailer} says {said}, but the state became {state}").format(
                trailer=trailers.TO, said=said, state=state
            ),
            path,
        )


def _by_matches(found: CommitProblems, entries: list[Any], path: str) -> None:
    """Regraad-By names who took the step, as the new history entry records it."""
    said = found.commit.trailer(trailers.BY)
    if said is None or not entries or not isinstance(entries[0], dict):
        return
    recorded = entries[0].get("by")
    if recorded is not None and str(recorded) != said:
        found.mismatch(
            _("{trailer} says {said}, but the history entry says {recorded}").format(
                trailer=trailers.BY, said=said, recorded=recorded
            ),
            path,
        )


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
