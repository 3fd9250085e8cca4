"""What a commit's Regraad trailers claim: which file an action is about.

Read before any file is, so a check knows which change the trailers describe; trailers
that cannot say it are ``trailer`` problems here and are not held against the files.
"""

from __future__ import annotations

import re

from ..git import trailers
from ..i18n import _
from .history import Commit
from .problems import TRAILER, CommitProblems

_TARGET = re.compile(r"[^/]+/[^/]+\Z")


def named_specialty(c: Commit) -> str | None:
    """The specialty of the proposal, council or meeting the trailers name, if any."""
    target = (
        c.trailer(trailers.PROPOSAL)
        or c.trailer(trailers.COUNCIL)
        or c.trailer(trailers.CASE)
        or c.trailer(trailers.MEETING)
    )
    return target.split("/", 1)[0] if target else None


def read_claim(found: CommitProblems) -> tuple[str | None, str | None]:
    """The action's family ("proposal", "council", "case" or "meeting") and target, each None when
    the trailers do not say it; problems when they are malformed."""
    c = found.commit
    action = c.trailer(trailers.ACTION)
    if action is None:
        if c.trailers:
            found.add(
                TRAILER,
                _("Regraad trailers without a {trailer} trailer").format(trailer=trailers.ACTION),
            )
        return None, None
    if c.trailer_count(trailers.ACTION) > 1:
        found.add(
            TRAILER,
            _("several {trailer} trailers; one commit records one action").format(
                trailer=trailers.ACTION
            ),
        )
    meeting = c.trailer(trailers.MEETING)
    if meeting is not None:
        _check_target(found, trailers.MEETING, meeting)
    if action == trailers.BASELINE:
        return None, None  # names no file: the baseline's own rules are ``baselines``'
    if action in trailers.PROPOSAL_ACTIONS:
        family, key = "proposal", trailers.PROPOSAL
    elif action in trailers.COUNCIL_ACTIONS:
        family, key = "council", trailers.COUNCIL
    elif action in trailers.CASE_ACTIONS:
        family, key = "case", trailers.CASE
    elif action in trailers.MEETING_ACTIONS:
        family, key = "meeting", trailers.MEETING
    else:
        found.add(
            TRAILER,
            _("unknown {trailer} '{action}'").format(trailer=trailers.ACTION, action=action),
        )
        return None, None
    target = c.trailer(key)
    if target is None:
        found.missing_trailer(action, key)
        return family, None
    if not _check_target(found, key, target):
        return family, None
    return family, target


def _check_target(found: CommitProblems, key: str, value: str) -> bool:
    """Whether ``value`` of trailer ``key`` is ``<specialty>/<name>``; a problem when not."""
    if _TARGET.match(value):
        return True
    found.add(
        TRAILER,
        _("{trailer} '{value}' is not <specialty>/<name>").format(trailer=key, value=value),
    )
    return False
