"""Proposal steps as recorded changes: file, advance, recommend, withdraw.

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
    FINAL,
    NEEDS_CONSEQUENCES,
    NEEDS_RECOMMENDATION,
    REJECTED,
    SUBMITTED,
    WITHDRAWN,
    WORKFLOWS,
)
from . import Change, editor
from .lookup import find_document


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


def _trailers(
    action: str, doc_ref: str, step: Step, before: str | None, after: str | None
) -> list[tuple[str, str]]:
    items = [(trailers.ACTION, action), (trailers.PROPOSAL, doc_ref)]
    if before is not None:
        items.append((trailers.FROM, before))
    if after is not None:
        items.append((trailers.TO, after))
    items.append((trailers.BY, step.by))
    return items


def _history_entry(state: str, step: Step, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"state": state, "at": step.at, "by": step.by}
    entry.update({k: v for k, v in extra.items() if v is not None})
    if step.note:
        entry["note"] = step.note
    return entry


def _open_state(doc: Document) -> str:
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
    state = _open_state(doc)
    flow = WORKFLOWS[doc.data["kind"]]
    forward = [s for s in flow.next_states(state) if s != WITHDRAWN]
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
) -> Change:
    """Move a proposal one step along its workflow, guards checked first."""
    before = _open_state(doc)
    after = next_step(doc, to)
    data = doc.data
    flow = WORKFLOWS[data["kind"]]
    extra: dict[str, Any] = {"meeting": meeting}
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
    if after == REJECTED and not reason:
        raise RefusedError(_("a rejected proposal needs --reason TEXT"))
    change = Change(
        f"proposal({ref(doc)}): advance to {after}",
        _trailers(trailers.PROPOSAL_ADVANCE, ref(doc), step, before, after),
        step.note or "",
        effective=step.at,
    )
    edit = editor(dataset, doc.path, change)
    edit.set(("state",), after)
    edit.append(("history",), _history_entry(after, step, **extra))
    if after == ACCEPTED:
        edit.set(("decided",), decided)
        if in_force:
            edit.set(("in_force",), in_force)
    if after == REJECTED:
        edit.set(("decided",), decided or step.at)
        edit.set(("reason",), reason)
    change.texts[doc.path] = edit.text
    return change


def withdraw(dataset: Dataset, doc: Document, reason: str, step: Step) -> Change:
    before = _open_state(doc)
    if not reason.strip():
        raise UsageError(_("--reason: say why the proposal is withdrawn"))
    change = Change(
        f"proposal({ref(doc)}): withdraw",
        _trailers(trailers.PROPOSAL_WITHDRAW, ref(doc), step, before, WITHDRAWN),
        reason,
        effective=step.at,
    )
    edit = editor(dataset, doc.path, change)
    edit.set(("state",), WITHDRAWN)
    edit.append(("history",), _history_entry(WITHDRAWN, step))
    edit.set(("reason",), reason)
    change.texts[doc.path] = edit.text
    return change


def recommend(
    dataset: Dataset,
    doc: Document,
    region: str,
    position: str,
    step: Step,
    meeting: str | None = None,
) -> Change:
    """Record one regional council's position on a proposal under review."""
    state = _open_state(doc)
    if WORKFLOWS[doc.data["kind"]].national and state != NEEDS_RECOMMENDATION:
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
                region=region.upper(), id=ref(doc)
            )
        )
    entry: dict[str, Any] = {"region": region, "position": position, "at": step.at}
    if meeting:
        entry["meeting"] = meeting
    if step.note:
        entry["note"] = step.note
    items = _trailers(trailers.PROPOSAL_RECOMMEND, ref(doc), step, None, None)
    items.insert(2, (trailers.RECOMMENDATION, f"{region} {position}"))
    change = Change(
        f"proposal({ref(doc)}): {region.upper()} recommends {position}",
        items,
        step.note or "",
        effective=step.at,
    )
    edit = editor(dataset, doc.path, change)
    edit.append(("recommendations",), entry)
    change.texts[doc.path] = edit.text
    return change


_SCHEMA_LINE = "# yaml-language-server: $schema=../../../../schemas/proposal.schema.json\n"


def new(
    dataset: Dataset,
    pid: str,
    slug: str,
    kind: str,
    title: str,
    origin: dict[str, str],
    step: Step,
    fields: dict[str, Any] | None = None,
) -> Change:
    """A new proposal in draft, with the fields given (summary, rationale, affects, …)."""
    from ..edit.textedit import block_lines
    from ..errors import InternalError
    from ..load.yamlparse import parse_text

    if slug not in dataset.specialties or dataset.specialties[slug].spec is None:
        raise UsageError(_("no specialty '{slug}'").format(slug=slug))
    if kind not in WORKFLOWS:
        raise UsageError(_("--kind: use one of {kinds}").format(kinds=", ".join(WORKFLOWS)))
    fields = dict(fields or {})
    for reserved in (
        "id",
        "specialty",
        "state",
        "history",
        "recommendations",
        "decided",
        "in_force",
    ):
        fields.pop(reserved, None)
    data: dict[str, Any] = {
        "id": pid,
        "specialty": slug,
        "kind": kind,
        "title": title,
        "origin": origin,
        "summary": fields.pop("summary", None) or title,
        **fields,
        "state": "draft",
        "history": [_history_entry("draft", step)],
    }
    text = _SCHEMA_LINE + "\n".join(block_lines(data, 0)) + "\n"
    if parse_text(text).data != data:
        raise InternalError(_("could not write the new proposal faithfully"))
    path = f"data/specialties/{slug}/proposals/{pid}.yaml"
    change = Change(
        "proposal({ref}): new {kind}: {title}".format(ref=f"{slug}/{pid}", kind=kind, title=title),
        _trailers(trailers.PROPOSAL_NEW, f"{slug}/{pid}", step, None, "draft"),
        step.note or "",
        effective=step.at,
    )
    change.texts[path] = text
    return change


def needs(dataset: Dataset, doc: Document) -> list[str]:
    """What the proposal needs before its next step, in words."""
    state = str(doc.data["state"])
    if state in FINAL:
        return []
    flow = WORKFLOWS[doc.data["kind"]]
    out = []
    forward = [s for s in flow.next_states(state) if s != WITHDRAWN]
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
        out.append(
            _("the decision: --decided DATE and --in-force DATE")
            if flow.national
            else _("the decision: --decided DATE")
        )
    return out
