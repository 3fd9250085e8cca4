"""``regraad coverage`` output: text (a goals × trusts matrix, gaps first), JSON and CSV,
one registry the CLI's choices come from."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ..i18n import _, format_date, ngettext
from ..load.regions import region_short
from ..output.terminal import Lines, Part, Style, table
from .text import FORMAT_VERSION, TITLE_WIDTH, clip, dump, percent

if TYPE_CHECKING:
    from .coverage import CoverageReport, Matrix

# -- coverage --------------------------------------------------------------------------------

_MARK = {"full": "●", "partial": "◐", "none": "○", "missing": "?"}
_COLOUR = {"full": "green", "partial": "yellow", "none": "red", "missing": "magenta"}


def _status_word(status: str) -> str:
    return _("not listed") if status == "missing" else _(status)


def _coverage_block(m: Matrix, report: CoverageReport, out: Lines) -> None:
    names = report.trust_names
    title = report.titles.get(m.specialty, m.specialty)
    out.line((f"{m.specialty} — {title}", "bold"))
    if not m.trusts:
        out.line(
            _("No trust in {region} has a coverage file for this specialty.").format(
                region=region_short(None, m.region)
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
        + f" ({', '.join(region_short(None, r) for r in m.uncovered)})"
    )
    if out.colour:
        legend: list[Part] = [_("legend") + ": "]
        for status in ("full", "partial", "none", "missing"):
            legend += [(_MARK[status], _COLOUR[status]), f" {_status_word(status)}  "]
        legend.append("→ " + _("where the rest is reached"))
        out.line(*legend)
    out.line()
    rows: list[list[Part]] = []
    for row in m.rows:
        goal_style = "bold red" if row.uncovered_in else ("yellow" if row.gap else "")
        line: list[Part] = [(row.goal, goal_style), clip(row.title, TITLE_WIDTH)]
        for trust in m.trusts:
            cell = row.cells[trust]
            via = f" → {names.get(cell.via, cell.via)}" if cell.via else ""
            if out.colour:
                line.append((_MARK[cell.status] + via, _COLOUR[cell.status]))
            else:
                line.append(_status_word(cell.status) + via)
        rows.append(line)
    header = [_("goal"), _("title"), *(names.get(t, t) for t in m.trusts)]
    table(out, header, rows, right=set())
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
    table(out, None, summary, right={1, 2})
    for region, goals in m.uncovered.items():
        if goals:
            out.line(
                (
                    _("Goals no trust in {region} covers fully: {goals}").format(
                        region=region_short(None, region), goals=", ".join(goals)
                    ),
                    "bold red",
                )
            )
        else:
            out.line(
                (
                    _("Every goal is covered fully by some trust in {region}.").format(
                        region=region_short(None, region)
                    ),
                    "green",
                )
            )


def coverage_text(report: CoverageReport, stream: TextIO, style: Style) -> None:
    out = style(stream)
    for i, m in enumerate(report.matrices):
        if i:
            out.line()
        _coverage_block(m, report, out)


def coverage_json(report: CoverageReport, stream: TextIO, style: Style) -> None:
    names = report.trust_names
    dump(
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


def coverage_csv(report: CoverageReport, stream: TextIO, style: Style) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["specialty", "goal", "trust", "status", "via"])
    for m in report.matrices:
        for row in m.rows:
            for trust, cell in row.cells.items():
                writer.writerow([m.specialty, row.goal, trust, cell.status, cell.via or ""])


CoverageFormatter = Callable[["CoverageReport", TextIO, Style], None]
COVERAGE_FORMATS_BY_NAME: dict[str, CoverageFormatter] = {
    "text": coverage_text,
    "json": coverage_json,
    "csv": coverage_csv,
}
