"""Filing proposals: a new one in draft, or an inbound request from Helsedirektoratet.

An inbound request asks the RegUts and the councils to assess a specialty committee's
input; it is filed as ``received`` by the fagkontakt RegUt, with the councils' deadline
and the RegUts' reply date, and then runs the inbound workflow (``proposal_flow``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..git import trailers
from ..i18n import _
from ..load.dataset import Dataset
from ..rules.proposal_flow import INBOUND, KINDS, RECEIVED
from . import Change
from .proposals import Step, history_entry, step_trailers

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
    if slug not in dataset.specialties or dataset.specialties[slug].spec is None:
        raise UsageError(_("no specialty '{slug}'").format(slug=slug))
    if kind not in KINDS:
        raise UsageError(_("--kind: use one of {kinds}").format(kinds=", ".join(KINDS)))
    fields = dict(fields or {})
    for reserved in (
        "id",
        "specialty",
        "state",
        "history",
        "recommendations",
        "decided",
        "in_force",
        "deadlines",
        "adopted_by",
        "reason",
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
        "history": [history_entry("draft", step)],
    }
    return _filed(data, trailers.PROPOSAL_NEW, f"new {kind}: {title}", step)


def _filed(data: dict[str, Any], action: str, what: str, step: Step) -> Change:
    """The change that writes a new proposal file holding ``data``."""
    from ..edit.textedit import block_lines
    from ..errors import InternalError
    from ..load.yamlparse import parse_text

    text = _SCHEMA_LINE + "\n".join(block_lines(data, 0)) + "\n"
    if parse_text(text).data != data:
        raise InternalError(_("could not write the new proposal faithfully"))
    slug, pid = data["specialty"], data["id"]
    path = f"data/specialties/{slug}/proposals/{pid}.yaml"
    change = Change(
        f"proposal({slug}/{pid}): {what}",
        step_trailers(action, f"{slug}/{pid}", step, None, data["state"]),
        step.note or "",
        effective=step.at,
    )
    change.texts[path] = text
    return change


@dataclass(frozen=True)
class Request:
    """An inbound request from Helsedirektoratet: its case number, the committee's input,
    the RegUts' reply date and the councils' deadline."""

    reference: str | None
    committee: str
    input: str | None
    reply_by: str | None
    council_due: str | None


def receive(
    dataset: Dataset,
    pid: str,
    slug: str,
    kind: str,
    title: str,
    request: Request,
    step: Step,
    fields: dict[str, Any] | None = None,
) -> Change:
    """File an inbound request to assess a specialty committee's input, as received by the
    specialty's fagkontakt RegUt, with each council's deadline."""
    if slug not in dataset.specialties or dataset.specialties[slug].spec is None:
        raise UsageError(_("no specialty '{slug}'").format(slug=slug))
    if kind not in INBOUND:
        raise UsageError(_("--kind: use one of {kinds}").format(kinds=", ".join(INBOUND)))
    for date, option in ((request.reply_by, "--reply-by"), (request.council_due, "--due")):
        if date is not None and date < step.at:
            raise UsageError(
                _("{option}: {date} is before the request was received ({at})").format(
                    option=option, date=date, at=step.at
                )
            )
    if request.council_due and request.reply_by and request.council_due > request.reply_by:
        raise UsageError(
            _("--due: the councils' deadline {due} is after the reply date {reply}").format(
                due=request.council_due, reply=request.reply_by
            )
        )
    fields = {
        k: v
        for k, v in (fields or {}).items()
        if k in ("summary", "rationale", "affects", "removes")
    }
    inbound: dict[str, Any] = {"from": "helsedirektoratet", "received": step.at}
    if request.reference:
        inbound["reference"] = request.reference
    if request.input:
        inbound["input"] = request.input
    if request.reply_by:
        inbound["reply_by"] = request.reply_by
    data: dict[str, Any] = {
        "id": pid,
        "specialty": slug,
        "kind": kind,
        "title": title,
        "origin": {"by": request.committee},
        "inbound": inbound,
        "summary": fields.pop("summary", None) or request.input or title,
        **fields,
        "state": RECEIVED,
        "history": [history_entry(RECEIVED, step)],
    }
    if request.council_due:
        data["deadlines"] = [
            {"region": region, "due": request.council_due} for region in sorted(dataset.regions)
        ]
    return _filed(
        data, trailers.PROPOSAL_RECEIVE, f"received from Helsedirektoratet: {title}", step
    )
