"""Output formats of ``regraad coverage`` and ``regraad estimate``, one registry each.

Text goes through ``Out``: plain aligned text when ``colour`` is off (no escape codes, so
it pipes and diffs cleanly), rich with styles only when it is on. JSON carries
``"format": 1``; its shapes are documented in the commands' help and the README.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ..i18n import _, format_date, format_number, ngettext
from .simulation import MARCH, SEPTEMBER, WaitStats

if TYPE_CHECKING:
    from rich.console import Console

    from .coverage import CoverageReport, Matrix
    from .estimate import EstimateReport, HostEstimate, SpecialtyEstimate

FORMAT_VERSION = 1
TITLE_WIDTH = 40

Segment = tuple[str, str]  # (text, rich style; "" for none)
Part = str | Segment


class Out:
    """Lines of styled segments: rich on a colour terminal, plain text otherwise."""

    def __init__(self, stream: TextIO, colour: bool) -> None:
        self.stream = stream
        self.console: Console | None = None
        if colour:
            from rich.console import Console

            self.console = Console(
                file=stream,
                force_terminal=True,
                highlight=False,
                soft_wrap=True,
                emoji=False,
                markup=False,
            )

    def line(self, *parts: Part) -> None:
        segments = [(p, "") if isinstance(p, str) else p for p in parts]
        if self.console is None:
            self.stream.write("".join(text for text, _style in segments).rstrip() + "\n")
            return
        from rich.text import Text

        text = Text()
        for chunk, style in segments:
            text.append(chunk, style=style or None)
        text.rstrip()
        self.console.print(text)

    def table(
        self, header: Sequence[str] | None, rows: Sequence[Sequence[Part]], right: set[int]
    ) -> None:
        """Columns padded to their widest cell, two spaces apart; ``right`` aligns numbers."""
        cells = [[(p, "") if isinstance(p, str) else p for p in row] for row in rows]
        head = [[(h, "bold") for h in header]] if header else []
        widths = [0] * max((len(r) for r in [*head, *cells]), default=0)
        for row in [*head, *cells]:
            for i, (text, _style) in enumerate(row):
                widths[i] = max(widths[i], len(text))
        for row in [*head, *cells]:
            parts: list[Part] = []
            for i, (text, style) in enumerate(row):
                pad = " " * (widths[i] - len(text))
                parts.extend([pad, (text, style)] if i in right else [(text, style), pad])
                parts.append("  ")
            self.line(*parts)


def num(value: float) -> str:
    """One decimal at most, in the language's way: 7.5 / 7,5, 8, 0.3."""
    return "-" if math.isnan(value) else format_number(value, decimals=1)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)} %"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _dump(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


# -- coverage --------------------------------------------------------------------------------

_MARK = {"full": "●", "partial": "◐", "none": "○", "missing": "?"}
_COLOUR = {"full": "green", "partial": "yellow", "none": "red", "missing": "magenta"}


def _status_word(status: str) -> str:
    return _("not listed") if status == "missing" else _(status)


def _coverage_block(m: Matrix, report: CoverageReport, out: Out, colour: bool) -> None:
    names = report.trust_names
    title = report.titles.get(m.specialty, m.specialty)
    out.line((f"{m.specialty} — {title}", "bold"))
    if not m.trusts:
        out.line(
            _("No trust in {region} has a coverage file for this specialty.").format(
                region=m.region.upper()
            )
            if m.region
            else _("No trust has a coverage file for this specialty.")
        )
        return
    out.line(
        ngettext("{n} goal in force on {date}", "{n} goals in force on {date}", len(m.rows)).format(
            n=len(m.rows), date=format_date(m.as_of)
        )
        + " × "
        + ngettext("{n} trust", "{n} trusts", len(m.trusts)).format(n=len(m.trusts))
        + f" ({', '.join(r.upper() for r in m.uncovered)})"
    )
    if colour:
        legend: list[Part] = [_("legend") + ": "]
        for status in ("full", "partial", "none", "missing"):
            legend += [(_MARK[status], _COLOUR[status]), f" {_status_word(status)}  "]
        legend.append("→ " + _("where the rest is reached"))
        out.line(*legend)
    out.line()
    rows: list[list[Part]] = []
    for row in m.rows:
        goal_style = "bold red" if row.uncovered_in else ("yellow" if row.gap else "")
        line: list[Part] = [(row.goal, goal_style), _clip(row.title, TITLE_WIDTH)]
        for trust in m.trusts:
            cell = row.cells[trust]
            via = f" → {names.get(cell.via, cell.via)}" if cell.via else ""
            if colour:
                line.append((_MARK[cell.status] + via, _COLOUR[cell.status]))
            else:
                line.append(_status_word(cell.status) + via)
        rows.append(line)
    header = [_("goal"), _("title"), *(names.get(t, t) for t in m.trusts)]
    out.table(header, rows, right=set())
    out.line()
    out.line((_("Reached locally (full), and where the rest is reached:"), "bold"))
    summary: list[list[Part]] = []
    for s in m.summaries:
        where = [_("via {trust}: {n}").format(trust=names.get(t, t), n=n) for t, n in s.via.items()]
        if s.unresolved:
            where.append(_("without via: {n}").format(n=s.unresolved))
        summary.append(
            [
                "  " + names.get(s.trust, s.trust),
                f"{s.full}/{s.goals}",
                (percent(s.share), "green" if s.full == s.goals else ""),
                ", ".join(where),
            ]
        )
    out.table(None, summary, right={1, 2})
    for region, goals in m.uncovered.items():
        if goals:
            out.line(
                (
                    _("Goals no trust in {region} covers fully: {goals}").format(
                        region=region.upper(), goals=", ".join(goals)
                    ),
                    "bold red",
                )
            )
        else:
            out.line(
                (
                    _("Every goal is covered fully by some trust in {region}.").format(
                        region=region.upper()
                    ),
                    "green",
                )
            )


def coverage_text(report: CoverageReport, stream: TextIO, colour: bool) -> None:
    out = Out(stream, colour)
    for i, m in enumerate(report.matrices):
        if i:
            out.line()
        _coverage_block(m, report, out, colour)


def coverage_json(report: CoverageReport, stream: TextIO, colour: bool) -> None:
    names = report.trust_names
    _dump(
        {
            "format": FORMAT_VERSION,
            "as_of": report.as_of,
            "region": report.region,
            "specialties": [
                {
                    "specialty": m.specialty,
                    "name": report.titles.get(m.specialty, m.specialty),
                    "trusts": [
                        {
                            "id": s.trust,
                            "name": names.get(s.trust, s.trust),
                            "region": s.region,
                            "full": s.full,
                            "goals": s.goals,
                            "share": round(s.share, 4),
                            "via": s.via,
                            "unresolved": s.unresolved,
                        }
                        for s in m.summaries
                    ],
                    "goals": [
                        {
                            "id": row.goal,
                            "topic": row.topic,
                            "title": row.title,
                            "gap": row.gap,
                            "uncovered_in": list(row.uncovered_in),
                            "coverage": {
                                t: {"status": c.status, "via": c.via} for t, c in row.cells.items()
                            },
                        }
                        for row in m.rows
                    ],
                    "uncovered": {r: list(g) for r, g in m.uncovered.items()},
                }
                for m in report.matrices
            ],
        },
        stream,
    )


def coverage_csv(report: CoverageReport, stream: TextIO, colour: bool) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["specialty", "goal", "trust", "status", "via"])
    for m in report.matrices:
        for row in m.rows:
            for trust, cell in row.cells.items():
                writer.writerow([m.specialty, row.goal, trust, cell.status, cell.via or ""])


CoverageFormatter = Callable[["CoverageReport", TextIO, bool], None]
COVERAGE_FORMATS_BY_NAME: dict[str, CoverageFormatter] = {
    "text": coverage_text,
    "json": coverage_json,
    "csv": coverage_csv,
}


# -- estimate --------------------------------------------------------------------------------


def _intake(intake: Sequence[tuple[int, int]]) -> str:
    by_month = dict(intake)
    return f"{by_month.get(MARCH, 0)}+{by_month.get(SEPTEMBER, 0)}"


def _wait(value: float, stats: WaitStats) -> Part:
    text = num(value) + (" ↑" if stats.growing else "")
    return (text, "bold red" if stats.growing else ("yellow" if value else ""))


def _note(note_code: str, home: str, host: str | None, date: str) -> str:
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
    return _("{home}: the rotation plan is not valid on {date}; left out").format(
        home=home, date=date
    )


def _bottleneck_lines(host: HostEstimate, names: dict[str, str], out: Out) -> None:
    b = host.bottleneck
    if b is None:
        return
    name = names.get(host.trust, host.trust)
    why = _("Bottleneck at {host}: demand {demand} LIS at a time for {positions} positions").format(
        host=name, demand=num(host.demand), positions=host.positions
    )
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
        why += "; " + _("waits grow by about {n} months a year").format(n=num(host.wait.trend))
    elif host.wait.mean:
        why += "; " + _("mean wait {n} months").format(n=num(host.wait.mean))
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


def _estimate_block(e: SpecialtyEstimate, report: EstimateReport, out: Out) -> None:
    names = report.trust_names
    title = report.titles.get(e.specialty, e.specialty)
    out.line(
        (
            _("{specialty} — {name}: time to specialist on {date}").format(
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
        out.table(header, rows, right={1, 2, 3, 4, 5, 6})
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
        out.table(header, rows, right={1, 2, 3, 4, 5})
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
    for note in e.notes:
        out.line(
            (
                _note(
                    note.code,
                    names.get(note.home, note.home),
                    names.get(note.host or "", note.host),
                    e.as_of,
                ),
                "yellow",
            )
        )


def estimate_text(report: EstimateReport, stream: TextIO, colour: bool) -> None:
    out = Out(stream, colour)
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


def estimate_json(report: EstimateReport, stream: TextIO, colour: bool) -> None:
    names = report.trust_names
    _dump(
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
                            "message": _note(n.code, n.home, n.host, e.as_of),
                        }
                        for n in e.notes
                    ],
                }
                for e in report.estimates
            ],
        },
        stream,
    )


EstimateFormatter = Callable[["EstimateReport", TextIO, bool], None]
ESTIMATE_FORMATS_BY_NAME: dict[str, EstimateFormatter] = {
    "text": estimate_text,
    "json": estimate_json,
}
