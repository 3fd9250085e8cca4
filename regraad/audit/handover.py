"""Regraad-Replaces: a handover, checked from the replaced member's side.

With ``council.add`` the incoming member takes the place of one who leaves; with
``council.role`` the two swap roles. Either way the replaced member's membership in the
role handed over must end in the same commit, or the trailer claims what did not happen.
"""

from __future__ import annotations

from ..git import trailers
from ..i18n import _
from .council_changes import moves
from .problems import CommitProblems
from .views import CouncilView


def handover(
    found: CommitProblems,
    action: str,
    replaces: str,
    said_from: str | None,
    said_to: str | None,
    before: CouncilView | None,
    after: CouncilView | None,
    path: str,
) -> None:
    """A handover's other side: the replaced member's membership in the role handed over
    ended; with council.role they took the incoming member's former role, with
    council.add they left."""
    replaced = moves(before, after, replaces)
    role = said_to if action == trailers.COUNCIL_ROLE else None
    if action not in (trailers.COUNCIL_ADD, trailers.COUNCIL_ROLE):
        found.mismatch(
            _("{trailer} only goes with council.add or council.role").format(
                trailer=trailers.REPLACES
            ),
            path,
        )
    elif not replaced.ended or (role is not None and role not in replaced.ended):
        found.mismatch(
            _("{trailer} is {member}, but no membership of {member} ended{what}").format(
                trailer=trailers.REPLACES,
                member=replaces,
                what=_(" as {role}").format(role=role) if role else "",
            ),
            path,
        )
    elif action == trailers.COUNCIL_ROLE and replaced.started != [said_from]:
        found.mismatch(
            _("{member} should take over the role {role} in the handover").format(
                member=replaces, role=said_from
            ),
            path,
        )
    elif action == trailers.COUNCIL_ADD and replaced.started:
        found.mismatch(
            _("{member} is replaced, but a new membership of {member} starts").format(
                member=replaces
            ),
            path,
        )
