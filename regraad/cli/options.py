"""Options several commands share, declared once."""

from __future__ import annotations

import enum
from typing import Annotated, Any

import typer

from ..i18n import _
from .complete import region_values, specialty_values


def _name(param: typer.CallbackParam) -> str:
    """How the user wrote the parameter: ``--title``, or an argument's ``MEMBER``."""
    if param.param_type_name == "option" and param.opts:
        return str(param.opts[0])
    return str(param.metavar or (param.name or "").upper())


def one_line(param: typer.CallbackParam, value: Any) -> Any:
    """A value that goes into a file, a commit subject or a trailer (a title, a name,
    ``--by``): a usage error (exit 2) when it holds a line break or control character."""
    from ..workflow.committext import check_line

    if isinstance(value, str):
        check_line(value, _name(param))
    return value


def prose(param: typer.CallbackParam, value: Any) -> Any:
    """A note or reason: line breaks allowed, other control characters a usage error."""
    from ..workflow.committext import check_prose

    if isinstance(value, str):
        check_prose(value, _name(param))
    return value


OnlySpecialty = Annotated[
    str | None,
    typer.Option(
        "--specialty",
        "-s",
        metavar="SPECIALTY",
        help=_("Only this specialty."),
        autocompletion=specialty_values,
    ),
]

AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help=_("Judge memberships and agreements on this date (default: today)."),
    ),
]

# render and report: published pages leave contact data out unless asked.
IncludeContact = Annotated[
    bool,
    typer.Option(
        "--include-contact",
        help=_("Publish e-mail addresses and phone numbers (left out by default)."),
    ),
]


# The recording commands (propose, council, meeting): what they act on.
Specialty = Annotated[
    str,
    typer.Argument(
        metavar="SPECIALTY", help=_("The specialty's slug."), autocompletion=specialty_values
    ),
]
Member = Annotated[
    str,
    typer.Argument(
        metavar="MEMBER", help=_("The member's name as written in the file."), callback=one_line
    ),
]
CouncilRegion = Annotated[
    str,
    typer.Option(
        "--region",
        metavar="REGION",
        help=_("The council's region."),
        autocompletion=region_values,
        callback=one_line,
    ),
]

# A council's recommendation: propose recommend, meeting decide recommend.
Position = enum.Enum(  # type: ignore[misc]
    "Position", {k: k for k in ("support", "oppose", "amend")}, type=str
)
CouncilPosition = Annotated[Position, typer.Option("--position", help=_("The council's position."))]

# A proposal's step: propose advance, meeting decide advance.
Decided = Annotated[
    str | None,
    typer.Option("--decided", metavar="DATE", help=_("Decision date (accepted, rejected).")),
]
InForce = Annotated[
    str | None,
    typer.Option("--in-force", metavar="DATE", help=_("When an accepted change takes effect.")),
]
RejectedBecause = Annotated[
    str | None,
    typer.Option("--reason", metavar="TEXT", help=_("Why it was rejected."), callback=prose),
]


# Not in --help: for measuring and for suspecting the cache (also REGRAAD_NO_CACHE=1).
NoCache = Annotated[bool, typer.Option("--no-cache", hidden=True)]


def as_of_date(value: str | None) -> str:
    """The ``--as-of`` value as an ISO date (today when absent); a usage error if malformed."""
    from .. import clock

    return clock.today() if value is None else clock.parse_date(value, "--as-of")
