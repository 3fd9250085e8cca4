"""What ``regraad export`` puts in a workbook: coverage, plans, councils and goal lists.

Each builder reads a loaded dataset and returns a ``Book``, one sheet per specialty.
Builders run inside ``language(scope.lang)``: a workbook is a document, in bokmål
unless ``--lang en`` asks otherwise, like rendered pages, whatever the run speaks. The
goal list's headers come from ``columns``, not the catalogues, so an exported goal list
imports back unchanged. Councils leave out e-mail, phone and GitHub handles unless
contact details are asked for: a workbook travels further than the repository.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..analysis.coverage import STATUSES, Matrix, matrix, with_coverage
from ..analysis.names import trust_names
from ..i18n import N_, _, current_language, set_language
from ..load.dataset import Dataset
from ..load.regions import region_short
from .columns import GOAL_FIELDS
from .workbook import Book, Cell, CellLike, Sheet, Value

_STATUS_WORDS = {"full": N_("full"), "partial": N_("partial"), "none": N_("none")}
_STATUS_MEANINGS = {
    "full": N_("The goal can be reached fully at the trust."),
    "partial": N_("The goal can be reached in part; the rest at the trust named after →."),
    "none": N_(
        "The goal cannot be reached at the trust; it is reached at the trust named after →."
    ),
    "missing": N_("The trust's coverage file does not list the goal."),
}
_ROLES = {
    "leader": N_("Leader"),
    "deputy": N_("Deputy leader"),
    "member": N_("Member"),
    "union-rep": N_("Union representative"),
    "lis-rep": N_("LIS representative"),
    "observer": N_("Observer"),
}


@dataclass(frozen=True)
class Scope:
    """What an export covers and how it is written."""

    as_of: str
    lang: str = "nb"
    specialty: str | None = None
    region: str | None = None
    include_contact: bool = False


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Messages in the document's language while a book is built, the run's language after."""
    previous = current_language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(previous)


def _date(value: Any) -> Value:
    """An ISO date as a date, so Excel shows and sorts it as one."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def specialty_name(ds: Dataset, slug: str, lang: str) -> str:
    bundle = ds.specialties.get(slug)
    name = bundle.spec.data.get("name") if bundle and bundle.spec else None
    if isinstance(name, dict):
        return str(name.get(lang) or name.get("nb") or slug)
    return str(name or slug)


def _status(cell_status: str, via: str | None, names: dict[str, str]) -> Cell:
    word = _(_STATUS_WORDS[cell_status]) if cell_status in _STATUS_WORDS else _("not listed")
    return Cell(f"{word} → {names.get(via, via)}" if via else word, fill=cell_status)


def _coverage_sheet(ds: Dataset, m: Matrix, scope: Scope) -> Sheet:
    names = trust_names(ds)
    sheet = Sheet(
        specialty_name(ds, m.specialty, scope.lang),
        [_("Goal"), _("Topic"), _("Title"), *(names.get(tr, tr) for tr in m.trusts)],
        frozen_columns=1,
        key=m.specialty,
    )
    for row in m.rows:
        cells = [_status(c.status, c.via, names) for c in row.cells.values()]
        sheet.rows.append([row.goal, row.topic, row.title, *cells])
    for status in STATUSES:
        counts = [sum(1 for r in m.rows if r.cells[tr].status == status) for tr in m.trusts]
        if status == "missing" and not any(counts):
            continue
        sheet.footer.append([_("Total"), _status(status, None, names), "", *counts])
    sheet.footer.append([_("Goals in force"), scope.as_of, "", *([len(m.rows)] * len(m.trusts))])
    return sheet


def _legend(scope: Scope) -> Sheet:
    legend = Sheet(_("Legend"), [_("Status"), _("Meaning")])
    for status in STATUSES:
        legend.rows.append([_status(status, None, {}), _(_STATUS_MEANINGS[status])])
    legend.footer.append([_("Goals in force on"), scope.as_of])
    legend.footer.append(
        [_("Region"), region_short(None, scope.region) if scope.region else _("all")]
    )
    return legend


def coverage_book(ds: Dataset, slugs: list[str], scope: Scope) -> Book:
    """Per specialty: goals in force × trusts, statuses as colours, totals per trust."""
    matrices = [matrix(ds, slug, scope.as_of, scope.region) for slug in slugs]
    sheets = [_coverage_sheet(ds, m, scope) for m in matrices if m.trusts]
    return Book(sheets, _("Specialty"), [_legend(scope)])


def plans_book(ds: Dataset, slugs: list[str], scope: Scope) -> Book:
    """Per specialty: every period of every trust's rotation plan, months totalled per plan."""
    names = trust_names(ds)
    sites = {
        (tid, site["id"]): str(site.get("name", site["id"]))
        for tid, doc in ds.trusts.items()
        for site in doc.data["sites"]
    }
    sheets = []
    for slug in slugs:
        sheet = Sheet(
            specialty_name(ds, slug, scope.lang),
            [
                _("Home trust"),
                _("Period"),
                _("Title"),
                _("Trust"),
                _("Site"),
                _("Months"),
                _("Agreement"),
                _("Goals"),
                _("Required before"),
            ],
            frozen_columns=2,
            key=slug,
        )
        for home, doc in ds.specialties[slug].rotations.items():
            if scope.region and _region(ds, home) != scope.region:
                continue
            for period in doc.data["periods"]:
                where = str(period.get("trust", home))
                requires = period.get("requires") or {}
                sheet.rows.append(
                    [
                        names.get(home, home),
                        period["id"],
                        period.get("title"),
                        names.get(where, where),
                        sites.get((where, period.get("site", "")), period.get("site")),
                        period.get("months"),
                        period.get("agreement"),
                        ", ".join(period.get("goals", [])),
                        ", ".join([*requires.get("goalsets", []), *requires.get("goals", [])]),
                    ]
                )
            months = sum(p.get("months", 0) for p in doc.data["periods"])
            sheet.footer.append([names.get(home, home), _("Total"), "", "", "", months])
        if sheet.rows:
            sheets.append(sheet)
    return Book(sheets, _("Specialty"))


def councils_book(ds: Dataset, slugs: list[str], scope: Scope) -> Book:
    """Per specialty: council members with roles and dates; contact details only on request."""
    names = trust_names(ds)
    contact = [_("E-mail"), _("Phone"), "GitHub"] if scope.include_contact else []
    sheets = []
    for slug in slugs:
        sheet = Sheet(
            specialty_name(ds, slug, scope.lang),
            [
                _("Region"),
                _("Name"),
                _("Trust"),
                _("Role"),
                _("Position"),
                _("Specialist"),
                _("Union"),
                _("From"),
                _("To"),
                *contact,
            ],
            frozen_columns=2,
            key=slug,
        )
        active = 0
        for region, doc in ds.specialties[slug].councils.items():
            if scope.region and region != scope.region:
                continue
            for member in doc.data["members"]:
                start, end = member.get("from"), member.get("to")
                active += (start is None or start <= scope.as_of) and (
                    end is None or end >= scope.as_of
                )
                specialist = member.get("specialist")
                row: list[CellLike] = [
                    region_short(ds, region),
                    member["name"],
                    names.get(member["trust"], member["trust"]),
                    _(_ROLES.get(member["role"], member["role"])),
                    member.get("title"),
                    None if specialist is None else _("yes") if specialist else _("no"),
                    member.get("union"),
                    _date(start),
                    _date(end),
                ]
                if scope.include_contact:
                    row += [member.get("email"), member.get("phone"), member.get("github")]
                sheet.rows.append(row)
        if sheet.rows:
            sheet.footer.append([_("Active members on {date}").format(date=scope.as_of), active])
            sheets.append(sheet)
    return Book(sheets, _("Specialty"))


def goals_book(ds: Dataset, slug: str, scope: Scope) -> Book:
    """The specialty's own goals with the columns ``regraad import goals`` reads."""
    bundle = ds.specialties[slug]
    goals = bundle.spec.data["goals"] if bundle.spec else []
    sheet = Sheet(
        specialty_name(ds, slug, scope.lang),
        [f.header(scope.lang) for f in GOAL_FIELDS],
        frozen_columns=1,
    )
    for goal in goals:
        sheet.rows.append(
            [
                _date(goal[f.name])
                if f.name in ("since", "until") and f.name in goal
                else goal.get(f.name)
                for f in GOAL_FIELDS
            ]
        )
    return Book([sheet])


def _region(ds: Dataset, trust: str) -> str | None:
    doc = ds.trusts.get(trust)
    return str(doc.data["region"]) if doc else None


def specialties_with(ds: Dataset, what: str, region: str | None) -> list[str]:
    """Specialties with something to export (in ``region``, when given), by slug."""
    if what == "coverage":
        return with_coverage(ds, region)
    out = []
    for slug, bundle in ds.specialties.items():
        if what == "plans":
            homes = bundle.rotations
            if any(region is None or _region(ds, home) == region for home in homes):
                out.append(slug)
        elif what == "councils" and any(region is None or r == region for r in bundle.councils):
            out.append(slug)
    return out


Builder = Callable[[Dataset, list[str], Scope], Book]
# the kinds `regraad export` writes for one or many specialties; goals are per specialty
EXPORTS_BY_NAME: dict[str, Builder] = {
    "coverage": coverage_book,
    "plans": plans_book,
    "councils": councils_book,
}
