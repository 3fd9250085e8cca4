"""What a recorded change writes into git itself: no identity number, no forged structure.

A number in a data file is X-PERSONNUMMER's to refuse (``workflow.check``); the commit's
subject, body and trailers and the branch name are not data files, but every clone
copies them and no rule, mask or later edit takes them back. Whatever the command,
they come from ``--by``, ``--note``, ``--reason``, ``--title``, ``--branch`` or a name,
so ``workflow.apply`` reads them all here, once, before anything is written.

Nor may text become structure: a line break in a title, a name or ``--by`` would put a
paragraph of its own into the commit, one git can read as trailers, and split a line
of ``propose list``. Those fields are one line (``check_line``, also where the CLI reads
them); a note or reason is prose and may hold line breaks (``check_prose``), and
``git.commit.CommitPlan.message`` keeps its lines from reading as trailers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from ..errors import RefusedError, UsageError
from ..git import trailers
from ..i18n import _
from ..output.safe import BIDI, escape, unsafe_characters
from ..privacy.personnummer import find_spans, mask

# what a one-line field holds besides unsafe_characters: line breaks (also those only
# other tools break at: NEL, LS, PS) and tabs
_BREAKS = re.compile("[\t\n\r\x85\u2028\u2029]")

# the option each trailer's value comes from
_TRAILER_OPTIONS = {
    trailers.BY: "--by",
    trailers.MEMBER: "NAME",
    trailers.REPLACES: "--replaces",
}
# the actions whose commit body is the --reason given (elsewhere it is the --note)
_REASON_BODY = frozenset(
    (
        trailers.PROPOSAL_WITHDRAW,
        trailers.PROPOSAL_STOP,
        trailers.PROPOSAL_RETURN,
        trailers.COUNCIL_END,
    )
)


def refuse_identity_numbers(
    subject: str, body: str, trailer_items: list[tuple[str, str]], branch: str | None
) -> None:
    """Refuse (exit 1) when a commit text or the branch name holds a national identity
    number, naming the option it came from and showing the number masked."""
    for option, text in _texts(subject, body, trailer_items, branch):
        found = find_spans(text)
        if found:
            raise RefusedError(
                _(
                    "{option} holds a national identity number ({masked}); it would be "
                    "written into the commit or the branch name, where it cannot be masked "
                    "or taken back; nothing was changed"
                ).format(option=option, masked=mask(found[0][2])),
                _("leave the number out and run the command again"),
            )


def _texts(
    subject: str, body: str, trailer_items: list[tuple[str, str]], branch: str | None
) -> Iterator[tuple[str, str]]:
    """(the option it came from, text) for each text the commit and branch would hold."""
    if branch:
        yield "--branch", branch
    action = ""
    for key, value in trailer_items:
        if key == trailers.ACTION:
            action = value
        yield _TRAILER_OPTIONS.get(key, key), value
    if body:
        yield ("--reason" if action in _REASON_BODY else "--note"), body
    titled = action in (trailers.PROPOSAL_NEW, trailers.PROPOSAL_RECEIVE)
    yield ("--title" if titled else _("the commit subject")), subject


def check_line(value: str, option: str) -> None:
    """A usage error (exit 2) naming ``option`` unless ``value`` is one line without
    control or bidirectional formatting characters."""
    found = [match.start() for match in _BREAKS.finditer(value)][:1]
    found += [index for index, _char in islice(unsafe_characters(value), 1)]
    if found:
        first = min(found)
        raise UsageError(
            _("{option} must be a single line without control characters; it holds {char}").format(
                option=option, char=escape(value[first])
            ),
            _("write it on one line; nothing was changed"),
        )


def check_prose(value: str, option: str) -> None:
    """A usage error (exit 2) naming ``option`` when ``value`` holds a control or
    bidirectional formatting character; line breaks and tabs are prose."""
    for _index, char in unsafe_characters(value):
        kind = (
            _("a bidirectional formatting character") if char in BIDI else _("a control character")
        )
        raise UsageError(
            _("{option} holds {kind} ({char})").format(option=option, kind=kind, char=escape(char)),
            _(
                "remove it: line breaks are allowed, other control characters are not; nothing "
                "was changed"
            ),
        )


def refuse_broken_lines(subject: str, body: str, trailer_items: list[tuple[str, str]]) -> None:
    """The second line behind the CLI's checks, for every recorded change: the subject and
    each trailer value one line, the body prose."""
    for option, text in _texts(subject, "", trailer_items, None):
        check_line(text, option)
    if body:
        action = dict(trailer_items).get(trailers.ACTION, "")
        check_prose(body, "--reason" if action in _REASON_BODY else "--note")
