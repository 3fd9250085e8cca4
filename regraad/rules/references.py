"""REF: every reference resolves — region, trust, site, goal, goal set, specialty,
agreement, meeting, proposal, activity.

A reference to a file that exists but is broken is not reported again here: its own
findings already say what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..findings import Finding
from ..i18n import N_, _
from ..load.dataset import Dataset, Document, SpecialtyData
from ..load.yamlparse import Path_
from . import Context, rule
from .proposal_flow import workflow_for

RULE = "REF"
CROSS_REGIONAL = "cross-regional"


@dataclass
class _Refs:
    ctx: Context
    doc: Document

    @property
    def ds(self) -> Dataset:
        return self.ctx.dataset

    def _missing(self, path: Path_, message: str, hint: str | None = None) -> Finding:
        return self.ctx.finding(self.doc, path, RULE, message, hint)

    def region(self, value: Any, path: Path_, allow_cross: bool = False) -> Iterator[Finding]:
        if allow_cross and value == CROSS_REGIONAL:
            return
        if ("region", value) not in self.ds.present:
            known = ", ".join(
                sorted(r for (k, *rest) in self.ds.present if k == "region" for r in rest)
            )
            yield self._missing(
                path,
                _("unknown region '{id}'").format(id=value),
                _("known regions: {ids}").format(ids=known),
            )

    def trust(self, value: Any, path: Path_) -> bool:
        return ("trust", value) in self.ds.present

    def trust_ref(self, value: Any, path: Path_) -> Iterator[Finding]:
        if not self.trust(value, path):
            yield self._missing(
                path,
                _("unknown trust '{id}'").format(id=value),
                _("trusts are the file names in data/trusts/"),
            )

    def site(self, trust: Any, site: Any, path: Path_) -> Iterator[Finding]:
        sites = self.ds.sites.get(trust)
        if sites is not None and site not in sites:
            yield self._missing(
                path,
                _("trust '{trust}' has no site '{site}'").format(trust=trust, site=site),
                _("sites of {trust}: {sites}").format(trust=trust, sites=", ".join(sorted(sites))),
            )


def _goal_index_complete(ds: Dataset, bundle: SpecialtyData) -> bool:
    """False when a goal list we would check against is itself broken."""
    if bundle.spec is None:
        return False
    return all(
        gs in ds.goalsets or ("goalset", gs) not in ds.present
        for gs in bundle.spec.data["goalsets"]
    )


def _goals(r: _Refs, slug: str, complete: bool, goals: list[Any], path: Path_) -> Iterator[Finding]:
    if not complete:
        return
    known = r.ds.goals(slug)
    for i, goal_id in enumerate(goals):
        if goal_id not in known:
            yield r._missing(
                (*path, i),
                _("unknown learning goal '{id}' for {slug}").format(id=goal_id, slug=slug),
            )


@rule(
    RULE,
    "error",
    N_(
        "every reference resolves: region, trust, site, goal, goal set, "
        "specialty, agreement, meeting"
    ),
)
def check_references(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    for doc in ds.trusts.values():
        yield from _Refs(ctx, doc).region(doc.data["region"], ("region",))
    for doc in ds.regions.values():
        r = _Refs(ctx, doc)
        yield from r.trust_ref(doc.data["regut"]["host"], ("regut", "host"))
        preferred = doc.data["council_policy"]["leader_preferred_trust"]
        if preferred is not None:
            yield from r.trust_ref(preferred, ("council_policy", "leader_preferred_trust"))
    for slug, bundle in ds.specialties.items():
        yield from _specialty(ctx, slug, bundle)


def _specialty(ctx: Context, slug: str, bundle: SpecialtyData) -> Iterator[Finding]:
    ds = ctx.dataset
    spec = bundle.spec
    if spec is None:
        if ("specialty", slug) not in ds.present:
            first = next(bundle.documents(), None)
            if first is not None:
                yield ctx.finding(
                    first,
                    (),
                    RULE,
                    _("folder data/specialties/{slug}/ has no specialty.yaml").format(slug=slug),
                )
        return
    complete = _goal_index_complete(ds, bundle)
    r = _Refs(ctx, spec)
    for i, set_id in enumerate(spec.data["goalsets"]):
        if ("goalset", set_id) not in ds.present:
            yield r._missing(("goalsets", i), _("unknown goal set '{id}'").format(id=set_id))
    if "fagkontakt" in spec.data:
        yield from r.region(spec.data["fagkontakt"], ("fagkontakt",))
    activities = spec.data.get("activities", {})
    for group in ("courses", "procedures"):
        for i, act in enumerate(activities.get(group, [])):
            if "organiser" in act:
                yield from r.region(act["organiser"], ("activities", group, i, "organiser"))
            yield from _goals(
                r, slug, complete, act.get("goals", []), ("activities", group, i, "goals")
            )
    activity_ids = {a["id"] for g in ("courses", "procedures") for a in activities.get(g, [])}
    yield from _councils(ctx, slug, bundle, complete, activity_ids)
    yield from _coverage(ctx, slug, bundle, complete, activity_ids)
    yield from _rotations(ctx, slug, bundle, complete, activity_ids)
    yield from _capacity(ctx, slug, bundle, complete, activity_ids)
    yield from _agreements(ctx, slug, bundle, complete, activity_ids)
    yield from _proposals(ctx, slug, bundle, complete, activity_ids)
    yield from _meetings(ctx, slug, bundle, complete, activity_ids)


def _councils(
    ctx: Context, slug: str, bundle: SpecialtyData, complete: bool, activity_ids: set[str]
) -> Iterator[Finding]:
    for doc in bundle.councils.values():
        r = _Refs(ctx, doc)
        yield from r.region(doc.data["region"], ("region",), allow_cross=True)
        for i, m in enumerate(doc.data["members"]):
            yield from r.trust_ref(m["trust"], ("members", i, "trust"))
            if "site" in m:
                yield from r.site(m["trust"], m["site"], ("members", i, "site"))


def _coverage(
    ctx: Context, slug: str, bundle: SpecialtyData, complete: bool, activity_ids: set[str]
) -> Iterator[Finding]:
    ds = ctx.dataset
    present = ds.present
    known = ds.goals(slug)
    for doc in bundle.coverage.values():
        r = _Refs(ctx, doc)
        trust = doc.data["trust"]
        yield from r.trust_ref(trust, ("trust",))
        sites = ds.sites.get(trust)
        # the bulk of a national dataset: checked inline, findings made by the helpers
        for goal_id, entry in doc.data["goals"].items():
            if complete and goal_id not in known:
                yield ctx.finding(
                    doc,
                    ("goals", goal_id),
                    RULE,
                    _("unknown learning goal '{id}' for {slug}").format(id=goal_id, slug=slug),
                    at_key=True,
                )
            if sites is not None and "sites" in entry:
                for j, site in enumerate(entry["sites"]):
                    if site not in sites:
                        yield from r.site(trust, site, ("goals", goal_id, "sites", j))
            if "via" in entry and ("trust", entry["via"]) not in present:
                yield from r.trust_ref(entry["via"], ("goals", goal_id, "via"))


def _rotations(
    ctx: Context, slug: str, bundle: SpecialtyData, complete: bool, activity_ids: set[str]
) -> Iterator[Finding]:
    ds = ctx.dataset
    for doc in bundle.rotations.values():
        r = _Refs(ctx, doc)
        yield from r.trust_ref(doc.data["trust"], ("trust",))
        own_sets = bundle.spec.data["goalsets"] if bundle.spec else []
        for i, p in enumerate(doc.data["periods"]):
            base: Path_ = ("periods", i)
            yield from r.trust_ref(p["trust"], (*base, "trust"))
            if "site" in p:
                yield from r.site(p["trust"], p["site"], (*base, "site"))
            yield from _goals(r, slug, complete, p["goals"], (*base, "goals"))
            req = p.get("requires", {})
            yield from _goals(r, slug, complete, req.get("goals", []), (*base, "requires", "goals"))
            for j, set_id in enumerate(req.get("goalsets", [])):
                if set_id not in own_sets:
                    yield r._missing(
                        (*base, "requires", "goalsets", j),
                        _("goal set '{id}' is not one of {slug}'s goal sets").format(
                            id=set_id, slug=slug
                        ),
                    )
            if (
                "agreement" in p
                and ("agreement", slug, *p["agreement"].split("--", 1)) not in ds.present
            ):
                yield r._missing(
                    (*base, "agreement"),
                    _("no agreement '{id}' in {slug}/agreements/").format(
                        id=p["agreement"], slug=slug
                    ),
                )


def _capacity(
    ctx: Context, slug: str, bundle: SpecialtyData, complete: bool, activity_ids: set[str]
) -> Iterator[Finding]:
    if bundle.capacity is not None:
        doc = bundle.capacity
        r = _Refs(ctx, doc)
        for host, entry in doc.data["hosts"].items():
            if not r.trust(host, ("hosts", host)):
                yield ctx.finding(
                    doc,
                    ("hosts", host),
                    RULE,
                    _("unknown trust '{id}'").format(id=host),
                    at_key=True,
                )
            for j, site in enumerate(entry.get("sites", [])):
                yield from r.site(host, site, ("hosts", host, "sites", j))


def _agreements(
    ctx: Context, slug: str, bundle: SpecialtyData, complete: bool, activity_ids: set[str]
) -> Iterator[Finding]:
    for doc in bundle.agreements.values():
        r = _Refs(ctx, doc)
        yield from r.trust_ref(doc.data["home"], ("home",))
        yield from r.trust_ref(doc.data["host"], ("host",))
        yield from _goals(r, slug, complete, doc.data["goals"], ("goals",))


def _proposals(
    ctx: Context, slug: str, bundle: SpecialtyData, complete: bool, activity_ids: set[str]
) -> Iterator[Finding]:
    for doc in bundle.proposals.values():
        r = _Refs(ctx, doc)
        origin = doc.data["origin"]
        if "region" in origin:
            yield from r.region(origin["region"], ("origin", "region"))
        if "trust" in origin:
            yield from r.trust_ref(origin["trust"], ("origin", "trust"))
        if "adopted_by" in doc.data:
            yield from r.trust_ref(doc.data["adopted_by"], ("adopted_by",))
        for i, entry in enumerate(doc.data.get("deadlines", [])):
            yield from r.region(entry["region"], ("deadlines", i, "region"))
        # a national proposal may add goals and activities: W-IN-FORCE checks them in force
        affects = {} if workflow_for(doc.data).national else doc.data.get("affects", {})
        for i, act in enumerate(affects.get("activities", [])):
            if act not in activity_ids:
                yield r._missing(
                    ("affects", "activities", i),
                    _("unknown activity '{id}' in {slug}").format(id=act, slug=slug),
                )
        yield from _goals(r, slug, complete, affects.get("goals", []), ("affects", "goals"))
        for i, step in enumerate(doc.data["history"]):
            if "to" in step:
                yield from r.region(step["to"], ("history", i, "to"))
            if "meeting" in step:
                yield from _meeting(ctx, r, slug, step["meeting"], ("history", i, "meeting"))
        for i, rec in enumerate(doc.data.get("recommendations", [])):
            yield from r.region(rec["region"], ("recommendations", i, "region"))
            if "meeting" in rec:
                yield from _meeting(ctx, r, slug, rec["meeting"], ("recommendations", i, "meeting"))


def _meetings(
    ctx: Context, slug: str, bundle: SpecialtyData, complete: bool, activity_ids: set[str]
) -> Iterator[Finding]:
    ds = ctx.dataset
    for doc in bundle.meetings.values():
        r = _Refs(ctx, doc)
        yield from r.region(doc.data["region"], ("region",), allow_cross=True)
        for i, person in enumerate(doc.data.get("attendance", [])):
            if "trust" in person:
                yield from r.trust_ref(person["trust"], ("attendance", i, "trust"))
        items = {item["id"] for item in doc.data.get("agenda", [])}
        # in a joint meeting an item (and the decisions under it) may concern another
        # council's specialty: its proposals are that specialty's
        item_subject = {
            item["id"]: str(item["council"]).split("/", 1)[0]
            for item in doc.data.get("agenda", [])
            if item.get("council")
        }
        for group in ("agenda", "decisions"):
            for i, entry in enumerate(doc.data.get(group, [])):
                key = entry.get("id") if group == "agenda" else entry.get("item")
                subject = item_subject.get(key, slug)
                if "proposal" in entry and ("proposal", subject, entry["proposal"]) not in (
                    ds.present
                ):
                    yield r._missing(
                        (group, i, "proposal"),
                        _("unknown proposal '{id}' in {slug}").format(
                            id=entry["proposal"], slug=subject
                        ),
                    )
                if group == "decisions" and entry["item"] not in items:
                    yield r._missing(
                        (group, i, "item"),
                        _("decision refers to agenda item {id}, which is not on the agenda").format(
                            id=entry["item"]
                        ),
                    )


def _joint_elsewhere(ctx: Context, slug: str, meeting: str) -> bool:
    """Whether ``meeting`` is a joint meeting filed under another specialty in which a
    council of ``slug`` takes part."""
    for other, bundle in ctx.dataset.specialties.items():
        doc = bundle.meetings.get(meeting) if other != slug else None
        if doc is not None and any(
            str(c).split("/", 1)[0] == slug for c in doc.data.get("councils") or []
        ):
            return True
    return False


def _meeting(ctx: Context, r: _Refs, slug: str, meeting: str, path: Path_) -> Iterator[Finding]:
    if ("meeting", slug, meeting) not in ctx.dataset.present and not _joint_elsewhere(
        ctx, slug, meeting
    ):
        yield r._missing(
            path, _("unknown meeting '{id}' in {slug}/meetings/").format(id=meeting, slug=slug)
        )
