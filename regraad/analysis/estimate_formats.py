"""``regraad estimate`` output: text (time per home trust, load per host, bottlenecks and
what removes them) and JSON, one registry the CLI's choices come from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ..i18n import N_, _, format_date, ngettext, plural_count
from ..output.terminal import Lines, Part, Style, table
from .simulation import MARCH, SEPTEMBER, WaitStats
from .text import FORMAT_VERSION, dump, num, percent

if TYPE_CHECKING:
    from .estimate import EstimateReport, HostEstimate, SpecialtyEstimate

# -- estimate --------------------------------------------------------------------------------


#: What the estimate leaves out, in one sentence (the plan page and the report say the
#: same): forskrift om spesialistutdanning § 2 (the domain notes, section 1.2): LIS1 is 18
#: months, parts 2 and 3 at least five years, the whole programme at least 6.5 years.
FLOOR = N_(
    "LIS1 (18 months) comes first; specialist approval needs at least 6.5 years of parts 1–3."
)


def _intake(intake: Sequence[tuple[int, int]]) -> str:
    by_month = dict(intake)
    return f"{by_month.get(MARCH, 0)}+{by_month.get(SEPTEMBER, 0)}"


def _wait(value: float, stats: WaitStats) -> Part:
    text = num(value) + (" ↑" if stats.growing else "")
    return (text, "bold red" if stats.growing else ("yellow" if value else ""))


def note(note_code: str, home: str, host: str | None, date: str) -> str:
    if note_code == "no-capacity":
        return _(
            "{home}: the period at {host} is not simulated; {host} has no throughput "
            "positions in capacity.yaml"
        ).format(home=home, host=host)
    if note_code == "no-agreement":
        return _(
            "{home} has no valid agreement with {host}; its LIS only get positions not held "
            "for other trusts' places"
        ).format(home=home, host=host)
    if note_code == "not-approved":
        return _(
            "{home} is not approved for the specialty on {date} (approvals.yaml); its plan is "
            "left out"
        ).format(home=home, date=date)
    return _("{home}: the rotation plan is not valid on {date}; left out").format(
        home=home, date=date
    )


def _bottleneck_lines(host: HostEstimate, names: dict[str, str], out: Lines) -> None:
    b = host.bottleneck
    if b is None:
        return
    name = names.get(host.trust, host.trust)
    why = ngettext(
        "Bottleneck at {host}: demand {demand} LIS at a time for {positions} position",
        "Bottleneck at {host}: demand {demand} LIS at a time for {positions} positions",
        host.positions,
    ).format(host=name, demand=num(host.demand), positions=host.positions)
    over = [
        _("{home} needs {demand} places, has {places}").format(
            home=names.get(a.home, a.home), demand=num(a.demand), places=a.places
        )
        for a in host.agreements
        if a.places is not None and a.demand > a.places + 1e-9
    ]
    if over:
        why += "; " + "; ".join(over)
    if host.wait.growing:
        why += "; " + ngettext(
            "waits grow by about {n} month a year",
            "waits grow by about {n} months a year",
            plural_count(round(host.wait.trend, 1)),
        ).format(n=num(host.wait.trend))
    elif host.wait.mean:
        why += "; " + ngettext(
            "mean wait {n} month", "mean wait {n} months", plural_count(round(host.wait.mean, 1))
        ).format(n=num(host.wait.mean))
    out.line((why + ".", "bold red"))
    if b.positions_needed is None:
        from .estimate import SEARCH_STEPS

        fix = _("More positions than regraad tries ({n} above demand) would be needed.").format(
            n=SEARCH_STEPS
        )
    else:
        fix = _("Removed with {needed} positions (now {positions})").format(
            needed=b.positions_needed, positions=host.positions
        )
    places = [
        _("{home} {needed} (now {places})").format(
            home=names.get(a.home, a.home), needed=b.places_needed[a.home], places=a.places
        )
        for a in host.agreements
        if a.home in b.places_needed
    ]
    if places:
        fix += "; " + _("agreement places {list}").format(list=", ".join(places))
    out.line("  " + fix + ".")


def _estimate_block(e: SpecialtyEstimate, report: EstimateReport, out: Lines) -> None:
    names = report.trust_names
    title = report.titles.get(e.specialty, e.specialty)
    out.line(
        (
            _("{specialty} — {name}: estimated time in parts 2 and 3 on {date}").format(
                specialty=e.specialty, name=title, date=format_date(e.as_of)
            ),
            "bold",
        )
    )
    out.line(
        _(
            "Simulated: LIS starting over {horizon} years after a {warmup}-year warm-up, "
            "intake split March+September; months."
        ).format(horizon=e.settings.horizon_years, warmup=e.settings.warmup_years)
    )
    out.line(_(FLOOR))
    out.line()
    if not e.homes and not e.hosts:
        out.line(_("No rotation plan to estimate."))
    elif e.homes:
        rows: list[list[Part]] = []
        for h in e.homes:
            rows.append(
                [
                    names.get(h.trust, h.trust),
                    f"{h.intake_per_year} ({_intake(h.intake)})",
                    num(h.plan_months),
                    _wait(h.wait.mean, h.wait),
                    _wait(h.wait.p90, h.wait),
                    _wait(h.mean_total, h.wait),
                    _wait(h.p90_total, h.wait),
                ]
            )
        header = [
            _("home trust"),
            _("intake/yr"),
            _("plan"),
            _("wait mean"),
            _("wait p90"),
            _("total mean"),
            _("total p90"),
        ]
        table(out, header, rows, right={1, 2, 3, 4, 5, 6})
    if e.hosts:
        if e.homes:
            out.line()
        rows = []
        for host in e.hosts:
            places = ", ".join(
                f"{names.get(a.home, a.home)} {'-' if a.places is None else a.places}/"
                f"{num(a.demand)}"
                for a in host.agreements
            )
            rows.append(
                [
                    (names.get(host.trust, host.trust), "bold red" if host.bottleneck else ""),
                    str(host.positions),
                    (num(host.demand), "bold red" if host.demand > host.positions else ""),
                    percent(host.utilisation),
                    _wait(host.wait.mean, host.wait),
                    _wait(host.wait.p90, host.wait),
                    places,
                ]
            )
        header = [
            _("host"),
            _("positions"),
            _("demand"),
            _("utilisation"),
            _("wait mean"),
            _("wait p90"),
            _("places/demand per home trust"),
        ]
        table(out, header, rows, right={1, 2, 3, 4, 5})
    out.line()
    bottlenecks = [h for h in e.hosts if h.bottleneck]
    for host in bottlenecks:
        _bottleneck_lines(host, names, out)
    if not bottlenecks and e.hosts:
        out.line((_("No bottlenecks: every host has room for the plans' demand."), "green"))
    if any(h.wait.growing for h in e.homes) or any(h.wait.growing for h in e.hosts):
        out.line(
            _(
                "↑ waits grow over the horizon: the host cannot keep up, the queue builds up "
                "year by year, and the mean depends on how long it has been building (here "
                "since the start of the warm-up)."
            )
        )
    for n in e.notes:
        out.line(
            (
                note(
                    n.code,
                    names.get(n.home, n.home),
                    names.get(n.host or "", n.host),
                    e.as_of,
                ),
                "yellow",
            )
        )


def estimate_text(report: EstimateReport, stream: TextIO, style: Style) -> None:
    out = style(stream)
    if report.changes:
        out.line((_("What-if (in memory; no file is changed):"), "bold"))
        for change in report.changes:
            target = change.option.split("=", 1)[0].strip()
            out.line(
                f"  {target}: ",
                (f"{num(change.before)} → {num(change.after)}", "bold yellow"),
            )
        out.line()
    for i, e in enumerate(report.estimates):
        if i:
            out.line()
        _estimate_block(e, report, out)


def _stats_json(stats: WaitStats) -> dict[str, Any]:
    return {
        "mean": round(stats.mean, 2),
        "p90": stats.p90,
        "max": stats.max,
        "by_year": [None if w is None else round(w, 2) for w in stats.by_year],
        "growing": stats.growing,
        "unfinished": stats.unfinished,
    }


def estimate_json(report: EstimateReport, stream: TextIO, style: Style) -> None:
    names = report.trust_names
    dump(
        {
            "format": FORMAT_VERSION,
            "as_of": report.as_of,
            "changed": [
                {
                    "option": c.option,
                    "specialty": c.specialty,
                    "path": c.path,
                    "field": c.field,
                    "before": c.before,
                    "after": c.after,
                }
                for c in report.changes
            ],
            "specialties": [
                {
                    "specialty": e.specialty,
                    "name": report.titles.get(e.specialty, e.specialty),
                    "model": {
                        "horizon_years": e.settings.horizon_years,
                        "warmup_years": e.settings.warmup_years,
                        "months_simulated": e.months,
                    },
                    "homes": [
                        {
                            "trust": h.trust,
                            "name": names.get(h.trust, h.trust),
                            "intake_per_year": h.intake_per_year,
                            "intake": {
                                "march": dict(h.intake).get(MARCH, 0),
                                "september": dict(h.intake).get(SEPTEMBER, 0),
                            },
                            "plan_months": h.plan_months,
                            "lis": h.wait.count,
                            "wait": _stats_json(h.wait),
                            "total": {
                                "mean": round(h.mean_total, 2),
                                "p90": h.p90_total,
                            },
                            "stays": [
                                {
                                    "host": s.host,
                                    "period": s.period,
                                    "months": s.months,
                                    "mean_wait": round(s.mean_wait, 2),
                                }
                                for s in h.stays
                            ],
                        }
                        for h in e.homes
                    ],
                    "hosts": [
                        {
                            "trust": host.trust,
                            "name": names.get(host.trust, host.trust),
                            "positions": host.positions,
                            "demand": round(host.demand, 4),
                            "mean_occupied": round(host.mean_occupied, 4),
                            "utilisation": None
                            if host.utilisation is None
                            else round(host.utilisation, 4),
                            "max_queue": host.max_queue,
                            "wait": _stats_json(host.wait),
                            "agreements": [
                                {"home": a.home, "places": a.places, "demand": round(a.demand, 4)}
                                for a in host.agreements
                            ],
                            "bottleneck": None
                            if host.bottleneck is None
                            else {
                                "reasons": list(host.bottleneck.reasons),
                                "positions_needed": host.bottleneck.positions_needed,
                                "places_needed": host.bottleneck.places_needed,
                            },
                        }
                        for host in e.hosts
                    ],
                    "notes": [
                        {
                            "code": n.code,
                            "home": n.home,
                            "host": n.host,
                            "message": note(n.code, n.home, n.host, e.as_of),
                        }
                        for n in e.notes
                    ],
                }
                for e in report.estimates
            ],
        },
        stream,
    )


EstimateFormatter = Callable[["EstimateReport", TextIO, Style], None]
ESTIMATE_FORMATS_BY_NAME: dict[str, EstimateFormatter] = {
    "text": estimate_text,
    "json": estimate_json,
}
