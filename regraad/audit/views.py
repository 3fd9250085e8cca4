"""The governed part of a proposal or council file, as the checks compare it.

Only these parts need trailers: a proposal's ``state``, ``history`` and
``recommendations`` (``kind`` picks its workflow) and each council entry's membership
(name, role, trust, from and to). Anything else in those files (summary, notes,
e-mail addresses) is ordinary editing. The views take the data as it is, however
malformed: a check reports what changed, the validator what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DRAFT = "draft"  # where every proposal starts

Member = tuple[Any, Any, Any, Any, Any]  # name, role, trust, from, to


@dataclass(frozen=True)
class ProposalView:
    """The governed part of a proposal file."""

    kind: Any
    state: Any
    history: list[Any]
    recommendations: list[Any]


@dataclass(frozen=True)
class CouncilView:
    """The governed part of a council file: each entry's membership fields."""

    members: tuple[Member, ...]


def proposal_view(data: dict[str, Any] | None) -> ProposalView | None:
    """None where the file is absent."""
    if data is None:
        return None
    return ProposalView(
        data.get("kind"),
        data.get("state"),
        _as_list(data.get("history")),
        _as_list(data.get("recommendations")),
    )


def council_view(data: dict[str, Any] | None) -> CouncilView | None:
    """None where the file is absent."""
    if data is None:
        return None
    return CouncilView(tuple(_member(m) for m in _as_list(data.get("members"))))


def states(entries: list[Any]) -> list[Any]:
    """The states history entries record (an entry that is not a mapping stands for itself)."""
    return [e.get("state") if isinstance(e, dict) else e for e in entries]


def appended(old: list[Any], new: list[Any]) -> list[Any] | None:
    """The entries ``new`` adds after ``old``; None when it changes or drops any of ``old``."""
    return new[len(old) :] if new[: len(old)] == old else None


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _member(entry: Any) -> Member:
    if not isinstance(entry, dict):
        return (entry, None, None, None, None)
    return (
        entry.get("name"),
        entry.get("role"),
        entry.get("trust"),
        entry.get("from"),
        entry.get("to"),
    )
