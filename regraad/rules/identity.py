"""ID: file names equal the ids inside, and ids are unique where they must be."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from ..findings import Finding, shown
from ..i18n import N_, _
from ..load.dataset import Document
from . import Context, rule

RULE = "ID"


def _duplicates(
    ctx: Context,
    doc: Document,
    items: list[dict[str, Any]],
    list_path: tuple[str | int, ...],
    what: str,
) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    folded: dict[str, str] = {}
    for i, item in enumerate(items):
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            yield ctx.finding(
                doc,
                (*list_path, i, "id"),
                RULE,
                _("{what} id '{id}' is used twice (first in item {n})").format(
                    what=_(what), id=ident, n=seen[ident] + 1
                ),
            )
        elif ident.casefold() in folded:
            yield ctx.finding(
                doc,
                (*list_path, i, "id"),
                RULE,
                _("{what} id '{id}' differs only in case from '{other}'").format(
                    what=_(what), id=ident, other=folded[ident.casefold()]
                ),
            )
        seen.setdefault(ident, i)
        folded.setdefault(ident.casefold(), ident)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@rule(RULE, "error", N_("file names equal the ids inside; ids are unique"))
def check_ids(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    for doc in ds.documents:
        if not doc.valid:
            continue
        for group, field in doc.kind.identity:
            expected = doc.params[group]
            value = doc.data.get(field)
            if value == expected:
                continue
            if isinstance(value, str) and _nfc(value) == _nfc(expected):
                # the same letters, one side decomposed (as some Mac tools save names)
                message = _(
                    "{field} is '{value}' and the file's place is '{expected}': the same "
                    "letters in different Unicode forms"
                )
                hint = _("rename the file with composed letters (Unicode NFC), as in the id")
            else:
                message = _("{field} is '{value}' but the file's place says '{expected}'")
                hint = _("rename the file or correct the value so they agree")
            yield ctx.finding(
                doc,
                (field,),
                RULE,
                message.format(field=field, value=shown(value), expected=shown(expected)),
                hint,
            )
    # ids that differ only in case across files of one kind
    by_kind: dict[tuple[str, ...], dict[str, Document]] = {}
    for doc in ds.documents:
        scope = (doc.kind.name, *(doc.params[g] for g in doc.kind.key[:-1]))
        last = doc.params[doc.kind.key[-1]] if doc.kind.key else ""
        bucket = by_kind.setdefault(scope, {})
        other = bucket.get(last.casefold())
        if other is not None and other.path != doc.path:
            yield ctx.finding(
                doc,
                (),
                RULE,
                _("'{id}' differs only in case from {other}").format(
                    id=shown(last), other=shown(other.path)
                ),
                _("ids are lowercase; merge or rename one of them"),
            )
        bucket.setdefault(last.casefold(), doc)
    yield from _shared_proposal_ids(ctx)
    for doc in ds.trusts.values():
        yield from _duplicates(ctx, doc, doc.data["sites"], ("sites",), N_("site"))
    for set_id, doc in ds.goalsets.items():
        # unique within each version; the same goal may recur in the set's next version
        yield from _duplicates(ctx, doc, doc.data.get("versions", []), ("versions",), N_("version"))
        for version in ds.goalset_versions(set_id):
            yield from _duplicates(ctx, doc, list(version.goals), version.path, N_("goal"))
    codes: dict[str, Document] = {}
    for bundle in ds.specialties.values():
        spec = bundle.spec
        if spec is not None:
            yield from _duplicates(ctx, spec, spec.data["goals"], ("goals",), N_("goal"))
            acts = spec.data.get("activities", {})
            for group in ("courses", "procedures"):
                yield from _duplicates(
                    ctx, spec, acts.get(group, []), ("activities", group), N_("activity")
                )
            own = {g["id"] for g in spec.data["goals"]}
            for set_id in spec.data["goalsets"]:
                for goal_id in ds.goalset_goals(set_id):
                    if goal_id in own:
                        i = next(k for k, g in enumerate(spec.data["goals"]) if g["id"] == goal_id)
                        yield ctx.finding(
                            spec,
                            ("goals", i, "id"),
                            RULE,
                            _("goal id '{id}' is also in goal set {set}").format(
                                id=goal_id, set=set_id
                            ),
                        )
            code = spec.data["code"]
            if code in codes:
                yield ctx.finding(
                    spec,
                    ("code",),
                    RULE,
                    _("specialty code {code} is also used by {other}").format(
                        code=code, other=codes[code].path
                    ),
                )
            codes.setdefault(code, spec)
        for plan in bundle.rotations.values():
            yield from _duplicates(ctx, plan, plan.data["periods"], ("periods",), N_("period"))
        for meeting in bundle.meetings.values():
            yield from _duplicates(
                ctx, meeting, meeting.data.get("agenda", []), ("agenda",), N_("agenda item")
            )


def _shared_proposal_ids(ctx: Context) -> Iterator[Finding]:
    """Proposal ids are one national sequence: a proposal is also named by its id alone,
    so two specialties' proposals with one id (filed in two worktrees or on two branches
    at once) make that name ambiguous. Each file gets the finding."""
    by_id: dict[str, list[Document]] = {}
    for bundle in ctx.dataset.specialties.values():
        for doc in bundle.proposals.values():
            by_id.setdefault(doc.params["proposal"], []).append(doc)
    for ident, docs in sorted(by_id.items()):
        if len(docs) < 2:
            continue
        for doc in docs:
            yield ctx.finding(
                doc,
                ("id",),
                RULE,
                _("proposal id '{id}' is also used by {others}").format(
                    id=shown(ident), others=", ".join(shown(o.path) for o in docs if o is not doc)
                ),
                _(
                    "proposal ids are one sequence for the whole country; give one of them "
                    "a new id (rename its file and its id) that no other proposal has"
                ),
            )
