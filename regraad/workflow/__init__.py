"""Recorded changes: edit data files in place, validate the result, commit it honestly.

Every command that changes what the mandate says must be reported or decided
(proposal steps, council memberships) builds a ``Change`` — new file texts, a
commit subject, body and trailers — and hands it to ``apply``, which refuses
anything that would leave the dataset with new errors, put a national identity
number into the commit or branch name or a line break into its subject or trailers
(``committext``), then writes and commits
exactly those files (or only writes them, or only shows them).
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import clock
from ..edit.textedit import Editor
from ..errors import RefusedError
from ..findings import Finding, Severity
from ..git import gitio
from ..git.commit import (
    CommitPlan,
    Trailers,
    check_branch_name,
    commit,
    current_branch,
    preflight,
    session,
    start_branch,
)
from ..git.gitio import blob_hash
from ..i18n import _
from ..load.dataset import Dataset
from ..load.loader import build, cache_for
from ..load.schemacheck import SchemaStore
from ..load.sources import SourceFile, read_directory
from ..output.files import atomic_write
from .committext import refuse_broken_lines, refuse_identity_numbers


@dataclass(frozen=True)
class CommitOptions:
    no_commit: bool = False  # only edit the files
    dry_run: bool = False  # only show the change
    branch: str | None = None  # commit on this new branch
    sign: bool = False
    # record a change that leaves a gap (no leader, a trust without a member) from a later
    # day: validate warns until that day; contradictions and gaps today are still refused
    allow_gaps: bool = False


@dataclass
class Change:
    """New texts for some data files and the commit that records them.

    Subjects and trailers are English and fixed, whatever the committer's language, so
    the audit trail reads the same in every clone; the body is the user's own words."""

    subject: str
    trailers: list[tuple[str, str]]
    body: str = ""
    texts: dict[str, str] = field(default_factory=dict)  # data-root path -> new text
    # new errors the change may knowingly leave (a new council is built up member by member)
    tolerate: Callable[[Finding], bool] | None = None
    # the day the change takes effect (a membership's start, the day after its end, a
    # step's date): it is checked from then on, and on every later day the data names
    effective: str | None = None


@dataclass(frozen=True)
class Outcome:
    commit: str | None  # None when nothing was committed
    paths: list[str]
    diff: str  # unified diff of the files, for --dry-run
    branch: str | None = None
    notes: tuple[str, ...] = ()  # what was recovered from an interrupted earlier command


def today() -> str:
    """The clock's today: the default date of a recorded step."""
    return clock.today()


def editor(dataset: Dataset, path: str, change: Change) -> Editor:
    """An editor on the current text of ``path`` (or on what ``change`` already made of it)."""
    text = change.texts.get(path, dataset.texts.get(path))
    if text is None:
        raise RefusedError(_("{path} cannot be read").format(path=path))
    return Editor(text, path)


def one_line(value: object) -> str:
    """``value`` with its white space folded to single spaces: a line break in a name or
    ``--by`` must not forge another trailer, nor split a subject, heading or list line."""
    return " ".join(str(value).split())


ErrorKey = tuple[str, str, str]


def _errors(dataset: Dataset, first: str) -> dict[ErrorKey, tuple[str, Finding]]:
    """Every error from ``first`` on (``rules.timeline``), with the day it first holds."""
    from ..rules.timeline import judge
    from ..validate import all_check_ids

    timeline = judge(dataset, first, set(all_check_ids()))
    out: dict[ErrorKey, tuple[str, Finding]] = {}
    for f in [*dataset.load_findings, *timeline.now, *timeline.later]:
        if f.severity is Severity.ERROR:
            out.setdefault((f.rule, f.path, f.message), (f.since or first, f))
    return out


def check(
    root: Path, before: Dataset, change: Change, as_of: str, allow_gaps: bool = False
) -> None:
    """Refuse when the change would give the dataset an error it did not have, on the day
    it takes effect (``change.effective``, else ``as_of``) or any later day the data
    names, or an error it had, sooner."""
    sources = []
    seen = set()
    for found in read_directory(root):
        seen.add(found.path)
        if found.path in change.texts:
            content = change.texts[found.path].encode("utf-8")
            found = SourceFile(found.path, blob_hash(content), content)  # noqa: PLW2901
        sources.append(found)
    for path, text in change.texts.items():
        if path not in seen:
            content = text.encode("utf-8")
            sources.append(SourceFile(path, blob_hash(content), content))
    store = SchemaStore()
    after = build(str(root), sources, store, cache=cache_for(root, store))
    first = min(as_of, change.effective) if change.effective else as_of
    known = _errors(before, first)
    new = sorted(
        (
            (day, f)
            for k, (day, f) in _errors(after, first).items()
            if (k not in known or day < known[k][0])
            and not (change.tolerate is not None and change.tolerate(f))
            and not (allow_gaps and f.gap and day > as_of)
        ),
        key=lambda item: (item[0], item[1].path, item[1].line, item[1].col),
    )
    if not new:
        return
    shown = "\n".join(
        f"  {f.location} {f.rule} "
        + (
            f.message
            if day <= first
            else _("from {date}: {message}").format(date=day, message=f.message)
        )
        for day, f in new[:5]
    )
    more = "\n  …" if len(new) > 5 else ""
    day = new[0][0]
    if day <= first:
        message = _("the change would make the data invalid; nothing was changed:\n{findings}")
    else:
        message = _(
            "the change would make the data invalid from {date}; nothing was changed:\n{findings}"
        )
    raise RefusedError(
        message.format(date=day, findings=shown) + more,
        _(
            "record what fills the gap first or in the same command (council add or role "
            "--replaces), or record the gap with --allow-gap and fill it before {date}"
        ).format(date=day)
        if day > first and new[0][1].gap
        else _("fix the data or the command's options and try again"),
    )


def unified(before: Dataset, change: Change) -> str:
    out: list[str] = []
    for path, text in change.texts.items():
        old = before.texts.get(path, "")
        out.extend(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"a/{path}",
                f"b/{path}",
            )
        )
    return "".join(out)


def apply(
    root: Path, before: Dataset, change: Change, options: CommitOptions, as_of: str
) -> Outcome:
    """Validate, then show, write, or write and commit the change."""
    refuse_identity_numbers(change.subject, change.body, change.trailers, options.branch)
    if not options.no_commit:  # what becomes a commit: text must not become structure
        refuse_broken_lines(change.subject, change.body, change.trailers)
    if options.branch is not None:  # a usage error before anything is read or written
        check_branch_name(root, options.branch)
    paths = list(change.texts)
    if options.dry_run:
        check(root, before, change, as_of, options.allow_gaps)
        return Outcome(None, paths, unified(before, change))
    if options.no_commit:
        check(root, before, change, as_of, options.allow_gaps)
        _unchanged_since_read(root, before, change)
        for path, text in change.texts.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, text.encode("utf-8"))
        return Outcome(None, paths, unified(before, change))
    where = gitio.require_place(root, _("recording a change"))
    with session(where.repo, change.subject) as notes:
        preflight(where.repo, [where.prefix + p for p in paths], new_branch=bool(options.branch))
        check(root, before, change, as_of, options.allow_gaps)
        _unchanged_since_read(root, before, change)
        diff = unified(before, change)
        previous = current_branch(where.repo)
        if options.branch:
            start_branch(where.repo, options.branch)
        plan = CommitPlan(
            where.repo,
            {where.prefix + p: t.encode("utf-8") for p, t in change.texts.items()},
            change.subject,
            change.body,
            Trailers(tuple(change.trailers)),
        )
        try:
            sha = commit(plan, sign=options.sign)
        except BaseException:
            if options.branch:  # "nothing was changed" includes the branch we just made
                _drop_branch(where.repo, options.branch, previous)
            raise
        return Outcome(sha, paths, diff, current_branch(where.repo), tuple(notes))


def _unchanged_since_read(root: Path, before: Dataset, change: Change) -> None:
    """Refuse when a file to change is no longer what the command read: another command
    (or person) changed it meanwhile, and writing now would silently undo their change."""
    for path in change.texts:
        try:
            text: str | None = (root / path).read_bytes().decode("utf-8", "replace")  # as loaded
        except FileNotFoundError:
            text = None
        if text != before.texts.get(path):
            raise RefusedError(
                _("{path} changed while this command was running").format(path=path),
                _("run the command again on the new content; nothing was changed"),
            )


def _drop_branch(repo: Path, name: str, previous: str | None) -> None:
    """Go back to where the user was and delete the (still empty) new branch."""
    back = ["switch", "-q", previous] if previous else ["switch", "-q", "--detach", name]
    with contextlib.suppress(gitio.GitError):
        gitio.run(repo, *back)
        gitio.run(repo, "branch", "-q", "-D", name)
