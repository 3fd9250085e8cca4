"""V-rules: each offering trust says where every goal is reached."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import N_, _, ngettext
from ..load.approvals import approvals_on
from . import APPROVALS, GOALS, Context, rule


def short_list(ids: list[str], limit: int = 8) -> str:
    """'A, B, C and 4 more' — readable in one line."""
    if len(ids) <= limit:
        return ", ".join(ids)
    return _("{ids} and {n} more").format(ids=", ".join(ids[:limit]), n=len(ids) - limit)


@rule(
    "V-COMPLETE",
    "error",
    N_("each offering trust's coverage lists every goal of the specialty and its goal sets"),
    dated=(GOALS, APPROVALS),
)
def check_complete(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    for slug, bundle in ctx.specialties():
        if bundle.spec is None:
            continue
        if bundle.approvals is not None:
            yield from _approved_without_coverage(ctx, slug)
        required = ds.active_goals(slug, ctx.as_of)
        every = frozenset(required)
        for doc in bundle.coverage.values():
            listed = doc.data["goals"]
            if every <= listed.keys():  # the usual case, checked in one pass in C
                continue
            missing = [g for g in required if g not in listed]
            if missing:
                yield ctx.finding(
                    doc,
                    ("goals",),
                    "V-COMPLETE",
                    ngettext(
                        "{n} goal of {slug} not listed: {ids}",
                        "{n} goals of {slug} not listed: {ids}",
                        len(missing),
                    ).format(n=len(missing), slug=slug, ids=short_list(missing)),
                    _("give each goal a status: full, partial or none"),
                    at_key=True,
                    gap=True,
                )


def _approved_without_coverage(ctx: Context, slug: str) -> Iterator[Finding]:
    """A trust approved for the specialty on the day judged must say where its LIS reach
    each goal: a coverage file (the register names who offers; see load.approvals)."""
    bundle = ctx.dataset.specialties[slug]
    assert bundle.approvals is not None
    present = set(ctx.dataset.present_in("coverage", slug))
    for trust, entries in approvals_on(bundle, ctx.as_of).items():
        if trust in present or ("trust", trust) not in ctx.dataset.present:
            continue  # an unknown trust is A-APPROVAL's finding
        i = bundle.approvals.data["approvals"].index(entries[0])
        yield ctx.finding(
            bundle.approvals,
            ("approvals", i),
            "V-COMPLETE",
            _("{trust} is approved for {slug} but has no coverage file").format(
                trust=trust, slug=slug
            ),
            _("add data/specialties/{slug}/coverage/{trust}.yaml").format(slug=slug, trust=trust),
            gap=True,
        )


@rule(
    "V-VIA",
    "error",
    N_("a goal with status none or partial names `via` a trust whose coverage is full for it"),
)
def check_via(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    for _slug, bundle in ds.specialties.items():
        for trust, doc in bundle.coverage.items():
            for goal_id, entry in doc.data["goals"].items():
                if entry["status"] == "full":
                    continue
                via = entry.get("via")
                path = ("goals", goal_id)
                if via is None:
                    yield ctx.finding(
                        doc,
                        path,
                        "V-VIA",
                        _("{goal} has status {status} at {trust} but names no `via` trust").format(
                            goal=goal_id, status=entry["status"], trust=trust
                        ),
                        _("add `via: <trust>` where the LIS reaches it"),
                        at_key=True,
                    )
                    continue
                if via == trust:
                    yield ctx.finding(
                        doc,
                        (*path, "via"),
                        "V-VIA",
                        _("{goal}: `via` names the trust itself").format(goal=goal_id),
                    )
                    continue
                other = bundle.coverage.get(via)
                if other is None:
                    if ("coverage", bundle.slug, via) not in ds.present:
                        yield ctx.finding(
                            doc,
                            (*path, "via"),
                            "V-VIA",
                            _(
                                "{goal} is reached via {via}, which has no coverage file for {slug}"
                            ).format(goal=goal_id, via=via, slug=bundle.slug),
                        )
                    continue
                status = other.data["goals"].get(goal_id, {}).get("status")
                if status != "full":
                    yield ctx.finding(
                        doc,
                        (*path, "via"),
                        "V-VIA",
                        _("{goal} is reached via {via}, but {via} covers it {status}").format(
                            goal=goal_id, via=via, status=_(status or "not at all")
                        ),
                    )


_STATUSES = (N_("full"), N_("partial"), N_("none"), N_("not at all"))
