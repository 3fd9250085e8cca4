"""``regraad propose``: change proposals, each step one commit with trailers."""

from __future__ import annotations

import enum
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import _
from .complete import meeting_values, proposal_values, region_values, state_values, trust_values
from .helptext import examples, paragraphs
from .options import (
    AsOf,
    CouncilPosition,
    CouncilRegion,
    Decided,
    InForce,
    OnlySpecialty,
    Position,  # noqa: F401 - --position's choices; tests read them here
    RejectedBecause,
    Specialty,
    one_line,
    prose,
)
from .recording import Recording, StepBy, StepNote, recording
from .recording import load as _load
from .recording import who as _who

if TYPE_CHECKING:
    from ..load.dataset import Dataset
    from ..workflow import Change

propose = typer.Typer(
    help=paragraphs(
        _("File change proposals and move them through the change process."),
        examples(
            "regraad propose new urologi --kind national-la --title HoLEP --region hn",
            "regraad propose advance urologi/2026-004 --by 'RegUt HV'",
            "regraad propose recommend 2026-004 --region hso --position support",
            "regraad propose show 2026-004",
        ),
    ),
    no_args_is_help=True,
)

Kind = enum.Enum(  # type: ignore[misc]
    "Kind", {k: k for k in ("local-la", "national-la", "learning-goal")}, type=str
)
ListFormat = enum.Enum("ListFormat", {"text": "text", "json": "json"}, type=str)

At = Annotated[
    str | None, typer.Option("--at", metavar="DATE", help=_("Date of the step (default: today)."))
]
Ident = Annotated[
    str, typer.Argument(metavar="ID", help=_("ID or SPECIALTY/ID."), autocompletion=proposal_values)
]
Meeting = Annotated[
    str | None,
    typer.Option(
        "--meeting",
        metavar="MEETING",
        help=_("The meeting that decided the step."),
        autocompletion=meeting_values,
        callback=one_line,
    ),
]
ToState = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="STATE",
        help=_("The state to move to (when there is a choice)."),
        autocompletion=state_values,
        callback=one_line,
    ),
]


def _step(root: Path, by: str | None, at: str | None, note: str | None) -> Any:
    from ..workflow import today
    from ..workflow.proposals import Step, check_date

    return Step(_who(root, by), check_date(at, "--at") if at else today(), note)


@propose.command("new", help=_("File a new proposal in draft, with the next free id of the year."))
@recording(AsOf)
def new_cmd(
    specialty: Specialty,
    kind: Annotated[Kind, typer.Option("--kind", help=_("Which change process applies."))],
    title: Annotated[str, typer.Option("--title", help=_("A short title."), callback=one_line)],
    region: Annotated[
        str,
        typer.Option(
            "--region",
            metavar="REGION",
            help=_("The region the proposal comes from."),
            autocompletion=region_values,
            callback=one_line,
        ),
    ],
    trust: Annotated[
        str | None,
        typer.Option(
            "--trust",
            metavar="TRUST",
            help=_("The trust it comes from."),
            autocompletion=trust_values,
            callback=one_line,
        ),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from-file",
            metavar="FILE",
            help=_("YAML with summary, rationale, consequences and affects."),
        ),
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", help=_("Open $EDITOR on a template (default on a terminal)."))
    ] = False,
    by: StepBy = None,
    at: At = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..git import gitio
    from ..workflow.proposal_ids import next_id
    from ..workflow.proposals import new

    def build(root: Path, dataset: Dataset) -> Change:
        step = _step(root, by, at, note)
        fields: dict[str, Any] = {}
        if from_file is not None:
            fields = _read_fields(from_file)
        elif edit or (sys.stdin.isatty() and sys.stdout.isatty()):
            fields = _edit_fields(title)
        where = gitio.place(root)
        pid = next_id(
            where.repo if where else None, where.prefix if where else "", dataset, int(step.at[:4])
        )
        origin = {"region": region, **({"trust": trust} if trust else {}), "by": step.by}
        return new(dataset, pid, specialty, kind.value, title, origin, step, fields)

    record.run(build)


_TEMPLATE = (
    "# {title}\n"
    "# Fill in what you know; lines starting with # are ignored. Save and close to file it.\n"
    'summary: ""\n'
    'rationale: ""\n'
    "consequences:\n"
    '  economic: ""\n'
    '  organisational: ""\n'
    "affects:\n"
    "  activities: []\n"
    "  goals: []\n"
)


def _read_fields(path: Path) -> dict[str, Any]:
    from ..errors import UsageError
    from ..load.yamlparse import parse_bytes

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            _("--from-file: cannot read {path}: {error}").format(path=path, error=exc.strerror)
        ) from None
    parsed = parse_bytes(raw)
    if parsed.problems or not isinstance(parsed.data, dict):
        problem = parsed.problems[0] if parsed.problems else None
        where = f"{path}:{problem.line}:{problem.col}" if problem else str(path)
        detail = problem.message if problem else _("expected a mapping of fields")
        raise UsageError(_("--from-file: {where}: {detail}").format(where=where, detail=detail))
    return _clean(parsed.data)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields a template left unfilled."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        kept = _clean(value) if isinstance(value, dict) else value
        if kept not in (None, "", [], {}):
            out[key] = kept
    return out


def _edit_fields(title: str) -> dict[str, Any]:
    from ..errors import UsageError

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="regraad-proposal-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(_TEMPLATE.format(title=title))
        try:
            subprocess.run([*shlex.split(command), name], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise UsageError(
                _("the editor '{editor}' failed: {error}").format(editor=command, error=exc)
            ) from None
        return _read_fields(Path(name))
    finally:
        Path(name).unlink(missing_ok=True)


@propose.command("advance", help=_("Move a proposal to its next state (the only one, or --to)."))
@recording(AsOf)
def advance_cmd(
    ident: Ident,
    to: ToState = None,
    decided: Decided = None,
    in_force: InForce = None,
    reason: RejectedBecause = None,
    meeting: Meeting = None,
    by: StepBy = None,
    at: At = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.proposals import advance, check_date, find

    def build(root: Path, dataset: Dataset) -> Change:
        doc = find(dataset, ident)
        return advance(
            dataset,
            doc,
            to,
            _step(root, by, at, note),
            decided=check_date(decided, "--decided") if decided else None,
            in_force=check_date(in_force, "--in-force") if in_force else None,
            reason=reason,
            meeting=meeting,
        )

    record.run(build)


@propose.command(
    "recommend", help=_("Record a regional council's recommendation (support, oppose or amend).")
)
@recording(AsOf)
def recommend_cmd(
    ident: Ident,
    region: CouncilRegion,
    position: CouncilPosition,
    meeting: Meeting = None,
    by: StepBy = None,
    at: At = None,
    note: StepNote = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.proposals import find, recommend

    def build(root: Path, dataset: Dataset) -> Change:
        doc = find(dataset, ident)
        step = _step(root, by, at, note)
        return recommend(dataset, doc, region, position.value, step, meeting=meeting)

    record.run(build)


@propose.command("withdraw", help=_("Withdraw an open proposal, with the reason."))
@recording(AsOf)
def withdraw_cmd(
    ident: Ident,
    reason: Annotated[
        str, typer.Option("--reason", metavar="TEXT", help=_("Why."), callback=prose)
    ],
    by: StepBy = None,
    at: At = None,
    *,
    record: Recording,
) -> None:
    from ..workflow.proposals import find, withdraw

    def build(root: Path, dataset: Dataset) -> Change:
        doc = find(dataset, ident)
        return withdraw(dataset, doc, reason, _step(root, by, at, None))

    record.run(build)


@propose.command(
    "show", help=_("History, recommendations, where the proposal is now and what it needs next.")
)
def show_cmd(ident: Ident) -> None:
    from ..rules.proposal_flow import STATE_TITLES, WORKFLOWS
    from ..workflow.proposals import find, needs, ref

    _root, dataset = _load()
    doc = find(dataset, ident)
    data = doc.data
    out = sys.stdout
    out.write(f"{ref(doc)}: {data['title']}\n")
    out.write(
        _("kind: {kind}; from {region} ({by})").format(
            kind=data["kind"], region=str(data["origin"]["region"]).upper(), by=data["origin"]["by"]
        )
        + "\n"
    )
    out.write(_("now: {state}").format(state=_(STATE_TITLES[data["state"]])) + "\n\n")
    out.write(_("History:") + "\n")
    for entry in data["history"]:
        extra = _(" (to RegUt {to})").format(to=str(entry["to"]).upper()) if entry.get("to") else ""
        out.write(f"  {entry['at']}  {entry['state']:<18} {entry['by']}{extra}\n")
        if entry.get("note"):
            out.write(f"              {entry['note']}\n")
    recommendations = data.get("recommendations") or []
    if recommendations:
        out.write("\n" + _("Recommendations:") + "\n")
        for rec in recommendations:
            meeting = f" ({rec['meeting']})" if rec.get("meeting") else ""
            out.write(
                f"  {rec['at']}  {str(rec['region']).upper():<4} {rec['position']}{meeting}\n"
            )
    flow = WORKFLOWS[data["kind"]]
    following = flow.next_states(data["state"])
    if following:
        out.write("\n" + _("Next: {states}").format(states=", ".join(following)) + "\n")
        for item in needs(dataset, doc):
            out.write("  " + _("needs {what}").format(what=item) + "\n")


@propose.command(
    "list", help=_("The proposals, oldest first: id, specialty, kind, state, since when, title.")
)
def list_cmd(
    state: Annotated[
        str | None,
        typer.Option(
            "--state",
            metavar="STATE",
            help=_("Only proposals in this state."),
            autocompletion=state_values,
        ),
    ] = None,
    specialty: OnlySpecialty = None,
    open_only: Annotated[bool, typer.Option("--open", help=_("Only open proposals."))] = False,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = ListFormat.text,
) -> None:
    from ..rules.proposal_flow import FINAL

    _root, dataset = _load()
    rows = []
    for slug, bundle in dataset.specialties.items():
        if specialty and slug != specialty:
            continue
        for pid, doc in bundle.proposals.items():
            data = doc.data
            if state and data["state"] != state:
                continue
            if open_only and data["state"] in FINAL:
                continue
            rows.append(
                {
                    "id": pid,
                    "specialty": slug,
                    "kind": data["kind"],
                    "state": data["state"],
                    "since": data["history"][-1]["at"],
                    "title": data["title"],
                }
            )
    rows.sort(key=lambda r: (r["id"], r["specialty"]))
    if output_format.value == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    for r in rows:
        sys.stdout.write(
            f"{r['id']}  {r['specialty']:<20} {r['kind']:<13} {r['state']:<18} {r['since']}  "
            f"{r['title']}\n"
        )


@propose.command("log", help=_("The proposal's commits, newest first."))
def log_cmd(ident: Ident) -> None:
    from ..git import gitio
    from ..workflow.proposals import find

    root, dataset = _load()
    doc = find(dataset, ident)
    where = gitio.require_place(root, "propose log")
    out = gitio.run(
        where.repo,
        "log",
        "--follow",
        "--format=%h  %ad  %an  %s",
        "--date=short",
        "--",
        where.prefix + doc.path,
    )
    from ..output.safe import visible

    for line in out.decode("utf-8", "replace").splitlines():  # anyone's commit subjects
        sys.stdout.write(visible(line) + "\n")


def register(app: typer.Typer) -> None:
    app.add_typer(propose, name="propose")
