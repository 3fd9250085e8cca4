"""What a commit did to a council's memberships, and rule 1: such a change has trailers.

A membership is an entry's (name, role, trust, from); ending it sets or moves its
``to``. The checks of the trailers (``council_actions``, ``handover``) ask, per person,
which memberships started, ended or were deleted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..git import trailers
from ..i18n import _
from .history import FileChange
from .problems import NO_TRAILERS, CommitProblems
from .views import CouncilView, Member


@dataclass(frozen=True)
class Moves:
    """One person's membership changes in a commit, as the roles concerned."""

    started: list[str]  # memberships that did not exist before
    ended: list[str]  # memberships given (or moved to) an end, none left open
    deleted: list[str]  # memberships whose entries are gone


def changed_members(before: CouncilView | None, after: CouncilView | None) -> Counter[Member]:
    """The entries on one side only (an edited entry counts on both)."""
    old = Counter(before.members if before is not None else ())
    new = Counter(after.members if after is not None else ())
    return (old - new) + (new - old)


def moves(before: CouncilView | None, after: CouncilView | None, name: str) -> Moves:
    """What happened to ``name``'s memberships between the two sides."""
    was, now = _memberships(before, name), _memberships(after, name)
    return Moves(
        started=[str(key[1]) for key in now if key not in was],
        ended=[
            str(key[1])
            for key, ends in now.items()
            if key in was and ends != was[key] and "" not in ends
        ],
        deleted=[str(key[1]) for key in was if key not in now],
    )


def council_change(
    found: CommitProblems,
    ch: FileChange,
    before: CouncilView | None,
    after: CouncilView | None,
    covered: bool,
) -> tuple[CouncilView | None, CouncilView | None] | None:
    """Rule 1 for one changed council file; its two sides if the membership changed."""
    changed = changed_members(before, after)
    if not changed:
        return None
    if not covered:
        names = sorted({str(m[0]) for m in changed})
        found.add(
            NO_TRAILERS,
            _(
                "changes the members of council {target} ({names}) without matching "
                "{action} and {council} trailers"
            ).format(
                target=ch.target,
                names=", ".join(names),
                action=trailers.ACTION,
                council=trailers.COUNCIL,
            ),
            ch.path,
        )
    return before, after


def _memberships(view: CouncilView | None, name: str) -> dict[Member, list[str]]:
    """One person's memberships, keyed by (name, role, trust, from), with their end dates."""
    found: dict[Member, list[str]] = {}
    for m in view.members if view is not None else ():
        if m[0] == name:
            found.setdefault((*m[:4], None), []).append("" if m[4] is None else str(m[4]))
    return {key: sorted(ends) for key, ends in found.items()}
