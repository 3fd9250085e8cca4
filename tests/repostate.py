"""What a refused or interrupted command must leave exactly as it was, in one value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .conftest import git

_IN_PROGRESS = ("MERGE_HEAD", "rebase-merge", "rebase-apply", "CHERRY_PICK_HEAD", "index.lock")


def _git_dir(repo: Path) -> Path:
    return Path(git(repo, "rev-parse", "--absolute-git-dir").strip())


@dataclass(frozen=True)
class Snapshot:
    """Everything a recording command could leave half done."""

    head: str
    branch: str  # "HEAD" when detached
    in_progress: tuple[str, ...]  # merge, rebase, a lock... as git keeps them
    refs: str
    status: str
    index: str
    files: dict[str, bytes]

    @classmethod
    def of(cls, repo: Path) -> Snapshot:
        return cls(
            git(repo, "rev-parse", "HEAD").strip(),
            git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip(),
            tuple(name for name in _IN_PROGRESS if (_git_dir(repo) / name).exists()),
            git(repo, "for-each-ref", "--format=%(refname) %(objectname)"),
            git(repo, "status", "--porcelain=v1", "--untracked-files=all"),
            git(repo, "ls-files", "--stage"),
            {
                p.relative_to(repo).as_posix(): p.read_bytes()
                for p in sorted(repo.rglob("*"))
                if p.is_file() and not {".git", ".regraad-cache"} & set(p.parts)
            },
        )
