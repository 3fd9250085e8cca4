"""The key that signs the cache's files: 32 random bytes of this user, outside any tree.

The cache lives in the data root, where a pull request can put files of its own. Every
cache file carries a MAC made with this key (``cache.py``), and the key lives in the
user's cache directory (``$XDG_CACHE_HOME/regraad/cache-key``, by default
``~/.cache/regraad/cache-key``), which no repository reaches: a file nobody on this
machine signed is never believed. The key is made on first use, readable by its owner
only, and written whole or not at all; it is never printed. When it cannot be made or
read, or is not private, there is no key and the cache stays in memory.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

KEY_SIZE = 32
FOLDER = "regraad"
FILENAME = "cache-key"


def key_path() -> Path | None:
    """Where this user's key lives, or None when there is no home to keep it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not Path(base).is_absolute():  # the XDG spec: a relative path is to be ignored
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory known
            return None
    return Path(base) / FOLDER / FILENAME


def user_key() -> bytes | None:
    """This user's cache key, made on first use; None when it cannot be made, read or
    trusted (then nothing is written to disk: the cache is never unauthenticated)."""
    path = key_path()
    if path is None:
        return None
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        return _create(path)
    except OSError:
        return None


def _read(path: Path) -> bytes | None:
    """The key in ``path``; None when it is not a private file of this user's, whole."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _private(info):
            return None
        key = os.read(fd, KEY_SIZE + 1)
    finally:
        os.close(fd)
    return key if len(key) == KEY_SIZE else None


def _private(info: os.stat_result) -> bool:
    """Owned by this user and out of everyone else's reach (where the system says so)."""
    if os.name != "posix":  # no owner or mode bits to go by: the folder's ACL decides
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o077


def _create(path: Path) -> bytes | None:
    """Make the key: the folders 0700, the file 0600, whole from its first moment."""
    missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another run made it meanwhile
            folder.mkdir(mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-" + FILENAME + "-", dir=path.parent)  # 0600
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(os.urandom(KEY_SIZE))
            stream.flush()
            os.fsync(stream.fileno())
        # a link never replaces a key another run made meanwhile: both runs use that one
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
    return _read(path)
