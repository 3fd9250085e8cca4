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
    """Every file under ``root/data`` in sorted order; symlinks out of the root refused.

    Files of a folder come before its subfolders', each in name order (as ``os.walk``
    gives them); links to folders are not followed.
    """
    base = root / "data"
    if not base.is_dir():
        return
    root_resolved = root.resolve()
    pending = [(os.fspath(base), "data/")]
    while pending:
        folder, rel = pending.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if _is_hidden(entry.name):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    subfolders.append((entry.path, rel + entry.name + "/"))
                continue
            yield _read_file(entry, rel + entry.name, root_resolved)
        pending.extend(reversed(subfolders))


def _read_file(entry: os.DirEntry[str], rel: str, root_resolved: Path) -> SourceFile:
    if entry.is_symlink():
        target = Path(entry.path).resolve()
        if not target.is_relative_to(root_resolved):
            return SourceFile(rel, "", None, refused="symlink-outside")
    try:
        content = _read_bytes(entry.path)
    except OSError:
        return SourceFile(rel, "", None, refused="unreadable")
    return SourceFile(rel, blob_hash(content), content)


def _read_bytes(path: str) -> bytes:
    """The file's content with plain system calls (``open()`` costs more per small file)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        content = os.read(fd, size + 1)
        if len(content) != size:  # a short read, or it changed since fstat: read on
            content += _read_rest(fd)
        return content
    finally:
        os.close(fd)


def _read_rest(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


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
