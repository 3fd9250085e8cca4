"""What regraad wrote, so it replaces its own files and never a stranger's.

Two records, both read defensively (bounded, regular files only, anything odd counts as
"no record"):

- a site folder's manifest, ``.regraad-site.json`` beside the pages, listing each file
  ``render`` wrote there with its SHA-256; it travels with the folder, so a site committed
  or copied elsewhere is still recognised;
- the user's record of single files (``--out FILE``, schema files):
  ``$XDG_CACHE_HOME/regraad/written.json`` (default ``~/.cache/regraad``, folder 0700,
  file 0600), mapping each resolved path to the SHA-256 of what regraad wrote there. A file
  is regraad's while it still holds exactly that.

Nothing here writes: ``files`` does, with ``atomic_write``, so this module stays below it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path, PurePosixPath

#: The manifest ``render`` keeps in its output folder.
SITE_MANIFEST = ".regraad-site.json"
#: The user's record of single files, in ``cache_dir()``.
RECORD_NAME = "written.json"
#: The most paths the user's record keeps (the oldest are forgotten first).
MAX_RECORDED = 2000
#: A manifest or record larger than this is not read (it is not one regraad wrote).
MAX_MANIFEST_BYTES = 4 * 1024 * 1024

_GENERATOR = "regraad render"


def digest(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def file_digest(path: Path) -> str | None:
    """The digest of a regular file (links are not followed); None when there is none."""
    try:
        with os.fdopen(_open_no_follow(path), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            sha = hashlib.sha256()
            for block in iter(lambda: handle.read(1 << 16), b""):
                sha.update(block)
    except OSError:
        return None
    return "sha256:" + sha.hexdigest()


def holds(path: Path, content: bytes) -> bool:
    """Whether the regular file at ``path`` holds exactly ``content`` (sizes first)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size != len(content):
        return False
    return file_digest(path) == digest(content)


def read_head(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a regular file (for a marker); empty when it is none."""
    try:
        with os.fdopen(_open_no_follow(path), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return b""
            return handle.read(size)
    except OSError:
        return b""


# -- the site folder's manifest ---------------------------------------------------------------


def read_site_manifest(folder: Path) -> dict[str, str] | None:
    """The files a site folder's manifest lists (relative path → digest); None without one."""
    data = _read_json(folder / SITE_MANIFEST)
    if not isinstance(data, dict) or data.get("generator") != _GENERATOR:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    return {
        rel: value
        for rel, value in files.items()
        if isinstance(rel, str) and isinstance(value, str) and safe_relative(rel)
    }


def site_manifest_bytes(files: dict[str, str]) -> bytes:
    body = {"generator": _GENERATOR, "files": dict(sorted(files.items()))}
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def safe_relative(rel: str) -> bool:
    """A path inside the folder: relative, no ``..``, no backslashes or NUL."""
    if not rel or "\\" in rel or "\0" in rel:
        return False
    path = PurePosixPath(rel)
    return not path.is_absolute() and ".." not in path.parts and rel == path.as_posix()


# -- the user's record of single files --------------------------------------------------------


def cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/regraad`` (an absolute value only, as the spec says), else
    ``~/.cache/regraad``; None when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not Path(base).is_absolute():
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "regraad"


def read_record() -> dict[str, str]:
    """The user's record (resolved path → digest); empty when it is missing or odd."""
    folder = cache_dir()
    data = _read_json(folder / RECORD_NAME) if folder is not None else None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def recorded(path: Path, record: dict[str, str] | None = None) -> bool:
    """Whether ``path`` still holds what regraad last wrote there."""
    wanted = (read_record() if record is None else record).get(str(path))
    return wanted is not None and file_digest(path) == wanted


def updated_record(written: dict[Path, bytes]) -> bytes:
    """The user's record with ``written`` added last (the oldest paths dropped first)."""
    files = read_record()
    for path, content in written.items():
        files.pop(str(path), None)
        files[str(path)] = digest(content)
    kept = dict(list(files.items())[-MAX_RECORDED:])
    return (json.dumps({"files": kept}, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _read_json(path: Path) -> object:
    try:
        with os.fdopen(_open_no_follow(path), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
    except OSError:
        return None
    if len(raw) > MAX_MANIFEST_BYTES:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def _open_no_follow(path: Path) -> int:
    """Open for reading without following a final symbolic link or blocking on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    return os.open(path, flags | getattr(os, "O_BINARY", 0))
