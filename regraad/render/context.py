"""Page contexts: pure functions from a dataset to the plain dicts templates read.

Nothing here translates or formats: values are ids, names as the data writes them
(localised names in the render language), ISO dates and numbers. Templates translate
headings with ``_()`` and format with the environment's filters, so one context serves
both languages and both formats. Every key a template may read is always present
(``None`` or empty when the data has nothing), as templates run with strict undefined.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..analysis.capacity import demand, plans_in_force, verdicts
from ..load.dataset import Dataset, SpecialtyData
from ..rules import active
from ..rules.proposal_flow import FINAL, STATE_TITLES

if TYPE_CHECKING:
    from ..analysis.estimate import SpecialtyEstimate

#: Council roles in the order a council is listed.
ROLE_ORDER = ("leader", "deputy", "member", "union-rep", "lis-rep", "observer")


def localized(name: Any, lang: str) -> str:
    """A ``{nb, en}`` name in ``lang`` (bokmål when missing), or a plain string as it is."""
    if isinstance(name, dict):
        return str(name.get(lang) or name.get("nb") or next(iter(name.values()), ""))
    return str(name)


# -- building blocks --------------------------------------------------------------------------


def trust_info(ds: Dataset, trust: str) -> dict[str, Any]:
    doc = ds.trusts.get(trust)
    data = doc.data if doc else {}
    return {
        "id": trust,
        "name": data.get("name", trust),
        "short": data.get("short") or data.get("name", trust),
        "region": data.get("region"),
        "kind": data.get("kind"),
        "regional_hospital": bool(data.get("regional_hospital")),
        "web": data.get("web"),
        "sites": [
            {
                "id": site["id"],
                "name": site["name"],
                "municipality": site.get("municipality"),
                "note": site.get("note"),
            }
            for site in data.get("sites", [])
        ],
    }


def site_name(ds: Dataset, trust: str, site: str | None) -> str | None:
    if site is None:
        return None
    doc = ds.trusts.get(trust)
    for entry in doc.data["sites"] if doc else []:
        if entry["id"] == site:
            return str(entry["name"])
    return site


def region_info(ds: Dataset, region: str | None) -> dict[str, Any] | None:
    if region is None:
        return None
    doc = ds.regions.get(region)
    if doc is None:
        return {"id": region, "name": region, "regut": None}
    regut = doc.data["regut"]
    return {
        "id": region,
        "name": doc.data["name"],
        "regut": {
            "name": regut["name"],
            "host": regut.get("host"),
            "email": regut.get("email"),
            "web": regut.get("web"),
        },
    }


def specialty_info(ds: Dataset, bundle: SpecialtyData, lang: str) -> dict[str, Any]:
    spec = bundle.spec.data if bundle.spec else {}
    return {
        "slug": bundle.slug,
        "code": spec.get("code"),
        "name": localized(spec.get("name", bundle.slug), lang),
        "part2": spec.get("part2"),
        "goalsets": [
            {"id": set_id, "name": goalset_name(ds, set_id, lang)}
            for set_id in spec.get("goalsets", [])
        ],
        "fagkontakt": region_info(ds, spec.get("fagkontakt")),
        "note": spec.get("note"),
    }


def goalset_name(ds: Dataset, set_id: str, lang: str) -> str:
    doc = ds.goalsets.get(set_id)
    return localized(doc.data["name"], lang) if doc else set_id


def goal_info(ds: Dataset, slug: str, goal_id: str) -> dict[str, Any]:
    goal = ds.goal(slug, goal_id) or {}
    found = ds.goals(slug).get(goal_id)
    source = found[0].params.get("goalset") if found else None
    return {
        "id": goal_id,
        "title": goal.get("title"),
        "topic": goal.get("topic"),
        "level": goal.get("level"),
        "goalset": source,  # the goal set it comes from, None for the specialty's own
    }


def agreement_info(
    ds: Dataset, bundle: SpecialtyData, key: str, as_of: str
) -> dict[str, Any] | None:
    doc = bundle.agreements.get(key)
    if doc is None:
        return None
    data = doc.data
    valid = data["valid"]
    return {
        "key": key,
        "home": trust_info(ds, data["home"]),
        "host": trust_info(ds, data["host"]),
        "valid": {"from": valid["from"], "to": valid.get("to")},
        "in_force": active(valid, as_of),
        "places": data["places"],
        "months": data["months"],
        "goals": [goal_info(ds, bundle.slug, g) for g in data["goals"]],
        "signed_by": list(data.get("signed_by", [])),
        "note": data.get("note"),
        "page": None,  # site-relative path of its annex, set by the page registry
    }


def council_info(
    ds: Dataset, bundle: SpecialtyData, region: str | None, as_of: str
) -> dict[str, Any] | None:
    doc = bundle.councils.get(region) if region else None
    if doc is None:
        return None
    members = [m for m in doc.data["members"] if active(m, as_of)]
    members.sort(key=lambda m: (ROLE_ORDER.index(m["role"]), m["name"]))
    return {
        "region": region_info(ds, region),
        "members": [
            {
                "name": m["name"],
                "role": m["role"],
                "trust": trust_info(ds, m["trust"]),
                "site": site_name(ds, m["trust"], m.get("site")),
                "title": m.get("title"),
                "union": m.get("union"),
                "from": m["from"],
            }
            for m in members
        ],
        "note": doc.data.get("note"),
    }


def activities_info(ds: Dataset, bundle: SpecialtyData) -> dict[str, list[dict[str, Any]]]:
    spec = bundle.spec.data if bundle.spec else {}
    activities = spec.get("activities", {})
    return {
        "courses": [
            {
                "id": c["id"],
                "title": c["title"],
                "organiser": region_info(ds, c.get("organiser")),
                "hours": c.get("hours"),
                "goals": list(c.get("goals", [])),
                "description": c.get("description"),
            }
            for c in activities.get("courses", [])
        ],
        "procedures": [
            {
                "id": p["id"],
                "title": p["title"],
                "minimum": p.get("minimum"),
                "mode": p.get("mode"),
                "goals": list(p.get("goals", [])),
                "comment": p.get("comment"),
            }
            for p in activities.get("procedures", [])
        ],
    }


# -- the education plan -------------------------------------------------------------------------


def plan_context(ds: Dataset, slug: str, home: str, *, as_of: str, lang: str) -> dict[str, Any]:
    """The education plan (utdanningsplan) of one home trust in one specialty.

    Keys: ``specialty``, ``trust`` (the home trust with its sites), ``region`` (with its
    RegUt), ``plan`` (intake, validity, note, total ``months``), ``periods`` (in order,
    each with ``start_month``/``end_month`` from the plan's start, ``away`` for a period
    at another trust, its ``agreement`` key and ``requires``), ``prerequisites`` (the
    periods that have requirements), ``goal_groups`` (every goal in force, the
    specialty's own first, then each goal set's, with ``reached``: the periods that list
    it, and ``coverage`` at home), ``estimate`` (see ``plan_estimate``), ``agreements``
    (those the plan's periods use), ``activities`` (national courses and procedures),
    ``council`` (the home region's council, members active on ``as_of``),
    ``landing_page`` and ``region_page`` (the pages its breadcrumbs lead up to), ``label``.
    """
    bundle = ds.specialties[slug]
    plan = bundle.rotations[home].data
    home_trust = trust_info(ds, home)
    specialty = specialty_info(ds, bundle, lang)

    periods = _periods(ds, bundle, plan, home, lang)
    total = sum(p["months"] for p in periods)
    keys = list(dict.fromkeys(p["agreement"] for p in periods if p["agreement"]))
    agreements = [a for a in (agreement_info(ds, bundle, k, as_of) for k in keys) if a]
    valid = plan.get("valid") or {}

    return {
        "label": f"{specialty['name']} – {home_trust['name']}",
        "specialty": specialty,
        "trust": home_trust,
        "region": region_info(ds, home_trust["region"]),
        "plan": {
            "intake_per_year": plan.get("intake_per_year"),
            "valid": {"from": valid.get("from"), "to": valid.get("to")},
            "note": plan.get("note"),
            "months": total,
        },
        "periods": periods,
        "prerequisites": [p for p in periods if p["requires"] is not None],
        "goal_groups": _goal_groups(ds, bundle, home, periods, as_of, lang, specialty),
        "estimate": plan_estimate(ds, slug, home, as_of, total),
        "agreements": agreements,
        "activities": activities_info(ds, bundle),
        "council": council_info(ds, bundle, home_trust["region"], as_of),
        "landing_page": None,  # the specialty's landing page, set by the page registry
        "region_page": None,  # the home region's page, set by the page registry
    }


class _Estimates:
    """The estimates of the dataset rendered last, one simulation per specialty and date
    (a site renders every plan of a specialty from the same one). Only a weak reference
    to the dataset is kept."""

    def __init__(self) -> None:
        self._dataset: weakref.ReferenceType[Dataset] | None = None
        self._results: dict[tuple[str, str], SpecialtyEstimate] = {}

    def get(self, ds: Dataset, slug: str, as_of: str) -> SpecialtyEstimate:
        from ..analysis.estimate import estimate

        if self._dataset is None or self._dataset() is not ds:
            self._dataset = weakref.ref(ds)
            self._results = {}
        key = (slug, as_of)
        if key not in self._results:
            self._results[key] = estimate(ds, slug, as_of)
        return self._results[key]


_ESTIMATES = _Estimates()


def plan_estimate(
    ds: Dataset, slug: str, home: str, as_of: str, plan_months: float
) -> dict[str, Any]:
    """Estimated time to specialist for the plan of ``home`` (``regraad estimate``, section 8).

    ``plan_months``: the periods' months; ``wait_months``: the mean simulated wait for host
    positions, rounded to a tenth of a month (0 when the plan has no stay at a host with
    throughput positions); ``total_months``: the two added; ``growing``: the host cannot
    keep up, so the mean wait depends on how long the queue has been building. The wait
    and the total are ``None`` when the plan is not valid on ``as_of`` (it is not simulated).
    """
    result = _ESTIMATES.get(ds, slug, as_of)
    mine = next((h for h in result.homes if h.trust == home), None)
    if mine is None:
        return {
            "plan_months": plan_months,
            "wait_months": None,
            "total_months": None,
            "growing": False,
        }
    wait = round(mine.wait.mean, 1) if mine.stays else 0
    return {
        "plan_months": plan_months,
        "wait_months": wait,
        "total_months": plan_months + wait,
        "growing": bool(mine.stays) and mine.wait.growing,
    }


def _periods(
    ds: Dataset, bundle: SpecialtyData, plan: dict[str, Any], home: str, lang: str
) -> list[dict[str, Any]]:
    periods = []
    start: float = 0
    for number, period in enumerate(plan["periods"], start=1):
        trust = period["trust"]
        away = trust != home
        key = period.get("agreement") or (f"{home}--{trust}" if away else None)
        requires = period.get("requires")
        periods.append(
            {
                "number": number,
                "id": period["id"],
                "title": period.get("title") or period["id"],
                "trust": trust_info(ds, trust),
                "site": site_name(ds, trust, period.get("site")),
                "department": period.get("department"),
                "months": period["months"],
                "start_month": start,
                "end_month": start + period["months"],
                "away": away,
                "agreement": key if key in bundle.agreements else None,
                "agreement_page": None,  # set by the page registry
                "requires": _requires(ds, bundle.slug, requires, lang) if requires else None,
                "goals": list(period["goals"]),
                "note": period.get("note"),
            }
        )
        start += period["months"]
    return periods


def _requires(ds: Dataset, slug: str, requires: dict[str, Any], lang: str) -> dict[str, Any]:
    return {
        "goals": [goal_info(ds, slug, g) for g in requires.get("goals", [])],
        "goalsets": [
            {
                "id": set_id,
                "name": goalset_name(ds, set_id, lang),
                "count": len(ds.goalset_goals(set_id)),
            }
            for set_id in requires.get("goalsets", [])
        ],
        "note": requires.get("note"),
    }


def _goal_groups(
    ds: Dataset,
    bundle: SpecialtyData,
    home: str,
    periods: list[dict[str, Any]],
    as_of: str,
    lang: str,
    specialty: dict[str, Any],
) -> list[dict[str, Any]]:
    coverage_doc = bundle.coverage.get(home)
    coverage = coverage_doc.data["goals"] if coverage_doc else {}
    own: list[dict[str, Any]] = []
    by_set: dict[str, list[dict[str, Any]]] = {}
    for goal_id in ds.active_goals(bundle.slug, as_of):
        goal = goal_info(ds, bundle.slug, goal_id)
        goal["reached"] = [
            {
                "period": p["id"],
                "number": p["number"],
                "title": p["title"],
                "trust": p["trust"],
                "site": p["site"],
                "away": p["away"],
            }
            for p in periods
            if goal_id in p["goals"]
        ]
        goal["coverage"] = _coverage(ds, home, coverage.get(goal_id))
        if goal["goalset"] is None:
            own.append(goal)
        else:
            by_set.setdefault(goal["goalset"], []).append(goal)
    groups = [{"id": specialty["code"] or bundle.slug, "name": specialty["name"], "goals": own}]
    groups += [
        {"id": set_id, "name": goalset_name(ds, set_id, lang), "goals": goals}
        for set_id, goals in by_set.items()
    ]
    return [g for g in groups if g["goals"]]


def _coverage(ds: Dataset, home: str, entry: dict[str, Any] | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    via = entry.get("via")
    return {
        "status": entry["status"],
        "sites": [site_name(ds, home, s) for s in entry.get("sites", [])],
        "via": trust_info(ds, via) if via else None,
        "note": entry.get("note"),
    }


# -- the agreement annex -----------------------------------------------------------------------


def agreement_context(ds: Dataset, slug: str, key: str, *, as_of: str, lang: str) -> dict[str, Any]:
    """The annex (fagavtale-vedlegg) of one subject agreement.

    Keys: ``specialty``, ``agreement`` (``home`` and ``host`` trusts, ``valid``,
    ``in_force`` on ``as_of``, ``places``, ``months``, ``goals`` with titles,
    ``signed_by``, ``note``), ``host_sites`` (the host's capacity sites, names),
    ``periods`` (the home trust's plan periods served under it), ``region`` (the home
    trust's), ``plan_page``, ``landing_page``, ``region_page``, ``label``.
    """
    bundle = ds.specialties[slug]
    agreement = agreement_info(ds, bundle, key, as_of)
    if agreement is None:
        raise KeyError(key)
    specialty = specialty_info(ds, bundle, lang)
    home, host = agreement["home"]["id"], agreement["host"]["id"]
    plan = bundle.rotations.get(home)
    periods = [
        p
        for p in (_periods(ds, bundle, plan.data, home, lang) if plan else [])
        if p["agreement"] == key
    ]
    hosts = bundle.capacity.data["hosts"] if bundle.capacity else {}
    return {
        "label": f"{specialty['name']} – {agreement['home']['short']} → "
        f"{agreement['host']['short']}",
        "specialty": specialty,
        "agreement": agreement,
        "host_sites": [site_name(ds, host, s) for s in hosts.get(host, {}).get("sites", [])],
        "periods": periods,
        "region": region_info(ds, agreement["home"]["region"]),
        "plan_page": None,  # set by the page registry, as the two below
        "landing_page": None,
        "region_page": None,
    }


# -- the site index -----------------------------------------------------------------------------


def index_context(
    groups: Iterable[dict[str, Any]],
    regions: Iterable[dict[str, Any]] = (),
    specialties: Iterable[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The site index. ``groups``: everything rendered, by kind, as
    ``{kind, title, structured, pages: [{path, label}]}`` (``structured`` when the index
    lists the kind's pages under ``regions`` or ``specialties`` instead); ``regions``:
    ``{id, name, regut, page, trusts, councils}``; ``specialties``: ``{slug, name, code,
    fagkontakt, page, plans, agreements}`` (both built by the page registry)."""
    return {
        "label": "index",
        "groups": list(groups),
        "regions": list(regions),
        "specialties": list(specialties),
    }


# -- the specialty's landing page ---------------------------------------------------------------


def landing_context(ds: Dataset, slug: str, *, as_of: str, lang: str) -> dict[str, Any]:
    """The landing page of one specialty, across regions.

    Keys: ``specialty``, ``goal_count`` (goals in force on ``as_of``), ``councils`` (one
    per council file, regions in order and the cross-regional council last, members
    active on ``as_of`` with the leader and deputy first; ``page`` of its region),
    ``regions_without_council``, ``trusts`` (the trusts that offer the specialty, i.e.
    have a coverage file, and those with an education plan: ``offers``, ``coverage``
    counts per status, ``intake_per_year``, ``plan_page``), ``coverage`` (per goal group:
    ``goals``, ``columns`` (the offering trusts), ``cells`` for the heatmap and ``rows``
    for its table), ``capacity`` (``hosts`` with positions, agreement places and demand;
    ``homes``: the demand of each home trust's plan at each host with the agreement's
    places; ``chart``: the rows of the utilisation chart), ``proposals`` (open on
    ``as_of``, with their stage), ``activities``, ``literature``, ``agreements`` (each
    with the ``page`` of its annex), ``label``.
    Page paths are ``None`` here; the page registry sets them.
    """
    bundle = ds.specialties[slug]
    spec = bundle.spec.data if bundle.spec else {}
    specialty = specialty_info(ds, bundle, lang)
    trust_ids = sorted(
        set(bundle.coverage) | set(bundle.rotations), key=lambda t: trust_order(ds, t)
    )
    offering = [t for t in trust_ids if t in bundle.coverage]
    councils = [
        council
        for council in (
            council_info(ds, bundle, region, as_of)
            for region in sorted(bundle.councils, key=lambda r: (r not in ds.regions, r))
        )
        if council is not None
    ]
    for council in councils:
        council["cross_regional"] = council["region"]["id"] not in ds.regions
        council["page"] = None  # the region's page, set by the page registry
    return {
        "label": specialty["name"],
        "specialty": specialty,
        "goal_count": len(ds.active_goals(slug, as_of)),
        "councils": councils,
        "regions_without_council": [
            region_info(ds, region) for region in ds.regions if region not in bundle.councils
        ],
        "trusts": [_offering_trust(ds, bundle, t, as_of) for t in trust_ids],
        "coverage": _coverage_groups(ds, bundle, offering, as_of, lang, specialty),
        "capacity": _capacity(ds, bundle, as_of),
        "proposals": _open_proposals(ds, bundle, as_of),
        "activities": activities_info(ds, bundle),
        "literature": [
            {
                "title": item["title"],
                "authors": item.get("authors"),
                "year": item.get("year"),
                "url": item.get("url"),
                "note": item.get("note"),
            }
            for item in spec.get("literature", [])
        ],
        "agreements": [
            a
            for a in (agreement_info(ds, bundle, key, as_of) for key in sorted(bundle.agreements))
            if a is not None
        ],
    }


def trust_order(ds: Dataset, trust: str) -> tuple[str, str]:
    """Trusts are listed by region, then by name."""
    doc = ds.trusts.get(trust)
    return (doc.data["region"], doc.data["name"]) if doc else ("~", trust)


def _offering_trust(ds: Dataset, bundle: SpecialtyData, trust: str, as_of: str) -> dict[str, Any]:
    info = trust_info(ds, trust)
    doc = bundle.coverage.get(trust)
    counts = dict.fromkeys(("full", "partial", "none", "missing"), 0)
    if doc is not None:
        entries = doc.data["goals"]
        for goal_id in ds.active_goals(bundle.slug, as_of):
            entry = entries.get(goal_id)
            counts[entry["status"] if entry else "missing"] += 1
    plan = bundle.rotations.get(trust)
    info.update(
        {
            "region": region_info(ds, info["region"]),
            "offers": doc is not None,
            "coverage": counts,
            "updated": doc.data.get("updated") if doc else None,
            "intake_per_year": plan.data["intake_per_year"] if plan else None,
            "has_plan": plan is not None,
            "plan_page": None,  # set by the page registry
        }
    )
    return info


def _coverage_groups(
    ds: Dataset,
    bundle: SpecialtyData,
    offering: list[str],
    as_of: str,
    lang: str,
    specialty: dict[str, Any],
) -> list[dict[str, Any]]:
    """Goals × offering trusts, per goal group (the specialty's own, then each goal set's)."""
    columns = [
        {"id": t, "label": trust_info(ds, t)["short"], "name": trust_info(ds, t)["name"]}
        for t in offering
    ]
    own: list[dict[str, Any]] = []
    by_set: dict[str, list[dict[str, Any]]] = {}
    for goal_id in ds.active_goals(bundle.slug, as_of):
        goal = goal_info(ds, bundle.slug, goal_id)
        (own if goal["goalset"] is None else by_set.setdefault(goal["goalset"], [])).append(goal)
    groups = [{"id": specialty["code"] or bundle.slug, "name": specialty["name"], "goals": own}]
    groups += [
        {"id": set_id, "name": goalset_name(ds, set_id, lang), "goals": goals}
        for set_id, goals in by_set.items()
    ]
    out = []
    for group in groups:
        if not group["goals"]:
            continue
        rows = []
        for goal in group["goals"]:
            cells = []
            for trust in offering:
                entry = bundle.coverage[trust].data["goals"].get(goal["id"])
                coverage = _coverage(ds, trust, entry)
                cells.append(
                    {
                        "goal": goal["id"],
                        "trust": trust,
                        "status": coverage["status"] if coverage else None,
                        "via": coverage["via"] if coverage else None,
                    }
                )
            rows.append({"goal": goal, "cells": cells})
        out.append(
            {
                **group,
                "columns": columns,
                "rows": rows,
                "cells": [cell for row in rows for cell in row["cells"]],
            }
        )
    return out


def _capacity(ds: Dataset, bundle: SpecialtyData, as_of: str) -> dict[str, Any]:
    """Positions, agreement places and demand per host (with whether it is a bottleneck,
    as ``regraad estimate`` says); demand and places per home trust. Only the plans in
    force on ``as_of`` count."""
    per_pair = demand(plans_in_force(bundle, as_of))
    judged = (
        {v.host: v for v in verdicts(bundle, as_of)}
        if bundle.capacity is not None and bundle.rotations
        else {}
    )
    hosts_data = bundle.capacity.data["hosts"] if bundle.capacity else {}
    places: dict[str, int] = {}
    for doc in bundle.agreements.values():
        if active(doc.data["valid"], as_of):
            host = doc.data["host"]
            places[host] = places.get(host, 0) + doc.data["places"]
    host_ids = list(hosts_data)
    host_ids += sorted({h for _home, h in per_pair if h not in hosts_data})
    hosts: list[dict[str, Any]] = []
    for host in host_ids:
        entry = hosts_data.get(host)
        needed = sum(v for (_home, h), v in per_pair.items() if h == host)
        positions = entry["positions"] if entry else None
        hosts.append(
            {
                "trust": trust_info(ds, host),
                "positions": positions,
                "sites": [site_name(ds, host, s) for s in entry.get("sites", [])] if entry else [],
                "note": entry.get("note") if entry else None,
                "places": places.get(host, 0),
                "demand": needed,
                "over": positions is not None and needed > positions + 1e-9,
                "bottleneck": host in judged and judged[host].bottleneck,
                "reasons": list(judged[host].reasons) if host in judged else [],
            }
        )
    homes: list[dict[str, Any]] = []
    for (home, host), value in sorted(
        per_pair.items(),
        key=lambda item: (trust_order(ds, item[0][1]), trust_order(ds, item[0][0])),
    ):
        plan = bundle.rotations[home].data
        key = f"{home}--{host}"
        agreement = agreement_info(ds, bundle, key, as_of)
        homes.append(
            {
                "home": trust_info(ds, home),
                "host": trust_info(ds, host),
                "intake_per_year": plan["intake_per_year"],
                "months": sum(p["months"] for p in plan["periods"] if p["trust"] == host),
                "demand": value,
                "agreement": agreement,  # None when there is none on file
                "over": agreement is not None and value > agreement["places"] + 1e-9,
            }
        )
    chart = [
        {"label": h["trust"]["short"], "demand": h["demand"], "capacity": h["positions"]}
        for h in hosts
        if h["positions"] is not None
    ]
    return {"hosts": hosts, "homes": homes, "chart": chart}


def _open_proposals(ds: Dataset, bundle: SpecialtyData, as_of: str) -> list[dict[str, Any]]:
    """Proposals filed by ``as_of`` and not decided or withdrawn then, with their stage."""
    out = []
    for pid, doc in sorted(bundle.proposals.items()):
        data = doc.data
        history = [step for step in data["history"] if str(step["at"]) <= as_of]
        if not history or history[-1]["state"] in FINAL:
            continue
        step = history[-1]
        origin = data["origin"]
        sent_to = next((s["to"] for s in reversed(history) if s.get("to")), None)
        out.append(
            {
                "id": pid,
                "title": data["title"],
                "kind": data["kind"],
                "state": step["state"],
                "state_title": STATE_TITLES.get(step["state"], step["state"]),
                "since": step["at"],
                "by": step["by"],
                "origin": {
                    "region": region_info(ds, origin["region"]),
                    "trust": trust_info(ds, origin["trust"]) if origin.get("trust") else None,
                    "by": origin["by"],
                },
                "sent_to": region_info(ds, sent_to),
                "summary": data["summary"],
            }
        )
    return out


# -- the region page ------------------------------------------------------------------------------


def region_context(ds: Dataset, region: str, *, as_of: str, lang: str) -> dict[str, Any]:
    """The page of one health region: its RegUt, council policy, trusts and councils.

    Keys: ``region`` (with its RegUt), ``regut_host`` (the trust hosting it),
    ``policy`` (``council_policy`` as the data writes it, the preferred trust as a trust),
    ``reports_to``, ``trusts`` (every trust of the region with its sites and ``plans``:
    the specialties it has an education plan in, each with a ``page``), ``councils``
    (per specialty with a council in the region: ``leaders``, ``deputies``,
    ``members`` active on ``as_of``, ``page`` of the landing page), ``fagkontakt``
    (the specialties whose fagkontakt RegUt this is), ``label``. Page paths are ``None``
    here; the page registry sets them.
    """
    data = ds.regions[region].data
    info = region_info(ds, region)
    assert info is not None
    policy = dict(data["council_policy"])
    preferred = policy.get("leader_preferred_trust")
    specialties = [(s, b) for s, b in ds.specialties.items() if b.spec is not None]
    trusts = []
    for trust in sorted(ds.region_trusts(region), key=lambda t: trust_order(ds, t)):
        entry = trust_info(ds, trust)
        entry["plans"] = [
            {"specialty": _specialty_ref(bundle, lang), "page": None}
            for _slug, bundle in specialties
            if trust in bundle.rotations
        ]
        entry["offers"] = [
            _specialty_ref(bundle, lang)
            for _slug, bundle in specialties
            if trust in bundle.coverage
        ]
        trusts.append(entry)
    councils = []
    for _slug, bundle in specialties:
        council = council_info(ds, bundle, region, as_of)
        if council is None:
            continue
        members = council["members"]
        councils.append(
            {
                "specialty": _specialty_ref(bundle, lang),
                "leaders": [m for m in members if m["role"] == "leader"],
                "deputies": [m for m in members if m["role"] == "deputy"],
                "members": len(members),
                "page": None,  # the specialty's landing page, set by the page registry
            }
        )
    return {
        "label": info["name"],
        "region": info,
        "regut_host": trust_info(ds, info["regut"]["host"]) if info["regut"] else None,
        "policy": {
            **policy,
            "leader_preferred_trust": trust_info(ds, preferred) if preferred else None,
        },
        "reports_to": list(data.get("reports_to", [])),
        "trusts": trusts,
        "councils": councils,
        "fagkontakt": [
            {**_specialty_ref(bundle, lang), "page": None}
            for _slug, bundle in specialties
            if bundle.spec is not None and bundle.spec.data.get("fagkontakt") == region
        ],
    }


def _specialty_ref(bundle: SpecialtyData, lang: str) -> dict[str, Any]:
    spec = bundle.spec.data if bundle.spec else {}
    return {
        "slug": bundle.slug,
        "code": spec.get("code"),
        "name": localized(spec.get("name", bundle.slug), lang),
    }
