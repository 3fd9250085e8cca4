"""``regraad council``: membership changes, each one commit with trailers, and the list."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from ..i18n import _, format_date, ngettext
from .complete import region_values, specialty_values, trust_values
from .helptext import examples, paragraphs, verbatim
from .options import CouncilRegion, Member, Specialty, as_of_date, one_line, prose
from .recording import RecordedBy, Recording, recording
from .recording import load as _load
from .recording import who as _who
from .state import STATE

if TYPE_CHECKING:
    from ..load.dataset import Dataset
    from ..workflow import Change
    from ..workflow.council import CouncilList

council = typer.Typer(
    help=paragraphs(
        _("Record council membership changes (reported to RegUt) and list the councils."),
        examples(
            "regraad council add anestesiologi --region hmn --name 'Kari Nordvik' \\",
            "    --trust hmr --role member --title overlege --specialist \\",
            "    --appointed-by 'Klinikksjef, HMR' --term-to 2028-12-31",
            "regraad council role urologi 'Ola Haugland' deputy --from 2027-01-01 \\",
            "    --replaces 'Marte Bakken'",
            "regraad council end urologi 'Thomas Engen' --reason 'Ferdig spesialist'",
            "regraad council list urologi --all",
        ),
    ),
    no_args_is_help=True,
)

Role = enum.Enum(  # type: ignore[misc]
    "Role",
    {r: r for r in ("leader", "deputy", "member", "union-rep", "lis-rep", "observer")},
    type=str,
)
ListFormat = enum.Enum("ListFormat", {"text": "text", "json": "json"}, type=str)

Region = Annotated[
    str | None,
    typer.Option(
        "--region",
        metavar="REGION",
        help=_("The council's region (needed when the name is in several councils)."),
        autocompletion=region_values,
        callback=one_line,
    ),
]
Replaces = Annotated[
    str | None,
    typer.Option(
        "--replaces",
        metavar="MEMBER",
        help=_(
            "A handover in one commit: this member's term ends the day before --from "
            "(with role: the two change places)."
        ),
        callback=one_line,
    ),
]


def _date(value: str | None, option: str) -> str:
    from ..workflow import today
    from ..workflow.council import check_date

    return check_date(value, option) if value is not None else today()


@council.command(
    "add", help=_("Add a member; creates the council file when the council does not exist yet.")
)
@recording(allow_gap=True)
def add_cmd(
    specialty: Specialty,
    region: CouncilRegion,
    name: Annotated[
        str, typer.Option("--name", metavar="NAME", help=_("Full name."), callback=one_line)
    ],
    trust: Annotated[
        str,
        typer.Option(
            "--trust",
            metavar="TRUST",
            help=_("The trust the member represents."),
            autocompletion=trust_values,
            callback=one_line,
        ),
    ],
    role: Annotated[Role, typer.Option("--role", help=_("The role in the council."))],
    site: Annotated[
        str | None,
        typer.Option(
            "--site", metavar="SITE", help=_("The member's site (hospital)."), callback=one_line
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", metavar="TITLE", help=_("Position, e.g. overlege."), callback=one_line
        ),
    ] = None,
    specialist: Annotated[
        bool | None,
        typer.Option(
            "--specialist/--no-specialist",
            help=_("Whether the member is a specialist in the specialty."),
            show_default=False,
        ),
    ] = None,
    union: Annotated[
        str | None,
        typer.Option(
            "--union",
            metavar="UNION",
            help=_("Union of a union representative."),
            callback=one_line,
        ),
    ] = None,
    email: Annotated[
        str | None,
        typer.Option("--email", metavar="EMAIL", help=_("E-mail address."), callback=one_line),
    ] = None,
    github: Annotated[
        str | None,
        typer.Option(
            "--github",
            metavar="HANDLE",
            help=_("GitHub handle, for CODEOWNERS."),
            callback=one_line,
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help=_("Member from (default: today)."))
    ] = None,
    term_to: Annotated[
        str | None,
        typer.Option(
            "--term-to",
            metavar="DATE",
            help=_("Last day of the term the member is appointed for (the membership goes on)."),
        ),
    ] = None,
    appointed_by: Annotated[
        str | None,
        typer.Option(
            "--appointed-by",
            metavar="WHO",
            help=_("Who appointed the member, e.g. the head of clinic or someone on their behalf."),
            callback=one_line,
        ),
    ] = None,
    alternate: Annotated[
        str | None,
        typer.Option(
            "--alternate",
            metavar="NAME",
            help=_("The member's personal deputy (vara): another entry of this council."),
            callback=one_line,
        ),
    ] = None,
    committee: Annotated[
        bool | None,
        typer.Option(
            "--committee/--no-committee",
            help=_("Whether the member also sits on the specialty committee."),
            show_default=False,
        ),
    ] = None,
    by: RecordedBy = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            metavar="TEXT",
            help=_("A note kept with the entry and in the commit."),
            callback=prose,
        ),
    ] = None,
    replaces: Replaces = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.council import Step, add

    def build(root: Path, dataset: Dataset) -> Change:
        member: dict[str, Any] = {
            "name": name,
            "trust": trust,
            "site": site,
            "role": role.value,
            "title": title,
            "specialist": specialist,
            "union": union,
            "email": email,
            "github": github,
            "appointed_by": appointed_by,
            "alternate": alternate,
            "specialty_committee": committee,
            "from": _date(start, "--from"),
            "term_to": _date(term_to, "--term-to") if term_to is not None else None,
        }
        return add(dataset, specialty, region, member, Step(_who(root, by), note), replaces)

    record.run(build)


@council.command(
    "end", help=_("End a member's active membership; the entry stays as history with `to:`.")
)
@recording(allow_gap=True)
def end_cmd(
    specialty: Specialty,
    member: Member,
    region: Region = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="DATE", help=_("Last day of the membership (default: today).")
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help=_("Why it ends; kept as the entry's note and in the commit."),
            callback=prose,
        ),
    ] = None,
    by: RecordedBy = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.council import Step, end, find_active

    def build(root: Path, dataset: Dataset) -> Change:
        day = _date(to, "--to")
        found = find_active(dataset, specialty, member, day, region)
        return end(dataset, found, day, Step(_who(root, by), reason))

    record.run(build)


@council.command(
    "role",
    help=_(
        "Change a member's role, keeping history: the current entry ends the day before "
        "--from and a new entry in the new role starts on it (as when a council elects its "
        "leader and deputy)."
    ),
)
@recording(allow_gap=True)
def role_cmd(
    specialty: Specialty,
    member: Member,
    role: Annotated[Role, typer.Argument(metavar="ROLE", help=_("The new role."))],
    region: Region = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="DATE", help=_("First day in the new role (default: today).")
        ),
    ] = None,
    by: RecordedBy = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            metavar="TEXT",
            help=_("A note kept with the ended entry and in the commit (e.g. the election)."),
            callback=prose,
        ),
    ] = None,
    replaces: Replaces = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.council import Step, change_role, find_active

    def build(root: Path, dataset: Dataset) -> Change:
        day = _date(start, "--from")
        found = find_active(dataset, specialty, member, day, region)
        return change_role(dataset, found, role.value, day, Step(_who(root, by), note), replaces)

    record.run(build)


def _list_help() -> str:
    return paragraphs(
        _("List council members by specialty and region: role, name, trust, site, from, to."),
        _("Text is a table on a terminal and plain aligned columns otherwise."),
        _(
            "JSON (--format json) is one object; absent fields are null, dates are "
            "YYYY-MM-DD and `to` is the last day of a membership (inclusive):"
        ),
        verbatim(
            '{"as_of": "2026-11-22", "all": false, "councils": [',
            '  {"specialty": "urologi", "region": "hso",',
            '   "path": "data/specialties/urologi/councils/hso.yaml",',
            '   "members": [{"name": "Ingrid Solheim", "role": "leader",',
            '                "trust": "ahus", "site": "nordbyhagen", "title": "overlege",',
            '                "from": "2026-03-12", "to": null, "active": true,',
            '                "note": null}]}]}',
        ),
    )


@council.command("list", help=_list_help())
def list_cmd(
    specialty: Annotated[
        str | None,
        typer.Argument(
            metavar="SPECIALTY",
            help=_("Only this specialty."),
            show_default=False,
            autocompletion=specialty_values,
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            metavar="REGION",
            help=_("Only this region's councils."),
            autocompletion=region_values,
        ),
    ] = None,
    history: Annotated[
        bool, typer.Option("--all", help=_("Every membership, past and future, oldest first."))
    ] = False,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = ListFormat.text,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help=_("List the members active on this date (default: today)."),
        ),
    ] = None,
) -> None:
    from ..workflow.council import listing
    from ..workflow.council.goalset_listing import goalset_listing, with_scope

    _root, dataset = _load()
    when = as_of_date(as_of)
    # SPECIALTY may name a goal set (FKM, FIM, KIR): its councils are listed instead
    goalset = specialty is not None and ("goalset", specialty) in dataset.present
    councils, broken = ([], []) if goalset else listing(dataset, specialty, region, when, history)
    councils = with_scope(dataset, councils)
    if specialty is None or goalset:
        more, skipped = goalset_listing(dataset, specialty, region, when, history)
        councils, broken = [*councils, *more], [*broken, *skipped]
    for path in broken:
        sys.stderr.write(
            _("warning: {path} has errors and is not listed; run regraad validate").format(
                path=path
            )
            + "\n"
        )
    if output_format.value == "json":
        payload = {"as_of": when, "all": history, "councils": [c.as_json() for c in councils]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    if not councils:
        sys.stdout.write(_("no councils") + "\n")
        return
    from .paging import paged

    with paged() as out:
        if out.isatty():
            _rich(councils, when, history, out)
        else:
            _plain(councils, when, history, out)


def _heading(c: CouncilList, when: str, history: bool) -> str:
    ref = f"{c.specialty}/{c.region}"
    if getattr(c, "scope", None) == "national":
        ref = _("{ref} (national council)").format(ref=ref)
    if history:
        return ngettext("{ref}: {n} membership", "{ref}: {n} memberships", len(c.members)).format(
            ref=ref, n=len(c.members)
        )
    return ngettext(
        "{ref}: {n} active member on {date}", "{ref}: {n} active members on {date}", len(c.members)
    ).format(ref=ref, n=len(c.members), date=format_date(when))


def _columns() -> list[str]:
    return [_("role"), _("name"), _("trust"), _("site"), _("from"), _("to")]


def _cells(row: dict[str, Any]) -> list[str]:
    from ..render.environment import LABELS

    role = str(row["role"])
    return [
        _(LABELS["role"].get(role, role)),
        *(
            str(row[k]) if row[k] is not None else ""
            for k in ("name", "trust", "site", "from", "to")
        ),
    ]


def _plain(councils: list[CouncilList], when: str, history: bool, stream: TextIO) -> None:
    """Each council's heading and its members, the table fitted to the terminal's width."""
    from ..output.terminal import Plain, table

    out = Plain(stream)
    for n, c in enumerate(councils):
        if n:
            out.line()
        out.line(_heading(c, when, history))
        table(out, _columns(), [_cells(r) for r in c.members], right=set(), indent="  ")


def _rich(councils: list[CouncilList], when: str, history: bool, stream: TextIO) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    colour = STATE.colour(stream)
    console = Console(
        file=stream,
        color_system="auto" if colour else None,
        no_color=not colour,
        highlight=False,
        emoji=False,
    )
    for c in councils:
        table = Table(title=escape(_heading(c, when, history)), title_justify="left")
        for column in _columns():
            # wrapped at spaces to the terminal's width; a word is never cut short
            table.add_column(escape(column), overflow="fold")
        for row in c.members:
            style = None if row["active"] else "dim"
            table.add_row(*(escape(v) for v in _cells(row)), style=style)
        console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(council, name="council")
