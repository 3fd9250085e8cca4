"""Council membership changes as recorded changes: add, end, change role; and the list.

The functions read a loaded ``Dataset`` and return a ``Change`` for ``workflow.apply``
(or, for the list, plain rows); they know nothing of the CLI.
"""

from __future__ import annotations

from .changes import (
    FIELD_ORDER,
    GAP_RULES,
    Step,
    add,
    change_role,
    check_date,
    day_before,
    end,
)
from .finding import (
    council_doc,
    find_active,
    memberships,
    outgoing,
    require_region,
    require_specialty,
)
from .listing import CouncilList, listing
from .membership import ROLES, Membership, council_path, council_ref, person

__all__ = [
    "FIELD_ORDER",
    "GAP_RULES",
    "ROLES",
    "CouncilList",
    "Membership",
    "Step",
    "add",
    "change_role",
    "check_date",
    "council_doc",
    "council_path",
    "council_ref",
    "day_before",
    "end",
    "find_active",
    "listing",
    "memberships",
    "outgoing",
    "person",
    "require_region",
    "require_specialty",
]
