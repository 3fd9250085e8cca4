"""What the commands that record changes share: their options, the actor, the flow.

``propose``, ``council`` and ``meeting`` all edit files and commit them through
``workflow.apply``; their options and their report of what happened read the same, so
they are declared here once. A command takes its own options, builds the change and
hands it to ``Recording.run``; ``@recording`` adds the commit options to it.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import _
from ..output.safe import visible
from .options import as_of_date, one_line, prose
from .state import STATE

if TYPE_CHECKING:
    from ..load.dataset import Dataset
    from ..workflow import Change, CommitOptions

    # makes a command's change from the data root and its dataset; None: nothing to record
    Build = Callable[[Path, Dataset], Change | None]

NoCommit = Annotated[
    bool, typer.Option("--no-commit", help=_("Only edit the file; commit nothing."))
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help=_("Show the change as a diff; write nothing."))
]
Branch = Annotated[
    str | None,
    typer.Option("--branch", metavar="NAME", help=_("Commit on a new branch, for a pull request.")),
]
Sign = Annotated[bool, typer.Option("--sign", help=_("Sign the commit (git commit -S)."))]
AllowGap = Annotated[
    bool,
    typer.Option(
        "--allow-gap",
        help=_(
            "Record it although it leaves a gap from a later date (no leader, no member for a "
            "trust); validate warns until that date, then fails."
        ),
    ),
]
# council and meeting check the result from this date on; propose takes options.AsOf.
CheckAsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help=_(
            "Check the result on this date and every later date the data names (default: today)."
        ),
    ),
]
# --by names the actor: of a membership change (council), of a step (propose, meeting).
RecordedBy = Annotated[
    str | None,
    typer.Option(
        "--by",
        metavar="WHO",
        help=_("Who records the change (default: git user.name)."),
        callback=one_line,
    ),
]
StepBy = Annotated[
    str | None,
    typer.Option(
        "--by",
        metavar="WHO",
        help=_("Who takes the step (default: git user.name)."),
        callback=one_line,
    ),
]
StepNote = Annotated[
    str | None,
    typer.Option(
        "--note",
        metavar="TEXT",
        help=_("A note kept with the step and in the commit."),
        callback=prose,
    ),
]


def load() -> tuple[Path, Dataset]:
    """The data root and its working-tree dataset."""
    from ..load.loader import load_directory

    root = STATE.data_root()
    return root, load_directory(root)


def who(root: Path, by: str | None) -> str:
    """``--by``, else the repository's ``git config user.name``, else "unknown"."""
    if by and by.strip():
        return by.strip()
    from ..errors import UsageError
    from ..git import gitio

    try:
        return gitio.run(root, "config", "user.name").decode().strip() or "unknown"
    except (gitio.GitError, UsageError):
        return "unknown"


@dataclass(frozen=True)
class Recording:
    """The values of the options ``@recording`` adds, and the edit → validate → commit
    flow they steer, the same for every recording command."""

    no_commit: bool
    dry_run: bool
    branch: str | None
    sign: bool
    as_of: str | None
    allow_gap: bool = False

    @property
    def asked_to_commit(self) -> bool:
        """Whether any option about committing was given (``meeting agenda`` takes them
        only with ``--write``)."""
        return bool(self.no_commit or self.dry_run or self.branch or self.sign)

    def run(self, build: Build) -> None:
        """Load the data root, let ``build`` make the change from it (a command's own
        part), apply the change and say what happened; with None from ``build`` (a
        command that only shows) nothing is applied."""
        root, dataset = load()
        change = build(root, dataset)
        if change is not None:
            _finish(root, dataset, change, self._options(), self.as_of)

    def _options(self) -> CommitOptions:
        from ..workflow import CommitOptions

        return CommitOptions(
            no_commit=self.no_commit,
            dry_run=self.dry_run,
            branch=self.branch,
            sign=self.sign,
            allow_gaps=self.allow_gap,
        )


def _finish(
    root: Path, dataset: Dataset, change: Change, options: CommitOptions, as_of: str | None
) -> None:
    """Apply the change and say what happened: the diff, the edited files, or the commit."""
    from ..workflow import apply

    outcome = apply(root, dataset, change, options, as_of_date(as_of))
    for note in outcome.notes:
        sys.stderr.write(f"regraad: {visible(note)}\n")
    if options.dry_run:
        sys.stdout.write(outcome.diff)
        return
    if outcome.commit is None:
        for path in outcome.paths:
            sys.stdout.write(_("edited {path} (not committed)").format(path=path) + "\n")
        return
    where = _(" on branch {branch}").format(branch=outcome.branch) if outcome.branch else ""
    sys.stdout.write(f"[{outcome.commit[:10]}{visible(where)}] {visible(change.subject)}\n")


Command = Callable[..., None]


def recording(
    as_of: object = CheckAsOf, *, allow_gap: bool = False
) -> Callable[[Command], Command]:
    """Give a command the options every recording command takes, after its own and in
    this order: ``--no-commit``, ``--dry-run``, ``--branch``, ``--sign``, ``--as-of``
    (``as_of`` is its declaration: CheckAsOf, or options.AsOf for propose) and, with
    ``allow_gap``, ``--allow-gap``. The command declares a keyword-only
    ``record: Recording`` and gets their values in it, so no command repeats them."""
    common = [
        _keyword("no_commit", NoCommit, False),
        _keyword("dry_run", DryRun, False),
        _keyword("branch", Branch, None),
        _keyword("sign", Sign, False),
        _keyword("as_of", as_of, None),
        *([_keyword("allow_gap", AllowGap, False)] if allow_gap else []),
    ]

    def decorate(command: Command) -> Command:
        if "record" not in inspect.signature(command).parameters:
            raise TypeError(f"{command.__name__} takes no record: Recording")
        return _Recorded(command, common)

    return decorate


def _keyword(name: str, annotation: object, default: object) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


class _Recorded:
    """A command as typer sees it: its own parameters, ``record`` replaced by the common
    options. typer reads parameters from ``inspect.signature``; the signature is made
    when asked for, as a plain function's is, so the command's inline help texts are
    translated when the app is built, not when the module is imported."""

    def __init__(self, command: Command, common: list[inspect.Parameter]) -> None:
        functools.update_wrapper(self, command)
        self._command = command
        self._common = common
        own = {k: v for k, v in command.__annotations__.items() if k != "record"}
        # typer also asks typing.get_type_hints, which reads these (strings are resolved
        # in the command's module, found through __wrapped__)
        self.__annotations__ = own | {p.name: p.annotation for p in common}

    @property
    def __signature__(self) -> inspect.Signature:
        own = inspect.signature(self._command, eval_str=True)
        kept = [p for p in own.parameters.values() if p.name != "record"]
        return own.replace(parameters=[*kept, *self._common])

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        values = {p.name: kwargs.pop(p.name) for p in self._common}
        self._command(*args, record=Recording(**values), **kwargs)
