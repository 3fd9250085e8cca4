"""Rule 2 for councils: the named member's membership changed as the action says.

Regraad-Member names the one person a commit may change (besides the one it replaces,
``handover``); ``council.add`` starts one membership in the Regraad-To role,
``council.end`` ends one (Regraad-From, when given, is its role) by setting ``to:``
rather than deleting the entry, and ``council.role`` leaves Regraad-From for Regraad-To
by ending one membership and starting another, as ``workflow.council`` does. No command
edits a membership's role, trust or from in place or removes its end, so a commit that
does is a mismatch whatever its action.
"""

from __future__ import annotations

from ..git import trailers
from ..i18n import _
from .council_changes import Moves, changed_members, moves
from .handover import handover
from .problems import CommitProblems
from .views import CouncilView, member_changes, shown


def council_action(
    found: CommitProblems,
    action: str,
    before: CouncilView | None,
    after: CouncilView | None,
    path: str,
) -> None:
    """Rule 2 for councils: the named member's membership changed as the action says."""
    c = found.commit
    member = c.trailer(trailers.MEMBER)
    if member is None:
        found.missing_trailer(action, trailers.MEMBER, path)
        return
    replaces = c.trailer(trailers.REPLACES)
    others = sorted(
        {str(m[0]) for m in changed_members(before, after) if m[0] not in (member, replaces)}
    )
    if others:
        found.mismatch(
            _("{trailer} is {member}, but the commit also changes {others}").format(
                trailer=trailers.MEMBER, member=member, others=", ".join(others)
            ),
            path,
        )
    moved = moves(before, after, member)
    _only_starts_and_ends(found, action, member, moved, path)
    said_from, said_to = c.trailer(trailers.FROM), c.trailer(trailers.TO)
    if replaces is not None:
        _only_starts_and_ends(found, action, replaces, moves(before, after, replaces), path)
        handover(found, action, replaces, said_from, said_to, before, after, path)
    if action == trailers.COUNCIL_ADD:
        _add(found, member, said_to, moved, path)
    elif action == trailers.COUNCIL_END:
        _end(found, member, said_from, moved, path)
    else:
        _role(found, member, said_from, said_to, moved, path)


def _only_starts_and_ends(
    found: CommitProblems, action: str, member: str, moved: Moves, path: str
) -> None:
    """A membership is started or ended, never rewritten: name each field edited in place
    and each end removed."""
    for old, new in moved.edited:
        found.mismatch(
            _(
                "{action} edits the membership of {member} as {role} in place ({changes}); "
                "a command only ends a membership (to:) or starts a new one"
            ).format(
                action=action, member=member, role=shown(old[1]), changes=member_changes(old, new)
            ),
            path,
        )
    for old in moved.reopened:
        found.mismatch(
            _("{action} removes the end (to: {to}) of the membership of {member} as {role}").format(
                action=action, to=shown(old[4]), member=member, role=shown(old[1])
            ),
            path,
        )


def _one(found: CommitProblems, action: str, member: str, roles: list[str], path: str) -> None:
    """A command starts or ends one membership of its member; ``roles`` those it did."""
    if len(roles) > 1:
        found.mismatch(
            _("{action} changes {count} memberships of {member} ({roles}); it changes one").format(
                action=action, count=len(roles), member=member, roles=", ".join(roles)
            ),
            path,
        )


def _add(found: CommitProblems, member: str, said_to: str | None, moved: Moves, path: str) -> None:
    action = trailers.COUNCIL_ADD
    _one(found, action, member, moved.started, path)
    if not moved.started:
        found.mismatch(
            _("{action}, but no membership of {member} was added").format(
                action=action, member=member
            ),
            path,
        )
        return
    if said_to is None:
        found.missing_trailer(action, trailers.TO, path)
    elif said_to not in moved.started:
        found.mismatch(
            _("{trailer} says {said}, but {member} was added as {role}").format(
                trailer=trailers.TO, said=said_to, member=member, role=", ".join(moved.started)
            ),
            path,
        )
    if moved.ended or moved.deleted:
        found.mismatch(
            _("{action} also ends or removes an existing membership of {member}").format(
                action=action, member=member
            ),
            path,
        )


def _end(
    found: CommitProblems, member: str, said_from: str | None, moved: Moves, path: str
) -> None:
    action = trailers.COUNCIL_END
    _one(found, action, member, moved.ended, path)
    if moved.deleted:
        found.mismatch(
            _(
                "{action} removes a membership entry of {member} instead of ending it with to:"
            ).format(action=action, member=member),
            path,
        )
    if not moved.ended:
        if not moved.deleted:
            found.mismatch(
                _("{action}, but no membership of {member} was ended").format(
                    action=action, member=member
                ),
                path,
            )
        return
    if said_from is not None and said_from not in moved.ended:
        found.mismatch(
            _("{trailer} says {said}, but the membership ended was {role}").format(
                trailer=trailers.FROM, said=said_from, role=", ".join(moved.ended)
            ),
            path,
        )
    if moved.started:
        found.mismatch(
            _("{action}, but a new membership of {member} starts").format(
                action=action, member=member
            ),
            path,
        )


def _role(
    found: CommitProblems,
    member: str,
    said_from: str | None,
    said_to: str | None,
    moved: Moves,
    path: str,
) -> None:
    action = trailers.COUNCIL_ROLE
    for key, said in ((trailers.FROM, said_from), (trailers.TO, said_to)):
        if said is None:
            found.missing_trailer(action, key, path)
    _one(found, action, member, moved.ended, path)
    _one(found, action, member, moved.started, path)
    if moved.deleted:
        found.mismatch(
            _(
                "{action} removes a membership entry of {member} instead of ending it with to:"
            ).format(action=action, member=member),
            path,
        )
    if said_from is not None and said_from not in moved.ended:
        found.mismatch(
            _("{trailer} says {said}, but {member} did not leave that role").format(
                trailer=trailers.FROM, said=said_from, member=member
            ),
            path,
        )
    if said_to is not None and said_to not in moved.started:
        found.mismatch(
            _("{trailer} says {said}, but {member} did not take that role").format(
                trailer=trailers.TO, said=said_to, member=member
            ),
            path,
        )
