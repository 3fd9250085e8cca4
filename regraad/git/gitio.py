"""The few git plumbing calls regraad reads with, each a single process.

Revisions from users are never passed where git could take them for an option: a name
starting with ``-`` is refused, and ``--end-of-options`` guards the rest.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..i18n import _


class GitError(Exception):
    """git failed; ``stderr`` says why."""

    def __init__(self, args: list[str], stderr: str) -> None:
        super().__init__(stderr)
        self.args_ = args
        self.stderr = stderr


# A path no file can have (under a file, not a folder): git reads no graft file from it.
_NO_GRAFTS = str(Path(os.devnull) / "regraad-no-grafts")


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment every git process runs in: history as the objects record it.

    ``git replace`` refs and grafts (``.git/info/grafts``, ``GIT_GRAFT_FILE``) make git
    show other commits than the ones a branch holds, so a forged commit could hide
    behind a harmless-looking one; regraad reads, checks and builds on the real ones.
    """
    env = {**os.environ, **(extra or {})}
    env["GIT_NO_REPLACE_OBJECTS"] = "1"
    env["GIT_GRAFT_FILE"] = _NO_GRAFTS
    return env


def run(repo: Path, *args: str, input_: bytes | None = None) -> bytes:
    cmd = ["git", "-C", str(repo), *args]
    try:
        proc = subprocess.run(
            cmd, input=input_, capture_output=True, check=False, env=environment()
        )
    except FileNotFoundError as exc:
        raise UsageError(_("git is not installed or not on PATH")) from exc
    if proc.returncode != 0:
        raise GitError(cmd, proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout


def toplevel(path: Path) -> Path | None:
    """The work tree root containing ``path``, or None outside a repository."""
    try:
        out = run(path, "rev-parse", "--show-toplevel")
    except (GitError, UsageError):
        return None
    return Path(out.decode().strip())


@dataclass(frozen=True)
class Place:
    """Where a data root sits: its repository and its path inside it (``""`` or ``"x/"``)."""

    repo: Path
    prefix: str


def place(root: Path) -> Place | None:
    """The repository holding the data root ``root``, or None outside git (one git call)."""
    repo = toplevel(root)
    if repo is None:
        return None
    rel = root.resolve().relative_to(repo.resolve()).as_posix()
    return Place(repo, "" if rel == "." else rel + "/")


def require_place(root: Path, option: str) -> Place:
    """Like ``place``, but a usage error naming ``option`` outside a repository."""
    found = place(root)
    if found is None:
        raise UsageError(
            _("{option} needs a git repository; {root} is not in one").format(
                option=option, root=root
            )
        )
    return found


def is_shallow(repo: Path) -> bool:
    try:
        return run(repo, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
    except GitError:
        return False


def resolve_commit(repo: Path, rev: str) -> str:
    """The commit ``rev`` names; a usage error naming it when there is none."""
    if not rev or rev.startswith("-") or "\0" in rev:
        raise UsageError(
            _("'{rev}' is not a valid revision").format(rev=rev),
            _("revisions cannot start with '-'"),
        )
    try:
        out = run(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}")
    except GitError:
        hint = None
        if is_shallow(repo):
            hint = _(
                "this is a shallow clone; fetch the full history "
                "(git fetch --unshallow, or fetch-depth: 0 in GitHub Actions)"
            )
        raise UsageError(_("unknown revision '{rev}'").format(rev=rev), hint) from None
    return out.decode().strip()


def unreadable(exc: GitError) -> UsageError:
    """A revision git knows but cannot read: a partial or damaged clone (exit 2)."""
    lines = [line.strip() for line in exc.stderr.splitlines() if line.strip()]
    return UsageError(
        _("git cannot read the files of this revision: {reason}").format(
            reason=lines[-1] if lines else "?"
        ),
        _(
            "the clone is partial or damaged: fetch the missing objects (git fetch) "
            "where the remote can be reached, or check the repository with git fsck"
        ),
    )


def ls_tree(repo: Path, commit: str, prefix: str) -> list[tuple[str, str, str]]:
    """(mode, blob hash, path from the repository root) for every file under ``prefix``."""
    try:
        out = run(repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix)
    except GitError as exc:
        raise unreadable(exc) from exc
    entries = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, _type, sha = meta.decode().split(" ")
        entries.append((mode, sha, path.decode("utf-8", "surrogateescape")))
    return entries


def read_blobs(repo: Path, shas: list[str]) -> dict[str, bytes]:
    """The content of many blobs from one ``git cat-file --batch`` process."""
    unique = list(dict.fromkeys(shas))
    if not unique:
        return {}
    try:
        out = run(repo, "cat-file", "--batch", input_=("\n".join(unique) + "\n").encode())
    except GitError as exc:
        raise unreadable(exc) from exc
    contents: dict[str, bytes] = {}
    pos = 0
    for sha in unique:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode().split(" ")
        pos = end + 1
        if len(header) < 3 or header[1] == "missing":
            raise unreadable(GitError(["cat-file"], _("object {sha} is missing").format(sha=sha)))
        size = int(header[2])
        contents[sha] = out[pos : pos + size]
        pos += size + 1
    return contents


def changed_paths(repo: Path, commit: str) -> set[str]:
    """Paths (from the repository root) that differ between ``commit`` and the work tree,
    untracked files included."""
    diff = run(repo, "diff", "--name-only", "-z", "--no-renames", commit, "--")
    untracked = run(repo, "ls-files", "-z", "--others", "--exclude-standard")
    return {p.decode("utf-8", "surrogateescape") for p in (diff + untracked).split(b"\0") if p}


def blob_hash(content: bytes) -> str:
    """The hash git gives this content as a blob."""
    digest = hashlib.sha1(b"blob %d\0" % len(content), usedforsecurity=False)
    digest.update(content)
    return digest.hexdigest()
