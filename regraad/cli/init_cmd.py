"""``regraad init``."""

from __future__ import annotations

import enum
import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from ..scaffold.repository import CI_CHOICES

# The choices come from the scaffold's templates: adding a CI system adds a --ci value.
CiChoice = enum.Enum("CiChoice", {name: name for name in CI_CHOICES}, type=str)  # type: ignore[misc]


def init(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help=_("Folder of the new data repository (created if missing).")
        ),
    ],
    example: Annotated[
        bool,
        typer.Option(
            "--example", help=_("Start from the example dataset instead of empty folders.")
        ),
    ] = False,
    ci: Annotated[
        CiChoice, typer.Option("--ci", help=_("Which CI configuration to write."))
    ] = CiChoice.both,  # type: ignore[attr-defined]
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=_("Write into a folder that is not empty (files of the same name are replaced)."),
        ),
    ] = False,
) -> None:
    from ..scaffold.repository import FALLBACK_EMAIL, FALLBACK_NAME, ScaffoldOptions, execute

    result = execute(ScaffoldOptions(directory, example=example, ci=ci.value, force=force))
    out = sys.stdout
    out.write(_("Created a data repository in {path}:").format(path=result.directory) + "\n")
    data = (
        _("the example dataset, {count} files")
        if example
        else _("empty folders for regions, trusts, goal sets and specialties")
    )
    out.write(f"  data/  ({data.format(count=result.data_files)})\n")
    schemas = _("{count} JSON Schemas").format(count=result.schema_files)
    out.write(f"  schemas/  ({schemas})\n")
    for path in result.files:
        out.write(f"  {path}\n")
    out.write(
        _("Committed {commit}: {message}").format(commit=result.commit, message=result.message)
        + "\n"
    )
    if result.fallback_identity:
        out.write(
            _(
                "git has no identity here, so the commit is by {name} <{email}>; set yours with "
                "git config --global user.name and user.email"
            ).format(name=FALLBACK_NAME, email=FALLBACK_EMAIL)
            + "\n"
        )
    out.write("\n" + _("Next steps:") + "\n")
    out.write(f"  cd {shlex.quote(str(result.directory))}\n")
    if not result.has_remote:
        out.write(
            "  git remote add origin URL    # "
            + _("URL of an empty repository on GitHub or GitLab")
            + "\n"
        )
    out.write(f"  git push -u origin {result.branch}\n")
    out.write("  pre-commit install           # " + _("check the data before each commit") + "\n")


def register(app: typer.Typer) -> None:
    app.command(
        "init",
        help=_(
            "Create a data repository: data/, schemas, CI, pre-commit, editor settings, README."
        ),
    )(init)
