"""``regraad render``."""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import _
from ..render import DEFAULT_LANGUAGE, DEFAULT_OUT, FORMATS_BY_NAME, RENDER_LANGUAGES
from .complete import region_values, revision_values, trust_values
from .helptext import examples, paragraphs
from .options import AsOf, IncludeContact, OnlySpecialty, as_of_date
from .state import STATE

if TYPE_CHECKING:
    from ..render import ProgressHook

# The choices come from the registries: adding a format adds a --format value.
RenderFormat = enum.Enum(  # type: ignore[misc]
    "RenderFormat", {name: name for name in FORMATS_BY_NAME}, type=str
)
RenderLanguage = enum.Enum(  # type: ignore[misc]
    "RenderLanguage", {code: code for code in RENDER_LANGUAGES}, type=str
)


def render(
    specialty: OnlySpecialty = None,
    trust: Annotated[
        str | None,
        typer.Option(
            "--trust",
            "-t",
            metavar="TRUST",
            help=_("Only plans and agreements of this trust."),
            autocompletion=trust_values,
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            metavar="REGION",
            help=_("Only plans and agreements of trusts in this region."),
            autocompletion=region_values,
        ),
    ] = None,
    output_format: Annotated[
        RenderFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = RenderFormat.html,  # type: ignore[attr-defined]
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help=_("Where to write the pages (default: {folder} in the data root).").format(
                folder=DEFAULT_OUT
            ),
        ),
    ] = None,
    lang: Annotated[
        RenderLanguage,
        typer.Option("--lang", help=_("Language of the documents: nb (bokmål) or en.")),
    ] = RenderLanguage[DEFAULT_LANGUAGE],
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev",
            metavar="REV",
            help=_("Render a git revision instead of the working tree."),
            autocompletion=revision_values,
        ),
    ] = None,
    as_of: AsOf = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=_("Print only the path of the site's index."))
    ] = False,
    include_contact: IncludeContact = False,
) -> None:
    from ..render import RenderOptions, execute

    root = STATE.data_root()
    when = as_of_date(as_of)
    with _progress() as hook:
        result = execute(
            RenderOptions(
                root=root,
                out=out,
                output_format=output_format.value,
                lang=lang.value,
                specialty=specialty,
                trust=trust,
                region=region,
                rev=rev,
                as_of=when,
                progress=hook,
                include_contact=include_contact,
            )
        )
    for path in result.files:
        if path != result.index and not quiet:
            sys.stdout.write(f"{path}\n")
    if result.index is not None:
        sys.stdout.write(f"{result.index}\n")
    if result.broken_files:
        from ..i18n import ngettext

        sys.stderr.write(
            ngettext(
                "{n} file could not be read and is left out; run regraad validate",
                "{n} files could not be read and are left out; run regraad validate",
                result.broken_files,
            ).format(n=result.broken_files)
            + "\n"
        )


@contextmanager
def _progress() -> Iterator[ProgressHook | None]:
    """A progress bar on stderr, only on a terminal; plain without colour."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True, no_color=not STATE.colour(sys.stderr))
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(_("Rendering"), total=None)

        def advance(done: int, total: int, _path: str) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def register(app: typer.Typer) -> None:
    help_text = paragraphs(
        _(
            "Render education plans, agreement annexes, a landing page per specialty and "
            "a page per region, with the site index, as HTML (or plans and index as "
            "Markdown)."
        ),
        _(
            "A landing page is rendered when --specialty names its specialty, a region "
            "page when --region names its region, and all of them without a filter. "
            "E-mail addresses and phone numbers are left out unless --include-contact "
            "is given."
        ),
        examples(
            ("regraad render", _("the whole site, into site/")),
            ("regraad render -s radiologi", _("one specialty's pages")),
            ("regraad render -s radiologi -t hnt", _("one education plan")),
            ("regraad render --format md --lang en", _("Markdown, in English")),
            ("regraad render --format pdf -s radiologi", _("plans and annexes as A4 PDF")),
        ),
    )
    app.command("render", help=help_text)(render)
