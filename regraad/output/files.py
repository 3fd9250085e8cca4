"""Files regraad writes: whole or not at all, never into data/ or .git, never over a stranger's.

Every page, report, export and edited data file goes through ``atomic_write``: written
to a temporary file beside the target and renamed into place, so a reader (or a crash)
sees the old file or the new one, never half of one.

Every output a command writes (``--out`` files and folders, CODEOWNERS, schema files,
each page of a site) first passes ``guard``: a target that is, or leads into, the data
root's ``data/`` folder or a ``.git`` folder is refused, following every symbolic link of
the target and of each folder above it. Exit codes: 2 (``UsageError``) when the path as
given already names such a place, 1 (``RefusedError``) when only a link (or a mount)
leads there. Then an existing file is replaced only when regraad wrote it (``written``):
otherwise the command is refused with exit 1 and nothing is written.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import RefusedError, UsageError
from ..i18n import _
from . import written

#: Folders no output may go into: the data root's data/, and .git anywhere.
DATA_FOLDER = "data"
GIT_FOLDER = ".git"
#: How many strangers a refusal names before it only counts the rest.
NAMED = 5

#: Recognises a file as regraad's own from its first bytes (a generated-by marker).
Marker = Callable[[bytes], bool]


def atomic_write(target: Path, content: bytes, mode: int | None = None) -> None:
    """Write to a temporary file beside ``target`` and rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        Path(tmp).chmod(_mode(target) if mode is None else mode)  # mkstemp makes 0600
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


# -- the guard --------------------------------------------------------------------------------


def guard(root: Path | None, target: Path, option: str) -> Path:
    """Refuse ``target`` when it is, or resolves into, ``root``'s data/ or a .git folder.

    Returns where to write: the target's folder with every link resolved, and its own
    name (a link in the target's place is replaced, never written through).
    """
    given = Path(os.path.normpath(target.absolute()))  # `..` folded by name
    folder = _protected(root, given, follow=False)
    if folder is not None:
        raise UsageError(
            _("{option}: {path} is inside {folder}; regraad does not write there").format(
                option=option, path=target, folder=folder
            ),
            _("choose a path outside data/ and .git/"),
        )
    folder = _protected(root, Path(os.path.realpath(target)), follow=True)
    if folder is not None:
        raise RefusedError(
            _("{option}: {path} leads into {folder} through a link; nothing was written").format(
                option=option, path=target, folder=folder
            ),
            _("remove the link, or choose another {option}").format(option=option),
        )
    return place(target)


def place(target: Path) -> Path:
    """Where writing ``target`` lands: its folder with every link resolved, its own name."""
    given = Path(os.path.normpath(target.absolute()))
    return Path(os.path.realpath(given.parent)) / given.name


def _protected(root: Path | None, path: Path, *, follow: bool) -> str | None:
    """The protected folder ``path`` is in ("data/" or ".git/"), or None.

    Without ``follow`` the comparison is by name; with it, by device and inode, so a
    link, a bind mount or a different spelling on a case-insensitive disk is caught too.
    """
    if any(part.casefold() == GIT_FOLDER for part in path.parts):
        return GIT_FOLDER + "/"
    if root is None:
        return None
    data = root / DATA_FOLDER
    if not follow:
        named = Path(os.path.normpath(data.absolute()))
        return DATA_FOLDER + "/" if path == named or named in path.parents else None
    try:
        protected = _identity(data)
    except OSError:
        return None
    for candidate in (path, *path.parents):
        try:
            if _identity(candidate) == protected:
                return DATA_FOLDER + "/"
        except OSError:
            continue  # not there yet: mkdir will make it, below an ancestor checked here
    return None


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


# -- single files: --out FILE, CODEOWNERS, schema files ---------------------------------------


def claim(
    root: Path | None,
    target: Path,
    option: str = "--out",
    content: bytes | None = None,
    marker: Marker | None = None,
) -> Path:
    """Guard ``target`` and refuse to replace a file regraad did not write there.

    An existing file is regraad's when the user's record says regraad wrote exactly what
    it holds, when it already holds ``content``, or when ``marker`` recognises it.
    Returns where to write (see ``guard``).
    """
    return _claim(root, target, option, content, marker, written.read_record())


def _claim(
    root: Path | None,
    target: Path,
    option: str,
    content: bytes | None,
    marker: Marker | None,
    record: dict[str, str],
) -> Path:
    path = guard(root, target, option)
    try:
        info = os.lstat(path)
    except OSError:
        return path  # nothing there (or nothing readable: the write will say so)
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(_("--out: {path} is a folder; name a file").format(path=target))
    if not _is_ours(path, content, marker, record):
        raise RefusedError(
            _("{option}: {path} exists and regraad did not write it; nothing was written").format(
                option=option, path=target
            ),
            _("move it away, or choose another {option}").format(option=option),
        )
    return path


def write_files(
    root: Path | None,
    files: Sequence[tuple[Path, bytes]],
    option: str = "--out",
    marker: Marker | None = None,
) -> list[Path]:
    """Write each (target, content) after every one of them passed ``claim``; all are
    checked before any is written. Returns the targets as given."""
    record = written.read_record()
    claimed = [
        (_claim(root, target, option, content, marker, record), content)
        for target, content in files
    ]
    current = None
    try:
        for (path, content), (target, _content) in zip(claimed, files, strict=True):
            current = target
            if written.holds(path, content):
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, content)
    except OSError as exc:
        raise RefusedError(
            _("could not write {path}: {error}").format(
                path=current if current is not None else exc.filename, error=exc.strerror
            )
        ) from None
    remember(dict(claimed))
    return [target for target, _content in files]


def write_file(
    root: Path | None,
    target: Path,
    content: bytes,
    option: str = "--out",
    marker: Marker | None = None,
) -> Path:
    """``write_files`` for one file."""
    return write_files(root, [(target, content)], option, marker)[0]


def remember(files: dict[Path, bytes]) -> None:
    """Note in the user's record what regraad wrote where (best effort: a read-only home
    only means those files will not be replaced later without being moved away)."""
    folder = written.cache_dir()
    if folder is None or not files:
        return
    try:
        record = written.updated_record({place(path): content for path, content in files.items()})
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(folder / written.RECORD_NAME, record, mode=0o600)
    except OSError:
        return


def _is_ours(
    path: Path, content: bytes | None, marker: Marker | None, record: dict[str, str]
) -> bool:
    if content is not None and written.holds(path, content):
        return True
    if written.recorded(path, record):
        return True
    return marker is not None and marker(written.read_head(path))


# -- folders: the rendered site ---------------------------------------------------------------


def write_folder(
    root: Path | None, out: Path, files: Sequence[tuple[str, bytes]], option: str = "--out"
) -> list[Path]:
    """Write ``files`` (relative path, content) into ``out``, in order, with its manifest.

    Every file is guarded on its own (a link inside ``out`` must not lead into data/).
    A folder that is not empty must have been written by regraad (its manifest), and a
    file about to be replaced must be listed there or otherwise be regraad's; else the
    strangers are named, exit 1, and nothing is written.
    """
    folder = guard(root, out, option)
    manifest = written.read_site_manifest(folder)
    record = written.read_record()
    strangers = _strangers(folder, record) if manifest is None else []
    inside = Path(os.path.realpath(folder))
    plan: list[tuple[Path, str, bytes]] = []
    for rel, content in files:
        path = guard(root, out / rel, option)
        if path.parent != inside and inside not in path.parent.parents:
            raise RefusedError(
                _(
                    "{option}: {path} leads outside {out} through a link; nothing was written"
                ).format(option=option, path=out / rel, out=out),
                _("remove the link, or choose another {option}").format(option=option),
            )
        if manifest is not None and _replaces_stranger(path, rel, content, manifest, record):
            strangers.append(rel)
        plan.append((path, rel, content))
    manifest_path = guard(root, out / written.SITE_MANIFEST, option)
    if strangers:
        raise RefusedError(
            _(
                "{option}: {path} holds files regraad did not write: {files}; nothing was written"
            ).format(option=option, path=out, files=_names(strangers)),
            _("move them away, or render into an empty folder"),
        )
    entries = {
        rel: value for rel, value in (manifest or {}).items() if os.path.lexists(folder / rel)
    }
    entries.update({rel: written.digest(content) for _path, rel, content in plan})
    current = out / written.SITE_MANIFEST
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(manifest_path, written.site_manifest_bytes(entries))
        for path, rel, content in plan:
            current = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, content)
    except OSError as exc:
        raise RefusedError(
            _("could not write {path}: {error}").format(path=current, error=exc.strerror)
        ) from None
    return [out / rel for _path, rel, _content in plan]


def _strangers(folder: Path, record: dict[str, str]) -> list[str]:
    """What a folder without a manifest holds that regraad did not write (its own files,
    such as a report, are known from the user's record)."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(
                entry.name
                for entry in entries
                if not (
                    entry.is_file(follow_symlinks=False)
                    and written.recorded(Path(entry.path), record)
                )
            )
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise RefusedError(
            _("could not write {path}: {error}").format(path=folder, error=exc.strerror)
        ) from None
    return names


def _replaces_stranger(
    path: Path, rel: str, content: bytes, manifest: dict[str, str], record: dict[str, str]
) -> bool:
    """Whether writing ``path`` would replace something regraad did not write."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        return True  # a folder, a FIFO: never replaced
    if rel in manifest:
        return False
    return not _is_ours(path, content, None, record)


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:NAMED])
    if len(names) <= NAMED:
        return shown
    return _("{files} and {count} more").format(files=shown, count=len(names) - NAMED)
