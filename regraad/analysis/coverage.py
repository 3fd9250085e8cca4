"""The coverage matrix: goals in force × trusts with a coverage file, as data.

Rows are ordered gaps first: goals no trust of a region covers fully, then goals some
trust does not cover fully, then goals every trust covers fully; within each group the
goals keep the specialty's order (its goal sets first, then its own goals). Columns are
the trusts with a coverage file for the specialty (in the region, when one is given),
ordered by region and id. A goal a coverage file does not list is ``missing`` (V-COMPLETE
reports it); it counts as not covered.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..load.dataset import Dataset
from .names import specialty_title, trust_names

STATUSES = ("full", "partial", "none", "missing")


@dataclass(frozen=True)
class Cell:
    status: str  # full | partial | none | missing
    via: str | None = None


@dataclass(frozen=True)
class Row:
    goal: str
    topic: str
    title: str
    cells: dict[str, Cell]  # by trust, in column order
    uncovered_in: tuple[str, ...]  # regions where no trust covers the goal fully

    @property
    def gap(self) -> bool:
        """Some trust does not cover the goal fully."""
        return any(c.status != "full" for c in self.cells.values())


@dataclass(frozen=True)
class TrustSummary:
    trust: str
    region: str
    full: int  # goals reached locally (status full)
    goals: int  # goals in force
    via: dict[str, int]  # goals not full, by the trust named as `via`
    unresolved: int  # goals not full that name no `via`

    @property
    def share(self) -> float:
        return self.full / self.goals if self.goals else 1.0


@dataclass(frozen=True)
class Matrix:
    specialty: str
    as_of: str
    region: str | None
    trusts: tuple[str, ...]
    rows: tuple[Row, ...]
    summaries: tuple[TrustSummary, ...]
    uncovered: dict[str, tuple[str, ...]]  # region → goals no trust there covers fully


def matrix(ds: Dataset, slug: str, as_of: str, region: str | None = None) -> Matrix:
    """The matrix of one specialty on ``as_of``, for one region or all."""
    bundle = ds.specialties[slug]
    region_of = {
        t: str(ds.trusts[t].data["region"]) if t in ds.trusts else "" for t in bundle.coverage
    }
    trusts = tuple(
        sorted(
            (t for t in bundle.coverage if region is None or region_of[t] == region),
            key=lambda t: (region_of[t], t),
        )
    )
    regions = tuple(dict.fromkeys(region_of[t] for t in trusts))
    rows: list[Row] = []
    for goal_id in ds.active_goals(slug, as_of):
        goal = ds.goal(slug, goal_id, as_of) or {}  # as the version valid that day words it
        cells: dict[str, Cell] = {}
        for trust in trusts:
            entry = bundle.coverage[trust].data["goals"].get(goal_id)
            cells[trust] = (
                Cell("missing") if entry is None else Cell(entry["status"], entry.get("via"))
            )
        uncovered = tuple(
            r
            for r in regions
            if not any(cells[t].status == "full" for t in trusts if region_of[t] == r)
        )
        rows.append(
            Row(goal_id, str(goal.get("topic", "")), str(goal.get("title", "")), cells, uncovered)
        )
    order = {row.goal: i for i, row in enumerate(rows)}
    rows.sort(key=lambda r: (0 if r.uncovered_in else 1 if r.gap else 2, order[r.goal]))
    summaries = []
    for trust in trusts:
        via: dict[str, int] = {}
        unresolved = 0
        for row in rows:
            cell = row.cells[trust]
            if cell.status == "full":
                continue
            if cell.via:
                via[cell.via] = via.get(cell.via, 0) + 1
            else:
                unresolved += 1
        summaries.append(
            TrustSummary(
                trust=trust,
                region=region_of[trust],
                full=sum(1 for r in rows if r.cells[trust].status == "full"),
                goals=len(rows),
                via=dict(sorted(via.items())),
                unresolved=unresolved,
            )
        )
    missing = {r: tuple(row.goal for row in rows if r in row.uncovered_in) for r in regions}
    return Matrix(slug, as_of, region, trusts, tuple(rows), tuple(summaries), missing)


def with_coverage(ds: Dataset, region: str | None = None) -> list[str]:
    """Specialties with coverage files (in ``region``, when given), by slug."""
    out = []
    for slug, bundle in ds.specialties.items():
        if bundle.spec is None:
            continue
        if any(
            region is None or (t in ds.trusts and ds.trusts[t].data["region"] == region)
            for t in bundle.coverage
        ):
            out.append(slug)
    return out


@dataclass(frozen=True)
class CoverageReport:
    as_of: str
    region: str | None
    matrices: tuple[Matrix, ...]
    trust_names: dict[str, str]
    titles: dict[str, str]  # specialty slug → name


def report(ds: Dataset, slugs: list[str], as_of: str, region: str | None = None) -> CoverageReport:
    """The matrices of ``slugs``, with the names the formats print."""
    matrices = tuple(matrix(ds, slug, as_of, region) for slug in slugs)
    return CoverageReport(
        as_of, region, matrices, trust_names(ds), {s: specialty_title(ds, s) for s in slugs}
    )
