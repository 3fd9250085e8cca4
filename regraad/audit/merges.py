"""Merge commits in ``audit --verify``: a merge brings what its parents bring, nothing more.

What a merge that only joins its parents holds is what git's own merge of them gives
(``git merge-tree --write-tree``, every merge in one process; the trees it writes are
unreachable objects that ``git gc`` removes). Each proposal or council file whose
governed part differs from that was changed by the merge itself, an "evil merge": a
step or membership change no command recorded, which the commit-by-commit checks never
see. Where git cannot merge a file by itself (a conflict), the resolution may take each
governed value from either side, or join both sides' entries of a list, but bring
nothing neither side has. A merge of more than two parents (or with a git before 2.38,
without ``merge-tree --write-tree``) is compared with its parents alone: each governed
value of a file it holds otherwise than every parent must be one of theirs.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..git import gitio
from ..i18n import _
from .council_changes import changed_members
from .history import Commit, FileChange, governed_change
from .problems import MERGE, UNREADABLE, CommitProblems, Problem
from .snapshots import GOVERNED, Snapshots
from .views import CouncilView, council_view

_PAIR = re.compile(rb"([0-9a-f]{40,64}) ([0-9a-f]{40,64})\n")
_HEX = re.compile(r"[0-9a-f]{40,64}\Z")
_ABSENT = "0" * 40
_REGULAR = ("100644", "100755")


@dataclass(frozen=True)
class MergedFile:
    """A proposal or council file a merge holds otherwise than git's merge would.

    ``change.new`` is the merge's version. Against git's clean merge of the file,
    ``merged`` is that merge's version (None: absent) and ``clean`` is True; otherwise
    ``sides`` are the parents' versions and ``base`` the merge base's, when known.
    """

    commit: Commit
    change: FileChange
    clean: bool
    merged: str | None = None
    sides: tuple[str | None, ...] = ()
    base: str | None = None
    base_known: bool = False

    @property
    def blobs(self) -> list[str]:
        found = [self.change.new, self.merged, self.base, *self.sides]
        return [sha for sha in found if sha is not None]


def merged_files(
    where: gitio.Place, merges: list[Commit], specialty: str | None = None
) -> list[MergedFile]:
    """The files to judge in ``merges``: at most three git processes for all of them."""
    pairs = [m for m in merges if len(m.parents) == 2]
    rest = [m for m in merges if len(m.parents) > 2]
    found: list[MergedFile] = []
    if pairs:
        try:
            results = _merge_trees(where, pairs)
        except gitio.GitError:  # no merge-tree --write-tree (git before 2.38)
            rest = merges
        else:
            found += _against_git_merge(where, pairs, results)
    found += _against_parents(where, rest)
    return [f for f in found if specialty is None or f.change.specialty == specialty]


# -- the two-parent merges, against git's own merge ------------------------------------------

Stages = dict[str, dict[str, str]]  # path -> stage ("1" base, "2" ours, "3" theirs) -> blob


def _merge_trees(where: gitio.Place, pairs: list[Commit]) -> list[tuple[str, Stages]]:
    """git's merge of each merge's parents: its tree, and the stages of each conflict."""
    lines = "".join(f"{m.parents[0]} {m.parents[1]}\n" for m in pairs)
    out = gitio.run(
        where.repo,
        "merge-tree",
        "--write-tree",
        "--stdin",
        "--no-messages",
        "--allow-unrelated-histories",
        input_=lines.encode(),
    )
    results: list[tuple[str, Stages]] = []
    tokens = out.decode("utf-8", "surrogateescape").split("\0")
    i = 0
    while len(results) < len(pairs):
        if i + 1 >= len(tokens):
            raise gitio.GitError(["merge-tree"], "unexpected output")
        tree = tokens[i + 1]
        stages: Stages = {}
        i += 2
        while i < len(tokens) and tokens[i]:  # "mode blob stage\tpath", up to an empty one
            meta, _tab, path = tokens[i].partition("\t")
            _mode, blob, stage = meta.split(" ")
            stages.setdefault(path, {})[stage] = blob
            i += 1
        i += 1
        results.append((tree, stages))
    return results


def _against_git_merge(
    where: gitio.Place, pairs: list[Commit], results: list[tuple[str, Stages]]
) -> list[MergedFile]:
    """The governed files where each merge's tree differs from git's merge (one diff-tree)."""
    lines = "".join(f"{tree} {m.tree}\n" for m, (tree, _stages) in zip(pairs, results, strict=True))
    out = gitio.run(
        where.repo,
        "diff-tree",
        "--stdin",
        "-r",
        "-z",
        "--no-renames",
        "--",
        where.prefix + "data/specialties/",
        input_=lines.encode(),
    )
    found: list[MergedFile] = []
    index = -1
    tokens = out.split(b"\0")
    i = 0
    while i < len(tokens):
        token = tokens[i]
        while (pair := _PAIR.match(token)) is not None:  # each pair's header line
            index += 1
            token = token[pair.end() :]
        if token.startswith(b":") and i + 1 < len(tokens):
            path = tokens[i + 1].decode("utf-8", "surrogateescape")
            i += 2
            change = _governed(where, token, path)
            if change is not None:
                found.append(_judged(pairs[index], change, results[index][1].get(path)))
            continue
        i += 1
    return found


def _judged(m: Commit, change: FileChange, stages: dict[str, str] | None) -> MergedFile:
    if stages is None:
        return MergedFile(m, change, True, merged=change.old)
    return MergedFile(
        m,
        change,
        False,
        sides=(stages.get("2"), stages.get("3")),
        base=stages.get("1"),
        base_known=True,
    )


def _governed(where: gitio.Place, meta: bytes, path: str) -> FileChange | None:
    if not path.startswith(where.prefix):
        return None
    return governed_change(meta, path[len(where.prefix) :])


# -- other merges, against their parents -----------------------------------------------------


def _against_parents(where: gitio.Place, merges: list[Commit]) -> list[MergedFile]:
    """The governed files each merge holds otherwise than every parent (``diff-tree -c``)."""
    if not merges:
        return []
    out = gitio.run(
        where.repo,
        "diff-tree",
        "--stdin",
        "-c",
        "-r",
        "-z",
        "--no-renames",
        "--",
        where.prefix + "data/specialties/",
        input_="".join(f"{m.sha}\n" for m in merges).encode(),
    )
    by_sha = {m.sha: m for m in merges}
    found: list[MergedFile] = []
    current: Commit | None = None
    tokens = out.decode("utf-8", "surrogateescape").split("\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].strip("\n")
        if _HEX.match(token):
            current = by_sha.get(token)
        elif token.startswith("::") and current is not None and i + 1 < len(tokens):
            found += _combined(where, current, token, tokens[i + 1])
            i += 1
        i += 1
    return found


def _combined(where: gitio.Place, m: Commit, meta: str, path: str) -> list[MergedFile]:
    """One ``::mode… blob… status`` record: each parent's version and the merge's."""
    n = len(meta) - len(meta.lstrip(":"))
    fields = meta[n:].split(" ")
    modes, blobs = fields[: n + 1], fields[n + 1 : 2 * n + 2]
    sides = tuple(
        blob if blob.strip("0") and mode in _REGULAR else None
        for mode, blob in zip(modes[:n], blobs[:n], strict=True)
    )
    raw = f":{modes[0]} {modes[n]} {blobs[0]} {blobs[n]} M".encode()
    change = _governed(where, raw, path)
    return [] if change is None else [MergedFile(m, change, False, sides=sides)]


# -- the judgement ---------------------------------------------------------------------------

Values = dict[str, Any]


def merge_problems(snapshots: Snapshots, files: Iterable[MergedFile]) -> list[Problem]:
    """A problem for each file a merge changed itself."""
    problems: list[Problem] = []
    for f in files:
        found = CommitProblems(f.commit)
        _judge(found, snapshots, f)
        problems += found.problems
    return problems


def _judge(found: CommitProblems, snapshots: Snapshots, f: MergedFile) -> None:
    ch = f.change
    if ch.new is not None and not snapshots.get(ch.new, ch.kind).readable:
        found.add(
            UNREADABLE,
            _("{path} could not be read after this commit").format(path=ch.path),
            ch.path,
        )
        return
    after = _values(snapshots, ch.new, ch.kind)
    if f.clean:
        expected = _values(snapshots, f.merged, ch.kind)
        if after != expected:
            _evil(found, ch, expected, after)
        return
    sides = [_values(snapshots, sha, ch.kind) for sha in f.sides]
    base = _values(snapshots, f.base, ch.kind) if f.base_known else None
    if not _resolved(after, sides, base, f.base_known):
        _evil(found, ch, sides[0] if sides else None, after)


def _values(snapshots: Snapshots, sha: str | None, kind: str) -> Values | None:
    """The governed values of a version (None: absent; an unreadable one has none)."""
    if sha is None:
        return None
    data = snapshots.data(sha, kind) if snapshots.get(sha, kind).readable else {}
    if kind == "council":
        view = council_view(data)
        return {"members": list(view.members) if view is not None else []}
    return {key: data.get(key) for key in GOVERNED[kind]}


def _resolved(
    after: Values | None, sides: list[Values | None], base: Values | None, known: bool
) -> bool:
    """Whether a resolution brings nothing that neither side has."""
    if after is None:
        return any(side is None for side in sides)
    present = [side if side is not None else {} for side in sides]
    if not any(side is not None for side in sides):
        return False
    for key, value in after.items():
        values = [side.get(key) for side in present]
        if known:
            if not _three_way(value, (base or {}).get(key), values):
                return False
        elif not _from_a_side(value, values):
            return False
    return True


def _three_way(value: Any, base: Any, sides: list[Any]) -> bool:
    ours, theirs = sides
    if ours == theirs:
        return bool(value == ours)
    if ours == base:
        return bool(value == theirs)
    if theirs == base:
        return bool(value == ours)
    if value in (ours, theirs):
        return True
    if not all(isinstance(v, list) for v in (value, base, ours, theirs)):
        return False
    # both sides changed a list: their entries joined, each added or removed once
    old, one, two = _bag(base), _bag(ours), _bag(theirs)
    joined = old.copy()
    joined.update((one - old) + (two - old))
    joined.subtract((old - one) + (old - two))
    return +joined == _bag(value)


def _from_a_side(value: Any, sides: list[Any]) -> bool:
    if value in sides:
        return True
    if not isinstance(value, list) or not all(isinstance(v, list) for v in sides):
        return False
    union: Counter[str] = Counter()
    for side in sides:
        union |= _bag(side)
    return not (_bag(value) - union)


def _bag(items: list[Any]) -> Counter[str]:
    return Counter(json.dumps(item, sort_keys=True, default=str) for item in items)


def _evil(
    found: CommitProblems, ch: FileChange, before: Values | None, after: Values | None
) -> None:
    hint = _("record the change in its own commit with the regraad command that makes it")
    if before is None or after is None:
        what = _("new file") if before is None else _("file removed")
    elif ch.kind == "council":
        changed = changed_members(
            CouncilView(tuple(before["members"])), CouncilView(tuple(after["members"]))
        )
        what = ", ".join(sorted({str(m[0]) for m in changed}))
    else:
        what = ", ".join(_proposal_changes(before, after))
    if ch.kind == "council":
        message = _(
            "the merge changes the members of council {target} itself ({what}); a merge "
            "may only bring what its parents bring"
        )
    elif ch.kind == "case":
        message = _(
            "the merge changes case {target} itself ({what}); a merge may only bring "
            "what its parents bring"
        )
    else:
        message = _(
            "the merge changes proposal {target} itself ({what}); a merge may only bring "
            "what its parents bring"
        )
    found.add(MERGE, message.format(target=ch.target, what=what), ch.path, hint)


def _proposal_changes(before: Values, after: Values) -> list[str]:
    changes = []
    for key in after:
        if before.get(key) == after.get(key):
            continue
        if key == "state":
            changes.append(
                _("state {before} → {after}").format(before=before.get(key), after=after.get(key))
            )
        else:
            changes.append(key)
    return changes
