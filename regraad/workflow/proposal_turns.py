"""The turns a proposal can take besides going forward: the councils' deadlines, a
local learning activity adopted by its trust, a return to an earlier stage, a stop.

Each reads the loaded dataset, refuses what the change process does not allow, and
returns the ``Change`` that records it, as ``workflow.proposals`` does for the main line.
"""

from __future__ import annotations

from ..errors import RefusedError, UsageError
from ..git import trailers
from ..i18n import _
from ..load.dataset import Dataset, Document
from ..rules.proposal_flow import ADOPTED, NEEDS_RECOMMENDATION, STOPPED, workflow_for
from . import Change, editor
from .lookup import region_short
from .proposals import (
    Step,
    advice,
    council_regions,
    history_entry,
    open_state,
    ref,
    set_deadlines,
    state_change,
    step_trailers,
)


def deadline(dataset: Dataset, doc: Document, regions: list[str], due: str, step: Step) -> Change:
    """Set the councils' reply deadline (svarfrist) on a proposal under their review."""
    state = open_state(doc)
    if state != NEEDS_RECOMMENDATION:
        raise RefusedError(
            _("{id} is in {state}; deadlines are set for the councils' review").format(
                id=ref(doc), state=state
            )
        )
    unknown = [r for r in regions if r not in dataset.regions]
    if unknown:
        raise UsageError(
            _("--region: no region '{region}'").format(region=unknown[0]),
            _("regions: {list}").format(list=", ".join(sorted(dataset.regions))),
        )
    chosen = regions or council_regions(dataset, doc)
    items = step_trailers(trailers.PROPOSAL_DEADLINE, ref(doc), step, None, None)
    items.insert(2, (trailers.DEADLINE, f"{' '.join(chosen)} {due}"))
    change = Change(
        f"proposal({ref(doc)}): councils answer by {due}",
        items,
        step.note or "",
        effective=step.at,
    )
    edit = editor(dataset, doc.path, change)
    set_deadlines(edit, doc, chosen, due)
    change.texts[doc.path] = edit.text
    return change


def adopt(dataset: Dataset, doc: Document, trust: str | None, step: Step) -> Change:
    """A local learning activity adopted by the trust, after the council's advice."""
    before = open_state(doc)
    flow = workflow_for(doc.data)
    if ADOPTED not in flow.next_states(before):
        raise RefusedError(
            _(
                "{id} is a {kind} proposal in {state}; only a local learning activity in "
                "regional review is adopted by the trust"
            ).format(id=ref(doc), kind=doc.data["kind"], state=before)
        )
    if not advice(doc):
        raise RefusedError(
            _("{id} has no advice from the {region} council yet").format(
                id=ref(doc), region=region_short(dataset, doc.data["origin"].get("region", ""))
            ),
            _("record it with regraad propose recommend {id} --region R --position P").format(
                id=ref(doc)
            ),
        )
    trust = trust or doc.data["origin"].get("trust")
    if trust is None:
        raise UsageError(_("--trust: say which trust adopts the activity"))
    if trust not in dataset.trusts:
        raise UsageError(_("--trust: no trust '{trust}'").format(trust=trust))
    return state_change(
        dataset,
        doc,
        trailers.PROPOSAL_ADOPT,
        f"adopted by {trust}",
        (before, ADOPTED),
        step,
        history_entry(ADOPTED, step),
        step.note or "",
        (("decided", step.at), ("adopted_by", trust)),
    )


def send_back(dataset: Dataset, doc: Document, to: str, reason: str, step: Step) -> Change:
    """Return a proposal to an earlier stage (the leader meeting sends it back to the
    councils, Helsedirektoratet to the RegUts, …), with why."""
    before = open_state(doc)
    flow = workflow_for(doc.data)
    earlier = flow.earlier_states(before)
    if to not in earlier:
        raise RefusedError(
            _("{id} cannot be returned from {before} to {after}").format(
                id=ref(doc), before=before, after=to
            ),
            _("earlier stages: {legal}").format(legal=", ".join(earlier) or "—"),
        )
    if not reason.strip():
        raise UsageError(_("--reason: say why the proposal is returned"))
    entry = history_entry(to, step, returned=True)
    entry["note"] = reason if not step.note else f"{reason} {step.note}"
    return state_change(
        dataset,
        doc,
        trailers.PROPOSAL_RETURN,
        f"returned to {to}",
        (before, to),
        step,
        entry,
        reason,
    )


def stop(dataset: Dataset, doc: Document, reason: str, step: Step) -> Change:
    """Stop a proposal at an intermediate stage (not a decision on its merits)."""
    before = open_state(doc)
    if STOPPED not in workflow_for(doc.data).next_states(before):
        raise RefusedError(
            _("{id} is still a draft; its proposer withdraws it instead").format(id=ref(doc)),
            _("regraad propose withdraw {id} --reason TEXT").format(id=ref(doc)),
        )
    if not reason.strip():
        raise UsageError(_("--reason: say why the proposal is stopped"))
    return state_change(
        dataset,
        doc,
        trailers.PROPOSAL_STOP,
        f"stopped at {before}",
        (before, STOPPED),
        step,
        history_entry(STOPPED, step),
        reason,
        (("decided", step.at), ("reason", reason)),
    )
