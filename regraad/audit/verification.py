"""``regraad audit --verify``: does each commit's trailers tell the truth about its files?

A commit is checked against its parent only (merges are not read, see ``history``),
so a pull request's range is verified commit by commit. For each proposal or council
file a commit changed, the governed parts (``views``) of its two sides are compared:
what changed must be allowed and covered by trailers (``proposal_changes``,
``council_changes``), and the one file the trailers name (``claims``) must have changed
as its action says (``proposal_actions``, ``council_actions``). What fails is a
``problems.Problem``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..git import trailers
from ..i18n import _
from .claims import named_specialty, read_claim
from .council_actions import council_action
from .council_changes import council_change
from .history import Commit, FileChange
from .problems import UNREADABLE, UNSIGNED, CommitProblems, Problem
from .proposal_actions import proposal_action
from .proposal_changes import proposal_change
from .snapshots import Snapshots
from .views import council_view, proposal_view

# %G? letters that do not count as signed: none, bad, revoked key. E (the key is not
# available to check with) still counts: CI runners rarely hold the signers' keys.
NOT_SIGNED = frozenset(("N", "B", "R", ""))


def verify(
    repo: Path,
    commits: list[Commit],
    *,
    specialty: str | None = None,
    require_signed: bool = False,
) -> tuple[int, list[Problem]]:
    """The number of commits checked and their problems, in commit order."""
    relevant = [c for c in commits if _relevant(c, specialty, require_signed)]
    shas = [
        sha
        for c in relevant
        for ch in c.changes
        if specialty is None or ch.specialty == specialty
        for sha in (ch.old, ch.new)
        if sha is not None
    ]
    snapshots = Snapshots.read(repo, shas)
    problems: list[Problem] = []
    for c in relevant:
        problems += _check(c, snapshots, specialty, require_signed)
    return len(relevant), problems


def _relevant(c: Commit, specialty: str | None, require_signed: bool) -> bool:
    if specialty is not None:
        return specialty in c.specialties or named_specialty(c) == specialty
    return bool(c.changes or c.trailers or (require_signed and c.touches_data))


@dataclass(frozen=True)
class _Named:
    """The change to the file the trailers name: readable? its governed sides if changed."""

    change: FileChange
    readable: bool
    views: tuple[Any, Any] | None


def _check(
    c: Commit, snapshots: Snapshots, specialty: str | None, require_signed: bool
) -> list[Problem]:
    found = CommitProblems(c)
    if require_signed and c.signature in NOT_SIGNED:
        found.add(UNSIGNED, _("the commit is not signed with a valid signature"))
    family, target = read_claim(found)
    named: _Named | None = None
    for ch in c.changes:
        if specialty is not None and ch.specialty != specialty:
            continue
        covered = family == ch.kind and target == ch.target
        readable, changed = _read_sides(found, snapshots, ch)
        views = _governed_change(found, snapshots, ch, covered) if readable and changed else None
        if covered:
            named = _Named(ch, readable, views)
    in_scope = target is not None and (specialty is None or target.split("/")[0] == specialty)
    # meeting files are not governed: their actions are only listed
    if in_scope and family is not None and target is not None and family != "meeting":
        _check_action(found, family, target, named)
    return found.problems


def _read_sides(found: CommitProblems, snapshots: Snapshots, ch: FileChange) -> tuple[bool, bool]:
    """Whether both sides of the file read, and whether anything governed changed."""
    before = snapshots.get(ch.old, ch.kind) if ch.old else None
    after = snapshots.get(ch.new, ch.kind) if ch.new else None
    readable = True
    for version, is_before in ((before, True), (after, False)):
        if version is not None and not version.readable:
            _unreadable(found, ch, is_before)
            readable = False
    same = (
        before is not None
        and after is not None
        and before.key is not None
        and before.key == after.key
    )
    return readable, not same


def _unreadable(found: CommitProblems, ch: FileChange, before: bool) -> None:
    message = (
        _("{path} could not be read before this commit")
        if before
        else _("{path} could not be read after this commit")
    )
    found.add(UNREADABLE, message.format(path=ch.path), ch.path)


def _governed_change(
    found: CommitProblems, snapshots: Snapshots, ch: FileChange, covered: bool
) -> tuple[Any, Any] | None:
    """Rule 1 and the file's own rules; its two views if governed parts changed."""
    old = snapshots.data(ch.old, ch.kind) if ch.old else None
    new = snapshots.data(ch.new, ch.kind) if ch.new else None
    if ch.kind == "proposal":
        return proposal_change(found, ch, proposal_view(old), proposal_view(new), covered)
    return council_change(found, ch, council_view(old), council_view(new), covered)


def _check_action(found: CommitProblems, family: str, target: str, named: _Named | None) -> None:
    """Rule 2: the file the trailers name changed, and as their action says."""
    action = found.commit.trailer(trailers.ACTION) or ""
    if named is None:
        found.mismatch(
            _("{action} names {target}, but the commit does not change that file").format(
                action=action, target=target
            ),
        )
    elif not named.readable:
        pass  # already reported as unreadable
    elif named.views is None:
        message = (
            _(
                "{action} names {target}, but the commit changes neither its state, history nor "
                "recommendations"
            )
            if family == "proposal"
            else _("{action} names {target}, but the commit does not change its members")
        )
        found.mismatch(message.format(action=action, target=target), named.change.path)
    elif family == "proposal":
        before, after = named.views
        proposal_action(found, action, target, before, after, named.change.path)
    else:
        before, after = named.views
        council_action(found, action, before, after, named.change.path)
