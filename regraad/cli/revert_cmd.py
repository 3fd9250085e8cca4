"""``regraad revert``: undo the last recorded step on a proposal or council, as one commit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import _
from .complete import revision_values
from .helptext import examples, paragraphs
from .recording import RecordedBy, Recording, recording
from .recording import who as _who

if TYPE_CHECKING:
    from ..load.dataset import Dataset
    from ..workflow import Change


@recording()
def revert_cmd(
    commit: Annotated[
        str,
        typer.Argument(
            metavar="COMMIT",
            help=_("The commit of the step to undo."),
            autocompletion=revision_values,
        ),
    ],
    reason: Annotated[
        str,
        typer.Option(
            "--reason", metavar="TEXT", help=_("Why the step is undone; the commit's body.")
        ),
    ],
    by: RecordedBy = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.revert import revert

    def build(root: Path, dataset: Dataset) -> Change:
        return revert(root, dataset, commit, reason, _who(root, by))

    record.run(build)


def register(app: typer.Typer) -> None:
    help_text = paragraphs(
        _(
            "Undo the last recorded step on a proposal or council (a membership recorded for "
            "the wrong person, a proposal advanced one step too far) with one commit that "
            "puts the file back as it was before the step and names the step in its "
            "trailers; regraad audit --verify accepts it only as the step's exact inverse."
        ),
        _(
            "The step must be the latest on its proposal or council: revert later steps "
            "first, newest first. Only the lines the step changed go back; comments and the "
            "other entries stay. A meeting decision is undone as a whole, with its entry in "
            "the meeting file. A plain git revert of a step fails regraad audit --verify."
        ),
        examples(
            "regraad revert 3b63a17a55 --reason 'Registrert i feil råd' --by 'RegUt HMN'",
            "regraad revert HEAD --reason 'Avansert ett steg for langt' --dry-run",
        ),
    )
    app.command("revert", help=help_text)(revert_cmd)
