"""Council cases as recorded changes: new, position, escalate, decide, close.

When a council cannot agree on rotation and the organisation of the education, or a
bottleneck is found, RegUt takes the case to the regional medical directors' meeting or
the HR directors' meeting (HMN mandate §3). Each step reads the loaded dataset, refuses
what the case's life (``rules.case_flow``) does not allow, and returns a ``Change``
whose trailers ``audit --verify`` checks against the file, as for proposals.
"""

from __future__ import annotations

from typing import Any

from ..errors import InternalError, RefusedError, UsageError
from ..git import trailers
from ..i18n import _
from ..load.dataset import Dataset, Document
from ..rules.case_flow import (
    BODIES,
    CLOSED,
    COUNCIL,
    DECIDED,
    ESCALATED,
    KINDS,
    NEXT,
    OPEN,
)
from . import Change, editor
from .lookup import find_document
from .proposals import Step

_SCHEMA_LINE = "# yaml-language-server: $schema=../../../../schemas/case.schema.json\n"


def find(dataset: Dataset, ident: str) -> Document:
    """The case ``ID`` or ``SPECIALTY/ID``: refused when unknown, a usage error when
    ambiguous."""
    return find_document(
        dataset,
        ident,
        lambda bundle: bundle.cases,
        is_file=lambda path, _slug, cid: path.endswith(f"/cases/{cid}.yaml"),
        unknown=_("no case {id}"),
        hint=_("regraad case list shows the cases"),
        several=_("{id} is a case in several specialties: {where}"),
    )


def ref(doc: Document) -> str:
    return f"{doc.params['specialty']}/{doc.params['case']}"


def _trailers(
    action: str, case_ref: str, step: Step, before: str | None, after: str | None
) -> list[tuple[str, str]]:
    items = [(trailers.ACTION, action), (trailers.CASE, case_ref)]
    if before is not None:
        items.append((trailers.FROM, before))
    if after is not None:
        items.append((trailers.TO, after))
    items.append((trailers.BY, step.by))
    return items


def _history_entry(state: str, step: Step) -> dict[str, Any]:
    entry: dict[str, Any] = {"state": state, "at": step.at, "by": step.by}
    if step.note:
        entry["note"] = step.note
    return entry


def new(
    dataset: Dataset,
    cid: str,
    slug: str,
    region: str,
    kind: str,
    subject: str,
    step: Step,
    *,
    background: str | None = None,
    trusts: list[str] | None = None,
) -> Change:
    """A new case, open in the council."""
    from ..edit.textedit import block_lines
    from ..load.yamlparse import parse_text

    if slug not in dataset.specialties or dataset.specialties[slug].spec is None:
        raise UsageError(_("no specialty '{slug}'").format(slug=slug))
    if kind not in KINDS:
        raise UsageError(_("--kind: use one of {kinds}").format(kinds=", ".join(KINDS)))
    _known_region(dataset, region)
    for trust in trusts or []:
        _known_trust(dataset, trust)
    data: dict[str, Any] = {
        "id": cid,
        "specialty": slug,
        "region": region,
        "kind": kind,
        "subject": subject,
    }
    if background:
        data["background"] = background
    if trusts:
        data["trusts"] = list(dict.fromkeys(trusts))
    data["state"] = OPEN
    data["history"] = [_history_entry(OPEN, step)]
    text = _SCHEMA_LINE + "\n".join(block_lines(data, 0)) + "\n"
    if parse_text(text).data != data:
        raise InternalError(_("could not write the new case faithfully"))
    case_ref = f"{slug}/{cid}"
    change = Change(
        f"case({case_ref}): new {kind}: {subject}",
        _trailers(trailers.CASE_NEW, case_ref, step, None, OPEN),
        step.note or "",
        effective=step.at,
    )
    change.texts[f"data/specialties/{slug}/cases/{cid}.yaml"] = text
    return change


def position(dataset: Dataset, doc: Document, trust: str, text: str, step: Step) -> Change:
    """Record one trust's position while the case is open in the council."""
    state = str(doc.data["state"])
    if state != OPEN:
        raise RefusedError(
            _("{id} is {state}; positions are recorded while the case is open").format(
                id=ref(doc), state=state
            )
        )
    _known_trust(dataset, trust)
    if not text.strip():
        raise UsageError(_("--position: say what the trust's position is"))
    change = Change(
        f"case({ref(doc)}): position of {trust}",
        _trailers(trailers.CASE_POSITION, ref(doc), step, None, None),
        step.note or "",
        effective=step.at,
    )
    edit = editor(dataset, doc.path, change)
    edit.append(("positions",), {"trust": trust, "position": text, "at": step.at})
    change.texts[doc.path] = edit.text
    return change


def escalate(dataset: Dataset, doc: Document, to: str, step: Step) -> Change:
    """Take the case to the regional medical directors' or HR directors' meeting."""
    if to not in BODIES:
        raise UsageError(_("--to: use one of {bodies}").format(bodies=", ".join(BODIES)))
    before = _legal(doc, ESCALATED)
    change = Change(
        f"case({ref(doc)}): escalate to {to}",
        _trailers(trailers.CASE_ESCALATE, ref(doc), step, before, ESCALATED),
        step.note or "",
        effective=step.at,
    )
    edit = editor(dataset, doc.path, change)
    edit.set(("state",), ESCALATED)
    edit.append(("history",), _history_entry(ESCALATED, step))
    edit.set(("escalation",), {"to": to, "at": step.at})
    change.texts[doc.path] = edit.text
    return change


def decide(dataset: Dataset, doc: Document, text: str, step: Step) -> Change:
    """Record the outcome: by the meeting the case went to, else by the council."""
    if not text.strip():
        raise UsageError(_("--decision: say what was decided"))
    before = _legal(doc, DECIDED)
    escalation = doc.data.get("escalation")
    body = str(escalation["to"]) if before == ESCALATED and escalation else COUNCIL
    change = Change(
        f"case({ref(doc)}): decided by {body}",
        _trailers(trailers.CASE_DECIDE, ref(doc), step, before, DECIDED),
        step.note or "",
        effective=step.at,
    )
    edit = editor(dataset, doc.path, change)
    edit.set(("state",), DECIDED)
    edit.append(("history",), _history_entry(DECIDED, step))
    edit.set(("decision",), {"body": body, "at": step.at, "text": text})
    change.texts[doc.path] = edit.text
    return change


def close(dataset: Dataset, doc: Document, step: Step) -> Change:
    """Close a decided case once its decision has been followed up."""
    before = _legal(doc, CLOSED)
    change = Change(
        f"case({ref(doc)}): close",
        _trailers(trailers.CASE_CLOSE, ref(doc), step, before, CLOSED),
        step.note or "",
        effective=step.at,
    )
    edit = editor(dataset, doc.path, change)
    edit.set(("state",), CLOSED)
    edit.append(("history",), _history_entry(CLOSED, step))
    change.texts[doc.path] = edit.text
    return change


def _legal(doc: Document, after: str) -> str:
    """The case's state, when it may move to ``after``; refused otherwise."""
    before = str(doc.data["state"])
    if after not in NEXT.get(before, ()):
        legal = NEXT.get(before, ())
        raise RefusedError(
            _("case {id} cannot go from {before} to {after}").format(
                id=ref(doc), before=before, after=after
            ),
            _("legal next states: {legal}").format(legal=", ".join(legal))
            if legal
            else _("a closed case does not move"),
        )
    return before


def _known_region(dataset: Dataset, region: str) -> None:
    if region not in dataset.regions:
        raise UsageError(
            _("--region: no region '{region}'").format(region=region),
            _("regions: {list}").format(list=", ".join(sorted(dataset.regions))),
        )


def _known_trust(dataset: Dataset, trust: str) -> None:
    if trust not in dataset.trusts:
        raise UsageError(_("--trust: no trust '{trust}'").format(trust=trust))
