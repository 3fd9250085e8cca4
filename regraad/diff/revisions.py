"""Which two snapshots ``regraad diff`` compares, read the way git users expect.

No argument: HEAD against the working tree. ``REV``: that revision against the
working tree. ``A B`` and ``A..B``: A against B. ``A...B``: the merge base of A and B
against B. Every name goes through ``gitio.resolve_commit``, which refuses anything
git could take for an option and names the revision it cannot find.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..git import gitio
from ..i18n import _
from ..load.cache import Cache
from ..load.dataset import Dataset
from ..load.loader import cache_for, load_directory, load_revision
from ..load.schemacheck import SchemaStore

WORKTREE = None  # a side that is the working tree rather than a commit


@dataclass(frozen=True)
class Sides:
    base: str  # a revision name
    head: str | None  # a revision name, or WORKTREE
    merge_base: bool = False


def parse(base: str | None, head: str | None) -> Sides:
    """The two sides named by the command's arguments (not yet resolved)."""
    if base is None:
        return Sides("HEAD", WORKTREE)
    if head is None:
        for separator, merge in (("...", True), ("..", False)):
            if separator in base and not base.startswith("-"):
                left, right = base.split(separator, 1)
                return Sides(left or "HEAD", right or "HEAD", merge)
        return Sides(base, WORKTREE)
    for name in (base, head):
        if ".." in name and not name.startswith("-"):
            raise UsageError(
                _("'{rev}': give either a range or two revisions, not both").format(rev=name)
            )
    return Sides(base, head)


def load_sides(root: Path, sides: Sides, cache: bool = True) -> tuple[Dataset, Dataset]:
    """Both datasets; usage errors (exit 2) name the revision that is wrong.

    The two sides share most of their files: one cache serves both, so each file is
    parsed once (in memory only when the data root's cache is turned off)."""
    where = gitio.require_place(root, "regraad diff")
    base_commit = gitio.resolve_commit(where.repo, sides.base)
    head_commit = gitio.resolve_commit(where.repo, sides.head) if sides.head else None
    base_label = sides.base
    if sides.merge_base:
        assert head_commit is not None
        base_commit = _merge_base(where.repo, base_commit, head_commit, sides)
        base_label = _("merge base of {base} and {head}").format(base=sides.base, head=sides.head)
    store = SchemaStore()
    shared = cache_for(root, store, cache) or Cache.memory()
    base = load_revision(root, base_commit, store, where, cache=shared)
    base.label = f"{base_label} ({base_commit[:10]})"
    if head_commit is None:
        head = load_directory(root, store, cache=shared)
        head.label = _("working tree")
    else:
        head = load_revision(root, head_commit, store, where, cache=shared)
        head.label = f"{sides.head} ({head_commit[:10]})"
    return base, head


def _merge_base(repo: Path, a: str, b: str, sides: Sides) -> str:
    try:
        out = gitio.run(repo, "merge-base", a, b)
    except gitio.GitError:
        hint = (
            _(
                "this is a shallow clone; fetch the full history "
                "(git fetch --unshallow, or fetch-depth: 0 in GitHub Actions)"
            )
            if gitio.is_shallow(repo)
            else None
        )
        raise UsageError(
            _("{base} and {head} have no common ancestor").format(base=sides.base, head=sides.head),
            hint,
        ) from None
    return out.decode().split()[0]
