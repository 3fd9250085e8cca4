"""``regraad schema``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from .complete import kind_values
from .state import STATE


def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="KIND",
            help=_("Document kind, e.g. coverage; omit to list the kinds."),
            show_default=False,
            autocompletion=kind_values,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="DIR", help=_("Write the schema files to DIR instead of printing.")
        ),
    ] = None,
) -> None:
    from ..scaffold.schemas import export, schema_text

    if out is None:
        sys.stdout.write(schema_text(kind))
        return
    for path in export(out, kind, root=_data_root()):
        sys.stdout.write(f"{path}\n")


def _data_root() -> Path | None:
    """The data root, if there is one, so --out never writes into its data/ folder; the
    command works without one too."""
    from ..errors import UsageError
    from ..load.root import find_root

    try:
        return find_root(STATE.root)
    except UsageError:
        return None


def register(app: typer.Typer) -> None:
    app.command(
        "schema", help=_("Print or export the JSON Schemas (draft 2020-12) of the data files.")
    )(schema)
