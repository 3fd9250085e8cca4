"""No national identity number in what a recorded change writes into git itself.

A number in a data file is X-PERSONNUMMER's to refuse (``workflow.check``); the commit's
subject, body and trailers and the branch name are not data files, but every clone
copies them and no rule, mask or later edit takes them back. Whatever the command,
they come from ``--by``, ``--note``, ``--reason``, ``--title``, ``--branch`` or a name,
so ``workflow.apply`` reads them all here, once, before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import RefusedError
from ..git import trailers
from ..i18n import _
from ..privacy.personnummer import find_spans, mask

# the option each trailer's value comes from
_TRAILER_OPTIONS = {
    trailers.BY: "--by",
    trailers.MEMBER: "NAME",
    trailers.REPLACES: "--replaces",
}
# the actions whose commit body is the --reason given (elsewhere it is the --note)
_REASON_BODY = frozenset((trailers.PROPOSAL_WITHDRAW, trailers.COUNCIL_END))


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
    yield ("--title" if action == trailers.PROPOSAL_NEW else _("the commit subject")), subject
