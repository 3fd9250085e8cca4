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
from ..scaffold.schema_language import DEFAULT_LANGUAGE, LANGUAGES

# The choices come from the scaffold's templates: adding a CI system adds a --ci value.
CiChoice = enum.Enum("CiChoice", {name: name for name in CI_CHOICES}, type=str)  # type: ignore[misc]
# The languages the schema texts exist in (``scaffold.schema_language``).
LangChoice = enum.Enum("LangChoice", {name: name for name in LANGUAGES}, type=str)  # type: ignore[misc]


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
    reference: Annotated[
        bool,
        typer.Option(
            "--reference",
            help=_(
                "Start from the reference data only: the regions and their RegUt, the trusts "
                "and their sites, the specialties; no people, plans or proposals."
            ),
        ),
    ] = False,
    lang: Annotated[
        LangChoice,
        typer.Option(
            "--lang",
            help=_("Language of the schemas' titles and descriptions that editors show."),
        ),
    ] = LangChoice[DEFAULT_LANGUAGE],
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
    install: Annotated[
        str | None,
        typer.Option(
            "--install",
            metavar="SPEC",
            envvar="REGRAAD_INSTALL",
            help=_(
                "What CI and pre-commit install (a pip requirement such as regraad==0.1.0 or "
                "regraad @ git+URL@COMMIT). Default: the regraad running now, if CI can "
                "install it."
            ),
        ),
    ] = None,
) -> None:
    from ..scaffold.repository import FALLBACK_EMAIL, FALLBACK_NAME, ScaffoldOptions, execute

    result = execute(
        ScaffoldOptions(
            directory,
            example=example,
            ci=ci.value,
            force=force,
            install=install,
            reference=reference,
            lang=lang.value,
        )
    )
    out = sys.stdout
    out.write(_("Created a data repository in {path}:").format(path=result.directory) + "\n")
    data = (
        _("the example dataset, {count} files")
        if example
        else _("the reference data, {count} files, no people")
        if reference
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
    out.write(_("CI and pre-commit install {spec}").format(spec=result.install) + "\n")
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
