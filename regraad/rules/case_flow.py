"""The life of a council case (HMN mandate §3) as data, read by the workflow and the audit.

A case records what a council could not settle itself: a disagreement on rotation and
the organisation of the education, or a bottleneck. It opens with the trusts'
positions, may be escalated to the regional medical directors' meeting
(fagdirektørmøtet) or the HR directors' meeting, is decided (by the council when it
settles it after all, else by the meeting it went to) and is closed when the decision
has been followed up. One definition, so ``regraad case`` and ``audit --verify``
cannot disagree on what a legal step is.
"""

from __future__ import annotations

from ..i18n import N_

OPEN = "open"
ESCALATED = "escalated"
DECIDED = "decided"
CLOSED = "closed"

KINDS = ("disagreement", "bottleneck")
KIND_TITLES = {"disagreement": N_("disagreement"), "bottleneck": N_("bottleneck")}
# where a case may be escalated: the RHF's regional meetings the mandate names
BODIES = ("fagdirektormote", "hr-direktormote")
COUNCIL = "council"  # the body that decides a case that was never escalated

STATE_TITLES = {
    OPEN: N_("open in the council"),
    ESCALATED: N_("escalated"),
    DECIDED: N_("decided"),
    CLOSED: N_("closed"),
}
BODY_TITLES = {
    "fagdirektormote": N_("the regional medical directors' meeting (fagdirektørmøtet)"),
    "hr-direktormote": N_("the regional HR directors' meeting"),
    COUNCIL: N_("the council"),
}

# the states a case in a state may move to
NEXT: dict[str, tuple[str, ...]] = {
    OPEN: (ESCALATED, DECIDED),
    ESCALATED: (DECIDED,),
    DECIDED: (CLOSED,),
    CLOSED: (),
}
# the states in which the council's work on the case is not done (agenda, report)
PENDING = frozenset((OPEN, ESCALATED))


def is_legal(before: str, after: str) -> bool:
    """Whether a case may move from ``before`` to ``after`` in one step."""
    return after in NEXT.get(before, ())
