"""Where a dataset's files come from: a directory on disk or a git revision.

Both yield ``SourceFile`` records with the path relative to the data root and a
content hash computed the way git hashes blobs, so one content-addressed cache can
serve both. Both refuse the same things unread, so a working tree and its commit give
the same findings: symbolic links (a link would make one file speak for another place,
or read from outside the data root), anything that is not a regular file (a FIFO
would block the read forever), and a file or folder whose name starts with a dot
(file browsers hide it, so what it holds would pass unseen; git's own ``.gitkeep``
and ``.git`` are skipped). A file over the size limit is not read from disk; git hands
over a committed one whole, and the parser refuses it with the same finding.
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..git import gitio
from ..git.gitio import blob_hash
from .yamlparse import MAX_FILE_BYTES

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOFOLLOW", 0)  # a link swapped in after listing is not followed
    | getattr(os, "O_NONBLOCK", 0)  # nor does a FIFO swapped in block the open
)


@dataclass(frozen=True)
class SourceFile:
    path: str  # POSIX path relative to the data root, e.g. data/trusts/hmr.yaml
    blob: str  # git blob hash of the content
    content: bytes | None  # None when the file was refused (see ``refused``)
    # why it was not read: "symlink-outside" (a link leaving the data root), "symlink",
    # "not-a-file" (a FIFO, a device, a submodule), "hidden" (a name starting with a dot;
    # ``path`` is then the file or folder so named), "too-large" or "unreadable"
    refused: str | None = None
    size: int = 0  # the size of a file refused as too large


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _ignored(name: str, folder: bool) -> bool:
    """git's own hidden names, which hold no data: ``.gitkeep`` files, ``.git``."""
    return name == ".git" or (name == ".gitkeep" and not folder)


def _hidden(rel: str) -> SourceFile:
    return SourceFile(rel, "", None, refused="hidden")


def read_directory(root: Path) -> Iterator[SourceFile]:
    """Every file under ``root/data`` in sorted order; links and special files refused.

    Files of a folder come before its subfolders', each in name order (as ``os.walk``
    gives them); a link, to a file or a folder, is refused where it stands.
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
            try:
                is_link = entry.is_symlink()
                is_dir = not is_link and entry.is_dir(follow_symlinks=False)
            except OSError:  # gone since the listing: reading it will say so
                is_link = is_dir = False
            if _is_hidden(entry.name):
                if not _ignored(entry.name, is_dir):
                    yield _hidden(rel + entry.name)
                continue
            if is_link:
                yield _link(entry.path, rel + entry.name, root_resolved)
                continue
            if is_dir:
                subfolders.append((entry.path, rel + entry.name + "/"))
                continue
            yield _read_file(entry.path, rel + entry.name)
        pending.extend(reversed(subfolders))


def _link(path: str, rel: str, root_resolved: Path) -> SourceFile:
    target = Path(os.path.realpath(path))  # never raises, even for a loop of links
    inside = target.is_relative_to(root_resolved)
    return SourceFile(rel, "", None, refused="symlink" if inside else "symlink-outside")


def _read_file(path: str, rel: str) -> SourceFile:
    try:
        content = _read_bytes(path)
    except _Refused as refused:
        return SourceFile(rel, "", None, refused=refused.reason, size=refused.size)
    except OSError:
        return SourceFile(rel, "", None, refused="unreadable")
    return SourceFile(rel, blob_hash(content), content)


class _Refused(Exception):
    def __init__(self, reason: str, size: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.size = size


def _read_bytes(path: str) -> bytes:
    """The file's content with plain system calls (``open()`` costs more per small file).

    Only a regular file of at most ``MAX_FILE_BYTES`` is read; its size is known from
    ``fstat`` before a byte of it is.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("not-a-file")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise _Refused("too-large", size)
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
    """Every file under ``<prefix>data/`` at ``commit``, read in one batch from git.

    A link's blob is the path it points to, which tells whether it leaves the root (an
    absolute one always counts as leaving it)."""
    entries = gitio.ls_tree(repo, commit, prefix + "data/")
    n = len(prefix)
    blobs = [sha for mode, sha, path in entries if mode != _SUBMODULE and "/." not in path[n:]]
    contents = gitio.read_blobs(repo, blobs)
    refused_hidden: set[str] = set()
    for mode, sha, path in entries:
        rel = path[n:]
        if "/." in rel:
            hidden = _hidden_place(rel, mode == _SUBMODULE)
            if hidden is not None and hidden not in refused_hidden:
                refused_hidden.add(hidden)
                yield _hidden(hidden)
        elif mode == _SUBMODULE:
            yield SourceFile(rel, sha, None, refused="not-a-file")
        elif mode == _LINK:
            outside = _points_outside(rel, contents[sha])
            yield SourceFile(rel, sha, None, refused="symlink-outside" if outside else "symlink")
        else:
            yield SourceFile(rel, sha, contents[sha])


_LINK = "120000"
_SUBMODULE = "160000"


def _hidden_place(rel: str, submodule: bool) -> str | None:
    """The first file or folder on ``rel`` whose name starts with a dot, as the working
    tree refuses it (None: one of git's own, skipped). A submodule is a folder there."""
    parts = rel.split("/")
    for at, name in enumerate(parts[1:], start=1):
        if _is_hidden(name):
            folder = at < len(parts) - 1 or submodule
            return None if _ignored(name, folder) else "/".join(parts[: at + 1])
    return None


def _points_outside(rel: str, target: bytes) -> bool:
    """Whether a link at ``rel`` (from the data root) to ``target`` leaves the root."""
    where = target.decode("utf-8", "surrogateescape")
    if where.startswith("/"):
        return True
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(rel), where))
    return joined == ".." or joined.startswith("../")
