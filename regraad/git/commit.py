"""One honest commit of exactly the files a command changed.

The commit is built on the side, with a temporary index: the user's staged and
unstaged work is never swept in. The branch moves with a compare-and-swap
``update-ref``, so a concurrent commit makes this one fail instead of being lost.
Recording commands take the repository lock (``repolock``) and write a journal
before touching anything (``journal``), so an interrupted command leaves no partial
file and no partial commit once the next regraad command has looked.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import RefusedError, UsageError
from ..i18n import _
from ..output.files import atomic_write
from . import gitio, hooks, journal
from .lock import locked


@dataclass(frozen=True)
class Trailers:
    """The structured part of a commit message (DESIGN.md §6)."""

    items: tuple[tuple[str, str], ...]

    def text(self) -> str:
        return "\n".join(f"{k}: {v}" for k, v in self.items)


@dataclass
class CommitPlan:
    """What one command wants to record: new file contents and the message."""

    repo: Path
    files: dict[str, bytes]  # path from the repository root -> new content
    subject: str
    body: str = ""
    trailers: Trailers = field(default_factory=lambda: Trailers(()))

    def message(self) -> str:
        """Subject, the body as prose, and the trailer block, always the last paragraph:
        the only text git reads as trailers (``git interpret-trailers``, ``%(trailers)``)."""
        for text in (self.subject, *(part for item in self.trailers.items for part in item)):
            if _NOT_ONE_LINE.search(text):
                raise RefusedError(
                    _(
                        "a line break or control character would split the commit's "
                        "subject or trailers"
                    ),
                    _("nothing was changed"),
                )
        parts = [self.subject]
        body = prose(self.body)
        if body:
            parts.append(body)
        if self.trailers.items:
            parts.append(self.trailers.text())
        return "\n\n".join(parts) + "\n"


# What no subject or trailer may hold: a line break (git's or another tool's) or any
# other control character.
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# A body line git could read as structure: a trailer (``Token: value``; ``=`` and ``#``
# are separators a repository may configure), the ``---`` patch divider (a hook's
# ``interpret-trailers`` stops there) or a comment or scissors line (``# --- >8 ---``).
_STRUCTURE = re.compile(r"[A-Za-z0-9-]+[ \t]*[:=#]|---|#|\S -+ >8 -+")


def prose(body: str) -> str:
    """The user's ``--note`` or ``--reason`` as a commit body: its paragraphs kept, blank
    runs and trailing blanks dropped, and every line that git could read as structure
    indented two spaces, which makes it prose to git and still reads as written."""
    lines: list[str] = []
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        text = line.rstrip()
        if not text and (not lines or not lines[-1]):
            continue
        lines.append("  " + text if _STRUCTURE.match(text) else text)
    return "\n".join(lines).rstrip("\n")


def _git(
    repo: Path, *args: str, env: dict[str, str] | None = None, input_: bytes | None = None
) -> str:
    cmd = ["git", "-C", str(repo), *args]
    proc = subprocess.run(
        cmd, input=input_, capture_output=True, check=False, env=gitio.environment(env)
    )
    if proc.returncode != 0:
        raise gitio.GitError(cmd, proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout.decode("utf-8", "surrogateescape")


def _git_path(repo: Path, name: str) -> Path:
    out = _git(repo, "rev-parse", "--git-path", name).strip()
    path = Path(out)
    return path if path.is_absolute() else repo / path


def preflight(repo: Path, paths: list[str], *, new_branch: bool = False) -> None:
    """Refuse (exit 1, nothing changed) when committing now would be wrong or unsafe.

    ``new_branch``: the commit goes on a branch about to be made, so a detached HEAD is
    fine; otherwise a commit there would belong to no branch and be easy to lose."""
    busy = {
        "MERGE_HEAD": _("a merge is in progress"),
        "rebase-merge": _("a rebase is in progress"),
        "rebase-apply": _("a rebase or git am is in progress"),
        "CHERRY_PICK_HEAD": _("a cherry-pick is in progress"),
        "REVERT_HEAD": _("a revert is in progress"),
        "BISECT_LOG": _("a bisect is in progress"),
    }
    for name, message in busy.items():
        if _git_path(repo, name).exists():
            raise RefusedError(message, _("finish or abort it first; nothing was changed"))
    if _git_path(repo, "index.lock").exists():
        raise RefusedError(
            _("the git index is locked (index.lock exists)"),
            _(
                "another git command may be running; if none is, remove {path}; nothing was changed"
            ).format(path=_git_path(repo, "index.lock")),
        )
    try:
        _git(repo, "var", "GIT_AUTHOR_IDENT")
        _git(repo, "var", "GIT_COMMITTER_IDENT")
    except gitio.GitError:
        raise RefusedError(
            _("git does not know who you are"),
            _('run git config user.name "Your Name" and git config user.email you@example.org'),
        ) from None
    try:
        _git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except gitio.GitError:
        raise RefusedError(
            _("the repository has no commits yet"), _("commit the data first")
        ) from None
    if not new_branch and current_branch(repo) is None:
        raise RefusedError(
            _("HEAD is detached: a commit here would be on no branch"),
            _("switch to a branch (git switch NAME), or pass --branch NAME; nothing was changed"),
        )
    if paths:
        dirty = _git(repo, "status", "--porcelain", "-z", "--", *paths)
        changed = sorted({entry[3:] for entry in dirty.split("\0") if len(entry) > 3})
        if changed:
            raise RefusedError(
                _("{paths} has uncommitted changes").format(paths=", ".join(changed)),
                _("commit or stash them first, so the tool's commit holds only its own change"),
            )


def current_branch(repo: Path) -> str | None:
    try:
        return _git(repo, "symbolic-ref", "--quiet", "--short", "HEAD").strip()
    except gitio.GitError:
        return None  # detached HEAD


def check_branch_name(where: Path, name: str) -> None:
    """A usage error (exit 2) unless git takes ``name`` for a new branch as it is.

    ``check-ref-format --branch`` also expands ``@{-1}`` (the previous branch) instead of
    refusing it, so its answer must be the name itself; called before anything is
    written, so a bad ``--branch`` changes nothing."""
    bad = UsageError(_("--branch: '{name}' is not a valid branch name").format(name=name))
    if not name or name.startswith("-"):
        raise bad
    try:
        expanded = _git(where, "check-ref-format", "--branch", name)
        _git(where, "check-ref-format", f"refs/heads/{name}")
    except gitio.GitError:
        raise bad from None
    if expanded.rstrip("\n") != name:
        raise bad


def start_branch(repo: Path, name: str) -> None:
    """Create and switch to a new branch for a pull request (refused if it exists)."""
    check_branch_name(repo, name)
    try:
        _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{name}")
    except gitio.GitError:
        try:
            _git(repo, "switch", "--quiet", "-c", name)
        except gitio.GitError as error:  # e.g. a branch `a` exists and the name is `a/b`
            raise UsageError(
                _("--branch: git cannot create branch {name}: {reason}").format(
                    name=name, reason=error.stderr.splitlines()[-1] if error.stderr else ""
                )
            ) from None
        return
    raise RefusedError(_("branch {name} already exists").format(name=name))


@contextmanager
def _temporary_index(where: Path) -> Iterator[dict[str, str]]:
    """An index file of our own in the git directory ``where``, removed afterwards."""
    fd, name = tempfile.mkstemp(prefix="regraad-index-", dir=where)
    os.close(fd)
    Path(name).unlink()
    try:
        yield {"GIT_INDEX_FILE": name}
    finally:
        Path(name).unlink(missing_ok=True)


def git_dir(repo: Path) -> Path:
    return Path(_git(repo, "rev-parse", "--absolute-git-dir").strip())


@contextmanager
def session(repo: Path, what: str) -> Iterator[list[str]]:
    """Hold the repository's regraad lock; first finish or undo a change a killed command
    left. Yields the sentences saying what was recovered."""
    where = git_dir(repo)
    with locked(where, what):
        note = journal.recover(repo, where)
        yield [note] if note else []


def _record_objects(
    repo: Path, index: dict[str, str], parent: str, plan: CommitPlan
) -> tuple[str, tuple[journal.Entry, ...]]:
    """The new tree and its blobs, in the object store and the ``index`` (a temporary
    index file) only: nothing visible yet."""
    entries = []
    _git(repo, "read-tree", parent, env=index)
    for path, content in plan.files.items():
        original = _read(repo / path)
        old = None
        if original is not None:
            old = _git(repo, "hash-object", "-w", "--stdin", input_=original).strip()
        blob = _git(repo, "hash-object", "-w", "--stdin", input_=content).strip()
        entries.append(journal.Entry(path, old, blob))
        _git(repo, "update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=index)
    tree = _git(repo, "write-tree", env=index).strip()
    return tree, tuple(entries)


def _signs(repo: Path, sign: bool) -> bool:
    """``--sign``, or the repository's ``commit.gpgSign`` (which commit-tree ignores)."""
    if sign:
        return True
    value = _git(repo, "config", "--type=bool", "--default=false", "--get", "commit.gpgSign")
    return value.strip() == "true"


def _commit_object(repo: Path, tree: str, parent: str, message: str, sign: bool) -> str:
    """The commit, signed as ``git commit -S`` signs (gpg.format, user.signingKey)."""
    args = ["commit-tree", tree, "-p", parent, *(["-S"] if sign else [])]
    return _git(repo, *args, input_=message.encode("utf-8")).strip()


def _write_files(repo: Path, files: dict[str, bytes]) -> None:
    for path, content in files.items():
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, content)


def _move_branch(repo: Path, subject: str, new: str, parent: str) -> None:
    """The commit point: compare-and-swap, so a commit made meanwhile makes this fail."""
    _git(repo, "update-ref", "-m", f"regraad: {subject}", "HEAD", new, parent)


def _sync_index(repo: Path, entries: tuple[journal.Entry, ...]) -> None:
    """Bring the real index in line for these files only (the user's staging is theirs)."""
    for entry in entries:
        # a locked index now only leaves the file looking modified
        with contextlib.suppress(gitio.GitError):
            _git(repo, "update-index", "--add", "--cacheinfo", f"100644,{entry.new},{entry.path}")


def commit(plan: CommitPlan, sign: bool = False) -> str:
    """Write the files, record them in one commit on the current branch, return its id.

    Call inside ``session``. The journal is written before anything visible changes: a
    failure (or Ctrl-C) before the branch moves puts the files back at once, and a kill
    at any step is finished or undone by the next regraad command. The repository's
    pre-commit and commit-msg hooks run on the written files (``hooks``); the commit is
    signed with ``sign`` or when ``commit.gpgSign`` says so."""
    repo = plan.repo
    where = git_dir(repo)
    message = plan.message()
    with _temporary_index(where) as index:
        try:
            parent = _git(repo, "rev-parse", "HEAD").strip()
            sign = _signs(repo, sign)
            tree, entries = _record_objects(repo, index, parent, plan)
        except gitio.GitError as exc:
            raise _refused(exc) from exc
        # the commit is not made yet: until the journal names it, recovery undoes
        journal.write(where, journal.Journal(parent, "", plan.subject, entries))
        try:
            _write_files(repo, plan.files)
            hooks.pre_commit(repo, index, tree)
            expected = [f"{k}: {v}" for k, v in plan.trailers.items]
            message = hooks.commit_msg(repo, where, index, message, expected)
            new = _commit_object(repo, tree, parent, message, sign)
            journal.write(where, journal.Journal(parent, new, plan.subject, entries))
            _move_branch(repo, plan.subject, new, parent)
        except BaseException as exc:
            journal.recover(repo, where, undo=True)
            if isinstance(exc, gitio.GitError):
                raise _refused(exc) from exc
            raise
    _sync_index(repo, entries)
    journal.remove(where)
    return new


def _refused(exc: gitio.GitError) -> RefusedError:
    return RefusedError(
        _("git refused the commit: {reason}").format(reason=exc.stderr or "?"),
        _("nothing was changed"),
    )


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
