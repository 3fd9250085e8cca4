"""One recording command at a time per repository.

Two ``council add`` runs against the same file must not both succeed silently: the
second would commit on top of a file the first already changed. The lock is a file
in the git directory created with ``O_EXCL``; a lock left by a process that no longer
runs on this machine (killed, power cut) is taken over, so a crash never blocks the
repository for good.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import RefusedError
from ..i18n import _

LOCK_NAME = "regraad.lock"
UNREADABLE_GRACE_SECONDS = 10


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (someone else's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    except OSError:
        return True
    return True


def read_holder(path: Path) -> dict[str, object] | None:
    """The record a lock or reservation file holds, or None when it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _stale(path: Path, holder: dict[str, object] | None) -> bool:
    """A lock whose process is gone from this machine, or an unreadable one left long ago
    (a process killed between creating the file and writing it)."""
    if holder is None:
        try:
            return time.time() - path.stat().st_mtime > UNREADABLE_GRACE_SECONDS
        except OSError:
            return False
    pid = holder.get("pid")
    if holder.get("host") != socket.gethostname() or not isinstance(pid, int):
        return False
    return not alive(pid)


def clear_stale(git_dir: Path) -> None:
    """Remove a lock its killed holder left, so it does not linger in the git directory."""
    path = git_dir / LOCK_NAME
    if path.exists() and _stale(path, read_holder(path)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _create(path: Path, record: bytes) -> bool:
    """Create the lock file holding ``record``; False when it already exists."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    try:
        os.write(fd, record)
    finally:
        os.close(fd)
    return True


@contextmanager
def locked(git_dir: Path, what: str) -> Iterator[None]:
    """Hold the repository's regraad lock for the duration; refused when another holds it."""
    path = git_dir / LOCK_NAME
    mine = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(), "what": what}
    record = json.dumps(mine).encode("utf-8")
    if not _create(path, record):
        holder = read_holder(path)
        if _stale(path, holder):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        if not _create(path, record):
            holder = read_holder(path) or {}
            raise RefusedError(
                _(
                    "another regraad command (process {pid}: {what}) is recording a change "
                    "in this repository"
                ).format(pid=holder.get("pid", "?"), what=holder.get("what", "?")),
                _(
                    "try again when it has finished; if no regraad command is running, "
                    "remove {path}; nothing was changed"
                ).format(path=path),
            )
    try:
        yield
    finally:
        if read_holder(path) == mine:
            path.unlink(missing_ok=True)
