"""A content-addressed store of loaded files, shared by every run on one data root.

Loading a file (parse and schema check) is a pure function of its bytes and its kind, so
the result is kept under the file's git blob hash: the working tree and every revision
of the repository share entries, and an unchanged file is never parsed twice. The
rules' findings on a whole snapshot are kept the same way, under a hash of every file,
the day judged, the checks, the language and the package's code
(``validate.judged``): a run on unchanged data does not run the rules again.

On disk, in ``<data root>/.regraad-cache/`` (with a ``.gitignore`` of ``*``):

- ``pack``: most entries, rewritten now and then (compaction);
- ``delta-*``: the entries one run added, so a run that changed one file writes a few
  kilobytes instead of the whole pack.

Every file is ``MAGIC``, the fingerprint (cache format, regraad version, schemas and
code), the payload's length and MAC, and the payload: a ``marshal`` of ``{key: bytes}``.
The MAC is a keyed BLAKE2b of all the rest, with the user's own key (``cachekey``),
which lives outside any working tree: the data root is where a pull request puts its
files, and a file this user's regraad did not write must never decide what the data
says. A file with anything unexpected — another fingerprint, a short read, a MAC that
does not verify — is ignored and replaced at the next compaction; its bytes are never
unmarshalled. Without a key the cache stays in memory. A cache folder that git tracks
(or that is a link) is not regraad's own: it is neither read nor written.

Files are written to a temporary name and renamed into place, so a reader sees a whole
file or none. There are no locks: entries are pure functions of their keys, so two runs
that write the same key write the same value, and an entry lost to a concurrent
compaction only costs a parse.

The cache is an optimisation only: every error while reading or writing it is
swallowed, and ``REGRAAD_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import marshal
import os
import stat
import struct
import tempfile
import time
from pathlib import Path

from .. import __version__
from ..errors import RegraadError
from ..git import gitio
from .cachekey import KEY_SIZE, user_key

DIRNAME = ".regraad-cache"
FORMAT = 2  # bump when the layout of files or entries changes
MAGIC = b"RGRDCAC2"
_HEADER = struct.Struct("<8s32sQ32s")  # magic, fingerprint, payload length, MAC
_SIGNED = struct.Struct("<8s32sQ")  # the part of the header the MAC covers
_PERSON = b"regraad-cache"  # a MAC made with this key for another purpose is no cache MAC
PACK = "pack"
DELTA_PREFIX = "delta-"
MAX_DELTAS = 8  # more delta files than this and the next run compacts them into the pack
_MAX_FILE = 1 << 31  # a payload claiming more than 2 GB is not ours
# source files whose behaviour is stored in entries: a change to any of them (in a
# development checkout, where the version stays the same) must not reuse old entries
_CODE = (
    "load/cache.py",
    "load/loader.py",
    "load/entries.py",
    "load/yamlparse.py",
    "load/yamlcompose.py",
    "load/linebreaks.py",
    "load/schemacheck.py",
    "load/fastschema.py",
    "load/kinds.py",
    "privacy/personnummer.py",
    "privacy/contact.py",
    "findings.py",
    "load/sources.py",
)
_PACKAGE = Path(__file__).resolve().parent.parent  # regraad/


def disabled() -> bool:
    """True when ``REGRAAD_NO_CACHE`` is set to anything but empty or ``0``."""
    return os.environ.get("REGRAAD_NO_CACHE", "") not in ("", "0")


def code_fingerprint() -> bytes:
    """A hash of the code and message catalogues that shape cached entries."""
    digest = hashlib.sha1(f"{FORMAT}\0{__version__}\0".encode(), usedforsecurity=False)
    paths = [_PACKAGE / name for name in _CODE]
    paths += sorted((_PACKAGE / "locale").glob("*/LC_MESSAGES/*.mo"))
    for path in paths:
        try:
            content = path.read_bytes()
        except OSError:  # an installation without sources: the version has to do
            content = b""
        digest.update(b"%s\0%d\0" % (path.relative_to(_PACKAGE).as_posix().encode(), len(content)))
        digest.update(content)
    return digest.digest()


class Cache:
    """Entries (``key -> bytes``) of one cache directory, read on first use.

    Files are signed and checked with ``key``; without one (None) the cache is in memory
    only, whatever the directory."""

    def __init__(self, directory: Path | None, fingerprint: bytes, key: bytes | None) -> None:
        usable = key is not None and len(key) == KEY_SIZE
        self.directory = directory if usable else None  # None: in memory, for this process
        self.fingerprint = hashlib.sha256(fingerprint).digest()
        self._key = key or b""
        self._checked = False  # the folder was found to be regraad's own (``_own``)
        self._entries: dict[str, bytes] | None = None
        self._new: dict[str, bytes] = {}
        self._used: set[str] = set()
        self._pack_ok = False
        self._pack_size = 0
        self._deltas: list[str] = []  # delta files seen, valid or not
        self._delta_size = 0
        self._damaged = False  # a file was there but could not be used: replace it

    @classmethod
    def memory(cls) -> Cache:
        """A cache that lives in this process only (reads and writes no file)."""
        return cls(None, b"", None)

    # reading -----------------------------------------------------------------

    def _load(self) -> dict[str, bytes]:
        if self._entries is not None:
            return self._entries
        entries: dict[str, bytes] = {}
        if not self._own(writing=False) or self.directory is None:
            self._entries = entries
            return entries
        pack = self._read(self.directory / PACK)
        if pack is None:
            self._damaged = (self.directory / PACK).exists()
        else:
            entries.update(pack[0])
            self._pack_ok = True
            self._pack_size = pack[1]
        try:
            names = sorted(
                p.name for p in self.directory.iterdir() if p.name.startswith(DELTA_PREFIX)
            )
        except OSError:
            names = []
        for name in names:
            self._deltas.append(name)
            delta = self._read(self.directory / name)
            if delta is None:
                self._damaged = True
            else:
                entries.update(delta[0])
                self._delta_size += delta[1]
        self._entries = entries
        return entries

    def _read(self, path: Path) -> tuple[dict[str, bytes], int] | None:
        """The entries of one file, or None when it is missing, foreign or damaged."""
        try:
            with path.open("rb") as stream:
                head = stream.read(_HEADER.size)
                if len(head) != _HEADER.size:
                    return None
                magic, fingerprint, length, mac = _HEADER.unpack(head)
                if magic != MAGIC or fingerprint != self.fingerprint or length > _MAX_FILE:
                    return None
                payload = stream.read(length + 1)
        except OSError:
            return None
        if len(payload) != length or not hmac.compare_digest(
            mac, _mac(self._key, head[: _SIGNED.size], payload)
        ):
            return None  # not written by this user's regraad: never unmarshalled
        try:
            entries = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return None
        if not isinstance(entries, dict):
            return None
        return entries, length

    def get(self, key: str) -> bytes | None:
        value = self._new.get(key)
        if value is None:
            value = self._load().get(key)
        if value is not None:
            self._used.add(key)
        return value

    def put(self, key: str, value: bytes) -> None:
        self._new[key] = value
        self._used.add(key)

    # writing -----------------------------------------------------------------

    def save(self) -> None:
        """Write this run's new entries (compacting when due); never raises."""
        with contextlib.suppress(OSError, ValueError, MemoryError):
            self._save()
        self._new = {}

    def _save(self) -> None:
        entries = self._load()
        directory = self.directory
        if directory is None or not self._own(writing=True):
            entries.update(self._new)
            return
        compact = (
            not self._pack_ok
            or self._damaged
            or len(self._deltas) >= MAX_DELTAS
            or self._delta_size > max(self._pack_size // 4, 1 << 20)
        )
        if not self._new and not (compact and (self._deltas or self._damaged)):
            return
        _prepare(directory)
        if not compact:
            self._write(directory, DELTA_PREFIX + os.urandom(8).hex(), self._new)
            entries.update(self._new)
            return
        entries.update(self._new)
        self._write(directory, PACK, self._keep(entries))
        for name in self._deltas:  # merged into the pack just written
            with contextlib.suppress(OSError):
                (directory / name).unlink()
        self._pack_ok = True
        self._damaged = False
        self._deltas = []
        self._delta_size = 0
        _sweep(directory)

    def _keep(self, entries: dict[str, bytes]) -> dict[str, bytes]:
        """The entries worth keeping: all used in this run, then the most recent others."""
        used = [k for k in entries if k in self._used]
        others = [k for k in entries if k not in self._used]
        room = max(len(used), 1000)
        keep = others[-room:] if len(others) > room else others
        return {k: entries[k] for k in (*keep, *used)}

    def _write(self, directory: Path, name: str, entries: dict[str, bytes]) -> None:
        payload = marshal.dumps(entries)
        signed = _SIGNED.pack(MAGIC, self.fingerprint, len(payload))
        _atomic(directory, name, signed + _mac(self._key, signed, payload) + payload)

    def _own(self, writing: bool) -> bool:
        """Whether the folder is regraad's own to read (and ``writing``, to write): not a
        link or a file, and not tracked by git. A folder that is not its own turns this
        cache into a memory cache. Checked once, and only when there is a folder to read
        or something to write, so a run with nothing cached calls no git for it."""
        directory = self.directory
        if directory is None:
            return False
        if self._checked or (not writing and not os.path.lexists(directory)):
            return True  # nothing there to read: the check waits for a write
        if _foreign(directory):
            self.directory = None
            return False
        self._checked = True
        return True


def _mac(key: bytes, signed: bytes, payload: bytes) -> bytes:
    """The MAC of a cache file: keyed BLAKE2b over its header and payload."""
    digest = hashlib.blake2b(signed, key=key, digest_size=32, person=_PERSON)
    digest.update(payload)
    return digest.digest()


def _foreign(directory: Path) -> bool:
    """True when ``directory`` is not a cache folder regraad may use: a link, something
    other than a folder, or a path git tracks (``git add -f``), whatever it holds."""
    try:
        info = directory.lstat()
    except FileNotFoundError:
        info = None
    except OSError:
        return True
    if info is not None and not stat.S_ISDIR(info.st_mode):
        return True
    try:
        tracked = gitio.run(directory.parent, "ls-files", "-z", "--", directory.name)
    except (gitio.GitError, RegraadError, OSError):  # outside a repository, or no git
        return False
    return bool(tracked)


def _prepare(directory: Path) -> None:
    directory.mkdir(exist_ok=True)
    if not (directory / ".gitignore").exists():
        _atomic(directory, ".gitignore", b"# regraad's cache; safe to delete\n*\n")


def _atomic(directory: Path, name: str, content: bytes) -> None:
    """Write ``directory/name`` so that readers see the old file or the whole new one."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(content)
        with contextlib.suppress(OSError):
            Path(tmp).chmod(0o644)  # readable like the data beside it, not mkstemp's 0600
        Path(tmp).replace(directory / name)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def _sweep(directory: Path) -> None:
    """Remove temporary files a killed run left behind (older than an hour)."""
    limit = time.time() - 3600
    with contextlib.suppress(OSError):
        for path in directory.glob(".tmp-*"):
            if path.stat().st_mtime < limit:
                path.unlink()


@functools.lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """A hash of every module of the package: entries computed by the rules (not only by
    the loader, which ``code_fingerprint`` covers) are keyed by it, so a development
    checkout never reuses what older code found."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        with contextlib.suppress(OSError):
            digest.update(b"%s\0" % path.relative_to(_PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def open_cache(root: Path, schemas_fingerprint: bytes) -> Cache | None:
    """The cache of the data root ``root``, or None when caching is turned off."""
    if disabled():
        return None
    # without this user's key, no file is trusted or written: the cache is in memory only
    return Cache(root / DIRNAME, schemas_fingerprint + code_fingerprint(), user_key())
