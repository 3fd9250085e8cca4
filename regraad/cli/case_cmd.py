"""``regraad case``: council cases and their escalation, each step one commit with trailers."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from ..i18n import _
from .complete import region_values, trust_values
from .helptext import examples, paragraphs
from .options import AsOf, OnlySpecialty, one_line, prose
from .recording import Recording, StepBy, StepNote, recording
from .recording import load as _load
from .recording import who as _who

if TYPE_CHECKING:
    from ..load.dataset import Dataset
    from ..workflow import Change

case = typer.Typer(
    help=paragraphs(
        _(
            "Cases a council cannot settle itself (a disagreement on rotation, or a "
            "bottleneck): the trusts' positions, escalation to the regional medical "
            "directors' or HR directors' meeting, and the outcome."
        ),
        examples(
            "regraad case new anestesiologi --from-estimate --region hmn",
            "regraad case position 2026-001 --trust hmr --position 'Ønsker flere stillinger'",
            "regraad case escalate 2026-001 --to fagdirektormote",
            "regraad case decide 2026-001 --decision 'Én ny stilling fra 2027-03-01'",
            "regraad case close 2026-001",
        ),
    ),
    no_args_is_help=True,
)

Kind = enum.Enum(  # type: ignore[misc]
    "Kind", {k: k for k in ("disagreement", "bottleneck")}, type=str
)
Body = enum.Enum(  # type: ignore[misc]
    "Body", {k: k for k in ("fagdirektormote", "hr-direktormote")}, type=str
)
Lang = enum.Enum("Lang", {"nb": "nb", "en": "en"}, type=str)
ListFormat = enum.Enum("ListFormat", {"text": "text", "json": "json"}, type=str)

At = Annotated[
    str | None, typer.Option("--at", metavar="DATE", help=_("Date of the step (default: today)."))
]
Ident = Annotated[str, typer.Argument(metavar="ID", help=_("ID or SPECIALTY/ID."))]
Trust = Annotated[
    str,
    typer.Option(
        "--trust",
        metavar="TRUST",
        help=_("The trust."),
        autocompletion=trust_values,
        callback=one_line,
    ),
]


def _step(root: Path, by: str | None, at: str | None, note: str | None) -> Any:
    from ..workflow import today
    from ..workflow.proposals import Step, check_date

    return Step(_who(root, by), check_date(at, "--at") if at else today(), note)


@case.command(
    "new", help=_("Open a case in a council, or draft a bottleneck case from the estimate.")
)
@recording(AsOf)
def new_cmd(
    specialty: Annotated[str, typer.Argument(metavar="SPECIALTY", help=_("The specialty's slug."))],
    region: Annotated[
        str,
        typer.Option(
            "--region",
            metavar="REGION",
            help=_("The council's region."),
            autocompletion=region_values,
            callback=one_line,
        ),
    ],
    from_estimate: Annotated[
        bool,
        typer.Option(
            "--from-estimate",
            help=_("A bottleneck case with the estimate's figures as subject and background."),
        ),
    ] = False,
    kind: Annotated[
        Kind | None, typer.Option("--kind", help=_("disagreement or bottleneck."))
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option(
            "--subject", metavar="TEXT", help=_("What the case is about."), callback=one_line
        ),
    ] = None,
    background: Annotated[
        str | None,
        typer.Option(
            "--background", metavar="TEXT", help=_("The facts behind it."), callback=prose
        ),
    ] = None,
    trusts: Annotated[
        list[str] | None,
        typer.Option(
            "--trust",
            metavar="TRUST",
            help=_("A trust the case concerns (repeatable)."),
            autocompletion=trust_values,
        ),
    ] = None,
    lang: Annotated[
        Lang, typer.Option("--lang", help=_("Language of the drafted subject and background."))
    ] = Lang.nb,
    by: StepBy = None,
    at: At = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..errors import UsageError
    from ..git import gitio
    from ..workflow.case_draft import from_estimate as draft
    from ..workflow.cases import new
    from ..workflow.proposal_ids import next_case_id

    def build(root: Path, dataset: Dataset) -> Change:
        step = _step(root, by, at, note)
        chosen = kind.value if kind is not None else None
        text, facts, concerned = subject, background, list(trusts or [])
        if from_estimate:
            if chosen not in (None, "bottleneck"):
                raise UsageError(_("--from-estimate drafts a bottleneck case"))
            drafted = draft(dataset, specialty, region, step.at, lang.value)
            chosen = "bottleneck"
            text = text or drafted.subject
            facts = facts or drafted.background
            concerned = concerned or drafted.trusts
        if chosen is None or not text:
            raise UsageError(
                _("say --kind and --subject, or draft a bottleneck case with --from-estimate")
            )
        where = gitio.place(root)
        cid = next_case_id(
            where.repo if where else None,
            where.prefix if where else "",
            dataset,
            specialty,
            int(step.at[:4]),
        )
        return new(
            dataset,
            cid,
            specialty,
            region,
            chosen,
            text,
            step,
            background=facts,
            trusts=concerned,
        )

    record.run(build)


@case.command("position", help=_("Record a trust's position while the case is open."))
@recording(AsOf)
def position_cmd(
    ident: Ident,
    trust: Trust,
    position: Annotated[
        str,
        typer.Option("--position", metavar="TEXT", help=_("The trust's position."), callback=prose),
    ],
    by: StepBy = None,
    at: At = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.cases import find
    from ..workflow.cases import position as record_position

    def build(root: Path, dataset: Dataset) -> Change:
        doc = find(dataset, ident)
        return record_position(dataset, doc, trust, position, _step(root, by, at, note))

    record.run(build)


@case.command(
    "escalate",
    help=_("Take the case to the regional medical directors' or HR directors' meeting."),
)
@recording(AsOf)
def escalate_cmd(
    ident: Ident,
    to: Annotated[Body, typer.Option("--to", help=_("Where RegUt takes the case."))],
    by: StepBy = None,
    at: At = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.cases import escalate, find

    def build(root: Path, dataset: Dataset) -> Change:
        doc = find(dataset, ident)
        return escalate(dataset, doc, to.value, _step(root, by, at, note))

    record.run(build)


@case.command("decide", help=_("Record the outcome of the case."))
@recording(AsOf)
def decide_cmd(
    ident: Ident,
    decision: Annotated[
        str,
        typer.Option("--decision", metavar="TEXT", help=_("What was decided."), callback=prose),
    ],
    by: StepBy = None,
    at: At = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.cases import decide, find

    def build(root: Path, dataset: Dataset) -> Change:
        doc = find(dataset, ident)
        return decide(dataset, doc, decision, _step(root, by, at, note))

    record.run(build)


@case.command("close", help=_("Close a decided case once the decision is followed up."))
@recording(AsOf)
def close_cmd(
    ident: Ident,
    by: StepBy = None,
    at: At = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.cases import close, find

    def build(root: Path, dataset: Dataset) -> Change:
        doc = find(dataset, ident)
        return close(dataset, doc, _step(root, by, at, note))

    record.run(build)


@case.command(
    "list", help=_("The cases: id, specialty, council, kind, state, since when, subject.")
)
def list_cmd(
    specialty: OnlySpecialty = None,
    open_only: Annotated[
        bool, typer.Option("--open", help=_("Only open and escalated cases."))
    ] = False,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = ListFormat.text,
) -> None:
    from ..load.regions import region_short
    from ..rules.case_flow import KIND_TITLES, PENDING, STATE_TITLES

    _root, dataset = _load()
    rows = [
        {
            "id": cid,
            "specialty": slug,
            "region": doc.data["region"],
            "kind": doc.data["kind"],
            "state": doc.data["state"],
            "since": doc.data["history"][-1]["at"],
            "subject": doc.data["subject"],
        }
        for slug, bundle in dataset.specialties.items()
        if not specialty or slug == specialty
        for cid, doc in bundle.cases.items()
        if not open_only or doc.data["state"] in PENDING
    ]
    rows.sort(key=lambda r: (r["id"], r["specialty"]))
    if output_format.value == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    from .paging import paged

    with paged() as stream:
        _table(
            stream,
            [
                [
                    r["id"],
                    r["specialty"],
                    region_short(dataset, r["region"]),
                    _(KIND_TITLES.get(r["kind"], r["kind"])),
                    _(STATE_TITLES.get(r["state"], r["state"])),
                    r["since"],
                    r["subject"],
                ]
                for r in rows
            ],
        )


def _table(stream: TextIO, rows: list[list[str]]) -> None:
    from ..output.terminal import table
    from . import terminal
    from .state import STATE

    table(terminal.style(STATE.colour(stream))(stream), None, rows, right=set())


def register(app: typer.Typer) -> None:
    app.add_typer(case, name="case")
