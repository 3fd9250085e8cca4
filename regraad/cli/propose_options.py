"""The options and arguments the ``regraad propose`` commands share."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import _
from .complete import meeting_values, proposal_values, state_values
from .options import one_line
from .recording import who as _who

if TYPE_CHECKING:
    from ..workflow.proposals import Step

At = Annotated[
    str | None, typer.Option("--at", metavar="DATE", help=_("Date of the step (default: today)."))
]
Ident = Annotated[
    str, typer.Argument(metavar="ID", help=_("ID or SPECIALTY/ID."), autocompletion=proposal_values)
]
Meeting = Annotated[
    str | None,
    typer.Option(
        "--meeting",
        metavar="MEETING",
        help=_("The meeting that decided the step."),
        autocompletion=meeting_values,
        callback=one_line,
    ),
]
ToState = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="STATE",
        help=_("The state to move to (when there is a choice)."),
        autocompletion=state_values,
        callback=one_line,
    ),
]


def step_of(root: Path, by: str | None, at: str | None, note: str | None) -> Step:
    from ..workflow import today
    from ..workflow.proposals import Step, check_date

    return Step(_who(root, by), check_date(at, "--at") if at else today(), note)
