"""Corrections: the last recorded step on a proposal, council or case, undone by one commit.

A step recorded for the wrong person, or a proposal advanced one step too far, cannot be
fixed by editing the file (``audit --verify`` rejects an unrecorded change, and history
only grows) nor by ``git revert`` (no trailers). ``regraad revert COMMIT`` undoes it as
git would, three-way (``git merge-file``): the lines the step changed go back, the rest
of the file (comments, other members, later edits elsewhere) stays, and the result is
one commit naming the reverted step (``Regraad-Reverts``) that ``audit`` checks is its
exact inverse. Only a proposal, council or case step (a meeting decision with its entry
in the meeting file, as one) that is still the latest on its entity is reverted; anything else
is refused with what to do instead.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import RefusedError, UsageError
from ..git import gitio, trailers
from ..i18n import _
from ..load.dataset import Dataset
from ..load.kinds import match_path
from . import Change, one_line

_FAMILIES = {
    **dict.fromkeys(trailers.PROPOSAL_ACTIONS, ("proposal", trailers.PROPOSAL)),
    **dict.fromkeys(trailers.COUNCIL_ACTIONS, ("council", trailers.COUNCIL)),
    **dict.fromkeys(trailers.CASE_ACTIONS, ("case", trailers.CASE)),
}
_KEYS = {
    k.lower(): k
    for k in (
        trailers.ACTION,
        trailers.PROPOSAL,
        trailers.COUNCIL,
        trailers.CASE,
        trailers.MEETING,
        trailers.REVERTS,
    )
}
# parents, subject, Regraad trailers; one record per commit (%x1e) for ``git log``
_FORMAT = "%H%x00%P%x00%s%x00%(trailers:only,unfold,separator=%x1f)%x1e"


@dataclass(frozen=True)
class Recorded:
    """A commit as its message says: its trailers (canonical keys) and subject."""

    sha: str
    parents: tuple[str, ...]
    subject: str
    trailers: dict[str, str]  # the first value of each Regraad key

    @property
    def short(self) -> str:
        return self.sha[:10]


@dataclass(frozen=True)
class Side:
    """One file the reverted step changed: its blobs before and after the step."""

    path: str  # from the data root
    old: str | None
    new: str | None


def revert(root: Path, dataset: Dataset, rev: str, reason: str, by: str) -> Change:
    """The change that undoes the recorded step ``rev``: its files as before the step."""
    if not reason.strip():
        raise UsageError(_("--reason: say why the step is reverted"))
    where = gitio.require_place(root, "regraad revert")
    step = _recorded(where.repo, _resolve(where.repo, rev))
    family, key, target = _claim(step)
    sides = _sides(where, step)
    entity = next(
        (s for s in sides if _names(s.path, family, target)),
        None,
    )
    if entity is None:
        raise RefusedError(
            _("{sha} names {target} but does not change its file").format(
                sha=step.short, target=target
            ),
            _("regraad revert undoes what a step did to its file; correct this commit with git"),
        )
    files = [entity]
    meeting = step.trailers.get(trailers.MEETING)
    if meeting is not None:  # a decision: its entry in the meeting file goes with it
        files += [s for s in sides if _names(s.path, "meeting", meeting)]
    for side in files:
        if side.old is None or side.new is None:
            raise RefusedError(
                _("{sha} created {path}; reverting it would delete the file").format(
                    sha=step.short, path=side.path
                ),
                _(
                    "withdraw a proposal with regraad propose withdraw, end a membership with "
                    "regraad council end"
                ),
            )
    _latest(where, step, target, entity)
    blobs = gitio.read_blobs(where.repo, [b for s in files for b in (s.old, s.new) if b])
    texts = {s.path: _inverse(root, step, s, blobs) for s in files}
    if all(_reads(root / path) == text.encode("utf-8") for path, text in texts.items()):
        raise RefusedError(
            _("{target} is already as it was before {sha}; there is nothing to revert").format(
                target=target, sha=step.short
            )
        )
    return Change(
        one_line(f"revert({target}): {step.subject}"),
        [
            (trailers.ACTION, trailers.REVERT),
            (trailers.REVERTS, step.sha),
            (key, target),
            (trailers.BY, one_line(by)),
        ],
        reason.strip(),
        texts,
    )


def _resolve(repo: Path, rev: str) -> str:
    """The commit ``rev`` names; an unknown one is refused (a name starting with ``-`` is a
    usage error)."""
    if not rev or rev.startswith("-") or "\0" in rev:
        gitio.resolve_commit(repo, rev)  # raises the usage error
    try:
        return gitio.resolve_commit(repo, rev)
    except UsageError as exc:
        raise RefusedError(
            _("no commit {rev} in this repository").format(rev=rev),
            exc.hint or _("regraad audit lists the recorded steps and their commits"),
        ) from None


def _parse(record: str) -> Recorded:
    sha, parents, subject, block = [*record.strip("\n").split("\0"), "", "", ""][:4]
    found: dict[str, str] = {}
    for line in block.split("\x1f"):
        name, sep, value = line.partition(":")
        canonical = _KEYS.get(name.strip().lower())
        if sep and canonical is not None:
            found.setdefault(canonical, value.strip())
    return Recorded(sha, tuple(parents.split()), subject, found)


def _log(repo: Path, *args: str) -> list[Recorded]:
    out = gitio.run(repo, "-c", "log.showSignature=false", "log", f"--format={_FORMAT}", *args)
    text = out.decode("utf-8", "replace")
    return [_parse(record) for record in text.split("\x1e") if record.strip("\n")]


def _recorded(repo: Path, sha: str) -> Recorded:
    return _log(repo, "-1", sha)[0]


def _claim(step: Recorded) -> tuple[str, str, str]:
    """The family, target trailer and target of a revertable step; refused otherwise."""
    action = step.trailers.get(trailers.ACTION)
    audit = _("regraad audit lists the recorded steps and their commits")
    if action is None:
        raise RefusedError(
            _("{sha} is not a recorded step (it has no {trailer} trailer)").format(
                sha=step.short, trailer=trailers.ACTION
            ),
            audit,
        )
    if action == trailers.REVERT:
        raise RefusedError(
            _("{sha} is itself a revert").format(sha=step.short),
            _("record the step again with the command that records it"),
        )
    if action not in _FAMILIES:
        raise RefusedError(
            _(
                "{sha} records {action}; regraad revert undoes proposal, council and case steps"
            ).format(sha=step.short, action=action),
            audit,
        )
    family, key = _FAMILIES[action]
    target = step.trailers.get(key)
    if target is None or len(step.parents) != 1:
        raise RefusedError(
            _("{sha} is not a recorded step (it has no {trailer} trailer)").format(
                sha=step.short, trailer=key
            ),
            audit,
        )
    return family, key, target


def _names(path: str, family: str, target: str) -> bool:
    """Whether ``path`` is the file of ``target`` (``<specialty>/<name>``) of ``family``."""
    matched = match_path(path)
    kinds = ("council", "goalset-council") if family == "council" else (family,)
    if matched is None or matched[0].name not in kinds:
        return False
    params = matched[1]
    subject = params.get("specialty") or params.get("goalset")
    return f"{subject}/{params[family if family != 'council' else 'region']}" == target


def _sides(where: gitio.Place, step: Recorded) -> list[Side]:
    """The data files the step changed, with their blobs before and after it."""
    args = ["diff-tree", "-r", "-z", "--raw", "--no-abbrev", "--no-renames"]
    out = gitio.run(where.repo, *args, step.parents[0], step.sha)
    tokens = out.split(b"\0")
    found = []
    for meta, raw in zip(tokens[0::2], tokens[1::2], strict=False):
        path = raw.decode("utf-8", "surrogateescape")
        if not meta.startswith(b":") or not path.startswith(where.prefix):
            continue
        _old_mode, _new_mode, old, new, _status = meta[1:].decode().split(" ", 4)
        zero = "0" * len(old)
        rel = path[len(where.prefix) :]
        found.append(Side(rel, None if old == zero else old, None if new == zero else new))
    return found


def _latest(where: gitio.Place, step: Recorded, target: str, entity: Side) -> None:
    """Refuse unless ``step`` is still the latest step on its entity: no later recorded
    step changed the file (steps since undone, leaving it as ``step`` did, do not count)."""
    try:
        gitio.run(where.repo, "merge-base", "--is-ancestor", step.sha, "HEAD")
    except gitio.GitError:
        raise RefusedError(
            _("{sha} is not in the history of the current branch").format(sha=step.short),
            _("switch to the branch that holds it"),
        ) from None
    path = where.prefix + entity.path
    later = _log(where.repo, f"{step.sha}..HEAD", "--", path)
    if not later:
        return
    try:
        now = gitio.run(where.repo, "rev-parse", "--verify", "--quiet", f"HEAD:{path}")
    except gitio.GitError:
        now = b""
    if now.decode().strip() == entity.new:
        return  # whatever came since was undone again
    steps = [c for c in later if c.trailers.get(trailers.ACTION) is not None]
    if not steps:
        return  # only unrecorded edits since: the three-way inverse keeps or refuses them
    newest = steps[0]
    if newest.trailers.get(trailers.REVERTS) == step.sha:
        raise RefusedError(
            _("{sha} was already undone by {later}").format(sha=step.short, later=newest.short)
        )
    hint = _("revert the later steps first, newest first")
    if newest.trailers.get(trailers.ACTION) != trailers.REVERT:
        hint = _("revert the later steps first, newest first (regraad revert {later})").format(
            later=newest.short
        )
    raise RefusedError(
        _("{sha} is no longer the latest step on {target}: {later} {subject}").format(
            sha=step.short, target=target, later=newest.short, subject=newest.subject
        ),
        hint,
    )


def _inverse(root: Path, step: Recorded, side: Side, blobs: dict[str, bytes]) -> str:
    """The file as it is now with the step's change to it undone, as ``git revert`` would;
    refused when a later change overlaps the lines the step changed."""
    assert side.old is not None and side.new is not None
    current = _reads(root / side.path)
    before, after = blobs[side.old], blobs[side.new]
    if current == after:
        merged = before
    elif current is None:
        merged = None
    else:
        merged = _merge(root, current, after, before)
    if merged is None:
        raise RefusedError(
            _(
                "{path} changed since {sha} where the step changed it; reverting would undo "
                "that change too"
            ).format(path=side.path, sha=step.short),
            _("undo that change first, or correct the file with the commands that record it"),
        )
    try:
        return merged.decode("utf-8")
    except UnicodeDecodeError:
        raise RefusedError(
            _("{path} is not UTF-8 text").format(path=side.path),
            _("fix the file's encoding first; nothing was changed"),
        ) from None


def _merge(root: Path, current: bytes, base: bytes, other: bytes) -> bytes | None:
    """``current`` with the change from ``base`` to ``other`` applied, or None on a conflict."""
    with tempfile.TemporaryDirectory(prefix="regraad-revert-") as folder:
        names = []
        for name, content in (("current", current), ("base", base), ("other", other)):
            path = Path(folder) / name
            path.write_bytes(content)
            names.append(str(path))
        try:
            return gitio.run(root, "merge-file", "-p", "--quiet", *names)
        except gitio.GitError:
            return None


def _reads(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
