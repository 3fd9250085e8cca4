"""The point a report looks back to, and what the audit trail says happened since.

``--since`` takes a date or a revision:

- a date (``YYYY-MM-DD``): the commits authored on or after that day, in ``HEAD``'s
  history (as ``regraad audit --since``);
- a revision: the commits ``REV..HEAD``, i.e. what ``HEAD`` brought since ``REV``; the
  first day counted for dated data (proposals decided since) is ``REV``'s commit date.

Outside git, in a repository without commits, or in a clone whose history is cut off,
nothing is refused: the report says why the changes cannot be listed (``Since.note``).
An unknown revision is a usage error, as everywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import clock
from ..audit.history import Action, Range, actions, read_log
from ..errors import UsageError
from ..git import gitio
from ..i18n import _

DATE = "date"
REVISION = "revision"

#: Why the audit trail could not be read (``Since.note``); the report words them.
NO_GIT = "no-git"
NO_COMMITS = "no-commits"
INCOMPLETE = "incomplete"

_DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@dataclass(frozen=True)
class Since:
    """``--since`` resolved: the point, the range read and the actions found."""

    given: str | None = None  # as written on the command line; None: no --since
    kind: str | None = None  # DATE | REVISION
    date: str | None = None  # first day counted; None when unknown (a revision outside git)
    commit: str | None = None  # the revision's commit
    range: str | None = None  # the range of history read, e.g. "v2026.1..HEAD"
    commits: int = 0  # non-merge commits read
    actions: tuple[Action, ...] = ()
    note: str | None = None  # NO_GIT | NO_COMMITS | INCOMPLETE: the history was not read
    detail: str | None = None  # what git said, for INCOMPLETE

    @property
    def read(self) -> bool:
        """True when the history since the point was read."""
        return self.given is not None and self.note is None

    @property
    def short(self) -> str | None:
        return self.commit[:10] if self.commit else None


def parse_date(value: str) -> str | None:
    """``value`` as an ISO date when it looks like one; a usage error when it looks like a
    date but is not one (``2026-13-01``); None for anything else (a revision)."""
    if not _DATE_LIKE.match(value):
        return None
    return clock.parse_date(value, "--since")


def resolve(root: Path, value: str | None) -> Since:
    """Read the audit trail since ``value`` (a date or a revision) for the data root."""
    if value is None:
        return Since()
    date = parse_date(value)
    kind = DATE if date is not None else REVISION
    if kind == REVISION and (not value or value.startswith("-") or ".." in value):
        raise UsageError(
            _("--since: '{value}' is neither a date nor a single revision").format(value=value),
            _("give a date (YYYY-MM-DD) or one revision, such as a tag or a commit"),
        )
    where = gitio.place(root)
    if where is None:
        return Since(value, kind, date, note=NO_GIT)
    head = _head(where.repo)
    if head is None:
        return Since(value, kind, date, note=NO_COMMITS)
    if kind == DATE:
        rng = Range("HEAD", head)
        commit = None
    else:
        try:
            commit = gitio.resolve_commit(where.repo, value)
        except UsageError as exc:
            raise UsageError(
                _("--since: '{value}' is neither a date (YYYY-MM-DD) nor a revision").format(
                    value=value
                ),
                exc.hint,
            ) from None
        rng = Range(f"{value}..HEAD", head, commit)
        date = gitio.run(where.repo, "log", "-1", "--format=%cI", commit).decode()[:10]
    try:
        commits = read_log(where, rng, since=date if kind == DATE else None)
    except UsageError as exc:  # a shallow clone: the history is cut off
        return Since(value, kind, date, commit, rng.label, note=INCOMPLETE, detail=exc.message)
    return Since(value, kind, date, commit, rng.label, len(commits), tuple(actions(commits)))


def _head(repo: Path) -> str | None:
    try:
        out = gitio.run(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except gitio.GitError:
        return None
    return out.decode().strip() or None
