"""The governed part of a proposal or council file, as the checks compare it.

Governed is everything that decides the process, which only the commands change: a
proposal's identity and route (``id``, ``specialty``, ``kind``, ``origin``, ``inbound``;
set when it is filed), its ``state`` and ``history`` (each step's ``to``, ``due`` and
``returned`` included), its ``recommendations``, the councils' ``deadlines`` and its
decision (``decided``, ``in_force``, ``reason``, ``adopted_by``); and each
council entry's membership (name, role, trust, from and to). Anything else in those
files (title, summary, notes, e-mail addresses) is ordinary editing. So is the rest of a
member's mandate: who appointed them, the term they are appointed for (``term_to``), their
personal deputy and a seat on the specialty committee record what the trust or the union
decided elsewhere; no rule counts them for the council's composition and no command
changes them on the council's behalf (a re-appointment or a new deputy is a correction of
the record), and ``validate`` (C-MANDATE) checks that the deputy is a real entry. The
views take the data as it is, however malformed: a check reports what changed, the
validator what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DRAFT = "draft"  # where every proposal starts

# the top-level keys the audit reads (``snapshots`` reads only these blocks)
PROPOSAL_KEYS = (
    "id",
    "specialty",
    "kind",
    "origin",
    "inbound",
    "state",
    "history",
    "recommendations",
    "deadlines",
    "decided",
    "in_force",
    "reason",
    "adopted_by",
)
COUNCIL_KEYS = ("members",)
# set when a proposal is filed (proposal.new, proposal.receive); no command changes them
FIXED = ("id", "specialty", "kind", "origin", "inbound")
# the decision: set by the step that decides (or withdraws, stops) a proposal
DECISION = ("decided", "in_force", "reason", "adopted_by")

Member = tuple[Any, Any, Any, Any, Any]  # name, role, trust, from, to
MEMBER_FIELDS = ("name", "role", "trust", "from", "to")


@dataclass(frozen=True)
class ProposalView:
    """The governed part of a proposal file."""

    kind: Any
    state: Any
    history: list[Any]
    recommendations: list[Any]
    id: Any = None
    specialty: Any = None
    origin: Any = None
    inbound: Any = None
    decided: Any = None
    in_force: Any = None
    reason: Any = None
    adopted_by: Any = None
    deadlines: Any = None

    def value(self, key: str) -> Any:
        """The value of one of ``PROPOSAL_KEYS``."""
        return getattr(self, key)


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
        **{key: data.get(key) for key in (*FIXED, *DECISION, "deadlines") if key != "kind"},
    )


def council_view(data: dict[str, Any] | None) -> CouncilView | None:
    """None where the file is absent."""
    if data is None:
        return None
    return CouncilView(tuple(_member(m) for m in _as_list(data.get("members"))))


def changed_keys(before: ProposalView, after: ProposalView) -> list[str]:
    """The governed keys whose values differ, in ``PROPOSAL_KEYS`` order."""
    return [key for key in PROPOSAL_KEYS if before.value(key) != after.value(key)]


def shown(value: Any) -> str:
    """A governed value in a message: ``—`` for none, a mapping as ``key: value`` pairs."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {shown(v)}" for k, v in value.items()) + "}"
    return str(value)


def change_of(key: str, before: Any, after: Any) -> str:
    """``key before → after``, a mapping's keys compared one by one (``origin.region``)."""
    if isinstance(before, dict) and isinstance(after, dict):
        return ", ".join(
            f"{key}.{k} {shown(before.get(k))} → {shown(after.get(k))}"
            for k in dict.fromkeys([*before, *after])
            if before.get(k) != after.get(k)
        )
    return f"{key} {shown(before)} → {shown(after)}"


def entry_changes(before: Any, after: Any) -> str:
    """What an edit changed in one history entry, e.g. ``to hv → hso``."""
    if isinstance(before, dict) and isinstance(after, dict):
        return ", ".join(
            change_of(str(k), before.get(k), after.get(k))
            for k in dict.fromkeys([*before, *after])
            if before.get(k) != after.get(k)
        )
    return f"{shown(before)} → {shown(after)}"


def member_changes(before: Member, after: Member) -> str:
    """What an edit changed in one membership, e.g. ``role member → leader``."""
    return ", ".join(
        f"{key} {shown(a)} → {shown(b)}"
        for key, a, b in zip(MEMBER_FIELDS, before, after, strict=True)
        if a != b
    )


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


# A council case (``rules.case_flow``): everything but its subject, background and
# trusts is governed; ``regraad case`` changes it, one step per commit.
CASE_KEYS = (
    "id",
    "specialty",
    "region",
    "kind",
    "state",
    "history",
    "positions",
    "escalation",
    "decision",
)
CASE_FIXED = ("id", "specialty", "region", "kind")  # set when the case is opened


@dataclass(frozen=True)
class CaseView:
    """The governed part of a case file."""

    values: tuple[tuple[str, Any], ...]

    def value(self, key: str) -> Any:
        return dict(self.values).get(key)

    @property
    def state(self) -> Any:
        return self.value("state")

    @property
    def history(self) -> list[Any]:
        return _as_list(self.value("history"))

    @property
    def positions(self) -> list[Any]:
        return _as_list(self.value("positions"))


def case_view(data: dict[str, Any] | None) -> CaseView | None:
    """None where the file is absent."""
    if data is None:
        return None
    return CaseView(tuple((key, data.get(key)) for key in CASE_KEYS))
