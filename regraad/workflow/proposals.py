"""Proposal steps as recorded changes: file, receive, advance, recommend, adopt, return,
stop, withdraw, and the councils' deadlines.

Each function reads the loaded dataset, refuses what the change process does not
allow (the workflow and its guards are defined once, in ``proposal_flow``), and
returns a ``Change`` with the edited file text and the commit that records it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import clock
from ..errors import RefusedError, UsageError
from ..git import trailers
from ..i18n import _
from ..load.dataset import Dataset, Document
from ..rules.proposal_flow import (
    ACCEPTED,
    ADOPTED,
    FINAL,
    NEEDS_CONSEQUENCES,
    NEEDS_RECOMMENDATION,
    REJECTED,
    STOPPED,
    SUBMITTED,
    WITHDRAWN,
    workflow_for,
)
from . import Change, editor
from .lookup import find_document, region_short


def check_date(value: str, option: str) -> str:
    """``value`` as an ISO date; a usage error naming ``option`` when it is not one."""
    return clock.parse_date(value, option)


def find(dataset: Dataset, ident: str) -> Document:
    """The proposal ``ID`` or ``SPECIALTY/ID``: refused when unknown, a usage error when
    ambiguous (the name, not the data, is wrong)."""
    return find_document(
        dataset,
        ident,
        lambda bundle: bundle.proposals,
        is_file=lambda path, _slug, pid: path.endswith(f"/proposals/{pid}.yaml"),
        unknown=_("no proposal {id}"),
        hint=_("regraad propose list shows the proposals"),
        several=_("{id} is a proposal in several specialties: {where}"),
    )


def ref(doc: Document) -> str:
    return f"{doc.params['specialty']}/{doc.params['proposal']}"


@dataclass(frozen=True)
class Step:
    """Who takes a step, when, and why."""

    by: str
    at: str
    note: str | None = None


def step_trailers(
    action: str, doc_ref: str, step: Step, before: str | None, after: str | None
) -> list[tuple[str, str]]:
    items = [(trailers.ACTION, action), (trailers.PROPOSAL, doc_ref)]
    if before is not None:
        items.append((trailers.FROM, before))
    if after is not None:
        items.append((trailers.TO, after))
    items.append((trailers.BY, step.by))
    return items


def history_entry(state: str, step: Step, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"state": state, "at": step.at, "by": step.by}
    entry.update({k: v for k, v in extra.items() if v is not None})
    if step.note:
        entry["note"] = step.note
    return entry


def state_change(
    dataset: Dataset,
    doc: Document,
    action: str,
    subject: str,
    moves: tuple[str, str],
    step: Step,
    entry: dict[str, Any],
    body: str = "",
    fields: tuple[tuple[str, Any], ...] = (),
) -> Change:
    """The change that moves ``doc`` from ``moves[0]`` to ``moves[1]``: its state, one new
    history ``entry`` and the decision ``fields`` the step owns, in one commit."""
    before, after = moves
    change = Change(
        f"proposal({ref(doc)}): {subject}",
        step_trailers(action, ref(doc), step, before, after),
        body,
        effective=step.at,
    )
    edit = editor(dataset, doc.path, change)
    edit.set(("state",), after)
    edit.append(("history",), entry)
    for key, value in fields:
        edit.set((key,), value)
    change.texts[doc.path] = edit.text
    return change


def open_state(doc: Document) -> str:
    state = str(doc.data["state"])
    if state in FINAL:
        raise RefusedError(
            _("{id} is {state}; a decided or withdrawn proposal does not move").format(
                id=ref(doc), state=_(state)
            )
        )
    return state


def next_step(doc: Document, to: str | None) -> str:
    """The state ``advance`` moves to: ``to`` when legal, else the only next one."""
    state = open_state(doc)
    flow = workflow_for(doc.data)
    forward = [s for s in flow.next_states(state) if s not in (WITHDRAWN, STOPPED)]
    if to is None:
        if len(forward) == 1:
            return forward[0]
        raise RefusedError(
            _("{id} can go to {states} from {state}; say which with --to").format(
                id=ref(doc), states=_(" or ").join(forward), state=state
            )
        )
    if to == WITHDRAWN:
        raise UsageError(_("use regraad propose withdraw ID --reason TEXT to withdraw"))
    if to == STOPPED:
        raise UsageError(_("use regraad propose stop ID --reason TEXT to stop a proposal"))
    if to == ADOPTED or (to == ACCEPTED and not flow.national):
        raise UsageError(
            _("a local learning activity is adopted by the trust, after the council's advice"),
            _("use regraad propose adopt ID --trust TRUST when the trust adopts it"),
        )
    if to in flow.earlier_states(state):
        raise UsageError(
            _("use regraad propose return ID --to {state} --reason TEXT to send it back").format(
                state=to
            )
        )
    if to not in forward:
        raise RefusedError(
            _("a {kind} proposal cannot go from {before} to {after}").format(
                kind=doc.data["kind"], before=state, after=to
            ),
            _("legal next states: {legal}").format(legal=", ".join(forward)),
        )
    return to


def advance(
    dataset: Dataset,
    doc: Document,
    to: str | None,
    step: Step,
    decided: str | None = None,
    in_force: str | None = None,
    reason: str | None = None,
    meeting: str | None = None,
    due: str | None = None,
) -> Change:
    """Move a proposal one step along its workflow, guards checked first. ``due`` is
    when the next step is expected; into council review it is every council's deadline."""
    before = open_state(doc)
    after = next_step(doc, to)
    data = doc.data
    flow = workflow_for(data)
    extra: dict[str, Any] = {"meeting": meeting}
    if due is not None and due < step.at:
        raise UsageError(
            _("--due: {due} is before the step itself ({at})").format(due=due, at=step.at)
        )
    if after == SUBMITTED:
        spec = dataset.specialties[doc.params["specialty"]].spec
        fagkontakt = spec.data.get("fagkontakt") if spec is not None else None
        if fagkontakt is None:
            raise RefusedError(
                _("{slug} names no fagkontakt RegUt, so the proposal cannot be routed").format(
                    slug=doc.params["specialty"]
                ),
                _("add `fagkontakt: <region>` to the specialty first"),
            )
        extra["to"] = fagkontakt
    if before == NEEDS_RECOMMENDATION and not data.get("recommendations"):
        raise RefusedError(
            _("{id} cannot leave council-review before a council has recommended it").format(
                id=ref(doc)
            ),
            _("record one with regraad propose recommend {id} --region R --position P").format(
                id=ref(doc)
            ),
        )
    if before == NEEDS_CONSEQUENCES:
        consequences = data.get("consequences") or {}
        missing = [k for k in ("economic", "organisational") if not consequences.get(k)]
        if missing:
            raise RefusedError(
                _("{id} cannot leave the leader meeting without {what} consequences").format(
                    id=ref(doc), what=_(" and ").join(_(m) for m in missing)
                ),
                _("describe them under `consequences:` in {path}").format(path=doc.path),
            )
    if after == ACCEPTED:
        decided = decided or step.at
        if flow.national and not in_force:
            raise RefusedError(
                _("an accepted national proposal needs --in-force DATE (when it takes effect)")
            )
        if not any(
            (data.get(block) or {}).get(field)
            for block in ("affects", "removes")
            for field in ("goals", "activities")
        ):
            raise RefusedError(
                _("{id} does not name the goals or activities it changes").format(id=ref(doc)),
                _("list them under `affects:` (added or changed) or `removes:` in {path}").format(
                    path=doc.path
                ),
            )
    if after == REJECTED and not reason:
        raise RefusedError(_("a rejected proposal needs --reason TEXT"))
    fields: tuple[tuple[str, Any], ...] = ()
    if after == ACCEPTED:
        fields = (("decided", decided), *((("in_force", in_force),) if in_force else ()))
    elif after == REJECTED:
        fields = (("decided", decided or step.at), ("reason", reason))
    change = state_change(
        dataset,
        doc,
        trailers.PROPOSAL_ADVANCE,
        f"advance to {after}",
        (before, after),
        step,
        history_entry(after, step, **extra, due=due),
        step.note or "",
        fields,
    )
    if after == NEEDS_RECOMMENDATION and due is not None:
        edit = editor(dataset, doc.path, change)
        set_deadlines(edit, doc, council_regions(dataset, doc), due)
        change.texts[doc.path] = edit.text
    if after == ACCEPTED:
        # the decision is a fact; the change it asks for in the goals and activities
        # follows it, and W-IN-FORCE says so until it is made
        change.tolerate = lambda f: f.rule == "W-IN-FORCE" and f.path == doc.path
    return change


def withdraw(dataset: Dataset, doc: Document, reason: str, step: Step) -> Change:
    before = open_state(doc)
    if not reason.strip():
        raise UsageError(_("--reason: say why the proposal is withdrawn"))
    return state_change(
        dataset,
        doc,
        trailers.PROPOSAL_WITHDRAW,
        "withdraw",
        (before, WITHDRAWN),
        step,
        history_entry(WITHDRAWN, step),
        reason,
        (("reason", reason),),
    )


def recommend(
    dataset: Dataset,
    doc: Document,
    region: str,
    position: str,
    step: Step,
    meeting: str | None = None,
) -> Change:
    """Record one regional council's position on a proposal under review."""
    state = open_state(doc)
    if workflow_for(doc.data).national and state != NEEDS_RECOMMENDATION:
        raise RefusedError(
            _("{id} is in {state}; councils recommend during council-review").format(
                id=ref(doc), state=state
            )
        )
    if region not in dataset.regions:
        raise UsageError(
            _("--region: no region '{region}'").format(region=region),
            _("regions: {list}").format(list=", ".join(sorted(dataset.regions))),
        )
    if any(r.get("region") == region for r in doc.data.get("recommendations") or []):
        raise RefusedError(
            _("the {region} council has already recommended {id}").format(
                region=region_short(dataset, region), id=ref(doc)
            )
        )
    entry: dict[str, Any] = {"region": region, "position": position, "at": step.at}
    if meeting:
        entry["meeting"] = meeting
    if step.note:
        entry["note"] = step.note
    items = step_trailers(trailers.PROPOSAL_RECOMMEND, ref(doc), step, None, None)
    items.insert(2, (trailers.RECOMMENDATION, f"{region} {position}"))
    change = Change(
        f"proposal({ref(doc)}): {region_short(dataset, region)} recommends {position}",
        items,
        step.note or "",
        effective=step.at,
    )
    edit = editor(dataset, doc.path, change)
    edit.append(("recommendations",), entry)
    change.texts[doc.path] = edit.text
    return change


def needs(dataset: Dataset, doc: Document) -> list[str]:
    """What the proposal needs before its next step, in words."""
    state = str(doc.data["state"])
    if state in FINAL:
        return []
    flow = workflow_for(doc.data)
    out = []
    forward = [s for s in flow.next_states(state) if s not in (WITHDRAWN, STOPPED)]
    if SUBMITTED in forward:
        spec = dataset.specialties[doc.params["specialty"]].spec
        if spec is None or "fagkontakt" not in spec.data:
            out.append(_("a fagkontakt RegUt recorded for the specialty"))
    if state == NEEDS_RECOMMENDATION and not doc.data.get("recommendations"):
        out.append(_("at least one council recommendation (regraad propose recommend)"))
    if state == NEEDS_CONSEQUENCES:
        consequences = doc.data.get("consequences") or {}
        for key in ("economic", "organisational"):
            if not consequences.get(key):
                out.append(_("{what} consequences described").format(what=_(key)))
    if ACCEPTED in forward:
        out.append(_("the decision: --decided DATE and --in-force DATE"))
    if ADOPTED in forward:
        if not advice(doc):
            out.append(_("the council's advice (regraad propose recommend)"))
        out.append(_("the trust's decision (regraad propose adopt --trust TRUST)"))
    return out


def advice(doc: Document) -> list[dict[str, Any]]:
    """The council's advice on a local learning activity: its own region's recommendation."""
    region = doc.data["origin"].get("region")
    return [r for r in doc.data.get("recommendations") or [] if r.get("region") == region]


def council_regions(dataset: Dataset, doc: Document) -> list[str]:
    """The regions whose councils are asked: every region (a national matter concerns all)."""
    return sorted(dataset.regions)


def set_deadlines(edit: Any, doc: Document, regions: list[str], due: str) -> None:
    """Set (or move) each region's reply deadline to ``due``."""
    entries = doc.data.get("deadlines") or []
    for region in regions:
        index = next((i for i, d in enumerate(entries) if d.get("region") == region), None)
        if index is None:
            edit.append(("deadlines",), {"region": region, "due": due})
        else:
            edit.set(("deadlines", index, "due"), due)
