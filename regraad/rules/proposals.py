"""W-rules and F-FAGKONTAKT: proposals follow the change process of the mandate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..findings import Finding, Severity
from ..i18n import N_, _
from ..load.dataset import Document
from ..load.regions import region_short
from . import Context, rule
from .proposal_flow import (
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


def _proposals(ctx: Context):  # type: ignore[no-untyped-def]
    for slug, bundle in ctx.dataset.specialties.items():
        for doc in bundle.proposals.values():
            yield slug, bundle, doc


@rule("W-STATE", "error", N_("a proposal's state and history follow the workflow for its kind"))
def check_state(ctx: Context) -> Iterator[Finding]:
    for _slug, _bundle, doc in _proposals(ctx):
        data = doc.data
        flow = workflow_for(data)
        history = data["history"]
        states = [step["state"] for step in history]
        if states[0] != flow.start:
            yield ctx.finding(
                doc,
                ("history", 0, "state"),
                "W-STATE",
                _("history starts with '{state}'; every proposal starts as draft").format(
                    state=states[0]
                )
                if flow.start == "draft"
                else _(
                    "history starts with '{state}'; a request from Helsedirektoratet starts "
                    "as received"
                ).format(state=states[0]),
            )
        if not flow.inbound and "region" not in data["origin"]:
            yield ctx.finding(
                doc,
                ("origin",),
                "W-STATE",
                _("the proposal does not say which region it comes from"),
                _("add `region:` under `origin:`"),
                at_key=True,
            )
        for i in range(1, len(history)):
            before, after = states[i - 1], states[i]
            returned = bool(history[i].get("returned"))
            if returned and not flow.is_legal(before, after, returned=True):
                yield ctx.finding(
                    doc,
                    ("history", i, "state"),
                    "W-STATE",
                    _("a proposal in {before} cannot be returned to {after}").format(
                        before=before, after=after
                    ),
                    _("earlier stages: {legal}").format(
                        legal=", ".join(flow.earlier_states(before)) or "—"
                    ),
                )
            elif not returned and not flow.is_legal(before, after):
                if after == ACCEPTED and not flow.national:
                    yield ctx.finding(
                        doc,
                        ("history", i, "state"),
                        "W-STATE",
                        _(
                            "a local learning activity is adopted by the trust, not accepted: "
                            "the council only gives its advice"
                        ),
                        _("record the trust's decision as `adopted` with `adopted_by:`"),
                    )
                    continue
                legal = ", ".join(flow.next_states(before)) or (
                    _("none (final state)")
                    if before in FINAL
                    else _("none ('{state}' is not a step of this workflow)").format(state=before)
                )
                yield ctx.finding(
                    doc,
                    ("history", i, "state"),
                    "W-STATE",
                    _("a {kind} proposal cannot go from {before} to {after}").format(
                        kind=data["kind"], before=before, after=after
                    ),
                    _("legal next states: {legal}").format(legal=legal),
                )
            if history[i]["at"] < history[i - 1]["at"]:
                yield ctx.finding(
                    doc,
                    ("history", i, "at"),
                    "W-STATE",
                    _("history goes back in time ({at} is before {prev})").format(
                        at=history[i]["at"], prev=history[i - 1]["at"]
                    ),
                )
        if data["state"] != states[-1]:
            yield ctx.finding(
                doc,
                ("state",),
                "W-STATE",
                _("state is '{state}' but the last history entry is '{last}'").format(
                    state=data["state"], last=states[-1]
                ),
            )
        state = data["state"]
        if state in (ACCEPTED, ADOPTED) and "decided" not in data:
            yield ctx.finding(
                doc,
                ("state",),
                "W-STATE",
                _("an {state} proposal needs `decided:` (the decision date)").format(
                    state=_(state)
                ),
            )
        if state == ADOPTED:
            yield from _adopted(ctx, doc)
        if state == ACCEPTED and flow.national and not _names_change(data):
            yield ctx.finding(
                doc,
                ("state",),
                "W-STATE",
                _("an accepted proposal does not name the goals or activities it changes"),
                _("list them under `affects:` (added or changed) or `removes:`"),
            )
        if state == ACCEPTED and flow.national and "in_force" not in data:
            yield ctx.finding(
                doc,
                ("state",),
                "W-STATE",
                _("an accepted national proposal needs `in_force:` (when the change takes effect)"),
            )
        if state in (REJECTED, WITHDRAWN, STOPPED) and "reason" not in data:
            yield ctx.finding(
                doc,
                ("state",),
                "W-STATE",
                _("a {state} proposal needs `reason:`").format(state=_(state)),
            )
        if (
            flow.national
            and flow.reached_after(states, NEEDS_RECOMMENDATION)
            and not data.get("recommendations")
        ):
            yield ctx.finding(
                doc,
                ("history",),
                "W-STATE",
                _("the proposal left council-review without a council recommendation"),
                _("record each council's position under `recommendations:`"),
                at_key=True,
            )


def _names_change(data: dict[str, Any]) -> bool:
    """Whether the proposal names a goal or activity it adds, changes or removes."""
    return any(
        (data.get(block) or {}).get(field)
        for block in ("affects", "removes")
        for field in ("goals", "activities")
    )


def _adopted(ctx: Context, doc: Document) -> Iterator[Finding]:
    """An adopted local activity names the trust that adopted it, after the council's advice."""
    data = doc.data
    if "adopted_by" not in data:
        yield ctx.finding(
            doc,
            ("state",),
            "W-STATE",
            _("an adopted learning activity needs `adopted_by:` (the trust that adopted it)"),
        )
    region = data["origin"].get("region")
    if not any(r.get("region") == region for r in data.get("recommendations") or []):
        yield ctx.finding(
            doc,
            ("state",),
            "W-STATE",
            _("the activity was adopted without the {region} council's advice").format(
                region=region_short(ctx.dataset, region)
            ),
            _("record the council's advice under `recommendations:`"),
        )


@rule(
    "W-FAGKONTAKT",
    "error",
    N_("a national proposal is addressed to the specialty's fagkontakt RegUt"),
)
def check_fagkontakt_route(ctx: Context) -> Iterator[Finding]:
    for _slug, bundle, doc in _proposals(ctx):
        if not workflow_for(doc.data).national or bundle.spec is None:
            continue
        fagkontakt = bundle.spec.data.get("fagkontakt")
        for i, step in enumerate(doc.data["history"]):
            if step["state"] != SUBMITTED:
                continue
            to = step.get("to")
            if to is None:
                yield ctx.finding(
                    doc,
                    ("history", i),
                    "W-FAGKONTAKT",
                    _("the submission does not say which RegUt received it"),
                    _("add `to: <region>` (the fagkontakt RegUt)"),
                )
            elif fagkontakt is not None and to != fagkontakt:
                yield ctx.finding(
                    doc,
                    ("history", i, "to"),
                    "W-FAGKONTAKT",
                    _(
                        "submitted to RegUt {to}, but the fagkontakt for {slug} is {fagkontakt}"
                    ).format(to=to, slug=bundle.slug, fagkontakt=fagkontakt),
                )


@rule(
    "W-CONSEQUENCES",
    "error",
    N_("consequences are described before a proposal leaves the leader meeting"),
)
def check_consequences(ctx: Context) -> Iterator[Finding]:
    for _slug, _bundle, doc in _proposals(ctx):
        states = [step["state"] for step in doc.data["history"]]
        if not workflow_for(doc.data).reached_after(states, NEEDS_CONSEQUENCES):
            continue
        consequences = doc.data.get("consequences", {})
        missing = [k for k in ("economic", "organisational") if not consequences.get(k)]
        if missing:
            yield ctx.finding(
                doc,
                ("consequences",) if consequences else ("state",),
                "W-CONSEQUENCES",
                _("the proposal left the RegUt leader meeting without {what} consequences").format(
                    what=_(" and ").join(_(m) for m in missing)
                ),
                _("describe them under `consequences:` before it goes to the HF/RHF leaders"),
                at_key=bool(consequences),
            )


_WORDS = (N_("economic"), N_("organisational"))


@rule("F-FAGKONTAKT", "warning", N_("a specialty names its fagkontakt RegUt"))
def check_specialty_fagkontakt(ctx: Context) -> Iterator[Finding]:
    for _slug, bundle in ctx.dataset.specialties.items():
        spec = bundle.spec
        if spec is not None and "fagkontakt" not in spec.data and spec.data.get("hospital", True):
            yield ctx.finding(
                spec,
                ("code",),
                "F-FAGKONTAKT",
                _("{name} names no fagkontakt RegUt").format(name=spec.data["name"]["nb"]),
                _("add `fagkontakt: <region>`; proposals are routed there"),
                severity=Severity.WARNING,
                at_key=True,
            )
