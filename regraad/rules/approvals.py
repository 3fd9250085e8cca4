"""A-rules: the approval register (``data/specialties/<s>/approvals.yaml``).

Helsedirektoratet approves each trust as an education institution (utdanningsvirksomhet)
per specialty and part, fully or partly, from a date. Where a specialty keeps the
register, it says who offers the specialty (``load.approvals``): a coverage file of a
trust that is not approved is a contradiction, and a trust approved fully should reach
the goals at its own sites. A specialty without a register is not judged here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ..findings import Finding, Severity
from ..i18n import N_, _, ngettext
from ..load.approvals import approvals_on, scope_on
from ..load.dataset import Document
from . import APPROVALS, Context, rule
from .coverage import short_list


def _entries(doc: Document) -> Iterator[tuple[int, dict[str, Any]]]:
    yield from enumerate(doc.data["approvals"])


def _register_findings(ctx: Context, slug: str, doc: Document) -> Iterator[Finding]:
    """What the register itself contradicts: unknown trusts, reversed periods, a part 2
    where the specialty has none, two approvals of one trust and part at once."""
    ds = ctx.dataset
    spec = ds.specialties[slug].spec
    spans: dict[tuple[str, int], list[tuple[str, str, int]]] = defaultdict(list)
    for i, entry in _entries(doc):
        trust, part = entry["trust"], entry["part"]
        if ("trust", trust) not in ds.present:  # a broken trust file is its own finding
            yield ctx.finding(
                doc,
                ("approvals", i, "trust"),
                "A-APPROVAL",
                _("unknown trust '{id}'").format(id=trust),
                _("trusts are the file names in data/trusts/"),
            )
        if part == 2 and spec is not None and spec.data.get("part2") is None:
            yield ctx.finding(
                doc,
                ("approvals", i, "part"),
                "A-APPROVAL",
                _("{slug} has no common part 2; approve part 3").format(slug=slug),
            )
        start, end = entry["from"], entry.get("to", "9999-12-31")
        if end < start:
            yield ctx.finding(
                doc,
                ("approvals", i, "to"),
                "A-APPROVAL",
                _("the approval ends ({to}) before it starts ({start})").format(
                    to=end, start=start
                ),
            )
            continue
        for other_start, other_end, j in spans[(trust, part)]:
            if start <= other_end and other_start <= end:
                yield ctx.finding(
                    doc,
                    ("approvals", i, "from"),
                    "A-APPROVAL",
                    _("{trust} is approved twice for part {part} at once (see line {line})").format(
                        trust=trust, part=part, line=doc.locate(("approvals", j))[0]
                    ),
                    _("end the earlier approval with `to:` the day before the new one"),
                )
        spans[(trust, part)].append((start, end, i))


@rule(
    "A-APPROVAL",
    "error",
    N_("a trust with a coverage file is approved for the specialty in its approval register"),
    dated=(APPROVALS,),
)
def check_approval(ctx: Context) -> Iterator[Finding]:
    for slug, bundle in ctx.specialties():
        doc = bundle.approvals
        if doc is None:
            continue
        yield from _register_findings(ctx, slug, doc)
        approved = approvals_on(bundle, ctx.as_of)
        for trust, coverage in bundle.coverage.items():
            if trust in approved:
                continue
            yield ctx.finding(
                coverage,
                ("trust",),
                "A-APPROVAL",
                _("{trust} has a coverage file for {slug} but is not approved for it").format(
                    trust=trust, slug=slug
                ),
                _(
                    "record Helsedirektoratet's approval in "
                    "data/specialties/{slug}/approvals.yaml, or remove the coverage file"
                ).format(slug=slug),
                gap=True,
            )


@rule(
    "A-SCOPE",
    "warning",
    N_("a trust approved fully reaches every goal at its own sites; partly, it may rotate"),
    dated=(APPROVALS,),
)
def check_scope(ctx: Context) -> Iterator[Finding]:
    for _slug, bundle in ctx.specialties():
        if bundle.approvals is None:
            continue
        for trust, coverage in bundle.coverage.items():
            if scope_on(bundle, trust, ctx.as_of) != "full":
                continue
            elsewhere = [
                goal for goal, entry in coverage.data["goals"].items() if entry["status"] == "none"
            ]
            if elsewhere:
                yield ctx.finding(
                    coverage,
                    ("goals",),
                    "A-SCOPE",
                    ngettext(
                        "{trust} is approved fully but its LIS reach {n} goal only at "
                        "other trusts: {ids}",
                        "{trust} is approved fully but its LIS reach {n} goals only at "
                        "other trusts: {ids}",
                        len(elsewhere),
                    ).format(trust=trust, n=len(elsewhere), ids=short_list(elsewhere)),
                    _("record the approval as `scope: partial`, or correct the coverage"),
                    severity=Severity.WARNING,
                    at_key=True,
                )
