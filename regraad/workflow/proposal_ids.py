"""The next free proposal or case id: unique across branches, worktrees and the
``propose new`` / ``case new`` commands running at the same time.

Proposal ids are one national sequence per year (``YYYY-NNN``), whatever the specialty:
a proposal is named ``SPECIALTY/ID`` but also by its id alone. Case ids are a sequence
per specialty and year (``next_case_id``), allocated the same way. The next id is above every
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


def _pattern(folder: str, specialty: str | None) -> re.Pattern[str]:
    where = re.escape(specialty) if specialty else "[^/]+"
    return re.compile(rf"(?:^|/){where}/{folder}/(\d{{4}})-(\d{{3,}})\.yaml$")


def next_id(repo: Path | None, prefix: str, dataset: Dataset, year: int) -> str:
    """The next free proposal id ``YYYY-NNN`` of ``year``, reserved for this command when
    in git; ``prefix`` is the data root's place in the repository (``""`` or ``"x/"``)."""
    known = _ids_in_names(
        (pid for bundle in dataset.specialties.values() for pid in bundle.proposals), year
    )
    return _allocate(repo, prefix, dataset, year, "proposals", None, known, SPACE)


def next_case_id(repo: Path | None, prefix: str, dataset: Dataset, slug: str, year: int) -> str:
    """The next free case number of ``year`` in the specialty, reserved like a proposal id
    (two coordinators drafting cases in two worktrees never get one number)."""
    known = _ids_in_names(
        dataset.specialties[slug].cases if slug in dataset.specialties else (), year
    )
    return _allocate(repo, prefix, dataset, year, "cases", slug, known, f"case-ids-{slug}")


def _allocate(
    repo: Path | None,
    prefix: str,
    dataset: Dataset,
    year: int,
    folder: str,
    specialty: str | None,
    known: set[int],
    space: str,
) -> str:
    pattern = _pattern(folder, specialty)
    known = known | _ids_in_paths(dataset.paths, year, pattern)
    if repo is None:
        return _format(year, max(known, default=0) + 1)

    def choose(taken: set[str]) -> str:
        used = (
            known
            | _ids_in_repository(repo, prefix, year, folder, specialty)
            | _ids_in_names(taken, year)
        )
        return _format(year, max(used, default=0) + 1)

    reserved = reservations.reserve(repo, space, choose)
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


def _ids_in_paths(paths: list[str], year: int, pattern: re.Pattern[str]) -> set[int]:
    out = set()
    for path in paths:
        match = pattern.search(path)
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


def _ids_in_repository(
    repo: Path, prefix: str, year: int, folder: str, specialty: str | None
) -> set[int]:
    """The ids of ``year`` on every local and remote-tracking branch, in every worktree's
    HEAD and in every worktree's files (committed or not)."""
    pattern = _pattern(folder, specialty)
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
        used |= _ids_in_paths(names.decode("utf-8", "replace").split("\0"), year, pattern)
    for tree in folders:
        specialties = tree / prefix / "data" / "specialties"
        try:
            found = [p.as_posix() for p in specialties.glob(f"{specialty or '*'}/{folder}/*.yaml")]
        except OSError:
            continue
        used |= _ids_in_paths(found, year, pattern)
    return used
