"""The next free proposal id: unique across specialties, branches, worktrees and the
``propose new`` commands running at the same time.

Proposal ids are one national sequence per year (``YYYY-NNN``), whatever the specialty:
a proposal is named ``SPECIALTY/ID`` but also by its id alone. The next id is above every
id of the year that the data root, a local or remote-tracking branch, a worktree's HEAD
or files (``git worktree add``), or a running command's reservation holds; the id is
reserved in the common git directory (``git.reservations``) until the command ends, so
a command in another worktree that has not yet written its file still takes it. Outside
git, the data root alone counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..git import gitio, reservations
from ..load.dataset import Dataset

SPACE = "proposal-ids"
_ID = re.compile(r"^(?P<year>\d{4})-(?P<n>\d{3,})$")
_PATH = re.compile(r"/proposals/(\d{4})-(\d{3,})\.yaml$")


def next_id(repo: Path | None, prefix: str, dataset: Dataset, year: int) -> str:
    """The next free ``YYYY-NNN`` of ``year``, reserved for this command when in git;
    ``prefix`` is the data root's place in the repository (``""`` or ``"x/"``)."""
    known = _ids_in_names(
        (pid for bundle in dataset.specialties.values() for pid in bundle.proposals), year
    )
    known |= _ids_in_paths(dataset.paths, year)
    if repo is None:
        return _format(year, max(known, default=0) + 1)

    def choose(taken: set[str]) -> str:
        used = known | _ids_in_repository(repo, prefix, year) | _ids_in_names(taken, year)
        return _format(year, max(used, default=0) + 1)

    reserved = reservations.reserve(repo, SPACE, choose)
    return reserved if reserved is not None else choose(set())


def _format(year: int, n: int) -> str:
    return f"{year}-{n:03d}"


def _ids_in_names(names: Iterable[str], year: int) -> set[int]:
    out = set()
    for name in names:
        match = _ID.match(name)
        if match and int(match.group("year")) == year:
            out.add(int(match.group("n")))
    return out


def _ids_in_paths(paths: list[str], year: int) -> set[int]:
    out = set()
    for path in paths:
        match = _PATH.search(path)
        if match and int(match.group(1)) == year:
            out.add(int(match.group(2)))
    return out


def _worktrees(repo: Path) -> tuple[list[Path], list[str]]:
    """Every worktree's folder and HEAD commit (``git worktree list``)."""
    try:
        out = gitio.run(repo, "worktree", "list", "--porcelain").decode("utf-8", "replace")
    except gitio.GitError:
        return [], []
    folders, heads = [], []
    for line in out.splitlines():
        if line.startswith("worktree "):
            folders.append(Path(line[len("worktree ") :]))
        elif line.startswith("HEAD "):
            heads.append(line[len("HEAD ") :].strip())
    return folders, heads


def _ids_in_repository(repo: Path, prefix: str, year: int) -> set[int]:
    """The ids of ``year`` on every local and remote-tracking branch, in every worktree's
    HEAD and in every worktree's files (committed or not)."""
    folders, heads = _worktrees(repo)
    refs = gitio.run(repo, "for-each-ref", "--format=%(objectname)", "refs/heads", "refs/remotes")
    used: set[int] = set()
    for sha in dict.fromkeys([*refs.decode().split(), *heads]):
        try:
            names = gitio.run(
                repo, "ls-tree", "-r", "--name-only", "-z", sha, "--", prefix + "data/specialties"
            )
        except gitio.GitError:
            continue
        used |= _ids_in_paths(names.decode("utf-8", "replace").split("\0"), year)
    for folder in folders:
        specialties = folder / prefix / "data" / "specialties"
        try:
            found = [p.as_posix() for p in specialties.glob("*/proposals/*.yaml")]
        except OSError:
            continue
        used |= _ids_in_paths(found, year)
    return used
