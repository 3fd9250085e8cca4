"""Options several commands share, declared once."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..i18n import _
from .complete import specialty_values

OnlySpecialty = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on 3.10
    typer.Option(
        "--specialty",
        "-s",
        metavar="SPECIALTY",
        help=_("Only this specialty."),
        autocompletion=specialty_values,
    ),
]

AsOf = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on 3.10
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


# Not in --help: for measuring and for suspecting the cache (also REGRAAD_NO_CACHE=1).
NoCache = Annotated[bool, typer.Option("--no-cache", hidden=True)]


def as_of_date(value: str | None) -> str:
    """The ``--as-of`` value as an ISO date (today when absent); a usage error if malformed."""
    from .. import clock

    return clock.today() if value is None else clock.parse_date(value, "--as-of")
