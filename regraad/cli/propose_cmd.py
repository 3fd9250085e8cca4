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
from .complete import region_values, state_values, trust_values
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
from .propose_options import At, Ident, Meeting, ToState, step_of
from .recording import Recording, StepBy, StepNote, recording
from .recording import load as _load

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
            "regraad propose due --region hn",
        ),
    ),
    no_args_is_help=True,
)

Kind = enum.Enum(  # type: ignore[misc]
    "Kind", {k: k for k in ("local-la", "national-la", "learning-goal")}, type=str
)  # rules.proposal_flow.KINDS, spelt out so --help needs no import
ListFormat = enum.Enum("ListFormat", {"text": "text", "json": "json"}, type=str)


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
    from ..workflow.proposal_filing import new
    from ..workflow.proposal_ids import next_id

    def build(root: Path, dataset: Dataset) -> Change:
        step = step_of(root, by, at, note)
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
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            metavar="DATE",
            help=_(
                "When the next step is expected; into council review, every council's "
                "reply deadline."
            ),
        ),
    ] = None,
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
            step_of(root, by, at, note),
            decided=check_date(decided, "--decided") if decided else None,
            in_force=check_date(in_force, "--in-force") if in_force else None,
            reason=reason,
            meeting=meeting,
            due=check_date(due, "--due") if due else None,
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
        step = step_of(root, by, at, note)
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
        return withdraw(dataset, doc, reason, step_of(root, by, at, None))

    record.run(build)


def _awaited(dataset: Dataset, data: dict[str, Any], out: _Folded) -> None:
    """The councils a proposal in council review still waits for, with their deadlines."""
    from ..workflow.lookup import region_short

    answered = {r.get("region") for r in data.get("recommendations") or []}
    deadlines = [d for d in data.get("deadlines") or [] if d["region"] not in answered]
    if deadlines and data["state"] == "council-review":
        out.write("\n" + _("Awaited:") + "\n")
        for d in deadlines:
            short = region_short(dataset, d["region"])
            out.write(f"  {short:<4} {_('by {date}').format(date=d['due'])}\n")


class _Folded:
    """A stream of whole lines on stdout, each folded to the terminal's width."""

    def __init__(self) -> None:
        from . import terminal
        from .state import STATE

        self.lines = terminal.style(STATE.colour(sys.stdout))(sys.stdout)

    def write(self, text: str) -> None:
        for line in text.removesuffix("\n").split("\n"):
            self.lines.line(line)


@propose.command(
    "show", help=_("History, recommendations, where the proposal is now and what it needs next.")
)
def show_cmd(ident: Ident) -> None:
    from ..report.proposals import POSITIONS
    from ..rules.proposal_flow import STATE_TITLES, workflow_for
    from ..workflow.lookup import region_short
    from ..workflow.proposals import find, needs, ref

    _root, dataset = _load()
    doc = find(dataset, ident)
    data = doc.data
    out = _Folded()
    out.write(f"{ref(doc)}: {data['title']}\n")
    origin = data["origin"]
    inbound = data.get("inbound")
    if inbound is not None:
        out.write(
            _("kind: {kind}; input from {by}, sent by Helsedirektoratet ({reference})").format(
                kind=data["kind"], by=origin["by"], reference=inbound.get("reference", "—")
            )
            + "\n"
        )
        if inbound.get("reply_by"):
            out.write(_("reply to Helsedirektoratet by {date}").format(date=inbound["reply_by"]))
            out.write("\n")
    else:
        out.write(
            _("kind: {kind}; from {region} ({by})").format(
                kind=data["kind"],
                region=region_short(dataset, origin.get("region", "—")),
                by=origin["by"],
            )
            + "\n"
        )
    out.write(_("now: {state}").format(state=_(STATE_TITLES[data["state"]])) + "\n\n")
    out.write(_("History:") + "\n")
    for entry in data["history"]:
        extra = (
            _(" (to RegUt {to})").format(to=region_short(dataset, entry["to"]))
            if entry.get("to")
            else ""
        )
        if entry.get("returned"):
            extra += _(" (returned)")
        if entry.get("due"):
            extra += _(" (due {date})").format(date=entry["due"])
        state = _(STATE_TITLES.get(entry["state"], entry["state"]))
        out.write(f"  {entry['at']}  {state}: {entry['by']}{extra}\n")
        if entry.get("note"):
            out.write(f"              {entry['note']}\n")
    flow = workflow_for(data)
    recommendations = data.get("recommendations") or []
    if recommendations:
        heading = _("Recommendations:") if flow.national else _("The council's advice:")
        out.write("\n" + heading + "\n")
        for rec in recommendations:
            meeting = f" ({rec['meeting']})" if rec.get("meeting") else ""
            short = region_short(dataset, rec["region"])
            position = _(POSITIONS.get(rec["position"], rec["position"]))
            out.write(f"  {rec['at']}  {short:<4} {position}{meeting}\n")
    _awaited(dataset, data, out)
    if data.get("adopted_by"):
        out.write("\n" + _("Adopted by {trust}.").format(trust=data["adopted_by"]) + "\n")
    following = flow.next_states(data["state"])
    if following:
        words = ", ".join(f"{s} ({_(STATE_TITLES[s])})" for s in following)
        out.write("\n" + _("Next: {states}").format(states=words) + "\n")
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
    from ..output.terminal import table
    from ..rules.proposal_flow import STATE_TITLES
    from . import terminal
    from .paging import paged
    from .state import STATE

    with paged() as stream:
        table(
            terminal.style(STATE.colour(stream))(stream),
            None,
            [
                [
                    r["id"],
                    r["specialty"],
                    r["kind"],
                    _(STATE_TITLES[r["state"]]),
                    r["since"],
                    r["title"],
                ]
                for r in rows
            ],
            right=set(),
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
    from . import propose_turns

    propose_turns.register(propose)
    app.add_typer(propose, name="propose")
