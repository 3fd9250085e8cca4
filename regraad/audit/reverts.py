"""Corrections in ``audit --verify``: a ``regraad revert`` commit, and a plain ``git revert``.

A ``revert`` commit (``Regraad-Action: revert``) undoes the last step on one proposal,
council or case: it takes back what the rules for steps forbid (history entries removed, a state
moved backwards), so its change to that file is judged here instead, by two comparisons
of the governed content (``views``) and nothing else:

- after the revert, the entity is as it was before the reverted step (an exact inverse);
- before the revert, it is as the reverted step left it (the step is still the latest:
  later steps, if any, were undone first).

The reverted commit must be a recorded proposal, council or case step on that entity, in the
revert's history. Anything else the commit changes is checked as in any commit. A
commit made by ``git revert`` of a recorded step carries no trailers and fails as any
unrecorded change does; its first problem names it and the command to use instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..git import gitio, trailers
from ..i18n import _
from .history import Commit, FileChange, Range, read_log
from .problems import NO_TRAILERS, TRAILER, UNREADABLE, CommitProblems, Problem
from .snapshots import Snapshots
from .views import case_view, council_view, proposal_view

_FULL_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?\Z")
_TARGET = re.compile(r"[^/]+/[^/]+\Z")
_GIT_REVERT = re.compile(r"This reverts commit ([0-9a-f]{7,64})\b")
_STEPS = {
    "proposal": trailers.PROPOSAL_ACTIONS,
    "council": trailers.COUNCIL_ACTIONS,
    "case": trailers.CASE_ACTIONS,
}
_KEYS = {"proposal": trailers.PROPOSAL, "council": trailers.COUNCIL, "case": trailers.CASE}


class Corrections:
    """Judges the corrections in one verification run of a repository."""

    def __init__(self, repo: Path, specialty: str | None = None) -> None:
        self._repo = repo
        self._specialty = specialty

    def review(self, c: Commit, problems: list[Problem]) -> list[Problem]:
        """The problems of ``c``, given what the checks of every commit found in it: for a
        ``revert`` commit, its change to the entity judged here instead; for a plain
        ``git revert`` of a recorded step, the command to use named first."""
        action = c.trailer(trailers.ACTION)
        if action == trailers.REVERT:
            return self._revert(c, problems)
        if action is None and problems and c.subject.startswith('Revert "'):
            return self._plain(c, problems)
        return problems

    # -- regraad revert ----------------------------------------------------------------

    def _revert(self, c: Commit, problems: list[Problem]) -> list[Problem]:
        found = CommitProblems(c)
        # "unknown action": a revert is read here, with its trailers
        kept = [p for p in problems if not (p.code == TRAILER and p.path is None)]
        claim = _claim(found)
        if claim is None:
            return kept + found.problems
        family, target = claim
        if self._specialty is not None and target.split("/", 1)[0] != self._specialty:
            return kept + found.problems
        ch = next((ch for ch in c.changes if ch.kind == family and ch.target == target), None)
        if ch is None:
            found.mismatch(
                _("{action} names {target}, but the commit does not change that file").format(
                    action=trailers.REVERT, target=target
                )
            )
            return kept + found.problems
        # the entity's change is the inverse of a step, not a step: judged by _judge alone
        kept = [p for p in kept if p.path != ch.path or p.code == UNREADABLE]
        if not any(p.path == ch.path for p in kept):
            self._judge(found, ch, family, target)
        return kept + found.problems

    def _judge(self, found: CommitProblems, ch: FileChange, family: str, target: str) -> None:
        c = found.commit
        reverted = c.trailer(trailers.REVERTS) or ""
        short = reverted[:10]
        if not c.parents or not self._is_ancestor(reverted, c.parents[0]):
            found.mismatch(
                _("reverts {commit}, which is not in the history before it").format(commit=short),
                ch.path,
            )
            return
        step = self._step(reverted, self._prefix(c, ch))
        key = _KEYS[family]
        if (
            step is None
            or step.trailer(trailers.ACTION) not in _STEPS[family]
            or step.trailer(key) != target
        ):
            found.mismatch(
                _("reverts {commit}, which is not a recorded step on {target}").format(
                    commit=short, target=target
                ),
                ch.path,
            )
            return
        was = next((x for x in step.changes if x.path == ch.path and x.kind == ch.kind), None)
        if was is None:
            found.mismatch(
                _("reverts {commit}, which does not change {target}").format(
                    commit=short, target=target
                ),
                ch.path,
            )
            return
        sides = (was.old, was.new, ch.old, ch.new)
        snapshots = Snapshots.read(self._repo, [s for s in sides if s is not None])
        views = [_view(snapshots, sha, family) for sha in sides]
        if any(v is _UNREADABLE for v in views):
            found.add(
                UNREADABLE,
                _("{path} could not be read at {commit} or at this revert").format(
                    path=ch.path, commit=short
                ),
                ch.path,
            )
            return
        before_step, after_step, before_revert, after_revert = views
        if before_revert != after_step:
            found.mismatch(
                _(
                    "reverts {commit}, which is no longer the latest step on {target}: it "
                    "changed since (revert later steps first, newest first)"
                ).format(commit=short, target=target),
                ch.path,
            )
        if after_revert != before_step:
            found.mismatch(
                _(
                    "does not undo {commit} exactly: {target} after this commit is not as it "
                    "was before {commit}"
                ).format(commit=short, target=target),
                ch.path,
            )

    def _is_ancestor(self, sha: str, of: str) -> bool:
        try:
            gitio.run(self._repo, "merge-base", "--is-ancestor", sha, of)
        except gitio.GitError:
            return False
        return True

    def _prefix(self, c: Commit, ch: FileChange) -> str:
        """Where the data root sits in the repository: the path of ``ch`` in ``c``'s diff
        (``Commit.changes`` hold paths from the data root)."""
        out = gitio.run(self._repo, "diff-tree", "-r", "-z", "--raw", "--no-abbrev", c.sha)
        tokens = out.split(b"\0")
        for meta, raw in zip(tokens[0::2], tokens[1::2], strict=False):
            path = raw.decode("utf-8", "surrogateescape")
            blobs = meta.decode(errors="replace").split(" ")[2:4]
            named = path == ch.path or path.endswith("/" + ch.path)
            if named and (ch.new in blobs or ch.old in blobs):
                return path[: -len(ch.path)]
        return ""

    def _step(self, sha: str, prefix: str) -> Commit | None:
        """The reverted commit as the audit reads any commit; None for a merge or a root."""
        parents = gitio.run(self._repo, "rev-list", "--parents", "-n", "1", sha).split()
        if len(parents) != 2:
            return None
        where = gitio.Place(self._repo, prefix)
        commits = read_log(where, Range(sha[:10], sha, parents[1].decode()))
        return next((x for x in commits if x.sha == sha), None)

    # -- git revert --------------------------------------------------------------------

    def _plain(self, c: Commit, problems: list[Problem]) -> list[Problem]:
        body = gitio.run(self._repo, "show", "-s", "--format=%B", c.sha).decode("utf-8", "replace")
        match = _GIT_REVERT.search(body)
        if match is None:
            return problems
        try:
            sha = gitio.run(
                self._repo, "rev-parse", "--verify", "--quiet", match.group(1) + "^{commit}"
            ).decode()
            wanted = f"--format=%(trailers:key={trailers.ACTION},valueonly)"
            out = gitio.run(self._repo, "show", "-s", wanted, sha.strip())
        except gitio.GitError:
            return problems
        action = out.decode("utf-8", "replace").strip().split("\n")[0].strip()
        short = sha.strip()[:10]
        if action == trailers.REVERT:
            message = _(
                "a git revert of the correction {commit}, which leaves no trailers: record the "
                "step again with the command that records it"
            ).format(commit=short)
        elif any(action in steps for steps in _STEPS.values()):
            message = _(
                "a git revert of the recorded step {commit} ({action}), which leaves no "
                "trailers: undo a step with regraad revert {commit} --reason TEXT"
            ).format(commit=short, action=action)
        else:
            return problems
        return [Problem(c.sha, c.subject, NO_TRAILERS, message), *problems]


_UNREADABLE = object()


def _view(snapshots: Snapshots, sha: str | None, family: str) -> Any:
    """The governed content of one version (None when the file is absent)."""
    if sha is None:
        return None
    if not snapshots.get(sha, family).readable:
        return _UNREADABLE
    data = snapshots.data(sha, family)
    views = {"proposal": proposal_view, "council": council_view, "case": case_view}
    return views[family](data)


def _claim(found: CommitProblems) -> tuple[str, str] | None:
    """The family and target of a revert, or None with its trailer problems."""
    c = found.commit
    before = len(found.problems)
    if c.trailer_count(trailers.ACTION) > 1:
        found.add(
            TRAILER,
            _("several {trailer} trailers; one commit records one action").format(
                trailer=trailers.ACTION
            ),
        )
    reverted = c.trailer(trailers.REVERTS)
    if reverted is None:
        found.missing_trailer(trailers.REVERT, trailers.REVERTS)
    elif not _FULL_ID.match(reverted):
        found.add(
            TRAILER,
            _("{trailer} '{value}' is not a full commit id").format(
                trailer=trailers.REVERTS, value=reverted
            ),
        )
    named = [
        (family, key, value)
        for family, key in _KEYS.items()
        if (value := c.trailer(key)) is not None
    ]
    if len(named) != 1:
        found.add(
            TRAILER,
            _(
                "{action} names one proposal ({proposal}), council ({council}) or case ({case})"
            ).format(
                action=trailers.REVERT,
                proposal=trailers.PROPOSAL,
                council=trailers.COUNCIL,
                case=trailers.CASE,
            ),
        )
    else:
        _family, key, value = named[0]
        if not _TARGET.match(value):
            found.add(
                TRAILER,
                _("{trailer} '{value}' is not <specialty>/<name>").format(trailer=key, value=value),
            )
    if len(found.problems) > before:
        return None
    return named[0][0], named[0][2]
