"""What changed inside one document: one comparator per kind, one registry.

A comparator gets the BASE and HEAD versions of a document (either may be None when
the file was added or removed; both passed their schema) and yields ``Change``
records worded for a council member reading a pull request. Each is a ``Report`` of
the generic entity diff (``diff.entities``) over the kind's declaration in
``load.kinds``; the modules it names hold only what is particular to a kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..load.dataset import Document
from ..load.kinds import KINDS
from . import Change
from .approvals import APPROVALS
from .capacity import AGREEMENT, CAPACITY
from .cases import CASE
from .council import COUNCIL
from .courses import COURSES
from .coverage import COVERAGE
from .education_plan import EDUCATION_PLAN
from .emitter import Names
from .goalset_council import GOALSET_COUNCIL
from .proposals import MEETING, PROPOSAL
from .reference import GOALSET, REGION, SPECIALTY, TRUST
from .rotations import ROTATION

Comparator = Callable[[Document | None, Document | None, Names, str], Iterator[Change]]

_REPORTS = (
    REGION,
    TRUST,
    GOALSET,
    SPECIALTY,
    COURSES,
    COUNCIL,
    GOALSET_COUNCIL,
    COVERAGE,
    ROTATION,
    EDUCATION_PLAN,
    CAPACITY,
    APPROVALS,
    AGREEMENT,
    PROPOSAL,
    MEETING,
    CASE,
)

COMPARATORS_BY_KIND: dict[str, Comparator] = {report.kind: report for report in _REPORTS}
assert set(COMPARATORS_BY_KIND) == {kind.name for kind in KINDS}, "a kind without a comparator"
