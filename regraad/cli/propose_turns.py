"""``regraad propose receive|deadline|adopt|return|stop|due``: the change process as it
runs besides going forward — requests coming in, councils' deadlines, a trust adopting a
local activity, returns and stops, and who is late."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import _
from .complete import region_values, trust_values
from .options import AsOf, OnlySpecialty, Specialty, one_line, prose
from .propose_options import At, Ident, step_of
from .recording import Recording, StepBy, StepNote, recording
from .recording import load as _load

if TYPE_CHECKING:
    from ..load.dataset import Dataset
    from ..output.terminal import Lines
    from ..workflow import Change
    from ..workflow.due import Waiting

InboundKind = enum.Enum(  # type: ignore[misc]
    "InboundKind", {k: k for k in ("national-la", "learning-goal")}, type=str
)
DueFormat = enum.Enum("DueFormat", {"text": "text", "json": "json"}, type=str)

Due = Annotated[
    str | None,
    typer.Option(
        "--due",
        metavar="DATE",
        help=_("The councils' reply deadline (svarfrist)."),
        callback=one_line,
    ),
]


def _each_line(param: typer.CallbackParam, values: list[str] | None) -> list[str]:
    return [one_line(param, v) for v in values or []]


Reason = Annotated[str, typer.Option("--reason", metavar="TEXT", help=_("Why."), callback=prose)]
Regions = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        metavar="REGION",
        help=_("A council's region (repeat; default: every region)."),
        autocompletion=region_values,
        callback=_each_line,
    ),
]

RECEIVE_HELP = _(
    "File a request from Helsedirektoratet to assess a specialty committee's input, as "
    "received by the fagkontakt RegUt, with the councils' deadline (--due) and the RegUts' "
    "reply date (--reply-by)."
)


def receive_cmd(
    specialty: Specialty,
    kind: Annotated[InboundKind, typer.Option("--kind", help=_("What the input changes."))],
    title: Annotated[str, typer.Option("--title", help=_("A short title."), callback=one_line)],
    committee: Annotated[
        str,
        typer.Option(
            "--committee",
            metavar="TEXT",
            help=_("Whose input it is, e.g. 'Spesialitetskomiteen i urologi'."),
            callback=one_line,
        ),
    ],
    reference: Annotated[
        str | None,
        typer.Option(
            "--reference",
            metavar="TEXT",
            help=_("Helsedirektoratet's case number."),
            callback=one_line,
        ),
    ] = None,
    input_text: Annotated[
        str | None,
        typer.Option(
            "--input", metavar="TEXT", help=_("The committee's input, in short."), callback=prose
        ),
    ] = None,
    due: Due = None,
    reply_by: Annotated[
        str | None,
        typer.Option(
            "--reply-by", metavar="DATE", help=_("When the RegUts must reply to Helsedirektoratet.")
        ),
    ] = None,
    by: StepBy = None,
    at: At = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..git import gitio
    from ..workflow.proposal_filing import Request, receive
    from ..workflow.proposal_ids import next_id
    from ..workflow.proposals import check_date

    def build(root: Path, dataset: Dataset) -> Change:
        step = step_of(root, by, at, note)
        request = Request(
            reference,
            committee,
            input_text,
            check_date(reply_by, "--reply-by") if reply_by else None,
            check_date(due, "--due") if due else None,
        )
        where = gitio.place(root)
        pid = next_id(
            where.repo if where else None, where.prefix if where else "", dataset, int(step.at[:4])
        )
        return receive(dataset, pid, specialty, kind.value, title, request, step)

    record.run(build)


DEADLINE_HELP = _("Set or move the councils' reply deadline on a proposal in council review.")


def deadline_cmd(
    ident: Ident,
    due: Annotated[
        str,
        typer.Option("--due", metavar="DATE", help=_("The reply deadline (svarfrist).")),
    ],
    region: Regions = None,
    by: StepBy = None,
    at: At = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.proposal_turns import deadline
    from ..workflow.proposals import check_date, find

    def build(root: Path, dataset: Dataset) -> Change:
        doc = find(dataset, ident)
        step = step_of(root, by, at, note)
        return deadline(dataset, doc, list(region or []), check_date(due, "--due"), step)

    record.run(build)


ADOPT_HELP = _(
    "Record that the trust adopted a local learning activity, after the council's advice."
)


def adopt_cmd(
    ident: Ident,
    trust: Annotated[
        str | None,
        typer.Option(
            "--trust",
            metavar="TRUST",
            help=_("The trust that adopted it (default: the one it came from)."),
            autocompletion=trust_values,
            callback=one_line,
        ),
    ] = None,
    by: StepBy = None,
    at: At = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.proposal_turns import adopt
    from ..workflow.proposals import find

    def build(root: Path, dataset: Dataset) -> Change:
        doc = find(dataset, ident)
        return adopt(dataset, doc, trust, step_of(root, by, at, note))

    record.run(build)


RETURN_HELP = _("Send a proposal back to an earlier stage, with the reason.")


def return_cmd(
    ident: Ident,
    to: Annotated[
        str,
        typer.Option("--to", metavar="STATE", help=_("The earlier stage."), callback=one_line),
    ],
    reason: Reason,
    by: StepBy = None,
    at: At = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.proposal_turns import send_back
    from ..workflow.proposals import find

    def build(root: Path, dataset: Dataset) -> Change:
        doc = find(dataset, ident)
        return send_back(dataset, doc, to, reason, step_of(root, by, at, None))

    record.run(build)


STOP_HELP = _("Stop a proposal at the stage it has reached, with the reason.")


def stop_cmd(
    ident: Ident,
    reason: Reason,
    by: StepBy = None,
    at: At = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.proposal_turns import stop
    from ..workflow.proposals import find

    def build(root: Path, dataset: Dataset) -> Change:
        doc = find(dataset, ident)
        return stop(dataset, doc, reason, step_of(root, by, at, None))

    record.run(build)


DUE_HELP = _(
    "What each open proposal is waiting for and from whom, past its deadline first "
    "(with --region: what that region's RegUt and council must act on)."
)


def due_cmd(
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            metavar="REGION",
            help=_("Only what this region must act on."),
            autocompletion=region_values,
            callback=one_line,
        ),
    ] = None,
    specialty: OnlySpecialty = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help=_("Judge the deadlines on this date.")),
    ] = None,
    output_format: Annotated[
        DueFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = DueFormat.text,
) -> None:
    from .. import clock
    from ..errors import UsageError
    from ..workflow.due import waiting

    _root, dataset = _load()
    if region is not None and region not in dataset.regions:
        raise UsageError(
            _("--region: no region '{region}'").format(region=region),
            _("regions: {list}").format(list=", ".join(sorted(dataset.regions))),
        )
    day = clock.parse_date(as_of, "--as-of") if as_of else clock.today()
    rows = waiting(dataset, day, region=region, specialty=specialty)
    if output_format.value == "json":
        json.dump([r.as_dict() for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if not rows:
        sys.stdout.write(_("Nothing is waiting.") + "\n")
        return
    from ..rules.proposal_flow import STATE_TITLES
    from . import terminal
    from .paging import paged
    from .state import STATE

    with paged() as stream:
        _due_lines(terminal.style(STATE.colour(stream))(stream), rows, STATE_TITLES)


def _due_lines(out: Lines, rows: list[Waiting], titles: dict[str, str]) -> None:
    """Each proposal once, with who it waits on and by when, folded to the terminal."""
    from ..i18n import ngettext

    shown = None
    for r in rows:
        if r.days_left is None:
            when = _("no deadline")
        elif r.days_left < 0:
            when = ngettext("{n} day past {due}", "{n} days past {due}", -r.days_left).format(
                n=-r.days_left, due=r.due
            )
        else:
            when = ngettext(
                "due {due} (in {n} day)", "due {due} (in {n} days)", r.days_left
            ).format(due=r.due, n=r.days_left)
        if shown != (r.specialty, r.id):
            shown = (r.specialty, r.id)
            waited = ngettext("{n} day in {state}", "{n} days in {state}", r.waited).format(
                n=r.waited, state=_(titles.get(r.state, r.state))
            )
            out.line(f"{r.specialty}/{r.id}  {r.title}  ({waited})")
        out.line("  " + _("{who}: {when}").format(who=r.on, when=when))


def register(propose: typer.Typer) -> None:
    propose.command("receive", help=RECEIVE_HELP)(recording(AsOf)(receive_cmd))
    propose.command("deadline", help=DEADLINE_HELP)(recording(AsOf)(deadline_cmd))
    propose.command("adopt", help=ADOPT_HELP)(recording(AsOf)(adopt_cmd))
    propose.command("return", help=RETURN_HELP)(recording(AsOf)(return_cmd))
    propose.command("stop", help=STOP_HELP)(recording(AsOf)(stop_cmd))
    propose.command("due", help=DUE_HELP)(due_cmd)
