"""``regraad audit``."""

from __future__ import annotations

import enum
import json
import sys
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from ..i18n import _
from ..output.safe import visible
from .complete import revision_values
from .helptext import examples, paragraphs, verbatim
from .options import OnlySpecialty
from .state import STATE

if TYPE_CHECKING:
    from ..audit.formats import AuditResult


class AuditFormat(str, enum.Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def audit(
    revisions: Annotated[
        str | None,
        typer.Argument(
            metavar="RANGE",
            help=_(
                "A revision (its history), or a range A..B or A...B: the commits B brought "
                "since it left A (default: HEAD)."
            ),
            show_default=False,
            autocompletion=revision_values,
        ),
    ] = None,
    specialty: OnlySpecialty = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help=_("Only commits authored on or after this date.")
        ),
    ] = None,
    output_format: Annotated[
        AuditFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = AuditFormat.text,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help=_(
                "Fail (exit 1) when a commit changes a proposal's state, history or "
                "recommendations or a council's members without matching trailers, when "
                "trailers and files disagree, on an illegal step, or when history is rewritten."
            ),
        ),
    ] = False,
    require_signed: Annotated[
        bool,
        typer.Option(
            "--require-signed",
            help=_("Also fail commits without a valid signature (implies --verify)."),
        ),
    ] = False,
) -> None:
    from ..audit import actions, read_log, resolve_range
    from ..audit import verify as verify_commits
    from ..audit.formats import AuditResult
    from ..errors import EXIT_FINDINGS, UsageError
    from ..git import gitio

    if since is not None:
        from .. import clock

        since = clock.parse_date(since, "--since")
    root = STATE.data_root()
    if specialty is not None and not (root / "data" / "specialties" / specialty).is_dir():
        raise UsageError(_("--specialty: no specialty '{slug}'").format(slug=specialty))
    where = gitio.require_place(root, "regraad audit")
    rng = resolve_range(where.repo, revisions)
    verify = verify or require_signed
    commits = read_log(where, rng, since=since, signatures=require_signed)
    result = AuditResult(rng.label, specialty, since, len(commits), actions(commits, specialty))
    if verify:
        checked, problems = verify_commits(
            where.repo, commits, specialty=specialty, require_signed=require_signed
        )
        result = AuditResult(
            result.range, specialty, since, result.commits, result.actions, checked, tuple(problems)
        )
    _write(result, output_format, sys.stdout)
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


def _write(result: AuditResult, output_format: AuditFormat, out: TextIO) -> None:
    from ..audit.formats import as_dict, render_markdown

    if output_format is AuditFormat.json:
        out.write(json.dumps(as_dict(result), ensure_ascii=False, indent=2) + "\n")
    elif output_format is AuditFormat.markdown:
        out.write(render_markdown(result))
    else:
        _text(result, out, STATE.colour(out))


Segment = tuple[str, str]  # (text, rich style; "" for none)


def _lines(result: AuditResult) -> list[list[Segment]]:
    """The text report as styled segments, one list per line."""
    from ..audit.formats import by_commit, change, headline, verdict, what

    lines: list[list[Segment]] = []
    for a in result.actions:
        c = a.commit
        step = change(a)
        lines.append(
            [
                (f"{c.date[:10]} ", ""),
                (c.short, "yellow"),
                (" ", ""),
                (a.action, "bold"),
                (f" {what(a)}", ""),
                (f" {step}" if step else "", "cyan"),
                (f"  {a.by or '—'} ({c.author})", ""),
            ]
        )
        lines.append([(f"    {c.subject}", "dim")])
    if result.actions:
        lines.append([])
    lines.append([(headline(result), "")])
    if result.verified is None:
        return lines
    lines.append([])
    lines.append([(verdict(result), "bold green" if result.ok else "bold red")])
    for first, problems in by_commit(result.problems):
        lines.append([("✗ ", "red"), (first.short, "yellow"), (f" {first.subject}", "")])
        lines.extend([(f"    {p.message}", "")] for p in problems)
    return lines


def _text(result: AuditResult, out: TextIO, colour: bool) -> None:
    """Rich colours on a terminal; plain lines (fast, for thousands of actions) otherwise."""
    lines = _lines(result)
    # commit subjects and names come from anyone's commits: shown, never acted on
    if not colour:
        out.write("".join("".join(visible(t) for t, _style in line) + "\n" for line in lines))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=True, emoji=False)
    for line in lines:
        console.print(Text.assemble(*((visible(t), style or "") for t, style in line)))


def register(app: typer.Typer) -> None:
    help_text = paragraphs(
        _("List who did what when, from the Regraad trailers in git history; check them."),
        _(
            "One git log pass reads the range, oldest commit first. Merge commits are not "
            "read: every commit they bring in is listed and verified on its own against its "
            "parent, so verifying a pull request's range checks each of its commits (a "
            "change made in a merge commit itself, such as a conflict resolution, is not "
            "checked)."
        ),
        _("--format json prints one object:"),
        verbatim(
            '{"format": 1, "range", "specialty", "since", "commits",',
            ' "actions": [{"commit", "short", "date", "author", "email", "by", "action",',
            '   "specialty", "proposal", "council", "member", "from", "to",',
            '   "recommendation", "meeting", "subject"}],',
            ' "verify": null or {"ok", "commits", "problems": [{"commit", "short",',
            '   "subject", "code", "path", "message"}]}}',
        ),
        examples(
            ("regraad audit", _("every action in HEAD's history")),
            ("regraad audit --verify origin/main..HEAD", _("check a pull request's commits")),
            'regraad audit -f markdown --since 2026-01-01 >> "$GITHUB_STEP_SUMMARY"',
        ),
    )
    app.command("audit", help=help_text)(audit)
