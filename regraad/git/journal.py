"""A write-ahead record of one commit in progress, so a killed command is undone or finished.

A recording command changes two things git keeps apart: the files in the work tree
and the branch. No order of the two survives a kill between them, so before either
is touched the command writes down what it is about to do — the branch before and
after, and for every file the blob it had and the blob it will have. Whoever opens
the repository next reads the record: if the branch moved, the files are brought
forward; if not, they are put back. Files someone changed since are left alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from ..output.files import atomic_write
from . import gitio
from .gitio import blob_hash
from .lock import clear_stale, locked

JOURNAL_NAME = "regraad-journal.json"


@dataclass(frozen=True)
class Entry:
    path: str  # from the repository root
    old: str | None  # blob before, None when the command creates the file
    new: str  # blob after


@dataclass(frozen=True)
class Journal:
    old_head: str
    new_head: str
    subject: str
    entries: tuple[Entry, ...]


def write(git_dir: Path, journal: Journal) -> None:
    data = {
        "old_head": journal.old_head,
        "new_head": journal.new_head,
        "subject": journal.subject,
        "entries": [{"path": e.path, "old": e.old, "new": e.new} for e in journal.entries],
    }
    atomic_write(git_dir / JOURNAL_NAME, json.dumps(data, indent=1).encode("utf-8"))


def read(git_dir: Path) -> Journal | None:
    """The journal left in ``git_dir``, or None; an unreadable one reads as empty."""
    try:
        data = json.loads((git_dir / JOURNAL_NAME).read_text(encoding="utf-8"))
        return Journal(
            str(data["old_head"]),
            str(data["new_head"]),
            str(data["subject"]),
            tuple(Entry(str(e["path"]), e["old"], str(e["new"])) for e in data["entries"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return Journal("", "", "?", ())


def remove(git_dir: Path) -> None:
    (git_dir / JOURNAL_NAME).unlink(missing_ok=True)


def _blob_of(path: Path) -> str | None:
    try:
        return blob_hash(path.read_bytes())
    except FileNotFoundError:
        return None


def _put(repo: Path, path: Path, blob: str | None) -> None:
    if blob is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, gitio.read_blobs(repo, [blob])[blob])


def recover(repo: Path, git_dir: Path, *, undo: bool = False) -> str | None:
    """Finish or undo the change a killed command left; a sentence saying which, or None.

    ``undo`` is for the command itself failing before its branch moved (git refused, a
    concurrent commit won the race): its files go back whatever the branch says. The
    caller holds the repository lock."""
    journal = read(git_dir)
    if journal is None:
        return None
    head = gitio.run(repo, "rev-parse", "--verify", "--quiet", "HEAD").decode().strip()
    forward = not undo and head == journal.new_head
    backward = undo or head == journal.old_head
    left: list[str] = []
    for entry in journal.entries:
        target = repo / entry.path
        blob = _blob_of(target)
        want, other = (entry.new, entry.old) if forward else (entry.old, entry.new)
        if not (forward or backward) or blob == want:
            continue
        if blob != other:
            left.append(entry.path)  # changed by someone since: theirs to keep
            continue
        _put(repo, target, want)
    if forward:
        for entry in journal.entries:
            if entry.path not in left:
                gitio.run(
                    repo, "update-index", "--add", "--cacheinfo", f"100644,{entry.new},{entry.path}"
                )
    remove(git_dir)
    if not (forward or backward):
        return _(
            "an interrupted regraad change ({subject}) was found, but the branch has moved on "
            "since; its files were left as they are"
        ).format(subject=journal.subject)
    done = (
        _("an interrupted regraad change ({subject}) was finished")
        if forward
        else _("an interrupted regraad change ({subject}) was undone")
    ).format(subject=journal.subject)
    if left:
        done += _("; {paths} changed since and were left as they are").format(paths=", ".join(left))
    return done


def _git_dir(root: Path) -> Path | None:
    """The git directory above ``root`` found by looking, without running git."""
    for folder in (root, *root.parents):
        dot = folder / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            text = dot.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                found = Path(text[len("gitdir:") :].strip())
                return found if found.is_absolute() else (folder / found).resolve()
            return None
    return None


def recover_if_interrupted(root: Path) -> str | None:
    """Called when any command opens a data root: a cheap look, then recovery if needed.

    While another regraad command holds the lock its journal is live, not left over."""
    git_dir = _git_dir(root)
    if git_dir is None:
        return None
    clear_stale(git_dir)
    if not (git_dir / JOURNAL_NAME).exists():
        return None
    repo = gitio.toplevel(root)
    if repo is None:
        return None
    from ..errors import RefusedError

    try:
        with locked(git_dir, "recovery"):
            return recover(repo, git_dir)
    except RefusedError:
        return None
