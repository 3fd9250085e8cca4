"""``regraad meeting``: council meetings: the file, the agenda, decisions, the minutes."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import _
from .complete import meeting_values, proposal_values, region_values
from .helptext import examples, paragraphs
from .meeting_advice import NOTE_HELP, Recommends, RecommendsTo
from .options import (
    CouncilPosition,
    Decided,
    InForce,
    Member,
    RejectedBecause,
    Specialty,
    one_line,
    prose,
)
from .recording import Recording, StepBy, StepNote, recording
from .recording import load as _load
from .recording import who as _who

if TYPE_CHECKING:
    from ..load.dataset import Dataset, Document
    from ..workflow import Change
    from ..workflow.meetings import Decision

meeting = typer.Typer(
    help=paragraphs(
        _(
            "Council meetings: create the meeting file, propose its agenda from the data, "
            "record the decisions taken (each with the proposal step or membership change it "
            "decides, in one commit) and render the minutes."
        ),
        examples(
            "regraad meeting new urologi --region hso --date 2026-11-26 --place Teams",
            "regraad meeting agenda urologi/2026-11-26-hso --write",
            "regraad meeting decide 2026-11-26-hso recommend 2026-010 --position support",
            "regraad meeting decide 2026-11-26-hso elect 'Ola Haugland' --role deputy",
            "regraad meeting decide 2026-11-26-hso note --title 'Kurs i andrologi' \\",
            "    --text 'RegUt HSØ arrangerer kurset høsten 2027.'",
            "regraad meeting attend 2026-11-26-hso --present 'Ola Haugland' \\",
            "    --apologies 'Thomas Engen'",
            "regraad meeting minutes 2026-11-26-hso --format html --out referat.html",
        ),
    ),
    no_args_is_help=True,
)


class Kind(str, enum.Enum):
    """The schema's meeting kinds (meeting.schema.json; tests/test_meeting.py keeps them equal)."""

    ordinary = "ordinary"
    extraordinary = "extraordinary"
    joint = "joint"
    constituent = "constituent"


class Elected(str, enum.Enum):
    leader = "leader"
    deputy = "deputy"


class Lang(str, enum.Enum):
    nb = "nb"
    en = "en"


class MinutesFormat(str, enum.Enum):
    md = "md"
    html = "html"


Ident = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help=_("The meeting: DATE-REGION or SPECIALTY/DATE-REGION."),
        autocompletion=meeting_values,
    ),
]
Proposal = Annotated[
    str,
    typer.Argument(
        metavar="PROPOSAL", help=_("ID or SPECIALTY/ID."), autocompletion=proposal_values
    ),
]
DocLang = Annotated[
    Lang,
    typer.Option(
        "--lang", help=_("Language of what is written into the meeting file or the minutes.")
    ),
]
Text = Annotated[
    str | None,
    typer.Option(
        "--text",
        metavar="TEXT",
        help=_("The decision as minuted (default: one sentence saying what was decided)."),
        callback=prose,
    ),
]
Item = Annotated[
    str | None,
    typer.Option(
        "--item",
        metavar="N/YY",
        help=_("The agenda item (default: the item about it, or a new one)."),
    ),
]


def _lines(param: typer.CallbackParam, values: list[str] | None) -> list[str] | None:
    """``one_line`` for each value of a repeatable option."""
    return [one_line(param, v) for v in values] if values else values


def _date(value: str, option: str) -> str:
    from ..workflow.council import check_date

    return check_date(value, option)


@meeting.command(
    "new", help=_("Create the meeting file data/specialties/SPECIALTY/meetings/DATE-REGION.yaml.")
)
@recording()
def new_cmd(
    specialty: Specialty,
    region: Annotated[
        str,
        typer.Option(
            "--region",
            metavar="REGION",
            help=_("The council's region (or cross-regional)."),
            autocompletion=region_values,
            callback=one_line,
        ),
    ],
    date: Annotated[str, typer.Option("--date", metavar="DATE", help=_("The meeting date."))],
    kind: Annotated[Kind, typer.Option("--kind", help=_("The kind of meeting."))] = Kind.ordinary,
    place: Annotated[
        str | None,
        typer.Option(
            "--place",
            metavar="TEXT",
            help=_("Where, or the video link's description."),
            callback=one_line,
        ),
    ] = None,
    convened_by: Annotated[
        str | None,
        typer.Option(
            "--convened-by",
            metavar="WHO",
            help=_("Who convened the meeting (default: the region's RegUt)."),
            callback=one_line,
        ),
    ] = None,
    joint_with: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            metavar="COUNCIL",
            help=_(
                "A joint meeting (fellesmøte): another council taking part, SPECIALTY/REGION "
                "or GOALSET/REGION such as FKM/hso; repeat for each. Makes the meeting joint."
            ),
            callback=_lines,
        ),
    ] = None,
    by: StepBy = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.meetings import new

    def build(root: Path, dataset: Dataset) -> Change:
        return new(
            dataset,
            specialty,
            region,
            _date(date, "--date"),
            kind.value,
            _who(root, by),
            place=place,
            convened_by=convened_by,
            note=note,
            councils=joint_with or None,
        )

    record.run(build)


@meeting.command(
    "agenda",
    help=_(
        "Propose the agenda from the data: proposals waiting for this council, "
        "bottlenecks at the region's hosts, what the council lacks (the C-rules) and "
        "elections due (a leader's or deputy's term ending within six months or ended "
        "without successor, a deputy the region requires). Item numbers continue the "
        "council's numbering for the year."
    ),
)
@recording()
def agenda_cmd(
    ident: Ident,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help=_(
                "Write the items into the meeting file's agenda (appended when it has one) "
                "and commit."
            ),
        ),
    ] = False,
    lang: DocLang = Lang.nb,
    by: StepBy = None,
    *,
    record: Recording,
) -> None:
    from ..errors import UsageError
    from ..workflow.meetings import find, plan, write_agenda
    from .meeting_agenda import show_agenda

    if not write and record.asked_to_commit:
        raise UsageError(_("--no-commit, --dry-run, --branch and --sign go with --write"))

    def build(root: Path, dataset: Dataset) -> Change | None:
        doc = find(dataset, ident)
        items = plan(dataset, doc, lang.value)
        show_agenda(doc, items)
        if not write:
            return None
        sys.stdout.write("\n")
        return write_agenda(dataset, doc, items, _who(root, by))

    record.run(build)


@meeting.command(
    "minutes",
    help=_(
        "The minutes from the meeting file: facts, attendance and apologies, the items "
        "with their notes and decisions, the summary and the next meeting. Bokmål by "
        "default."
    ),
)
def minutes_cmd(
    ident: Ident,
    output_format: Annotated[
        MinutesFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = MinutesFormat.md,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help=_("Write to this file (default: stdout).")),
    ] = None,
    lang: DocLang = Lang.nb,
) -> None:
    from ..output.files import write_file
    from ..workflow.meetings import find, minutes

    root, dataset = _load()
    doc = find(dataset, ident)
    text = minutes(dataset, doc, output_format.value, lang.value)
    if out is None:
        sys.stdout.write(text)
        return
    # never into data/ or .git, never over a file regraad did not write
    write_file(root, out, text.encode("utf-8"), "--out")
    sys.stdout.write(f"{out}\n")


decide = typer.Typer(
    help=_(
        "Record a decision taken in the meeting: the proposal step or membership change "
        "it decides and the decision in the meeting file, in one commit whose trailers are "
        "that change's own plus Regraad-Meeting; a plain decision (note) changes the "
        "meeting file alone."
    ),
    no_args_is_help=True,
)
meeting.add_typer(decide, name="decide")


@decide.callback()
def decide_callback(ctx: typer.Context, ident: Ident) -> None:
    ctx.obj = ident


def _decision(
    ctx: typer.Context,
    root: Path,
    dataset: Dataset,
    by: str | None,
    note: str | None,
    item: str | None,
    text: str | None,
    lang: Lang,
) -> tuple[Document, Decision]:
    from ..workflow.meetings import Decision, check_item, find

    decision = Decision(_who(root, by), note, check_item(item), text, lang.value)
    return find(dataset, str(ctx.obj)), decision


@decide.command(
    "recommend",
    help=_(
        "The council's recommendation on a proposal in review (as propose recommend, "
        "with the meeting's region and date)."
    ),
)
@recording()
def recommend_cmd(
    ctx: typer.Context,
    proposal: Proposal,
    position: CouncilPosition,
    note: StepNote = None,
    text: Text = None,
    item: Item = None,
    lang: DocLang = Lang.nb,
    by: StepBy = None,
    *,
    record: Recording,
) -> None:
    from ..workflow import proposals
    from ..workflow.meetings import decide_recommend

    def build(root: Path, dataset: Dataset) -> Change:
        doc, decision = _decision(ctx, root, dataset, by, note, item, text, lang)
        found = proposals.find(dataset, proposal)
        return decide_recommend(dataset, doc, found, position.value, decision)

    record.run(build)


@decide.command(
    "elect",
    help=_(
        "Elect a member of the meeting's council leader or deputy (as council role: the "
        "current entry ends the day before --from, a new one in the role starts on it; "
        "whoever holds the role then hands it over, taking the elected member's former role)."
    ),
)
@recording()
def elect_cmd(
    ctx: typer.Context,
    member: Member,
    role: Annotated[Elected, typer.Option("--role", help=_("The role elected to."))],
    start: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="DATE", help=_("First day in the role (default: the meeting date).")
        ),
    ] = None,
    note: StepNote = None,
    text: Text = None,
    item: Item = None,
    lang: DocLang = Lang.nb,
    by: StepBy = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.meetings import decide_elect

    def build(root: Path, dataset: Dataset) -> Change:
        doc, decision = _decision(ctx, root, dataset, by, note, item, text, lang)
        day = _date(start, "--from") if start is not None else None
        return decide_elect(dataset, doc, member, role.value, day, decision)

    record.run(build)


@decide.command(
    "advance",
    help=_(
        "Move a proposal of the meeting's region a step (as propose advance), e.g. "
        "accept a local learning activity in regional review."
    ),
)
@recording()
def advance_cmd(
    ctx: typer.Context,
    proposal: Proposal,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="STATE", help=_("The state to move to (when there is a choice).")
        ),
    ] = None,
    decided: Decided = None,
    in_force: InForce = None,
    reason: RejectedBecause = None,
    note: StepNote = None,
    text: Text = None,
    item: Item = None,
    lang: DocLang = Lang.nb,
    by: StepBy = None,
    *,
    record: Recording,
) -> None:
    from ..workflow import proposals
    from ..workflow.meetings import decide_advance

    def build(root: Path, dataset: Dataset) -> Change:
        doc, decision = _decision(ctx, root, dataset, by, note, item, text, lang)
        found = proposals.find(dataset, proposal)
        return decide_advance(
            dataset,
            doc,
            found,
            to,
            decision,
            decided=_date(decided, "--decided") if decided else None,
            in_force=_date(in_force, "--in-force") if in_force else None,
            reason=reason,
        )

    record.run(build)


@decide.command("note", help=NOTE_HELP)
@recording()
def note_cmd(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Option("--text", metavar="TEXT", help=_("The decision as minuted."), callback=prose),
    ],
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="TEXT",
            help=_("The title of a new agenda item for it (without --item)."),
            callback=one_line,
        ),
    ] = None,
    item: Item = None,
    recommends: Recommends = None,
    to: RecommendsTo = None,
    note: StepNote = None,
    lang: DocLang = Lang.nb,
    by: StepBy = None,
    *,
    record: Recording,
) -> None:
    from ..errors import UsageError
    from ..workflow.meetings import decide_note

    if (recommends is None) != (to is None):
        raise UsageError(_("--recommends and --to go together"))
    advised = (recommends.value, str(to)) if recommends is not None else None

    def build(root: Path, dataset: Dataset) -> Change:
        doc, decision = _decision(ctx, root, dataset, by, note, item, text, lang)
        return decide_note(dataset, doc, decision, title, advised)

    record.run(build)


def register(app: typer.Typer) -> None:
    from .meeting_attend import HELP, attend_cmd

    meeting.command("attend", help=HELP)(attend_cmd)
    app.add_typer(meeting, name="meeting")
