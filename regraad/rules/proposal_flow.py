"""The change process of the mandate (section 2.1) as data.

``local-la`` is handled inside the region: the council gives its advice and the trust
adopts the activity (or does not); the council decides nothing there. ``national-la``
and ``learning-goal`` go out through the fagkontakt RegUt, the councils, the RegUt
leader meeting, the HF/RHF leaders, Helsedirektoratet and the specialty committee.
An *inbound* proposal (one with ``inbound:``) runs the other way: Helsedirektoratet
asks the RegUts and councils to assess a specialty committee's input by a deadline per
council; the fagkontakt RegUt collects the councils' recommendations and replies, and
Helsedirektoratet decides. Any open proposal past its first step can be sent back to
an earlier stage (a history entry with ``returned: true``) or stopped there
(``stopped``, with the reason). The W-rules and the ``propose`` commands read this one
definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_

WITHDRAWN = "withdrawn"
ACCEPTED = "accepted"
REJECTED = "rejected"
ADOPTED = "adopted"  # a local learning activity, adopted by the trust
STOPPED = "stopped"  # stopped at an intermediate stage, before the final decision
FINAL = frozenset((ACCEPTED, REJECTED, WITHDRAWN, ADOPTED, STOPPED))
DECIDED = frozenset((ACCEPTED, ADOPTED))  # the change is to be made in the data

STATE_TITLES = {
    "draft": N_("draft"),
    "received": N_("received from Helsedirektoratet for assessment"),
    "regional-review": N_("regional review"),
    "submitted": N_("submitted to the fagkontakt RegUt"),
    "council-review": N_("review by the regional councils"),
    "leader-meeting": N_("RegUt leader meeting"),
    "leadership-review": N_("consequences with HF/RHF leaders"),
    "directorate": N_("with Helsedirektoratet"),
    "committee-review": N_("with the specialty committee"),
    "replied": N_("answered to Helsedirektoratet"),
    ACCEPTED: N_("accepted"),
    ADOPTED: N_("adopted by the trust"),
    REJECTED: N_("rejected"),
    STOPPED: N_("stopped"),
    WITHDRAWN: N_("withdrawn"),
}


KIND_TITLES = {
    "local-la": N_("local learning activity"),
    "national-la": N_("national learning activity"),
    "learning-goal": N_("learning goal"),
}


@dataclass(frozen=True)
class Workflow:
    kind: str
    path: tuple[str, ...]  # the main line, draft first
    finals: tuple[str, ...]  # where the last main-line state may go

    @property
    def start(self) -> str:
        return self.path[0]

    def next_states(self, state: str) -> tuple[str, ...]:
        """The states a proposal in ``state`` may move to (none from a state of another
        workflow, e.g. a national proposal's history holding ``regional-review``): the
        next stage, withdrawn, and stopped once past the first step."""
        if state in FINAL or state not in self.path:
            return ()
        i = self.path.index(state)
        forward = self.path[i + 1 : i + 2] if i + 1 < len(self.path) else self.finals
        return (*forward, WITHDRAWN, *((STOPPED,) if i > 0 else ()))

    def earlier_states(self, state: str) -> tuple[str, ...]:
        """The stages a proposal in ``state`` may be sent back to (``returned``)."""
        if state in FINAL or state not in self.path:
            return ()
        return self.path[: self.path.index(state)]

    def is_legal(self, before: str, after: str, returned: bool = False) -> bool:
        if returned:
            return after in self.earlier_states(before)
        return before in self.path and after in self.next_states(before)

    def reached_after(self, history_states: list[str], state: str) -> bool:
        """True when the history moved on from ``state`` to a later one."""
        if state not in history_states:
            return False
        after = history_states[history_states.index(state) + 1 :]
        return any(
            s not in (WITHDRAWN, STOPPED) and s not in self.earlier_states(state) for s in after
        )

    @property
    def national(self) -> bool:
        return self.kind != "local-la"

    @property
    def inbound(self) -> bool:
        return self.path[0] == RECEIVED


_NATIONAL_PATH = (
    "draft",
    "submitted",
    "council-review",
    "leader-meeting",
    "leadership-review",
    "directorate",
    "committee-review",
)

RECEIVED = "received"  # an inbound request, received by the fagkontakt RegUt
_INBOUND_PATH = (RECEIVED, "council-review", "replied")

WORKFLOWS: dict[str, Workflow] = {
    "local-la": Workflow("local-la", ("draft", "regional-review"), (ADOPTED, REJECTED)),
    "national-la": Workflow("national-la", _NATIONAL_PATH, (ACCEPTED, REJECTED)),
    "learning-goal": Workflow("learning-goal", _NATIONAL_PATH, (ACCEPTED, REJECTED)),
}
INBOUND: dict[str, Workflow] = {
    kind: Workflow(kind, _INBOUND_PATH, (ACCEPTED, REJECTED))
    for kind in WORKFLOWS
    if kind != "local-la"
}
KINDS = tuple(WORKFLOWS)


def workflow_for(data: dict[str, object]) -> Workflow:
    """The workflow a proposal follows: its kind's, inbound when Helsedirektoratet sent it
    (a local learning activity never comes in)."""
    kind = str(data["kind"])
    if data.get("inbound") is not None and kind in INBOUND:
        return INBOUND[kind]
    return WORKFLOWS[kind]


# Guards, read by the rules and by the commands that move proposals.
SUBMITTED = "submitted"  # records `to:` = the specialty's fagkontakt RegUt
NEEDS_RECOMMENDATION = "council-review"  # leaving it needs a council recommendation
NEEDS_CONSEQUENCES = "leader-meeting"  # leaving it needs economic + organisational consequences
