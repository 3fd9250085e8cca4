"""``regraad meeting``: council meetings: the file, the agenda, decisions, the minutes."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import _, format_date
from ..output.safe import visible
from .complete import meeting_values, proposal_values, region_values
from .helptext import examples, paragraphs
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
    from ..workflow.meetings import AgendaItem, Decision

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

    if not write and record.asked_to_commit:
        raise UsageError(_("--no-commit, --dry-run, --branch and --sign go with --write"))

    def build(root: Path, dataset: Dataset) -> Change | None:
        doc = find(dataset, ident)
        items = plan(dataset, doc, lang.value)
        _show_agenda(doc, items)
        if not write:
            return None
        sys.stdout.write("\n")
        return write_agenda(dataset, doc, items, _who(root, by))

    record.run(build)


def _show_agenda(doc: Document, items: list[AgendaItem]) -> None:
    """The items already on the agenda, then those the data proposes."""
    from ..workflow.meetings import ref
    from ..workflow.meetings.order import in_order

    existing = in_order(list(doc.data.get("agenda") or []))
    out = sys.stdout
    if existing:
        out.write(_("On the agenda of {ref}:").format(ref=ref(doc)) + "\n")
        for entry in existing:
            out.write(_item_line(str(entry["id"]), str(entry.get("kind", "")), str(entry["title"])))
        out.write("\n")
        if items:
            out.write(_("Also for the agenda, from the data:") + "\n")
        else:
            out.write(_("The data adds nothing to it.") + "\n")
    else:
        out.write(
            _("Agenda proposed for {ref} ({date}):").format(
                ref=ref(doc), date=format_date(doc.data["date"])
            )
            + "\n"
        )
    _write_items(items)


def _item_line(number: str, kind: str, title: str) -> str:
    return f"  {number:<7} {kind:<12} {' '.join(title.split())}\n"


def _write_items(items: list[AgendaItem]) -> None:
    for item in items:
        sys.stdout.write(visible(_item_line(item.id, item.kind, item.title).rstrip("\n")) + "\n")
        if item.why:
            sys.stdout.write(f"  {'':<7} {'':<12} ({visible(item.why)})\n")


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


@decide.command(
    "note",
    help=_(
        "A plain decision, neither a proposal step nor an election (a task for RegUt, a "
        "date agreed): under --item, or under a new item titled --title, placed before "
        "Eventuelt."
    ),
)
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
    note: StepNote = None,
    lang: DocLang = Lang.nb,
    by: StepBy = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.meetings import decide_note

    def build(root: Path, dataset: Dataset) -> Change:
        doc, decision = _decision(ctx, root, dataset, by, note, item, text, lang)
        return decide_note(dataset, doc, decision, title)

    record.run(build)


def register(app: typer.Typer) -> None:
    from .meeting_attend import HELP, attend_cmd

    meeting.command("attend", help=HELP)(attend_cmd)
    app.add_typer(meeting, name="meeting")
