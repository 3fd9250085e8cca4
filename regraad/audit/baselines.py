"""The baseline: where ``regraad audit --verify`` starts judging.

A commit whose ``Regraad-Action`` is ``baseline`` says "this state is given": the data
as it stands when regraad took the repository over (``regraad init`` marks its first
commit so, ``regraad audit baseline`` records an empty one). The first baseline in the
history (one with no baseline before it) and every commit before it are accepted as
they are; every other commit is judged. Two rules hold for baselines themselves:

- a repository has one: a later baseline (a second adoption, or one made on a branch)
  would let whoever makes it declare any state given;
- a baseline takes the data as it stands, so it changes no proposal or council file,
  unless none was there before it (``regraad init`` commits the data with its baseline).

Without a baseline every commit is judged, as before baselines existed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..git import gitio, trailers
from ..i18n import _
from ..load.kinds import match_path
from .history import AUDITED_KINDS, Commit, Range, read_trailers
from .problems import BASELINE, CommitProblems, Problem

# a line of a commit message that may be a baseline's trailer (the trailers decide)
_GREP = f"^{trailers.ACTION}:[[:space:]]*{trailers.BASELINE}[[:space:]]*$"


@dataclass(frozen=True)
class Start:
    """Where judging starts: the first baseline, and the commits read that it makes given."""

    baseline: str | None = None  # its full id; None without a baseline
    given: frozenset[str] = field(default_factory=frozenset)  # itself and what came before


def is_baseline(c: Commit) -> bool:
    return c.trailer(trailers.ACTION) == trailers.BASELINE


def find_start(
    where: gitio.Place, rng: Range, commits: list[Commit], *, since: str | None = None
) -> Start:
    """The first baseline in the history of ``rng``'s tip, whether or not ``commits`` (what
    was read of ``rng``, oldest first) hold it, and which of them it makes given.

    A whole history read as it is holds every baseline and the ancestry between them: no
    git process. A range or ``since`` may leave the first baseline out, so git is asked
    (one ``rev-list``, and a second to list what came before it when ``since`` cut)."""
    by_sha = {c.sha: c for c in commits}
    if rng.exclude is None and since is None:
        first = next((c.sha for c in commits if is_baseline(c)), None)
    else:
        first = first_baseline(where, rng.include)
    if first is None:
        return Start()
    if first not in by_sha and since is None:
        # left out of the range: it is in the history the range excludes, and so is all
        # that came before it
        return Start(first)
    if since is None:
        return Start(first, frozenset(_ancestry(first, by_sha)))
    out = gitio.run(where.repo, "rev-list", "--end-of-options", first, "--")
    return Start(first, frozenset(out.decode().split()) & by_sha.keys())


def first_baseline(where: gitio.Place, tip: str) -> str | None:
    """The baseline with no baseline before it in ``tip``'s history (the last one
    ``--topo-order`` lists, children before their parents), or None."""
    out = gitio.run(
        where.repo,
        "rev-list",
        "--topo-order",
        "--regexp-ignore-case",
        "--extended-regexp",
        f"--grep={_GREP}",
        "--format=%x01%H%x00%(trailers:only,unfold,separator=%x1f)%x00",
        "--end-of-options",
        tip,
        "--",
    )
    first = None
    for record in out.decode("utf-8", "replace").split("\x01")[1:]:
        sha, _sep, rest = record.partition("\x00")
        found = dict(reversed(read_trailers(rest.partition("\x00")[0])))  # the first counts
        if found.get(trailers.ACTION) == trailers.BASELINE:
            first = sha
    return first


def _ancestry(sha: str, by_sha: dict[str, Commit]) -> set[str]:
    """``sha`` and its ancestors among the commits read (a range holds every commit
    between one of its commits and that commit's ancestors in it)."""
    seen: set[str] = set()
    todo = [sha]
    while todo:
        current = todo.pop()
        if current in seen or current not in by_sha:
            continue
        seen.add(current)
        todo.extend(by_sha[current].parents)
    return seen


def baseline_problems(
    where: gitio.Place, start: Start, commits: Iterable[Commit], specialty: str | None = None
) -> list[Problem]:
    """The baselines' own rules, for the baselines among ``commits``."""
    problems: list[Problem] = []
    for c in commits:
        if not is_baseline(c):
            continue
        found = CommitProblems(c)
        if c.sha != start.baseline:
            found.add(
                BASELINE,
                _("a second baseline: the history already starts from baseline {commit}").format(
                    commit=(start.baseline or "")[:10]
                ),
                hint=_(
                    "a repository has one baseline, recorded where regraad took it over; "
                    "record changes with the commands that make them"
                ),
            )
        changed = [ch for ch in c.changes if specialty is None or ch.specialty == specialty]
        if changed and c.sha == start.baseline and _held_before(where, c):
            for ch in changed:
                found.add(
                    BASELINE,
                    _(
                        "the baseline changes {path}; a baseline takes the data as it "
                        "stands and changes no proposal or council file that was there "
                        "before it"
                    ).format(path=ch.path),
                    ch.path,
                    _(
                        "record the baseline as an empty commit (regraad audit baseline) "
                        "and each change in its own commit with its command"
                    ),
                )
        problems += found.problems
    return problems


def _held_before(where: gitio.Place, c: Commit) -> bool:
    """Whether a parent of ``c`` already held a proposal or council file."""
    folder = where.prefix + "data/specialties/"
    for parent in c.parents:
        for _mode, _sha, path in gitio.ls_tree(where.repo, parent, folder):
            matched = match_path(path[len(where.prefix) :])
            if matched is not None and matched[0].name in AUDITED_KINDS:
                return True
    return False
