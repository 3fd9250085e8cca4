"""The change process of the mandate (section 2.1) as data.

``local-la`` is handled inside the region; ``national-la`` and ``learning-goal`` go
through the fagkontakt RegUt, the councils, the RegUt leader meeting, the HF/RHF
leaders, Helsedirektoratet and the specialty committee. The W-rules and the
``propose`` commands read this one definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_

WITHDRAWN = "withdrawn"
ACCEPTED = "accepted"
REJECTED = "rejected"
FINAL = frozenset((ACCEPTED, REJECTED, WITHDRAWN))

STATE_TITLES = {
    "draft": N_("draft"),
    "regional-review": N_("regional review"),
    "submitted": N_("submitted to the fagkontakt RegUt"),
    "council-review": N_("review by the regional councils"),
    "leader-meeting": N_("RegUt leader meeting"),
    "leadership-review": N_("consequences with HF/RHF leaders"),
    "directorate": N_("with Helsedirektoratet"),
    "committee-review": N_("with the specialty committee"),
    ACCEPTED: N_("accepted"),
    REJECTED: N_("rejected"),
    WITHDRAWN: N_("withdrawn"),
}


@dataclass(frozen=True)
class Workflow:
    kind: str
    path: tuple[str, ...]  # the main line, draft first
    finals: tuple[str, ...]  # where the last main-line state may go

    def next_states(self, state: str) -> tuple[str, ...]:
        """The states a proposal in ``state`` may move to (none from a state of another
        workflow, e.g. a national proposal's history holding ``regional-review``)."""
        if state in FINAL or state not in self.path:
            return ()
        i = self.path.index(state)
        forward = self.path[i + 1 : i + 2] if i + 1 < len(self.path) else self.finals
        return (*forward, WITHDRAWN)

    def is_legal(self, before: str, after: str) -> bool:
        return before in self.path and after in self.next_states(before)

    def reached_after(self, history_states: list[str], state: str) -> bool:
        """True when the history moved on from ``state`` to a later one."""
        if state not in history_states:
            return False
        after = history_states[history_states.index(state) + 1 :]
        return any(s != WITHDRAWN for s in after)

    @property
    def national(self) -> bool:
        return self.kind != "local-la"


_NATIONAL_PATH = (
    "draft",
    "submitted",
    "council-review",
    "leader-meeting",
    "leadership-review",
    "directorate",
    "committee-review",
)

WORKFLOWS: dict[str, Workflow] = {
    "local-la": Workflow("local-la", ("draft", "regional-review"), (ACCEPTED, REJECTED)),
    "national-la": Workflow("national-la", _NATIONAL_PATH, (ACCEPTED, REJECTED)),
    "learning-goal": Workflow("learning-goal", _NATIONAL_PATH, (ACCEPTED, REJECTED)),
}

# Guards, read by the rules and by the commands that move proposals.
SUBMITTED = "submitted"  # records `to:` = the specialty's fagkontakt RegUt
NEEDS_RECOMMENDATION = "council-review"  # leaving it needs a council recommendation
NEEDS_CONSEQUENCES = "leader-meeting"  # leaving it needs economic + organisational consequences
