"""A range of history read in one ``git log`` pass: commits, trailers, changed files.

One process for thousands of commits: a custom ``--format`` with NUL-separated
fields and ``--raw -z --no-abbrev`` for the old and new blob of every changed file,
so paths with spaces or æøå arrive unquoted and the blobs can be read later in one
``git cat-file --batch``. Merge commits are read too, without a diff (git shows
none for them here): each commit a merge brings in is read on its own, against its
own parent, and what the merge itself made is compared with git's own merge of its
parents (``merges``). The whole tree is read, not only the data root, so a commit
whose trailers name a file it did not touch is still found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..git import gitio, trailers
from ..i18n import _
from ..load.kinds import match_path

AUDITED_KINDS = ("proposal", "council", "goalset-council", "case")
ZERO = "0" * 40
_REGULAR = ("100644", "100755")
_SHORT = 10  # as in the labels of ``regraad diff``
_KEYS = {
    key.lower(): key
    for key in (
        trailers.ACTION,
        trailers.PROPOSAL,
        trailers.COUNCIL,
        trailers.MEMBER,
        trailers.FROM,
        trailers.TO,
        trailers.BY,
        trailers.RECOMMENDATION,
        trailers.MEETING,
        trailers.REPLACES,
        trailers.REVERTS,
        trailers.CASE,
    )
}


@dataclass(frozen=True)
class Range:
    """What to read: the history of ``include`` without that of ``exclude``."""

    label: str
    include: str
    exclude: str | None = None


def resolve_range(repo: Path, text: str | None) -> Range:
    """``A..B``, ``A...B`` or one revision, each name resolved (and refused if option-like).

    ``A...B`` lists what B brought since it left A, as ``regraad diff A...B`` compares;
    for a list of commits that is the same set as ``A..B`` (commits only on A are not
    audited: they were audited where they were made).
    """
    label = "HEAD" if text is None else text
    if not label.startswith("-"):
        for separator in ("...", ".."):
            if separator in label:
                left, right = label.split(separator, 1)
                left, right = left or "HEAD", right or "HEAD"
                exclude = gitio.resolve_commit(repo, left)
                include = gitio.resolve_commit(repo, right)
                return Range(f"{left}{separator}{right}", include, exclude)
    return Range(label, gitio.resolve_commit(repo, label))


@dataclass(frozen=True)
class FileChange:
    """A proposal or council file a commit changed; a blob is None on the side it is absent."""

    path: str  # from the data root
    kind: str  # "proposal" or "council"
    specialty: str
    name: str  # the proposal id or the council's region
    old: str | None
    new: str | None

    @property
    def target(self) -> str:
        """As trailers name it: ``<specialty>/<id>`` or ``<specialty>/<region>``."""
        return f"{self.specialty}/{self.name}"


@dataclass(frozen=True)
class Commit:
    """One commit: who, when, its Regraad trailers and the audited files it changed
    (none for a merge: ``merges`` reads what a merge made)."""

    sha: str
    parents: tuple[str, ...]
    date: str  # author date, ISO 8601 with the author's offset
    author: str
    email: str
    signature: str  # %G? when signatures were asked for, else ""
    subject: str
    trailers: tuple[tuple[str, str], ...]  # Regraad trailers only, canonical keys, in order
    changes: tuple[FileChange, ...]
    specialties: frozenset[str]  # every specialty folder the commit touched
    touches_data: bool  # changed anything under the data root's data/
    tree: str = ""

    @property
    def short(self) -> str:
        return self.sha[:_SHORT]

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    def trailer(self, key: str) -> str | None:
        """The first value of trailer ``key``, or None."""
        return next((value for k, value in self.trailers if k == key), None)

    def trailer_count(self, key: str) -> int:
        return sum(1 for k, _value in self.trailers if k == key)


def _format(signatures: bool) -> str:
    fields = [
        "%x01%H",
        "%P",
        "%aI",
        "%an",
        "%ae",
        "%G?" if signatures else "",
        "%s",
        "%(trailers:only,unfold,separator=%x1f)",
        "%T",
    ]
    return "%x00" + "%x00".join(fields) + "%x00"


_HEADER_FIELDS = 8  # the fields after the %x01%H marker


def read_log(
    where: gitio.Place, rng: Range, *, since: str | None = None, signatures: bool = False
) -> list[Commit]:
    """Every commit of ``rng``, oldest first, from one ``git log`` process.

    ``since`` (YYYY-MM-DD) keeps commits authored on or after that day; git skips
    older ones by commit date first, with a day's margin for time zones.
    """
    args = [
        "-c",
        "log.showSignature=false",
        "log",
        "-z",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--no-color",
        "--root",
        "--date-order",  # no parent before its children; reversed, the oldest first
        f"--format={_format(signatures)}",
    ]
    if since is not None:
        day_before = dt.date.fromisoformat(since) - dt.timedelta(days=1)
        args.append(f"--since={day_before.isoformat()}T00:00:00")
    args += ["--end-of-options", rng.include]
    if rng.exclude is not None:
        args.append("^" + rng.exclude)
    args.append("--")
    try:
        out = gitio.run(where.repo, *args)
    except gitio.GitError as exc:
        raise UsageError(
            _("git log failed for {range}: {error}").format(range=rng.label, error=exc.stderr)
        ) from None
    commits = parse_log(out, where.prefix)
    if since is not None:
        commits = [c for c in commits if c.date[:10] >= since]
    if any(not c.parents for c in commits):
        _refuse_shallow(where.repo, commits, rng)
    commits.reverse()
    return commits


def parse_log(out: bytes, prefix: str) -> list[Commit]:
    """The commits of ``git log -z --raw`` output in our format (newest first, as git gives)."""
    tokens = out.split(b"\0")
    commits: list[Commit] = []
    header: list[bytes] | None = None
    changes: list[FileChange] = []
    specialties: set[str] = set()
    touches = False
    data = prefix + "data/"
    spec_dir = data + "specialties/"
    sets_dir = data + "goalsets/"  # a goal set's councils (data/goalsets/<id>/councils/)
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        if token.startswith(b"\x01"):
            if header is not None:
                commits.append(_commit(header, changes, specialties, touches))
            header = [token[1:], *tokens[i + 1 : i + 1 + _HEADER_FIELDS]]
            changes, specialties, touches = [], set(), False
            i += 1 + _HEADER_FIELDS
            continue
        meta = token.lstrip(b"\n")
        if meta.startswith(b":") and i + 1 < n:
            path = tokens[i + 1].decode("utf-8", "surrogateescape")
            i += 2
            if not path.startswith(data):
                continue
            touches = True
            if not path.startswith((spec_dir, sets_dir)):
                continue
            rel = path[len(prefix) :]
            specialties.add(rel.split("/", 3)[2])  # a specialty, or a goal set
            change = governed_change(meta, rel)
            if change is not None:
                changes.append(change)
            continue
        i += 1
    if header is not None:
        commits.append(_commit(header, changes, specialties, touches))
    return commits


def governed_change(meta: bytes, rel: str) -> FileChange | None:
    """The change a ``--raw`` record (``:mode mode blob blob status``) makes to ``rel``,
    a path from the data root, when it is a proposal or council file."""
    matched = match_path(rel)
    if matched is None or matched[0].name not in AUDITED_KINDS:
        return None
    kind, params = matched
    old_mode, new_mode, old, new, _status = meta[1:].decode().split(" ", 4)
    family = _FAMILY.get(kind.name, kind.name)
    return FileChange(
        rel,
        family,
        params.get("specialty") or params["goalset"],
        params[_NAMES.get(kind.name, "region")],
        old if old != ZERO and old_mode in _REGULAR else None,
        new if new != ZERO and new_mode in _REGULAR else None,
    )


_NAMES = {"proposal": "proposal", "case": "case"}  # the path parameter naming the file
# a goal set's council is governed as a specialty's council is: same commands, trailers
# (Regraad-Council: FKM/hso) and checks
_FAMILY = {"goalset-council": "council"}


def _commit(
    header: list[bytes], changes: list[FileChange], specialties: set[str], touches: bool
) -> Commit:
    sha, parents, date, author, email, signature, subject, trailer_block, tree = (
        field.decode("utf-8", "replace") for field in header
    )
    return Commit(
        sha,
        tuple(parents.split()),
        date,
        author,
        email,
        signature,
        subject,
        read_trailers(trailer_block),
        tuple(changes),
        frozenset(specialties),
        touches,
        tree,
    )


def read_trailers(block: str) -> tuple[tuple[str, str], ...]:
    """The Regraad trailers of ``%(trailers:only,unfold,separator=%x1f)``, canonical keys."""
    found: list[tuple[str, str]] = []
    for line in block.split("\x1f"):
        key, sep, value = line.partition(":")
        canonical = _KEYS.get(key.strip().lower())
        if sep and canonical is not None:
            found.append((canonical, value.strip()))
    return tuple(found)


def _refuse_shallow(repo: Path, commits: list[Commit], rng: Range) -> None:
    """A parentless commit in a shallow clone is where the fetched history was cut off."""
    out = gitio.run(repo, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
    lines = out.decode().splitlines()
    if len(lines) < 2 or lines[0].strip() != "true":
        return
    shallow_file = Path(lines[1].strip())
    if not shallow_file.is_absolute():
        shallow_file = repo / shallow_file
    try:
        cut = set(shallow_file.read_text(encoding="ascii").split())
    except OSError:
        cut = set()
    if any(not c.parents and (c.sha in cut or not cut) for c in commits):
        raise UsageError(
            _("the history of {range} is incomplete in this clone").format(range=rng.label),
            _(
                "this is a shallow clone; fetch the full history "
                "(git fetch --unshallow, or fetch-depth: 0 in GitHub Actions)"
            ),
        )


@dataclass(frozen=True)
class Action:
    """One structured action, as the commit's trailers state it."""

    commit: Commit
    action: str
    proposal: str | None
    council: str | None
    member: str | None
    before: str | None  # Regraad-From
    after: str | None  # Regraad-To
    by: str | None
    recommendation: str | None
    meeting: str | None = None  # Regraad-Meeting: the meeting that decided it, or the one edited
    replaces: str | None = None  # Regraad-Replaces: the other member of a handover
    reverts: str | None = None  # Regraad-Reverts: the step a revert undoes
    case: str | None = None  # Regraad-Case: <specialty>/<case id>

    @property
    def target(self) -> str | None:
        return self.proposal or self.council or self.case or self.meeting

    @property
    def specialty(self) -> str | None:
        target = self.target
        return target.split("/", 1)[0] if target and "/" in target else None


def actions(commits: Iterable[Commit], specialty: str | None = None) -> list[Action]:
    """The actions the commits' trailers record, optionally of one specialty only."""
    found = []
    for c in commits:
        name = c.trailer(trailers.ACTION)
        if name is None:
            continue
        action = Action(
            c,
            name,
            c.trailer(trailers.PROPOSAL),
            c.trailer(trailers.COUNCIL),
            c.trailer(trailers.MEMBER),
            c.trailer(trailers.FROM),
            c.trailer(trailers.TO),
            c.trailer(trailers.BY),
            c.trailer(trailers.RECOMMENDATION),
            c.trailer(trailers.MEETING),
            c.trailer(trailers.REPLACES),
            c.trailer(trailers.REVERTS),
            c.trailer(trailers.CASE),
        )
        if specialty is None or action.specialty == specialty:
            found.append(action)
    return found
