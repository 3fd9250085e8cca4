"""``regraad audit``: the trail listed and verified; ``regraad audit baseline`` adopts."""

from __future__ import annotations

import enum
import json
import sys
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from typer import _click

from ..i18n import _, ngettext
from ..output.safe import visible
from .complete import revision_values
from .framework import Command, Context, Group
from .helptext import examples, paragraphs, verbatim
from .options import OnlySpecialty, prose
from .recording import RecordedBy, Sign, who
from .state import STATE

if TYPE_CHECKING:
    from ..audit.formats import AuditResult


class AuditFormat(str, enum.Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def audit(
    ctx: typer.Context,
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
                "Fail (exit 1) when a commit changes what decides the process (a proposal's "
                "state, history, recommendations, kind, origin, decision; a council's "
                "members, their roles and dates) without matching trailers, when trailers "
                "and files disagree, on an illegal step, or when history is rewritten."
            ),
        ),
    ] = False,
    require_signed: Annotated[
        bool,
        typer.Option(
            "--require-signed",
            help=_(
                "Also fail commits without a good signature by a key the repository "
                "trusts (implies --verify)."
            ),
        ),
    ] = False,
) -> None:
    if ctx.invoked_subcommand is not None:
        return  # ``regraad audit baseline``: its own command runs
    from ..audit import actions, read_log, resolve_range
    from ..audit import verify as verify_commits
    from ..audit.baselines import find_start
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
            where.repo,
            commits,
            specialty=specialty,
            require_signed=require_signed,
            prefix=where.prefix,
            start=find_start(where, rng, commits, since=since),
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
        for p in problems:
            lines.append([(f"    {p.message}", "")])
            if p.hint:
                lines.append([("      " + _("hint: {hint}").format(hint=p.hint), "dim")])
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


BaselineNote = Annotated[
    str | None,
    typer.Option(
        "--note",
        metavar="TEXT",
        help=_("Why, or what the data was; kept in the commit."),
        callback=prose,
    ),
]


def baseline(by: RecordedBy = None, note: BaselineNote = None, sign: Sign = False) -> None:
    from ..audit.adopt import SUBJECT, BaselineOptions, record_baseline, trailer_items
    from ..workflow.committext import refuse_identity_numbers

    root = STATE.data_root()
    actor = who(root, by)
    refuse_identity_numbers(SUBJECT, note or "", trailer_items(actor), None)
    recorded = record_baseline(BaselineOptions(root, actor, note or "", sign))
    for line in recorded.notes:
        sys.stderr.write(f"regraad: {visible(line)}\n")
    sys.stdout.write(f"[{recorded.commit[:10]}] {visible(recorded.subject)}\n")


class _AuditGroup(Group):
    """``regraad audit [RANGE]`` lists and verifies, ``regraad audit baseline`` records: the
    first word decides (a branch named ``baseline`` is given as ``refs/heads/baseline``)."""

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        if args and args[0] in self.commands:
            _click.Command.parse_args(self, ctx, [])  # the listing's options, unused
            ctx._protected_args, ctx.args = args[:1], args[1:]
            return ctx.args
        ctx.allow_interspersed_args = True  # ``audit main..HEAD --verify``, as a command
        rest = _click.Command.parse_args(self, ctx, args)
        if rest and not ctx.resilient_parsing:
            extra = " ".join(a if a.isprintable() else repr(a) for a in rest)
            ctx.fail(
                ngettext(
                    "unexpected extra argument: {args}",
                    "unexpected extra arguments: {args}",
                    len(rest),
                ).format(args=extra)
            )
        ctx.args = []
        return []

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        return super().collect_usage_pieces(ctx)[:-1]  # a subcommand is not needed


class _SubContext(Context):
    @property
    def command_path(self) -> str:
        """``regraad audit baseline``: the listing's RANGE is not the subcommand's."""
        parent = self.parent.command_path if self.parent is not None else ""
        return f"{parent} {self.info_name or ''}".strip()


class _SubCommand(Command):
    context_class = _SubContext


def register(app: typer.Typer) -> None:
    help_text = paragraphs(
        _("List who did what when, from the Regraad trailers in git history; check them."),
        _(
            "One git log pass reads the range, oldest commit first. Every commit a merge "
            "brings in is verified on its own against its parent, so verifying a pull "
            "request's range checks each of its commits; a merge commit is compared with "
            "git's own merge of its parents, and a proposal or council change it makes "
            "itself (an evil merge) fails."
        ),
        _(
            "The history up to and including the first baseline (regraad init's first "
            "commit, or regraad audit baseline) is taken as given; every commit after it is "
            "judged. Without a baseline every commit is."
        ),
        _("--format json prints one object:"),
        verbatim(
            '{"format": 1, "range", "specialty", "since", "commits",',
            ' "actions": [{"commit", "short", "date", "author", "email", "by", "action",',
            '   "specialty", "proposal", "council", "member", "from", "to",',
            '   "recommendation", "meeting", "subject"}],',
            ' "verify": null or {"ok", "commits", "problems": [{"commit", "short",',
            '   "subject", "code", "path", "message", "hint"}]}}',
        ),
        examples(
            ("regraad audit", _("every action in HEAD's history")),
            ("regraad audit --verify origin/main..HEAD", _("check a pull request's commits")),
            'regraad audit -f markdown --since 2026-01-01 >> "$GITHUB_STEP_SUMMARY"',
            ("regraad audit baseline --by 'RegUt HMN'", _("adopt a repository as it stands")),
        ),
    )
    group = typer.Typer(cls=_AuditGroup, invoke_without_command=True, help=help_text)
    group.callback()(audit)
    group.command(
        "baseline",
        cls=_SubCommand,
        help=paragraphs(
            _(
                "Adopt the data repository as it stands: record an empty commit with the "
                "trailer Regraad-Action: baseline on the current branch."
            ),
            _(
                "regraad audit --verify takes the history up to it as given and judges every "
                "commit after it. A repository has one baseline (regraad init records it in "
                "its first commit); a second one, or one that changes proposal or council "
                "files that were there before it, fails --verify."
            ),
            examples("regraad audit baseline --by 'RegUt HMN' --note 'Data fra regnearket'"),
        ),
    )(baseline)
    app.add_typer(group, name="audit")
