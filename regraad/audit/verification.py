"""``regraad audit --verify``: does each commit's trailers tell the truth about its files?

A commit is checked against its parent only, so a pull request's range is verified
commit by commit; a merge is checked against git's own merge of its parents
(``merges``), and the history up to the first baseline is given (``baselines``). For
each proposal or council file a commit changed, the governed parts (``views``) of its
two sides are compared: what changed must be allowed and covered by trailers
(``proposal_changes``, ``council_changes``), and the one file the trailers name
(``claims``) must have changed as its action says (``proposal_actions``,
``council_actions``). What fails is a ``problems.Problem``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..git import gitio, trailers
from ..i18n import _
from .baselines import Start, baseline_problems
from .case_actions import case_action
from .case_changes import case_change
from .claims import named_specialty, read_claim
from .council_actions import council_action
from .council_changes import council_change
from .history import Commit, FileChange
from .merges import merge_problems, merged_files
from .problems import UNREADABLE, UNSIGNED, CommitProblems, Problem
from .proposal_actions import proposal_action
from .proposal_changes import proposal_change
from .reverts import Corrections
from .snapshots import Snapshots
from .views import case_view, council_view, proposal_view

# The one %G? letter that counts as signed: G, a good signature by a key the repository
# trusts (an SSH key in gpg.ssh.allowedSignersFile, a GPG key trusted in the keyring).
# U (good, but by a key nobody vouched for: any throwaway key), E (cannot be checked),
# X and Y (expired), R (revoked), B (bad) and N (none) do not.
GOOD_SIGNATURE = "G"


def verify(
    repo: Path,
    commits: list[Commit],
    *,
    specialty: str | None = None,
    require_signed: bool = False,
    prefix: str = "",
    start: Start | None = None,
) -> tuple[int, list[Problem]]:
    """The number of commits checked and their problems, in commit order.

    ``prefix`` is the data root's path in ``repo``; ``start`` the first baseline, whose
    given commits are not judged (``baselines.find_start``; without one, all are)."""
    where = gitio.Place(repo, prefix)
    start = start or Start()
    judged = [c for c in commits if c.sha not in start.given]
    relevant = [c for c in judged if _relevant(c, specialty, require_signed)]
    merges = [c for c in judged if c.is_merge]
    merged = merged_files(where, merges, specialty)
    shas = [
        sha
        for c in relevant
        for ch in c.changes
        if specialty is None or ch.specialty == specialty
        for sha in (ch.old, ch.new)
        if sha is not None
    ]
    shas += [sha for f in merged for sha in f.blobs]
    snapshots = Snapshots.read(repo, shas)
    problems: list[Problem] = []
    # corrections: a `regraad revert` commit's change to its entity is judged by
    # audit.reverts instead of the rules for steps; a plain `git revert` is named there
    corrections = Corrections(repo, specialty)
    for c in relevant:
        problems += corrections.review(c, _check(c, snapshots, specialty, require_signed))
    problems += merge_problems(snapshots, merged)
    problems += baseline_problems(where, start, commits, specialty)
    order = {c.sha: i for i, c in enumerate(commits)}
    problems.sort(key=lambda p: order.get(p.commit, -1))  # stable: each commit's own order
    return len({c.sha for c in relevant} | {c.sha for c in merges}), problems


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
    if require_signed and c.signature != GOOD_SIGNATURE:
        found.add(
            UNSIGNED,
            _(
                "the commit has no good signature by a key the repository trusts "
                "(git's signature status: {letter})"
            ).format(letter=c.signature or "N"),
        )
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
    if ch.kind == "case":
        return case_change(found, ch, case_view(old), case_view(new), covered)
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
            else _("{action} names {target}, but the commit changes nothing governed in it")
            if family == "case"
            else _("{action} names {target}, but the commit does not change its members")
        )
        found.mismatch(message.format(action=action, target=target), named.change.path)
    elif family == "case":
        before, after = named.views
        case_action(found, action, target, before, after, named.change.path)
    elif family == "proposal":
        before, after = named.views
        proposal_action(found, action, target, before, after, named.change.path)
    else:
        before, after = named.views
        council_action(found, action, before, after, named.change.path)
