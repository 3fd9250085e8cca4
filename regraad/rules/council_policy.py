"""C-POLICY and C-GOALSET: what a council says about itself beyond its members.

A council may carry its own ``policy`` over its region's; a national council or one for
a common goal set must, since no one region's policy is obviously its own. A goal-set
council lives outside the specialty folders, so the references REF follows for a
specialty's council (region, trusts, sites) are followed here for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import N_, _
from ..load.councils import POLICY_KEYS, Council, needs_own_policy
from . import Context, rule
from .councils import scoped_councils


@rule(
    "C-POLICY",
    "error",
    N_(
        "a national or goal-set council states its policy (every key, or the region it "
        "follows); a council's own policy names known regions and trusts"
    ),
)
def check_policy(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    for council in scoped_councils(ctx):
        doc = council.doc
        own = doc.data.get("policy")
        if own is None:
            continue  # the schema requires one where it must be stated
        follows = own.get("follows")
        if follows is not None and ("region", follows) not in ds.present:
            yield ctx.finding(
                doc,
                ("policy", "follows"),
                "C-POLICY",
                _("the council follows the policy of unknown region '{id}'").format(id=follows),
                _("known regions: {ids}").format(ids=", ".join(sorted(ds.regions))),
            )
            continue
        preferred = own.get("leader_preferred_trust")
        if preferred is not None and preferred not in ds.trusts:
            yield ctx.finding(
                doc,
                ("policy", "leader_preferred_trust"),
                "C-POLICY",
                _("unknown trust '{id}'").format(id=preferred),
                _("trusts are the file names in data/trusts/"),
            )
        missing = [key for key in POLICY_KEYS if key not in own]
        if needs_own_policy(council) and follows is None and missing:
            yield ctx.finding(
                doc,
                ("policy",),
                "C-POLICY",
                _("the {what} states only part of its policy: {keys} missing").format(
                    what=_what(council), keys=", ".join(missing)
                ),
                _("give every key, or `follows: <region>` for the rest"),
                at_key=True,
            )


def _what(council: Council) -> str:
    return _("goal-set council") if council.owner == "goalset" else _("national council")


@rule(
    "C-GOALSET",
    "error",
    N_("a goal-set council's goal set, region, trusts and sites exist"),
)
def check_goalset_councils(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    for council in scoped_councils(ctx):
        if council.owner != "goalset":
            continue
        doc = council.doc
        if ("goalset", council.subject) not in ds.present:
            yield ctx.finding(
                doc,
                ("goalset",),
                "C-GOALSET",
                _("unknown goal set '{id}'").format(id=council.subject),
                _("goal sets are the file names in data/goalsets/"),
            )
        if ("region", council.region) not in ds.present:
            yield ctx.finding(
                doc,
                ("region",),
                "C-GOALSET",
                _("unknown region '{id}'").format(id=council.region),
                _("known regions: {ids}").format(ids=", ".join(sorted(ds.regions))),
            )
        for i, m in enumerate(doc.data["members"]):
            if ("trust", m["trust"]) not in ds.present:
                yield ctx.finding(
                    doc,
                    ("members", i, "trust"),
                    "C-GOALSET",
                    _("unknown trust '{id}'").format(id=m["trust"]),
                    _("trusts are the file names in data/trusts/"),
                )
                continue
            sites = ds.sites.get(m["trust"])
            if "site" in m and sites is not None and m["site"] not in sites:
                yield ctx.finding(
                    doc,
                    ("members", i, "site"),
                    "C-GOALSET",
                    _("trust '{trust}' has no site '{site}'").format(
                        trust=m["trust"], site=m["site"]
                    ),
                    _("sites of {trust}: {sites}").format(
                        trust=m["trust"], sites=", ".join(sorted(sites))
                    ),
                )
