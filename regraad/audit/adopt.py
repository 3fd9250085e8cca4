"""``regraad audit baseline``: take over a data repository with the history it has.

A RegUt that kept its data in git before regraad has years of plain commits that no
command recorded; ``audit --verify`` would fail on them forever. The baseline says
"this state is given" (``baselines``): an empty commit, no file changed, whose trailers
are ``Regraad-Action: baseline`` and who took the repository over. It is committed as
every recorded change is (``git.commit``: the repository lock, the journal, the same
refusals: a merge or rebase in progress, a detached HEAD, no git identity), on the
current branch, and only once: a history that has a baseline refuses another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import RefusedError
from ..git import gitio, trailers
from ..git.commit import CommitPlan, Trailers, commit, preflight, session
from ..i18n import _
from .baselines import first_baseline

#: English and fixed, as every recorded subject: the trail reads the same in every clone.
SUBJECT = "baseline: the data as it stands is the starting point"


@dataclass(frozen=True)
class BaselineOptions:
    root: Path  # the data root
    by: str  # who takes the repository over (Regraad-By)
    note: str = ""  # the commit's body
    sign: bool = False


@dataclass(frozen=True)
class Recorded:
    commit: str
    subject: str
    notes: tuple[str, ...] = ()  # what was recovered from an interrupted earlier command


def trailer_items(by: str) -> list[tuple[str, str]]:
    return [(trailers.ACTION, trailers.BASELINE), (trailers.BY, by)]


def record_baseline(options: BaselineOptions) -> Recorded:
    """Commit the baseline on the current branch; refused (nothing changed) when the
    history has one or a commit cannot be made here now."""
    where = gitio.require_place(options.root, "regraad audit baseline")
    with session(where.repo, SUBJECT) as notes:
        preflight(where.repo, [])
        head = gitio.resolve_commit(where.repo, "HEAD")
        existing = first_baseline(where, head)
        if existing is not None:
            raise RefusedError(
                _("the history already starts from baseline {commit}").format(commit=existing[:10]),
                _("a repository has one baseline; nothing was changed"),
            )
        plan = CommitPlan(
            where.repo, {}, SUBJECT, options.note, Trailers(tuple(trailer_items(options.by)))
        )
        sha = commit(plan, sign=options.sign)
    return Recorded(sha, SUBJECT, tuple(notes))
