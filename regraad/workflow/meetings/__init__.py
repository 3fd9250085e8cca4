"""Council meetings: the file, its agenda, the decisions taken in it, and the minutes.

The HSØ minutes describe the routine: RegUt convenes the council and sets the agenda
with the leader, a member helps write the minutes and RegUt sends them out; leader and
deputy are elected by the council itself. So:

- ``new`` creates ``meetings/<date>-<region>.yaml`` (one commit, ``meeting.new``);
- ``plan`` proposes the agenda from the data (proposals waiting for this council,
  bottlenecks at the region's hosts, what the council lacks by the C-rules, elections
  due) and ``write_agenda`` records it (``meeting.agenda``);
- ``attend`` records who was present and who sent apologies (``meeting.attend``);
- ``decide_recommend``, ``decide_elect`` and ``decide_advance`` take a decision and
  record it with the step or membership change it decides, in one commit;
  ``decide_note`` records a plain decision (``meeting.decide``); an item added later
  goes before "Eventuelt" (``order``);
- ``minutes`` renders the file as Markdown or HTML.

Everything written into the meeting file or the minutes is in the document's language
(``language``), whatever language the CLI's own messages are in.
"""

from __future__ import annotations

from .agenda import plan, suggest, write_agenda
from .attendance import Attendance, attend
from .bottlenecks import REASONS
from .decisions import Decision, decide_advance, decide_elect, decide_note, decide_recommend
from .elections import ELECTED, ELECTION_HORIZON_MONTHS
from .file import KINDS, find, meeting_path, new, ref
from .items import AgendaItem
from .language import LANGUAGES, PHRASES, phrases
from .numbering import check_item, next_number
from .rendering import FORMATS, minutes
from .waiting import REGIONAL_REVIEW

__all__ = [
    "ELECTED",
    "ELECTION_HORIZON_MONTHS",
    "FORMATS",
    "KINDS",
    "LANGUAGES",
    "PHRASES",
    "REASONS",
    "REGIONAL_REVIEW",
    "AgendaItem",
    "Attendance",
    "Decision",
    "attend",
    "check_item",
    "decide_advance",
    "decide_elect",
    "decide_note",
    "decide_recommend",
    "find",
    "meeting_path",
    "minutes",
    "new",
    "next_number",
    "phrases",
    "plan",
    "ref",
    "suggest",
    "write_agenda",
]
