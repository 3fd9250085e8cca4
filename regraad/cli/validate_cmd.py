"""``regraad validate`` and ``regraad rules``."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from ..validate.formats import REPORTERS_BY_NAME
from .complete import revision_values, rule_values
from .options import NoCache, as_of_date
from .state import STATE
from .terminal import style

# The choices come from the registry: adding a reporter adds a --format value.
OutputFormat = enum.Enum(  # type: ignore[misc]
    "OutputFormat", {name: name for name in REPORTERS_BY_NAME}, type=str
)
ListFormat = enum.Enum("ListFormat", {"text": "text", "json": "json"}, type=str)


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help=_("Only report findings in these files or folders."),
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = OutputFormat.text,  # type: ignore[attr-defined]
    strict: Annotated[bool, typer.Option("--strict", help=_("Warnings fail too."))] = False,
    rule: Annotated[
        list[str] | None,
        typer.Option(
            "--rule",
            metavar="RULE",
            help=_("Only this rule (repeatable)."),
            show_default=False,
            autocompletion=rule_values,
        ),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option(
            "--skip",
            metavar="RULE",
            help=_("Skip this rule (repeatable)."),
            show_default=False,
            autocompletion=rule_values,
        ),
    ] = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            metavar="REV",
            help=_("Only findings in files changed since REV (rules still see everything)."),
            autocompletion=revision_values,
        ),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev",
            metavar="REV",
            help=_("Validate a git revision instead of the working tree."),
            autocompletion=revision_values,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help=_(
                "Judge this one date only. Without it: today, and every later date on which "
                "something in the data begins or ends."
            ),
        ),
    ] = None,
    no_cache: NoCache = False,
) -> None:
    from ..validate import ValidateOptions, execute

    options = ValidateOptions(
        root=STATE.data_root(),
        rev=rev,
        strict=strict,
        only=frozenset(rule or ()),
        skip=frozenset(skip or ()),
        changed_since=changed_since,
        paths=tuple(paths or ()),
        as_of=as_of_date(as_of),
        cache=not no_cache,
        timeline=as_of is None,  # --as-of judges that one day
    )
    report = execute(options)
    from .paging import paged

    with paged() as out:
        REPORTERS_BY_NAME[output_format.value](report, out, style(STATE.colour(out)))
    raise typer.Exit(1 if report.failed else 0)


def rules(
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = ListFormat.text,
) -> None:
    import json

    from ..rules import load_rules
    from ..validate import LAYER_CHECKS

    rows = [(rid, "error", _(doc)) for rid, doc in LAYER_CHECKS.items()]
    rows += [(r.id, r.severity, _(r.doc)) for r in load_rules().values()]
    if output_format.value == "json":
        json.dump(
            [{"id": i, "severity": s, "doc": d} for i, s, d in rows],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return
    from ..output.terminal import table
    from .paging import paged

    with paged() as out:
        lines = style(STATE.colour(out))(out)
        table(lines, None, [[rid, _(severity), doc] for rid, severity, doc in rows], right=set())


def register(app: typer.Typer) -> None:
    app.command("validate", help=_("Check the data: YAML, schemas and the council rules."))(
        validate
    )
    app.command("rules", help=_("List the checks: YAML and schema layers, then the rules."))(rules)
