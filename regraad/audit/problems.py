"""What ``regraad audit --verify`` reports: one problem per finding, tied to its commit.

The codes:

- ``no-trailers``: a governed change without a matching Regraad-Action and
  Regraad-Proposal or Regraad-Council;
- ``mismatch``: trailers that disagree with the change they describe;
- ``illegal``: a step the proposal's workflow does not allow (``proposal_flow``);
- ``history``: history entries edited or removed after the fact (only appends);
- ``trailer``: trailers that cannot be read (unknown action, one missing, malformed);
  ``meeting.*`` actions name a meeting file, which is not governed: they are listed, and
  only their trailers are read (a ``Regraad-Meeting`` on a decided step is its reference);
- ``unreadable``: a proposal or council file that does not parse on one side;
- ``unsigned``: with ``require_signed``, a commit without a good signature;
- ``baseline``: a second baseline, or a baseline that changes proposal or council files
  that were already there (``baselines``);
- ``merge``: a merge commit that changes a proposal or council itself instead of only
  bringing what its parents bring (``merges``).

A problem may carry a hint: what to do instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..git import trailers
from ..i18n import _
from .history import Commit

NO_TRAILERS = "no-trailers"
MISMATCH = "mismatch"
ILLEGAL = "illegal"
HISTORY = "history"
TRAILER = "trailer"
UNREADABLE = "unreadable"
UNSIGNED = "unsigned"
BASELINE = "baseline"
MERGE = "merge"


@dataclass(frozen=True)
class Problem:
    """Why one commit fails verification; ``path`` is the file concerned, if one is."""

    commit: str
    subject: str
    code: str
    message: str
    path: str | None = None
    hint: str | None = None

    @property
    def short(self) -> str:
        return self.commit[:10]


@dataclass
class CommitProblems:
    """The problems of one commit as the checks find them, so each names its commit."""

    commit: Commit
    problems: list[Problem] = field(default_factory=list)

    def add(
        self, code: str, message: str, path: str | None = None, hint: str | None = None
    ) -> None:
        self.problems.append(
            Problem(self.commit.sha, self.commit.subject, code, message, path, hint)
        )

    def mismatch(self, message: str, path: str | None = None) -> None:
        self.add(MISMATCH, message, path)

    def missing_trailer(self, action: str, trailer: str, path: str | None = None) -> None:
        """``action`` needs ``trailer`` and the commit has none."""
        self.add(
            TRAILER,
            _("{action} without a {trailer} trailer").format(action=action, trailer=trailer),
            path,
        )

    def state_trailer_matches(self, state: Any, path: str) -> None:
        """Regraad-To names the state the step moved to (proposals and cases alike)."""
        said = self.commit.trailer(trailers.TO)
        if said is None:
            self.missing_trailer(self.commit.trailer(trailers.ACTION) or "", trailers.TO, path)
        elif said != state:
            self.mismatch(
                _("{trailer} says {said}, but the state became {state}").format(
                    trailer=trailers.TO, said=said, state=state
                ),
                path,
            )

    def by_trailer_matches(self, entries: list[Any], path: str) -> None:
        """Regraad-By names who took the step, as the new history entry records it."""
        said = self.commit.trailer(trailers.BY)
        if said is None or not entries or not isinstance(entries[0], dict):
            return
        recorded = entries[0].get("by")
        if recorded is not None and str(recorded) != said:
            self.mismatch(
                _("{trailer} says {said}, but the history entry says {recorded}").format(
                    trailer=trailers.BY, said=said, recorded=recorded
                ),
                path,
            )
