"""``regraad meeting attend``: who attended a meeting and who sent apologies."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import _
from .complete import meeting_values
from .recording import Recording, StepBy, StepNote, recording
from .recording import who as _who

if TYPE_CHECKING:
    from ..load.dataset import Dataset
    from ..workflow import Change

# as in meeting_cmd (which registers this command, so it cannot be imported from there)
Ident = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help=_("The meeting: DATE-REGION or SPECIALTY/DATE-REGION."),
        autocompletion=meeting_values,
    ),
]

HELP = _(
    "Record who attended and who sent apologies. --present and --apologies take members "
    "of the meeting's council active on the meeting day, or a member's personal deputy "
    "(who then attends for the member); any other name is refused. Repeat an option for "
    "each name."
)


def _names(values: list[str] | None) -> tuple[str, ...]:
    return tuple(" ".join(v.split()) for v in values or ())


@recording()
def attend_cmd(
    ident: Ident,
    present: Annotated[
        list[str] | None,
        typer.Option("--present", metavar="NAME", help=_("A council member who attended.")),
    ] = None,
    apologies: Annotated[
        list[str] | None,
        typer.Option("--apologies", metavar="NAME", help=_("A council member who sent apologies.")),
    ] = None,
    regut: Annotated[
        list[str] | None,
        typer.Option("--regut", metavar="NAME", help=_("Someone from RegUt who attended.")),
    ] = None,
    guest: Annotated[
        list[str] | None,
        typer.Option("--guest", metavar="NAME", help=_("A guest who attended.")),
    ] = None,
    by: StepBy = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.meetings import Attendance, attend, find

    given = Attendance(_names(present), _names(apologies), _names(regut), _names(guest))

    def build(root: Path, dataset: Dataset) -> Change:
        return attend(dataset, find(dataset, ident), given, _who(root, by), note)

    record.run(build)
