"""Files regraad writes: whole or not at all.

Every page, report, export and edited data file goes through ``atomic_write``: written
to a temporary file beside the target and renamed into place, so a reader (or a crash)
sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(target: Path, content: bytes) -> None:
    """Write to a temporary file beside ``target`` and rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        Path(tmp).chmod(_mode(target))  # mkstemp makes 0600; keep what the file had
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode(target: Path) -> int:
    """The permissions ``target`` has, or what a new file gets under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
