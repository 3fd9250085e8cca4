"""The audit trail's vocabulary: commit trailers and action names (DESIGN.md §6).

Commands write these; ``regraad audit`` reads them back and checks them against
what the commit did to the files. One definition, so the two cannot drift.

A proposal step::

    proposal(urologi/2026-004): advance to leader-meeting

    Behandlet i regionalt råd; anbefales.

    Regraad-Action: proposal.advance
    Regraad-Proposal: urologi/2026-004
    Regraad-From: council-review
    Regraad-To: leader-meeting
    Regraad-By: RegUt HV

A membership change::

    council(anestesiologi/hmn): Kari Nordvik joins as member

    Regraad-Action: council.add
    Regraad-Council: anestesiologi/hmn
    Regraad-Member: Kari Nordvik
    Regraad-To: member
    Regraad-By: RegUt HMN

A handover, one commit for both members (the leaving one's membership ends the day
before; with ``council.role`` the two change places)::

    council(urologi/hso): Ola Haugland member → deputy, Marte Bakken deputy → member

    Regraad-Action: council.role
    Regraad-Council: urologi/hso
    Regraad-Member: Ola Haugland
    Regraad-From: member
    Regraad-To: deputy
    Regraad-Replaces: Marte Bakken
    Regraad-By: RegUt HSØ

A meeting file created, its agenda written, its attendance (``meeting.attend``) or a
plain decision (``meeting.decide``) recorded (meeting files are not governed: these are
listed, not verified)::

    meeting(urologi/2026-11-26-hso): new

    Regraad-Action: meeting.new
    Regraad-Meeting: urologi/2026-11-26-hso
    Regraad-By: RegUt HSØ

A decision taken in a meeting is the proposal step or membership change it decides,
with its usual trailers plus ``Regraad-Meeting``; the meeting file's ``decisions:``
is changed in the same commit.

A council case step (``regraad case``; a case cannot be settled in the council, so it is
escalated, decided and closed, each one commit)::

    case(anestesiologi/2026-001): escalate to fagdirektormote

    Regraad-Action: case.escalate
    Regraad-Case: anestesiologi/2026-001
    Regraad-From: open
    Regraad-To: escalated
    Regraad-By: RegUt HMN

A baseline: the data as it stands is the starting point, and every later commit is
judged (``regraad audit baseline`` records it as an empty commit; ``regraad init``
marks its first commit so)::

    baseline: the data as it stands is the starting point

    Regraad-Action: baseline
    Regraad-By: RegUt HMN

A correction: the last step on a proposal or council undone, its file put back as it was
(``regraad revert``; the body is the reason)::

    revert(anestesiologi/hmn): council(anestesiologi/hmn): Kari Nordvik joins as member

    Oppnevnt i feil råd.

    Regraad-Action: revert
    Regraad-Reverts: 3b63a17a55c3f8a0d6c1e0e2b7a4f1d9c8e5b6a7
    Regraad-Council: anestesiologi/hmn
    Regraad-By: RegUt HMN
"""

from __future__ import annotations

ACTION = "Regraad-Action"
PROPOSAL = "Regraad-Proposal"  # <specialty>/<proposal id>
COUNCIL = "Regraad-Council"  # <specialty>/<region>
MEMBER = "Regraad-Member"  # the member's name, as in the council file
FROM = "Regraad-From"  # state (proposals) or role (councils) before; absent when new
TO = "Regraad-To"  # state or role after; absent when a membership ends
BY = "Regraad-By"  # who took the step, as recorded in the file
RECOMMENDATION = "Regraad-Recommendation"  # "<region> <position>" for proposal.recommend
DEADLINE = "Regraad-Deadline"  # "<region> … <date>" for proposal.deadline
MEETING = "Regraad-Meeting"  # <specialty>/<meeting id>: the meeting that decided it
# a handover: the member whose membership (council.add) or role (council.role, taking
# over the Regraad-From role) ends the day before the new one starts, in the same commit
REPLACES = "Regraad-Replaces"
# a correction (``regraad revert``): the full id of the step it undoes
REVERTS = "Regraad-Reverts"
CASE = "Regraad-Case"  # <specialty>/<case id>

PROPOSAL_NEW = "proposal.new"
PROPOSAL_ADVANCE = "proposal.advance"
PROPOSAL_RECOMMEND = "proposal.recommend"
PROPOSAL_WITHDRAW = "proposal.withdraw"
PROPOSAL_RECEIVE = "proposal.receive"  # an inbound request from Helsedirektoratet filed
PROPOSAL_ADOPT = "proposal.adopt"  # a local learning activity adopted by the trust
PROPOSAL_RETURN = "proposal.return"  # sent back to an earlier stage
PROPOSAL_STOP = "proposal.stop"  # stopped at an intermediate stage
PROPOSAL_DEADLINE = "proposal.deadline"  # the councils' reply deadline set; the state stays
COUNCIL_ADD = "council.add"
COUNCIL_END = "council.end"
COUNCIL_ROLE = "council.role"
MEETING_NEW = "meeting.new"
MEETING_AGENDA = "meeting.agenda"
MEETING_ATTEND = "meeting.attend"  # attendance and apologies recorded
MEETING_DECIDE = "meeting.decide"  # a plain decision: no proposal step, no election
CASE_NEW = "case.new"
CASE_POSITION = "case.position"  # a trust's position recorded; the state stays
CASE_ESCALATE = "case.escalate"
CASE_DECIDE = "case.decide"
CASE_CLOSE = "case.close"
# "this state is given": the history up to and including the first baseline is the
# starting point ``audit --verify`` accepts as it is (``regraad init``, ``audit baseline``)
BASELINE = "baseline"
# undoes the last step on a proposal or council (Regraad-Reverts, and Regraad-Proposal or
# Regraad-Council); the body is the reason
REVERT = "revert"

PROPOSAL_ACTIONS = (
    PROPOSAL_NEW,
    PROPOSAL_RECEIVE,
    PROPOSAL_ADVANCE,
    PROPOSAL_RECOMMEND,
    PROPOSAL_ADOPT,
    PROPOSAL_RETURN,
    PROPOSAL_STOP,
    PROPOSAL_WITHDRAW,
    PROPOSAL_DEADLINE,
)
COUNCIL_ACTIONS = (COUNCIL_ADD, COUNCIL_END, COUNCIL_ROLE)
MEETING_ACTIONS = (MEETING_NEW, MEETING_AGENDA, MEETING_ATTEND, MEETING_DECIDE)
CASE_ACTIONS = (CASE_NEW, CASE_POSITION, CASE_ESCALATE, CASE_DECIDE, CASE_CLOSE)
