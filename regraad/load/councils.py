"""Every council in the dataset, its effective policy and the trusts it must have.

Most councils belong to one specialty in one region (``data/specialties/<s>/councils/
<region>.yaml``). Two more shapes come from how the RegUts work: a council for a common
goal set (the common part 2 of internal medicine or of surgery, the common competence
goals) in ``data/goalsets/<set>/councils/<region>.yaml``, and a national council
(``scope: national``) for a specialty offered in one place or few, run by the RegUt of
the region it is filed under. The rules, the report and the CLI all ask the questions
below, so each is answered once here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .approvals import approvals_on, keeps_register, offering
from .dataset import Dataset, Document

CROSS_REGIONAL = "cross-regional"  # the tverregionalt råd: judged on its members alone
NATIONAL = "national"
_CACHE = "_goalset_councils"  # beside the dataset's own cached indexes
#: The keys of a region's ``council_policy``, which a council's own ``policy`` may override.
POLICY_KEYS = (
    "leader_preferred_trust",
    "deputy",
    "union_rep",
    "lis_rep",
    "observers",
    "members_per_trust",
)


@dataclass(frozen=True)
class Council:
    """One valid council file: of a specialty (``owner`` "specialty") or of a goal set
    (``owner`` "goalset"), named by ``subject`` (the slug or the set id) and ``region``
    (the file name: the region, the host region of a national council, or
    cross-regional)."""

    doc: Document
    owner: str
    subject: str
    region: str

    @property
    def scope(self) -> str:
        """``national`` or ``regional`` (the cross-regional council counts as national)."""
        if self.region == CROSS_REGIONAL:
            return NATIONAL
        return str(self.doc.data.get("scope", "regional"))

    @property
    def national(self) -> bool:
        return self.scope == NATIONAL

    @property
    def ref(self) -> str:
        """How commands and reports name it: ``urologi/hso``, ``FKM/hso``."""
        return f"{self.subject}/{self.region}"


def council_of(doc: Document) -> Council:
    """The council a council or goal-set council document is."""
    if doc.kind.name == "goalset-council":
        return Council(doc, "goalset", doc.params["goalset"], doc.params["region"])
    return Council(doc, "specialty", doc.params["specialty"], doc.params["region"])


def specialty_councils(ds: Dataset, slug: str) -> list[Council]:
    bundle = ds.specialties.get(slug)
    if bundle is None:
        return []
    return [Council(doc, "specialty", slug, region) for region, doc in bundle.councils.items()]


def goalset_councils(ds: Dataset) -> list[Council]:
    """The valid goal-set councils, by goal set and region (found once per dataset: the
    rules ask on every day they judge)."""
    cached: list[Council] | None = ds.__dict__.get(_CACHE)
    if cached is None:
        found = [
            council_of(d) for d in ds.documents if d.valid and d.kind.name == "goalset-council"
        ]
        cached = ds.__dict__[_CACHE] = sorted(found, key=lambda c: (c.subject, c.region))
    return list(cached)


def all_councils(ds: Dataset) -> Iterator[Council]:
    """Every valid council: the specialties' (by slug), then the goal sets'."""
    for slug in ds.specialties:
        yield from specialty_councils(ds, slug)
    yield from goalset_councils(ds)


def needs_own_policy(council: Council) -> bool:
    """A national or goal-set council must state its policy (or the region it follows):
    no one region's policy is obviously its own."""
    return council.owner == "goalset" or (council.national and council.region != CROSS_REGIONAL)


def stated_policy(ds: Dataset, council: Council) -> dict[str, Any]:
    """The council's own ``policy`` over the council policy of the region it ``follows``
    (by default the region it is filed under): as far as it goes, some keys perhaps
    missing (an unknown or broken region, a partial policy)."""
    own = dict(council.doc.data.get("policy") or {})
    follows = own.pop("follows", None)
    if follows is None and council.region != CROSS_REGIONAL:
        follows = council.region
    region = ds.regions.get(follows) if isinstance(follows, str) else None
    base: dict[str, Any] = dict(region.data["council_policy"]) if region else {}
    return {**base, **own}


def effective_policy(ds: Dataset, council: Council) -> dict[str, Any] | None:
    """The policy the council is judged by (``stated_policy``); None when some key is
    still missing, as for the cross-regional council without a policy."""
    merged = stated_policy(ds, council)
    return merged if all(key in merged for key in POLICY_KEYS) else None


def goalset_users(ds: Dataset, set_id: str) -> list[str]:
    """The specialties whose LIS take the goal set: it is in their ``goalsets``, or they
    belong to the part-2 group the set ``applies_to``."""
    gs = ds.goalsets.get(set_id)
    group = gs.data.get("applies_to") if gs is not None else None
    out = []
    for slug, bundle in ds.specialties.items():
        spec = bundle.spec
        if spec is None:
            continue
        part2 = spec.data.get("part2")
        if set_id in spec.data["goalsets"] or (group not in (None, "all") and part2 == group):
            out.append(slug)
    return out


def _offering_part(ds: Dataset, slug: str, part: Any, as_of: str) -> list[str]:
    """The trusts offering the specialty on ``as_of``; with a register and a numbered
    ``part`` (a part-2 goal set), only those approved for that part."""
    bundle = ds.specialties.get(slug)
    if not isinstance(part, int) or bundle is None or not keeps_register(ds, slug):
        return offering(ds, slug, as_of)
    return sorted(
        trust
        for trust, entries in approvals_on(bundle, as_of).items()
        if any(e["part"] == part for e in entries)
    )


def in_region(ds: Dataset, trust: str, region: str) -> bool:
    doc = ds.trusts.get(trust)
    return doc is not None and doc.data["region"] == region


def concerned_trusts(ds: Dataset, council: Council, as_of: str) -> dict[str, list[str]]:
    """The trusts the council must have a member from on ``as_of``, each with the
    specialties that make it concerned: those offering the specialty (or, for a goal
    set, a specialty that uses it, for the set's part), in the council's region or,
    for a national council, anywhere. None for the cross-regional council."""
    if council.region == CROSS_REGIONAL:
        return {}
    if council.owner == "specialty":
        slugs = [council.subject]
        part = None
    else:
        slugs = goalset_users(ds, council.subject)
        gs = ds.goalsets.get(council.subject)
        part = gs.data.get("part") if gs is not None else None
    out: dict[str, list[str]] = {}
    for slug in slugs:
        for trust in _offering_part(ds, slug, part, as_of):
            if council.national or in_region(ds, trust, council.region):
                out.setdefault(trust, []).append(slug)
    return dict(sorted(out.items()))


def national_council(ds: Dataset, slug: str) -> Council | None:
    """The specialty's national council (``scope: national``), if it has one."""
    for council in specialty_councils(ds, slug):
        if council.national and council.region != CROSS_REGIONAL:
            return council
    return None
