"""``regraad audit --verify``: does each commit's trailers tell the truth about its files?

A commit is checked against its parent only (merges are not read, see ``history``),
so a pull request's range is verified commit by commit. Governed changes are a
proposal's ``state``, ``history`` and ``recommendations`` and a council's
membership (name, role, trust, from and to of each entry); anything else in those
files (summary, notes, e-mail addresses) is ordinary editing and needs no trailers.

Problems, each tied to one commit:

- ``no-trailers``: a governed change without a matching Regraad-Action and
  Regraad-Proposal or Regraad-Council;
- ``mismatch``: trailers that disagree with the change they describe;
- ``illegal``: a step the proposal's workflow does not allow (``proposal_flow``);
- ``history``: history entries edited or removed after the fact (only appends);
- ``trailer``: trailers that cannot be read (unknown action, one missing, malformed);
  ``meeting.*`` actions name a meeting file, which is not governed: they are listed, and
  only their trailers are read (a ``Regraad-Meeting`` on a decided step is its reference);
- ``unreadable``: a proposal or council file that does not parse on one side;
- ``unsigned``: with ``require_signed``, a commit without a good signature.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..git import trailers
from ..i18n import _
from ..rules.proposal_flow import WITHDRAWN, WORKFLOWS
from .history import Commit, FileChange
from .snapshots import Snapshots, Version

NO_TRAILERS = "no-trailers"
MISMATCH = "mismatch"
ILLEGAL = "illegal"
HISTORY = "history"
TRAILER = "trailer"
UNREADABLE = "unreadable"
UNSIGNED = "unsigned"

DRAFT = "draft"
# %G? letters that do not count as signed: none, bad, revoked key. E (the key is not
# available to check with) still counts: CI runners rarely hold the signers' keys.
NOT_SIGNED = frozenset(("N", "B", "R", ""))
_TARGET = re.compile(r"[^/]+/[^/]+\Z")


@dataclass(frozen=True)
class Problem:
    """Why one commit fails verification; ``path`` is the file concerned, if one is."""

    commit: str
    subject: str
    code: str
    message: str
    path: str | None = None

    @property
    def short(self) -> str:
        return self.commit[:10]


@dataclass(frozen=True)
class ProposalView:
    """The governed part of a proposal file."""

    kind: Any
    state: Any
    history: list[Any]
    recommendations: list[Any]


Member = tuple[Any, Any, Any, Any, Any]  # name, role, trust, from, to


@dataclass(frozen=True)
class CouncilView:
    """The governed part of a council file: each entry's membership fields."""

    members: tuple[Member, ...]


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _member(entry: Any) -> Member:
    if not isinstance(entry, dict):
        return (entry, None, None, None, None)
    return (
        entry.get("name"),
        entry.get("role"),
        entry.get("trust"),
        entry.get("from"),
        entry.get("to"),
    )


def _proposal_view(data: dict[str, Any]) -> ProposalView:
    return ProposalView(
        data.get("kind"),
        data.get("state"),
        _as_list(data.get("history")),
        _as_list(data.get("recommendations")),
    )


def _council_view(data: dict[str, Any]) -> CouncilView:
    return CouncilView(tuple(_member(m) for m in _as_list(data.get("members"))))


@dataclass(frozen=True)
class _Sides:
    """What a commit did to one file: readable on both sides? anything governed changed?"""

    before: Version | None  # None where the file is absent
    after: Version | None
    readable: bool
    changed: bool


@dataclass
class _Commit:
    """The problems of one commit as they are found."""

    commit: Commit
    problems: list[Problem] = field(default_factory=list)

    def add(self, code: str, message: str, path: str | None = None) -> None:
        self.problems.append(Problem(self.commit.sha, self.commit.subject, code, message, path))


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


def _target_specialty(c: Commit) -> str | None:
    target = (
        c.trailer(trailers.PROPOSAL) or c.trailer(trailers.COUNCIL) or c.trailer(trailers.MEETING)
    )
    return target.split("/", 1)[0] if target else None


def _relevant(c: Commit, specialty: str | None, require_signed: bool) -> bool:
    if specialty is not None:
        return specialty in c.specialties or _target_specialty(c) == specialty
    return bool(c.changes or c.trailers or (require_signed and c.touches_data))


def _check(
    c: Commit, snapshots: Snapshots, specialty: str | None, require_signed: bool
) -> list[Problem]:
    found = _Commit(c)
    if require_signed and c.signature in NOT_SIGNED:
        found.add(UNSIGNED, _("the commit is not signed with a valid signature"))
    family, target = _read_trailers(found)
    in_scope = target is not None and (specialty is None or target.split("/")[0] == specialty)
    target_views: tuple[Any, Any] | None = None
    target_change: FileChange | None = None
    target_readable = True
    for ch in c.changes:
        if specialty is not None and ch.specialty != specialty:
            continue
        covered = family == ch.kind and target == ch.target
        sides = _read_sides(found, snapshots, ch)
        views: tuple[Any, Any] | None = None
        if sides.readable and sides.changed:
            old = snapshots.data(ch.old, ch.kind) if ch.old else None
            new = snapshots.data(ch.new, ch.kind) if ch.new else None
            if ch.kind == "proposal":
                views = _proposal_change(
                    found,
                    ch,
                    None if old is None else _proposal_view(old),
                    None if new is None else _proposal_view(new),
                    covered,
                )
            else:
                views = _council_change(
                    found,
                    ch,
                    None if old is None else _council_view(old),
                    None if new is None else _council_view(new),
                    covered,
                )
        if covered:
            target_change, target_views, target_readable = ch, views, sides.readable
    if not in_scope or family is None or target is None or family == "meeting":
        return found.problems  # meeting files are not governed: their actions are only listed
    action = c.trailer(trailers.ACTION) or ""
    if target_change is None:
        found.add(
            MISMATCH,
            _("{action} names {target}, but the commit does not change that file").format(
                action=action, target=target
            ),
        )
    elif not target_readable:
        pass  # already reported as unreadable
    elif target_views is None:
        message = (
            _(
                "{action} names {target}, but the commit changes neither its state, history nor "
                "recommendations"
            )
            if family == "proposal"
            else _("{action} names {target}, but the commit does not change its members")
        )
        found.add(MISMATCH, message.format(action=action, target=target), target_change.path)
    else:
        before, after = target_views
        path = target_change.path
        if family == "proposal":
            _proposal_action(found, action, target, before, after, path)
        else:
            _council_action(found, action, target, before, after, path)
    return found.problems


def _read_trailers(found: _Commit) -> tuple[str | None, str | None]:
    """The action's family ("proposal" or "council") and target, problems when malformed."""
    c = found.commit
    action = c.trailer(trailers.ACTION)
    if action is None:
        if c.trailers:
            found.add(
                TRAILER,
                _("Regraad trailers without a {trailer} trailer").format(trailer=trailers.ACTION),
            )
        return None, None
    if c.trailer_count(trailers.ACTION) > 1:
        found.add(
            TRAILER,
            _("several {trailer} trailers; one commit records one action").format(
                trailer=trailers.ACTION
            ),
        )
    meeting = c.trailer(trailers.MEETING)
    if meeting is not None and not _TARGET.match(meeting):
        found.add(
            TRAILER,
            _("{trailer} '{value}' is not <specialty>/<name>").format(
                trailer=trailers.MEETING, value=meeting
            ),
        )
    if action in trailers.PROPOSAL_ACTIONS:
        family, key = "proposal", trailers.PROPOSAL
    elif action in trailers.COUNCIL_ACTIONS:
        family, key = "council", trailers.COUNCIL
    elif action in trailers.MEETING_ACTIONS:
        family, key = "meeting", trailers.MEETING
    else:
        found.add(
            TRAILER,
            _("unknown {trailer} '{action}'").format(trailer=trailers.ACTION, action=action),
        )
        return None, None
    target = c.trailer(key)
    if target is None:
        found.add(
            TRAILER,
            _("{action} without a {trailer} trailer").format(action=action, trailer=key),
        )
        return family, None
    if not _TARGET.match(target):
        found.add(
            TRAILER,
            _("{trailer} '{value}' is not <specialty>/<name>").format(trailer=key, value=target),
        )
        return family, None
    return family, target


def _unreadable(found: _Commit, ch: FileChange, before: bool) -> None:
    message = (
        _("{path} could not be read before this commit")
        if before
        else _("{path} could not be read after this commit")
    )
    found.add(UNREADABLE, message.format(path=ch.path), ch.path)


def _read_sides(found: _Commit, snapshots: Snapshots, ch: FileChange) -> _Sides:
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
    return _Sides(before, after, readable, not same)


def _proposal_change(
    found: _Commit,
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
        if before.state != after.state:
            what.append(
                _("state {before} → {after}").format(before=before.state, after=after.state)
            )
        if before.history != after.history:
            what.append(_("history"))
        if before.recommendations != after.recommendations:
            what.append(_("recommendations"))
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
        _history_kept(found, ch, before, after)
    _transition_legal(found, ch, before, after)
    return before, after


def _history_kept(
    found: _Commit, ch: FileChange, before: ProposalView, after: ProposalView | None
) -> None:
    """Rule 4: the entries of ``history:`` are a record; a commit may only append."""
    old = before.history
    new = after.history if after is not None else []
    if new[: len(old)] == old:
        return
    if after is None:
        message = _("removes proposal {target} and its history").format(target=ch.target)
    else:
        index = next(
            (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(new)
        )
        message = (
            _("removes history entries of proposal {target} (from entry {n})")
            if index >= len(new)
            else _("edits history entry {n} of proposal {target}; entries may only be appended")
        ).format(target=ch.target, n=index + 1)
    found.add(HISTORY, message, ch.path)


def _transition_legal(
    found: _Commit, ch: FileChange, before: ProposalView | None, after: ProposalView | None
) -> None:
    """Rule 3: a new proposal starts as draft; every change of state is a legal step."""
    if after is None:
        return
    if before is None:
        if after.state != DRAFT:
            found.add(
                ILLEGAL,
                _("new proposal {target} starts as {state}; a proposal starts as draft").format(
                    target=ch.target, state=after.state
                ),
                ch.path,
            )
        return
    if before.state == after.state:
        return
    workflow = WORKFLOWS.get(str(before.kind))
    if workflow is None:
        found.add(
            ILLEGAL,
            _("cannot check the step of proposal {target}: unknown kind '{kind}'").format(
                target=ch.target, kind=before.kind
            ),
            ch.path,
        )
        return
    if not workflow.is_legal(str(before.state), str(after.state)):
        found.add(
            ILLEGAL,
            _("illegal step {before} → {after} for proposal {target} ({kind})").format(
                before=before.state, after=after.state, target=ch.target, kind=workflow.kind
            ),
            ch.path,
        )


def _membership(view: CouncilView | None) -> Counter[Member]:
    return Counter(view.members if view is not None else ())


def _council_change(
    found: _Commit,
    ch: FileChange,
    before: CouncilView | None,
    after: CouncilView | None,
    covered: bool,
) -> tuple[CouncilView | None, CouncilView | None] | None:
    """Rule 1 for one changed council file; its two sides if the membership changed."""
    old, new = _membership(before), _membership(after)
    changed = (old - new) + (new - old)
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


def _proposal_action(
    found: _Commit,
    action: str,
    target: str,
    before: ProposalView | None,
    after: ProposalView | None,
    path: str,
) -> None:
    """Rule 2 for proposals: the trailers describe what the file change did."""
    c = found.commit

    def mismatch(message: str) -> None:
        found.add(MISMATCH, message, path)

    if after is None:
        return  # removing a proposal is already a history problem
    if action == trailers.PROPOSAL_NEW:
        if before is not None:
            mismatch(
                _("{action}, but proposal {target} already existed").format(
                    action=action, target=target
                )
            )
            return
        states = [e.get("state") if isinstance(e, dict) else e for e in after.history]
        if states != [DRAFT]:
            mismatch(
                _("a new proposal's history is one draft entry; {target} has {states}").format(
                    target=target, states=", ".join(map(str, states)) or "—"
                )
            )
        _to_matches(found, after.state, path)
        _by_matches(found, after.history[-1:], path)
        return
    if before is None:
        mismatch(
            _("{action}, but proposal {target} is new (use {new})").format(
                action=action, target=target, new=trailers.PROPOSAL_NEW
            )
        )
        return
    appended = after.history[len(before.history) :] if _appends(before, after) else []
    if action == trailers.PROPOSAL_RECOMMEND:
        _recommend(found, target, before, after, path)
        return
    # proposal.advance and proposal.withdraw: one step of the workflow
    if before.state == after.state:
        mismatch(
            _("{action}, but the state of {target} stayed {state}").format(
                action=action, target=target, state=after.state
            )
        )
        return
    if action == trailers.PROPOSAL_WITHDRAW and after.state != WITHDRAWN:
        mismatch(
            _("{action}, but the state became {state}").format(action=action, state=after.state)
        )
    if action == trailers.PROPOSAL_ADVANCE and after.state == WITHDRAWN:
        mismatch(
            _("{action} to withdrawn; a withdrawal is {withdraw}").format(
                action=action, withdraw=trailers.PROPOSAL_WITHDRAW
            )
        )
    said = c.trailer(trailers.FROM)
    if said is None:
        found.add(
            TRAILER,
            _("{action} without a {trailer} trailer").format(action=action, trailer=trailers.FROM),
            path,
        )
    elif said != before.state:
        mismatch(
            _("{trailer} says {said}, but the state before was {state}").format(
                trailer=trailers.FROM, said=said, state=before.state
            )
        )
    _to_matches(found, after.state, path)
    states = [e.get("state") if isinstance(e, dict) else e for e in appended]
    if states != [after.state]:
        mismatch(
            _("the state became {state}, but the history does not add one entry for it").format(
                state=after.state
            )
        )
    _by_matches(found, appended[-1:], path)
    if before.recommendations != after.recommendations:
        mismatch(
            _("{action} also changes the recommendations; record them with {recommend}").format(
                action=action, recommend=trailers.PROPOSAL_RECOMMEND
            )
        )


def _appends(before: ProposalView, after: ProposalView) -> bool:
    return after.history[: len(before.history)] == before.history


def _to_matches(found: _Commit, state: Any, path: str) -> None:
    c = found.commit
    said = c.trailer(trailers.TO)
    action = c.trailer(trailers.ACTION) or ""
    if said is None:
        found.add(
            TRAILER,
            _("{action} without a {trailer} trailer").format(action=action, trailer=trailers.TO),
            path,
        )
    elif said != state:
        found.add(
            MISMATCH,
            _("{trailer} says {said}, but the state became {state}").format(
                trailer=trailers.TO, said=said, state=state
            ),
            path,
        )


def _by_matches(found: _Commit, entries: list[Any], path: str) -> None:
    """Regraad-By names who took the step, as the new history entry records it."""
    said = found.commit.trailer(trailers.BY)
    if said is None or not entries or not isinstance(entries[0], dict):
        return
    recorded = entries[0].get("by")
    if recorded is not None and str(recorded) != said:
        found.add(
            MISMATCH,
            _("{trailer} says {said}, but the history entry says {recorded}").format(
                trailer=trailers.BY, said=said, recorded=recorded
            ),
            path,
        )


def _recommend(
    found: _Commit, target: str, before: ProposalView, after: ProposalView, path: str
) -> None:
    c = found.commit
    action = trailers.PROPOSAL_RECOMMEND

    def mismatch(message: str) -> None:
        found.add(MISMATCH, message, path)

    if before.state != after.state:
        mismatch(
            _("{action}, but the state changed {before} → {after}").format(
                action=action, before=before.state, after=after.state
            )
        )
    if before.history != after.history:
        mismatch(_("{action}, but the history changed").format(action=action))
    added = [r for r in after.recommendations if r not in before.recommendations]
    dropped = [r for r in before.recommendations if r not in after.recommendations]
    if not added:
        mismatch(
            _("{action}, but no recommendation was added to {target}").format(
                action=action, target=target
            )
        )
        return
    if dropped:
        mismatch(
            _("{action} also changes or removes an earlier recommendation").format(action=action)
        )
    said = c.trailer(trailers.RECOMMENDATION)
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
        mismatch(
            _("{trailer} says {said}, but the recommendation added is {added}").format(
                trailer=trailers.RECOMMENDATION, said=said, added=shown
            )
        )


def _memberships(view: CouncilView | None, name: str) -> dict[Member, list[str]]:
    """One person's memberships, keyed by (name, role, trust, from), with their end dates."""
    found: dict[Member, list[str]] = {}
    for m in view.members if view is not None else ():
        if m[0] == name:
            found.setdefault((*m[:4], None), []).append("" if m[4] is None else str(m[4]))
    return {key: sorted(ends) for key, ends in found.items()}


def _council_action(
    found: _Commit,
    action: str,
    target: str,
    before: CouncilView | None,
    after: CouncilView | None,
    path: str,
) -> None:
    """Rule 2 for councils: the named member's membership changed as the action says.

    A membership is an entry's (name, role, trust, from); ending it sets or moves its
    ``to``, a role change ends one and starts another (or edits the role in place).
    """
    c = found.commit
    old, new = _membership(before), _membership(after)
    member = c.trailer(trailers.MEMBER)
    if member is None:
        found.add(
            TRAILER,
            _("{action} without a {trailer} trailer").format(
                action=action, trailer=trailers.MEMBER
            ),
            path,
        )
        return
    replaces = c.trailer(trailers.REPLACES)
    others = sorted(
        {str(m[0]) for m in (old - new) + (new - old) if m[0] not in (member, replaces)}
    )
    if others:
        found.add(
            MISMATCH,
            _("{trailer} is {member}, but the commit also changes {others}").format(
                trailer=trailers.MEMBER, member=member, others=", ".join(others)
            ),
            path,
        )
    was, now = _memberships(before, member), _memberships(after, member)
    started = [str(key[1]) for key in now if key not in was]
    deleted = [str(key[1]) for key in was if key not in now]
    ended = [
        str(key[1])
        for key, ends in now.items()
        if key in was and ends != was[key] and "" not in ends
    ]
    said_from, said_to = c.trailer(trailers.FROM), c.trailer(trailers.TO)
    if replaces is not None:
        _handover(found, action, replaces, said_from, said_to, before, after, path)
    if action == trailers.COUNCIL_ADD:
        _council_add(found, member, said_to, started, ended + deleted, path)
    elif action == trailers.COUNCIL_END:
        _council_end(found, member, said_from, ended, started, deleted, path)
    else:
        _council_role(found, member, said_from, said_to, ended + deleted, started, path)


def _handover(
    found: _Commit,
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
    was, now = _memberships(before, replaces), _memberships(after, replaces)
    started = [str(key[1]) for key in now if key not in was]
    ended = [
        str(key[1])
        for key, ends in now.items()
        if key in was and ends != was[key] and "" not in ends
    ]
    role = said_to if action == trailers.COUNCIL_ROLE else None
    if action not in (trailers.COUNCIL_ADD, trailers.COUNCIL_ROLE):
        found.add(
            MISMATCH,
            _("{trailer} only goes with council.add or council.role").format(
                trailer=trailers.REPLACES
            ),
            path,
        )
    elif not ended or (role is not None and role not in ended):
        found.add(
            MISMATCH,
            _("{trailer} is {member}, but no membership of {member} ended{what}").format(
                trailer=trailers.REPLACES,
                member=replaces,
                what=_(" as {role}").format(role=role) if role else "",
            ),
            path,
        )
    elif action == trailers.COUNCIL_ROLE and started != [said_from]:
        found.add(
            MISMATCH,
            _("{member} should take over the role {role} in the handover").format(
                member=replaces, role=said_from
            ),
            path,
        )
    elif action == trailers.COUNCIL_ADD and started:
        found.add(
            MISMATCH,
            _("{member} is replaced, but a new membership of {member} starts").format(
                member=replaces
            ),
            path,
        )


def _council_add(
    found: _Commit,
    member: str,
    said_to: str | None,
    started: list[str],
    changed: list[str],
    path: str,
) -> None:
    action = trailers.COUNCIL_ADD
    if not started:
        found.add(
            MISMATCH,
            _("{action}, but no membership of {member} was added").format(
                action=action, member=member
            ),
            path,
        )
        return
    if said_to is None:
        found.add(
            TRAILER,
            _("{action} without a {trailer} trailer").format(action=action, trailer=trailers.TO),
            path,
        )
    elif said_to not in started:
        found.add(
            MISMATCH,
            _("{trailer} says {said}, but {member} was added as {role}").format(
                trailer=trailers.TO, said=said_to, member=member, role=", ".join(started)
            ),
            path,
        )
    if changed:
        found.add(
            MISMATCH,
            _("{action} also ends or removes an existing membership of {member}").format(
                action=action, member=member
            ),
            path,
        )


def _council_end(
    found: _Commit,
    member: str,
    said_from: str | None,
    ended: list[str],
    started: list[str],
    deleted: list[str],
    path: str,
) -> None:
    action = trailers.COUNCIL_END
    if deleted:
        found.add(
            MISMATCH,
            _(
                "{action} removes a membership entry of {member} instead of ending it with to:"
            ).format(action=action, member=member),
            path,
        )
    if not ended:
        if not deleted:
            found.add(
                MISMATCH,
                _("{action}, but no membership of {member} was ended").format(
                    action=action, member=member
                ),
                path,
            )
        return
    if said_from is not None and said_from not in ended:
        found.add(
            MISMATCH,
            _("{trailer} says {said}, but the membership ended was {role}").format(
                trailer=trailers.FROM, said=said_from, role=", ".join(ended)
            ),
            path,
        )
    if started:
        found.add(
            MISMATCH,
            _("{action}, but a new membership of {member} starts").format(
                action=action, member=member
            ),
            path,
        )


def _council_role(
    found: _Commit,
    member: str,
    said_from: str | None,
    said_to: str | None,
    left: list[str],
    started: list[str],
    path: str,
) -> None:
    action = trailers.COUNCIL_ROLE
    for key, said in ((trailers.FROM, said_from), (trailers.TO, said_to)):
        if said is None:
            found.add(
                TRAILER,
                _("{action} without a {trailer} trailer").format(action=action, trailer=key),
                path,
            )
    if said_from is not None and said_from not in left:
        found.add(
            MISMATCH,
            _("{trailer} says {said}, but {member} did not leave that role").format(
                trailer=trailers.FROM, said=said_from, member=member
            ),
            path,
        )
    if said_to is not None and said_to not in started:
        found.add(
            MISMATCH,
            _("{trailer} says {said}, but {member} did not take that role").format(
                trailer=trailers.TO, said=said_to, member=member
            ),
            path,
        )
