"""The repository's own checks on regraad's commits: its pre-commit and commit-msg hooks.

regraad writes its commits with plumbing (``commit``), which runs no hook, so a
repository that guards its commits with hooks (a linter, a ticket id, a sign-off check)
would not see regraad's. These run them as ``git commit`` does: through ``git hook
run`` (git 2.36; core.hooksPath honoured), the index being committed in
GIT_INDEX_FILE, the message in a file the commit-msg hook may edit. A hook that fails
refuses the commit with its output; there is no way around it (no ``--no-verify``).

A hook may add to the message (a ticket id, its own trailers) but not touch regraad's:
the ``Regraad-*`` trailers ``git interpret-trailers`` reads back from the final message,
with and without the ``---`` patch divider, must be exactly the tool's, or the commit is
refused. That check also holds for a message no hook touched.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import tempfile
from pathlib import Path

from ..errors import InternalError, RefusedError
from ..i18n import _

_PREFIX = "regraad-"  # the audit trail's trailers, whatever their case
_OUTPUT_LIMIT = 4000  # characters of a failing hook's output shown


def _git(
    repo: Path, *args: str, env: dict[str, str] | None = None, input_: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", "-C", str(repo), *args],
        input=input_,
        capture_output=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


@functools.cache
def _has_hook_command() -> bool:
    """Whether this git has ``git hook run`` (2.36 and later)."""
    out = subprocess.run(["git", "version"], capture_output=True, check=False).stdout
    found = re.search(rb"(\d+)\.(\d+)", out)
    return found is not None and (int(found[1]), int(found[2])) >= (2, 36)


def _run(repo: Path, name: str, args: tuple[str, ...], env: dict[str, str]) -> None:
    """Run hook ``name`` if the repository has one; refused (exit 1) when it fails."""
    env = {**env, "GIT_EDITOR": ":"}  # as git commit does when it opens no editor
    if _has_hook_command():
        proc = _git(repo, "hook", "run", "--ignore-missing", name, "--", *args, env=env)
    else:  # an older git: the hook file itself, where git would look for it
        found = _git(repo, "rev-parse", "--git-path", f"hooks/{name}").stdout.decode().strip()
        path = Path(found) if Path(found).is_absolute() else repo / found
        if not (path.is_file() and os.access(path, os.X_OK)):
            return
        proc = subprocess.run(
            [str(path), *args],
            cwd=repo,
            input=b"",
            capture_output=True,
            check=False,
            env={**os.environ, **env},
        )
    if proc.returncode == 0:
        return
    output = (proc.stdout + proc.stderr).decode("utf-8", "replace").strip()
    if len(output) > _OUTPUT_LIMIT:
        output = "…\n" + output[-_OUTPUT_LIMIT:]
    raise RefusedError(
        _("the repository's {hook} hook refused the commit (exit {code}):\n{output}").format(
            hook=name, code=proc.returncode, output=output or _("(no output)")
        ),
        _("fix what the hook reports and run the command again; nothing was changed"),
    )


def pre_commit(repo: Path, index: dict[str, str], tree: str) -> None:
    """The pre-commit hook, on the index being committed (``index`` names it). A hook
    that changes what would be committed is refused: regraad commits only what it
    checked."""
    _run(repo, "pre-commit", (), index)
    after = _git(repo, "write-tree", env=index)
    if after.returncode != 0 or after.stdout.decode().strip() != tree:
        raise RefusedError(
            _("the repository's pre-commit hook changed the files to be committed"),
            _(
                "regraad commits only the change it checked; run the hook's fixes "
                "yourself first; nothing was changed"
            ),
        )


def commit_msg(
    repo: Path, git_dir: Path, index: dict[str, str], message: str, trailers: list[str]
) -> str:
    """The commit-msg hook on ``message``; the message to commit, as the hook left it.

    ``trailers`` are the tool's trailer lines (``Key: value``): refused unless they are
    exactly the ``Regraad-*`` trailers git reads from the final message."""
    fd, name = tempfile.mkstemp(prefix="regraad-message-", dir=git_dir)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(message.encode("utf-8"))
        _run(repo, "commit-msg", (name,), index)
        raw = Path(name).read_bytes()
    finally:
        Path(name).unlink(missing_ok=True)
    try:
        final = raw.decode("utf-8")
    except UnicodeDecodeError:
        final = None
    if final is not None and _trailers_hold(repo, final, trailers):
        return final
    if final == message:  # no hook touched it: regraad's own message is wrong
        raise InternalError(_("the commit message does not read back with exactly its trailers"))
    raise RefusedError(
        _("the repository's commit-msg hook changed the commit's Regraad trailers"),
        _("a hook may add to the message but not change regraad's trailers; nothing was changed"),
    )


def _trailers_hold(repo: Path, message: str, expected: list[str]) -> bool:
    """Whether git reads exactly ``expected`` as the message's Regraad trailers, both as
    ``git log``'s %(trailers) does and as a hook's ``interpret-trailers`` does (which
    stops at a ``---`` line)."""
    want = [_normal(line) for line in expected]
    for divider in ((), ("--no-divider",)):
        proc = _git(repo, "interpret-trailers", "--parse", *divider, input_=message.encode())
        if proc.returncode != 0:
            return False
        lines = proc.stdout.decode("utf-8", "replace").splitlines()
        found = [_normal(line) for line in lines if line.lower().startswith(_PREFIX)]
        if found != want:
            return False
    return True


def _normal(line: str) -> tuple[str, str]:
    key, _sep, value = line.partition(":")
    return key.strip(), value.strip()
