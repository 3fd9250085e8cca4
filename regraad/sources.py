"""Where a dataset's files come from: a directory on disk or a git revision.

Both yield ``SourceFile`` records with the path relative to the data root and a
content hash computed the way git hashes blobs, so one content-addressed cache can
serve both.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import gitio


@dataclass(frozen=True)
class SourceFile:
    path: str  # POSIX path relative to the data root, e.g. data/trusts/hmr.yaml
    blob: str  # git blob hash of the content
    content: bytes | None  # None when the file was refused (see ``refused``)
    refused: str | None = None


def blob_hash(content: bytes) -> str:
    """The hash git gives this content as a blob."""
    digest = hashlib.sha1(b"blob %d\0" % len(content), usedforsecurity=False)
    digest.update(content)
    return digest.hexdigest()


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def read_directory(root: Path) -> Iterator[SourceFile]:
    """Every file under ``root/data`` in sorted order; symlinks out of the root refused."""
    base = root / "data"
    root_resolved = root.resolve()
    if not base.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden(d))
        for name in sorted(filenames):
            if _is_hidden(name):
                continue
            full = Path(dirpath) / name
            rel = full.relative_to(root).as_posix()
            if full.is_symlink():
                target = full.resolve()
                if not target.is_relative_to(root_resolved):
                    yield SourceFile(rel, "", None, refused="symlink-outside")
                    continue
            try:
                content = full.read_bytes()
            except OSError:
                yield SourceFile(rel, "", None, refused="unreadable")
                continue
            yield SourceFile(rel, blob_hash(content), content)


def read_revision(repo: Path, commit: str, prefix: str) -> Iterator[SourceFile]:
    """Every file under ``<prefix>data/`` at ``commit``, read in one batch from git."""
    entries = gitio.ls_tree(repo, commit, prefix + "data/")
    blobs = [sha for mode, sha, _ in entries if mode not in {"120000", "160000"}]
    contents = gitio.read_blobs(repo, blobs)
    for mode, sha, path in entries:
        rel = path[len(prefix) :]
        if mode in ("120000", "160000"):
            yield SourceFile(rel, sha, None, refused="symlink-outside")
            continue
        yield SourceFile(rel, sha, contents[sha])
