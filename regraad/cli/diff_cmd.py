"""``regraad diff``."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from ..diff.formats import DIFF_FORMATS_BY_NAME
from ..i18n import _
from .complete import revision_values
from .helptext import examples, paragraphs
from .options import AsOf, NoCache, OnlySpecialty, as_of_date
from .state import STATE
from .terminal import style

# The choices come from the registry: adding a format adds a --format value.
DiffFormat = enum.Enum(  # type: ignore[misc]
    "DiffFormat", {name: name for name in DIFF_FORMATS_BY_NAME}, type=str
)


def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="BASE",
            help=_("A revision, or a range A..B or A...B (default: HEAD)."),
            show_default=False,
            autocompletion=revision_values,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="HEAD",
            help=_("The revision to compare with (default: the working tree)."),
            show_default=False,
            autocompletion=revision_values,
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = DiffFormat.text,  # type: ignore[attr-defined]
    specialty: OnlySpecialty = None,
    as_of: AsOf = None,
    no_cache: NoCache = False,
) -> None:
    from ..diff import compare
    from ..diff.revisions import load_sides, parse
    from ..errors import UsageError

    root = STATE.data_root()
    sides = parse(base, head)
    before, after = load_sides(root, sides, cache=not no_cache)
    if specialty is not None and not any(specialty in d.specialties for d in (before, after)):
        raise UsageError(
            _("--specialty: no specialty '{slug}' in either revision").format(slug=specialty)
        )
    result = compare(before, after, as_of_date(as_of), specialty)
    DIFF_FORMATS_BY_NAME[output_format.value](result, sys.stdout, style(STATE.colour(sys.stdout)))


def register(app: typer.Typer) -> None:
    help_text = paragraphs(
        _("Show what changed in meaning: goals, coverage, plans, councils, proposals, findings."),
        examples(
            ("regraad diff", _("the working tree against HEAD")),
            ("regraad diff main...HEAD", _("a branch against where it left main")),
            ("regraad diff -f markdown A...B", _("a pull-request comment")),
        ),
    )
    app.command("diff", help=help_text)(diff)
