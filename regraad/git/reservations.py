"""Names one command takes while it runs, shared by every worktree of a repository.

Two commands in two worktrees (``git worktree add``) see neither the other's working
tree nor its not-yet-made commit, so both would pick the same "next free" name. A
reservation is a file ``regraad/<space>/<name>`` in the repository's *common* git
directory (``git rev-parse --git-common-dir``, one for all worktrees), created with
``O_CREAT | O_EXCL``.

A reservation only has to bridge the time between choosing a name and the name being
visible in a branch or a worktree's files, so it lasts as long as the command:

- it is removed when the process that made it exits (``atexit``), or when the same
  process reserves again (one process runs one recording command at a time, so its
  earlier command has written its file or given up: refused, ``--dry-run``);
- a reservation whose process no longer runs on this machine (killed) is removed by the
  next reservation; one made on another machine (a shared folder), or one whose
  process cannot be asked, counts for at most ``MAX_AGE_SECONDS``.

All of this happens under a short lock on ``regraad/<space>.lock`` (an OS lock, taken
with ``filelock``, so a killed holder never leaves it taken), and ``choose`` runs under
it too: what it reads of the repository and the reservations is one consistent view,
and a name is released only after its command has made it visible or given it up.
Where the common git directory cannot be written, nothing is reserved (``reserve``
returns None).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import secrets
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import RefusedError
from ..i18n import _
from . import gitio, lock

FOLDER = "regraad"
MAX_AGE_SECONDS = 24 * 60 * 60
WAIT_SECONDS = 10.0
_ATTEMPTS = 1000

# reservations this process holds: (file, its record), released at exit
_HELD: dict[Path, dict[str, object]] = {}
_RELEASE_AT_EXIT = False  # whether release_all is registered with atexit


def common_dir(repo: Path) -> Path:
    """The git directory every worktree of ``repo`` shares."""
    out = gitio.run(repo, "rev-parse", "--git-common-dir").decode().strip()
    path = Path(out)
    return path if path.is_absolute() else (repo / path).resolve()


def reserve(repo: Path, space: str, choose: Callable[[set[str]], str]) -> str | None:
    """Reserve the name ``choose(taken)`` returns, ``taken`` being the names others hold
    now; None when the common git directory cannot be written (reserve nothing)."""
    try:
        common = common_dir(repo)
        if not common.is_dir():  # a git too old to know --git-common-dir echoes the option
            return None
        folder = common / FOLDER / space
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, gitio.GitError):
        return None
    try:
        with _locked(_lock_file(folder)):
            taken = _live(folder)
            for _attempt in range(_ATTEMPTS):
                name = choose(taken)
                if _create(folder / name):
                    return name
                taken.add(name)  # a file that is not a reservation of ours: leave it
    except OSError:
        return None
    return None


def _lock_file(folder: Path) -> Path:
    return folder.with_name(folder.name + ".lock")


def _record() -> dict[str, object]:
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": time.time(),
        "token": secrets.token_hex(8),
    }


def _create(path: Path) -> bool:
    mine = _record()
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    try:
        os.write(fd, json.dumps(mine).encode("utf-8"))
    finally:
        os.close(fd)
    global _RELEASE_AT_EXIT
    if not _RELEASE_AT_EXIT:
        atexit.register(release_all)
        _RELEASE_AT_EXIT = True
    _HELD[path] = mine
    return True


def _is_live(holder: dict[str, object] | None) -> bool:
    """Whether a reservation still stands for a command that may be running."""
    if holder is None:  # written under the lock: only a killed writer leaves it unreadable
        return False
    since, pid = holder.get("since"), holder.get("pid")
    if not isinstance(since, (int, float)) or time.time() - since > MAX_AGE_SECONDS:
        return False
    if holder.get("host") != socket.gethostname():
        return True
    if not isinstance(pid, int) or pid == os.getpid():  # this process's earlier command
        return False
    return lock.alive(pid)


def _live(folder: Path) -> set[str]:
    """The names held by live reservations; the others are removed."""
    names = set()
    for path in folder.iterdir():
        holder = lock.read_holder(path)
        if _is_live(holder):
            names.add(path.name)
            continue
        with contextlib.suppress(OSError):
            path.unlink()
        _HELD.pop(path, None)
    return names


def release_all() -> None:
    """Remove this process's reservations (its command has ended)."""
    for path, mine in list(_HELD.items()):
        with contextlib.suppress(OSError, RefusedError), _locked(_lock_file(path.parent)):
            if lock.read_holder(path) == mine:
                path.unlink()
        _HELD.pop(path, None)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the OS lock on ``path`` (created if need be), waiting up to WAIT_SECONDS."""
    try:
        with FileLock(path, timeout=WAIT_SECONDS, thread_local=False):
            yield
    except Timeout as exc:
        raise RefusedError(
            _("another regraad command is reserving an id in this repository"),
            _("try again in a moment; nothing was changed"),
        ) from exc
