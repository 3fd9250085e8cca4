"""What a commit did to a council's memberships, and rule 1: such a change has trailers.

A membership is an entry's (name, role, trust, from); ending it sets or moves its
``to``. The commands only start a membership (a new entry) or end one, so each person's
changes are read as entries started, ended, reopened (``to`` removed), deleted or edited
in place (role, trust or from changed: an old and a new entry of one name are paired by
likeness, so a message can name the field). The checks of the trailers
(``council_actions``, ``handover``) judge these per person; a change without trailers
names each of them with its fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..git import trailers
from ..i18n import _
from .history import FileChange
from .problems import NO_TRAILERS, CommitProblems
from .views import CouncilView, Member, member_changes, shown

Pair = tuple[Member | None, Member | None]  # one entry before and after; None: absent


@dataclass(frozen=True)
class Moves:
    """One person's membership changes in a commit."""

    started: list[str]  # roles of memberships that did not exist before
    ended: list[str]  # roles of memberships given (or moved to) an end
    deleted: list[str]  # roles of memberships whose entries are gone
    reopened: list[Member]  # entries (as before) whose end was removed
    edited: list[tuple[Member, Member]]  # entries whose role, trust or from changed


def changed_members(before: CouncilView | None, after: CouncilView | None) -> list[Member]:
    """The entries on one side only (an edited entry counts on both)."""
    old = list(before.members if before is not None else ())
    new = list(after.members if after is not None else ())
    return _without(old, new) + _without(new, old)


def entry_changes(before: CouncilView | None, after: CouncilView | None, name: Any) -> list[Pair]:
    """``name``'s entries that changed, paired: (old, new), (old, None) or (None, new)."""
    gone = _without(_entries(before, name), _entries(after, name))
    came = _without(_entries(after, name), _entries(before, name))
    pairs: list[Pair] = []
    for same_membership in (True, False):
        for old in list(gone):
            candidates = [n for n in came if not same_membership or n[:4] == old[:4]]
            if not candidates:
                continue
            # the likeliest edit: the same role first, then the fewest fields changed
            new = min(candidates, key=lambda n: (n[1] != old[1], _differences(old, n)))
            pairs.append((old, new))
            gone.remove(old)
            came.remove(new)
    return pairs + [(old, None) for old in gone] + [(None, new) for new in came]


def moves(before: CouncilView | None, after: CouncilView | None, name: Any) -> Moves:
    """What happened to ``name``'s memberships between the two sides."""
    moved = Moves([], [], [], [], [])
    for old, new in entry_changes(before, after, name):
        if old is None and new is not None:
            moved.started.append(str(new[1]))
        elif new is None and old is not None:
            moved.deleted.append(str(old[1]))
        elif old is not None and new is not None:
            if old[:4] != new[:4]:
                moved.edited.append((old, new))
            elif new[4] is None:
                moved.reopened.append(old)
            else:
                moved.ended.append(str(new[1]))
    return moved


def described(pair: Pair) -> str:
    """One changed entry in words, naming the fields that changed."""
    old, new = pair
    if old is None and new is not None:
        return _("{name}: new membership as {role}").format(name=shown(new[0]), role=shown(new[1]))
    if new is None and old is not None:
        return _("{name}: the entry as {role} removed").format(
            name=shown(old[0]), role=shown(old[1])
        )
    assert old is not None and new is not None
    return _("{name} as {role}: {changes}").format(
        name=shown(old[0]), role=shown(old[1]), changes=member_changes(old, new)
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
        people = list({repr(m[0]): m[0] for m in changed}.values())  # names, once each
        found.add(
            NO_TRAILERS,
            _(
                "changes the members of council {target} ({names}) without matching "
                "{action} and {council} trailers: {changes}"
            ).format(
                target=ch.target,
                names=", ".join(names),
                action=trailers.ACTION,
                council=trailers.COUNCIL,
                changes="; ".join(
                    described(pair)
                    for name in sorted(people, key=str)
                    for pair in entry_changes(before, after, name)
                ),
            ),
            ch.path,
        )
    return before, after


def _entries(view: CouncilView | None, name: Any) -> list[Member]:
    return [m for m in (view.members if view is not None else ()) if m[0] == name]


def _without(entries: list[Member], others: list[Member]) -> list[Member]:
    """``entries`` less one occurrence of each of ``others`` (a multiset difference; the
    values need not be hashable, however malformed the file)."""
    rest = list(others)
    kept = []
    for entry in entries:
        if entry in rest:
            rest.remove(entry)
        else:
            kept.append(entry)
    return kept


def _differences(old: Member, new: Member) -> int:
    return sum(a != b for a, b in zip(old, new, strict=True))
