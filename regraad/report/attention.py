"""The report's first page: the key numbers, and what needs the RHF's attention.

The points are chosen from the report's own sections, most pressing first, and at most
``MAX_POINTS`` of them (the rest are counted): errors in the data, councils missing or
incomplete by the region's policy, bottlenecks at the hosts, goals no trust in the region
covers, proposals waiting for the region's council, memberships about to end, hosts
running close to full, proposals long at one stage, councils that deviate from the
policy, specialties without a fagkontakt RegUt. Each is one sentence in the report's
language, with the sections it comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..i18n import N_, _, format_date, format_number, ngettext, plural_count
from ..render.environment import LABELS

MAX_POINTS = 5
HIGH_UTILISATION = 90  # percent of the positions, without being a bottleneck
LONG_AT_STAGE = 180  # days at one stage before a proposal is named
MAX_GOALS_NAMED = 6

Point = dict[str, Any]  # {"text": str, "sections": [{"anchor", "name"}]}


class _Words:
    """Numbers, dates and months in the report's language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def num(self, value: float) -> str:
        return format_number(value, self.lang, 1)

    def pct(self, value: int) -> str:
        return f"{value}\u00a0%"

    def months(self, value: float) -> str:
        count = int(value) if float(value).is_integer() else 2
        return ngettext("{n} month", "{n} months", count).format(n=self.num(value))

    def date(self, value: str) -> str:
        return format_date(value, self.lang)


def _ref(s: dict[str, Any]) -> dict[str, str]:
    return {"anchor": s["anchor"], "name": s["name"]}


def _translated(msgid: str) -> str:
    """A message marked elsewhere (``N_``), in the report's language."""
    return _(msgid)


def _distinct(specialties: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each specialty once, in order."""
    return list({s["slug"]: s for s in specialties}.values())


def _point(text: str, *specialties: dict[str, Any], anchor: str | None = None) -> Point:
    sections = [_ref(s) for s in specialties]
    if anchor is not None:
        sections.append({"anchor": anchor, "name": ""})
    return {"text": text, "sections": sections}


def _nothing_registered(ctx: dict[str, Any], w: _Words) -> Iterator[Point]:
    """A region with nothing recorded is reported as such, never as complete."""
    if not ctx["specialties"]:
        yield _point(
            _(
                "Nothing is registered for {region} yet: no regional council and no coverage "
                "of learning goals. The report cannot say whether councils are complete, "
                "learning goals can be reached or the hosts have room."
            ).format(region=ctx["region"]["name"]),
            anchor="not-registered",
        )


def _errors(ctx: dict[str, Any], w: _Words) -> Iterator[Point]:
    n = ctx["findings"]["errors"]
    if n:
        rules = ", ".join(r["rule"] for r in ctx["findings"]["by_rule"] if r["errors"])
        yield _point(
            ngettext(
                "The data for {region} has {n} validation error ({rules}); the figures that "
                "depend on it may be wrong until it is fixed.",
                "The data for {region} has {n} validation errors ({rules}); the figures that "
                "depend on them may be wrong until they are fixed.",
                n,
            ).format(region=ctx["region"]["name"], n=n, rules=rules),
            anchor="findings",
        )


def _councils(ctx: dict[str, Any], w: _Words) -> Iterator[Point]:
    broken = [s for s in ctx["specialties"] if s["council"]["broken"]]
    if broken:
        yield _point(
            ngettext(
                "The council file of {specialties} has errors, so its council cannot be checked.",
                "The council files of {specialties} have errors, so their councils cannot be "
                "checked.",
                len(broken),
            ).format(specialties=", ".join(s["name"] for s in broken)),
            *broken,
        )
    missing = [
        s for s in ctx["specialties"] if not s["council"]["exists"] and not s["council"]["broken"]
    ]
    if missing:
        yield _point(
            ngettext(
                "{specialties} is offered at trusts in {region}, but no regional council is "
                "recorded for it.",
                "{specialties} are offered at trusts in {region}, but no regional council is "
                "recorded for them.",
                len(missing),
            ).format(
                specialties=", ".join(s["name"] for s in missing), region=ctx["region"]["name"]
            ),
            *missing,
        )
    incomplete = [
        s for s in ctx["specialties"] if s["council"]["exists"] and not s["council"]["complete"]
    ]
    if incomplete:
        problems = "; ".join(
            f"{s['name']}: {_first_error(s['council'])}" for s in incomplete if s["council"]
        )
        yield _point(
            ngettext(
                "{n} council is incomplete by the region's policy: {problems}.",
                "{n} councils are incomplete by the region's policy: {problems}.",
                len(incomplete),
            ).format(n=len(incomplete), problems=problems),
            *incomplete,
        )


def _first_error(council: dict[str, Any]) -> str:
    found = [f for role in council["roles"] for f in role["findings"]] + council["findings"]
    errors = [f["message"] for f in found if f["severity"] == "error"]
    more = len(errors) - 1
    text = errors[0] if errors else ""
    if more > 0:
        text += " " + ngettext("(and {n} more)", "(and {n} more)", more).format(n=more)
    return text


def _bottlenecks(ctx: dict[str, Any], w: _Words) -> Iterator[Point]:
    for s in ctx["specialties"]:
        estimate = s["estimate"]
        for host in estimate["hosts"] if estimate else []:
            b = host["bottleneck"]
            if b is None:
                continue
            name = host["trust"]["short"]
            why = ngettext(
                "Bottleneck at {host}: demand {demand} LIS at a time for {positions} position",
                "Bottleneck at {host}: demand {demand} LIS at a time for {positions} positions",
                host["positions"],
            ).format(host=name, demand=w.num(host["demand"]), positions=host["positions"])
            if host["growing"]:
                why += "; " + ngettext(
                    "waits grow by about {n} month a year",
                    "waits grow by about {n} months a year",
                    plural_count(round(host["trend"] or 0, 1)),
                ).format(n=w.num(host["trend"] or 0))
            elif host["wait_mean"]:
                why += "; " + ngettext(
                    "mean wait {n} month",
                    "mean wait {n} months",
                    plural_count(round(host["wait_mean"], 1)),
                ).format(n=w.num(host["wait_mean"]))
            if b["positions_needed"] is None:
                fix = (
                    _("More positions than regraad tries ({n} above demand) would be needed.")
                    .format(n=b["search_steps"])
                    .rstrip(".")
                )
            else:
                fix = _("Removed with {needed} positions (now {positions})").format(
                    needed=b["positions_needed"], positions=host["positions"]
                )
            places = [
                _("{home} {needed} (now {places})").format(
                    home=p["home"]["short"], needed=p["needed"], places=p["now"]
                )
                for p in b["places_needed"]
                if p["now"] is None or p["needed"] > p["now"]
            ]
            if places:
                fix += "; " + _("agreement places {list}").format(list=", ".join(places))
            yield _point(f"{s['name']}: {why}. {fix}.", s)


def _uncovered(ctx: dict[str, Any], w: _Words) -> Iterator[Point]:
    for s in ctx["specialties"]:
        goals = [g["id"] for g in s["coverage"]["uncovered"]]
        if not goals:
            continue
        named = ", ".join(goals[:MAX_GOALS_NAMED]) + (", …" if len(goals) > MAX_GOALS_NAMED else "")
        yield _point(
            ngettext(
                "{specialty}: {n} learning goal cannot be reached fully at any trust in "
                "{region} ({goals}); its LIS must go to another region for it.",
                "{specialty}: {n} learning goals cannot be reached fully at any trust in "
                "{region} ({goals}); its LIS must go to another region for them.",
                len(goals),
            ).format(specialty=s["name"], n=len(goals), region=ctx["region"]["name"], goals=named),
            s,
        )


def _waiting(ctx: dict[str, Any], w: _Words) -> Iterator[Point]:
    found = [(s, p) for s in ctx["specialties"] for p in s["proposals"]["open"]]
    waiting = [(s, p) for s, p in found if p["waits_for_region"]]
    if waiting:
        listed = "; ".join(
            ngettext(
                "{id} ({specialty}), {days} day at this stage",
                "{id} ({specialty}), {days} days at this stage",
                p["days_in_stage"],
            ).format(id=p["id"], specialty=s["name"], days=p["days_in_stage"])
            for s, p in waiting
        )
        yield _point(
            ngettext(
                "{n} change proposal waits for the council's recommendation in {region}: {list}.",
                "{n} change proposals wait for the councils' recommendations in {region}: {list}.",
                len(waiting),
            ).format(n=len(waiting), region=ctx["region"]["name"], list=listed),
            *_distinct(s for s, _x in waiting),
        )


def _long_open(ctx: dict[str, Any], w: _Words) -> Iterator[Point]:
    found = [
        (s, p)
        for s in ctx["specialties"]
        for p in s["proposals"]["open"]
        if not p["waits_for_region"] and p["days_in_stage"] >= LONG_AT_STAGE
    ]
    if found:
        listed = "; ".join(
            ngettext(
                "{id} ({specialty}): {stage} since {date}, {days} day",
                "{id} ({specialty}): {stage} since {date}, {days} days",
                p["days_in_stage"],
            ).format(
                id=p["id"],
                specialty=s["name"],
                stage=_translated(p["state_title"]),
                date=w.date(p["since"]),
                days=p["days_in_stage"],
            )
            for s, p in found
        )
        yield _point(
            ngettext(
                "{n} open change proposal has been at the same stage for more than {limit} "
                "days: {list}.",
                "{n} open change proposals have been at the same stage for more than {limit} "
                "days: {list}.",
                len(found),
            ).format(n=len(found), limit=LONG_AT_STAGE, list=listed),
            *_distinct(s for s, _x in found),
        )


def _leaving(ctx: dict[str, Any], w: _Words) -> Iterator[Point]:
    found = [(s, m) for s in ctx["specialties"] for m in s["council"]["leaving"]]
    if found:
        by = found[0][0]["council"]["leaving_by"]
        listed = ", ".join(
            _("{name} ({role}, {specialty}, until {date})").format(
                name=m["name"],
                role=_translated(LABELS["role"].get(m["role"], m["role"])),
                specialty=s["name"],
                date=w.date(m["to"]),
            )
            for s, m in found
        )
        yield _point(
            ngettext(
                "{n} council membership ends by {date} with no successor recorded: {list}. "
                "A successor should be appointed and reported to RegUt.",
                "{n} council memberships end by {date} with no successor recorded: {list}. "
                "Successors should be appointed and reported to RegUt.",
                len(found),
            ).format(n=len(found), date=w.date(by), list=listed),
            *_distinct(s for s, _x in found),
        )


def _full(ctx: dict[str, Any], w: _Words) -> Iterator[Point]:
    by_host: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for s in ctx["specialties"]:
        estimate = s["estimate"]
        for host in estimate["hosts"] if estimate else []:
            percent = host["percent"]
            if host["bottleneck"] is None and percent is not None and percent >= HIGH_UTILISATION:
                by_host.setdefault(host["trust"]["short"], []).append((s, host))
    if not by_host:
        return
    hosts = "; ".join(
        _("{host}: {list}").format(
            host=name,
            list=", ".join(
                _("{percent} in {specialty}").format(
                    percent=w.pct(host["percent"]), specialty=s["name"]
                )
                for s, host in rows
            ),
        )
        for name, rows in by_host.items()
    )
    specialties = {s["slug"]: s for rows in by_host.values() for s, _h in rows}
    yield _point(
        _(
            "Throughput positions nearly full ({hosts}): there is little room for leave, "
            "part-time work or delays, which the estimate does not model and which turn "
            "into waits."
        ).format(hosts=hosts),
        *specialties.values(),
    )


def _deviations(ctx: dict[str, Any], w: _Words) -> Iterator[Point]:
    found = [
        (s, f)
        for s in ctx["specialties"]
        if s["council"]["complete"] and s["council"]["warnings"]
        for f in [f for role in s["council"]["roles"] for f in role["findings"]]
        + s["council"]["findings"]
        if f["severity"] == "warning"
    ]
    if found:
        yield _point(
            _("Councils that deviate from the region's policy: {list}.").format(
                list="; ".join(f"{s['name']}: {f['message']}" for s, f in found)
            ),
            *_distinct(s for s, _x in found),
        )


def _fagkontakt(ctx: dict[str, Any], w: _Words) -> Iterator[Point]:
    missing = [s for s in ctx["specialties"] if s["fagkontakt"] is None]
    if missing:
        yield _point(
            ngettext(
                "No fagkontakt RegUt is recorded for {specialties}, so national change "
                "proposals for it have no RegUt to go to.",
                "No fagkontakt RegUt is recorded for {specialties}, so national change "
                "proposals for them have no RegUt to go to.",
                len(missing),
            ).format(specialties=", ".join(s["name"] for s in missing)),
            *missing,
        )


#: The heading of the regional report's section on ``outside`` (templates say it too).
OUTSIDE_HEADING = N_("National change proposals in other specialties")


def _outside(ctx: dict[str, Any], w: _Words) -> Iterator[Point]:
    """National proposals in specialties outside the report that wait on the region
    (as fagkontakt, proposer or a council to recommend) are named, with their wait."""
    found = ctx["outside"]
    if found:
        listed = "; ".join(
            ngettext(
                "{id} ({specialty}): {stage} since {date}, {days} day",
                "{id} ({specialty}): {stage} since {date}, {days} days",
                p["days_in_stage"],
            ).format(
                id=p["id"],
                specialty=p["specialty_name"],
                stage=_translated(p["state_title"]),
                date=w.date(p["since"]),
                days=p["days_in_stage"],
            )
            for p in found
        )
        text = ngettext(
            "{n} open national change proposal in a specialty not registered in "
            "{region} concerns it: {list}.",
            "{n} open national change proposals in specialties not registered in "
            "{region} concern it: {list}.",
            len(found),
        ).format(n=len(found), region=ctx["region"]["name"], list=listed)
        section = {"anchor": "national-proposals", "name": _(OUTSIDE_HEADING)}
        yield {"text": text, "sections": [section]}


#: The kinds of point, most pressing first.
POINTS: tuple[Callable[[dict[str, Any], _Words], Iterator[Point]], ...] = (
    _nothing_registered,
    _errors,
    _councils,
    _bottlenecks,
    _uncovered,
    _waiting,
    _leaving,
    _full,
    _long_open,
    _deviations,
    _fagkontakt,
    _outside,
)


def numbers(ctx: dict[str, Any]) -> dict[str, Any]:
    """The key numbers of the report (raw; the templates word and format them)."""
    specialties = ctx["specialties"]
    homes = [h for s in specialties if s["estimate"] for h in s["estimate"]["homes"]]
    hosts = [(s, h) for s in specialties if s["estimate"] for h in s["estimate"]["hosts"]]
    busiest = max(
        ((s, h) for s, h in hosts if h["percent"] is not None),
        key=lambda sh: sh[1]["percent"],
        default=None,
    )
    open_proposals = [p for s in specialties for p in s["proposals"]["open"]]
    changes = ctx["changes"]
    return {
        "specialties": len(specialties),
        "all_specialties": ctx["all_specialties"],
        "unregistered": len(ctx["unregistered"]),
        "councils": sum(1 for s in specialties if s["council"]["exists"]),
        "councils_complete": sum(1 for s in specialties if s["council"]["complete"]),
        "offering_trusts": len(
            {t["trust"]["id"] for s in specialties for t in s["coverage"]["trusts"]}
        ),
        "uncovered_goals": sum(len(s["coverage"]["uncovered"]) for s in specialties),
        # whether any specialty has coverage recorded in the region at all
        "coverage_registered": any(s["coverage"]["trusts"] for s in specialties),
        "shortest": min((h["total_mean"] for h in homes), default=None),
        "longest": max((h["total_mean"] for h in homes), default=None),
        "longest_wait": max((h["wait_mean"] for h in homes), default=None),
        "growing": any(h["growing"] for h in homes),
        "bottlenecks": sum(1 for _s, h in hosts if h["bottleneck"] is not None),
        "busiest": None
        if busiest is None
        else {
            "percent": busiest[1]["percent"],
            "host": busiest[1]["trust"],
            "specialty": busiest[0]["name"],
        },
        "open_proposals": len(open_proposals),
        "oldest_days": max((p["age_days"] for p in open_proposals), default=None),
        "waiting_for_region": sum(1 for p in open_proposals if p["waits_for_region"]),
        "decided_since": sum(len(s["proposals"]["decided"]) for s in specialties),
        "membership_changes": sum(1 for c in changes if c["area"] == "council"),
        "proposal_steps": sum(1 for c in changes if c["area"] == "proposal"),
        "meeting_records": sum(1 for c in changes if c["area"] == "meeting"),
        "errors": ctx["findings"]["errors"],
        "warnings": ctx["findings"]["warnings"],
    }


def summary(ctx: dict[str, Any], *, as_of: str, lang: str) -> dict[str, Any]:
    """``{"numbers", "points", "more"}``: the key numbers, at most ``MAX_POINTS`` points,
    and how many more there were."""
    words = _Words(lang)
    points = [p for kind in POINTS for p in kind(ctx, words)]
    return {
        "numbers": numbers(ctx),
        "points": points[:MAX_POINTS],
        "more": max(0, len(points) - MAX_POINTS),
    }
