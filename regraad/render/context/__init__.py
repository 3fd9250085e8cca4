"""Page contexts: pure functions from a dataset to the plain dicts templates read.

Nothing here translates or formats: values are ids, names as the data writes them
(localised names in the render language), ISO dates and numbers. Templates translate
headings with ``_()`` and format with the environment's filters, so one context serves
both languages and both formats. Every key a template may read is always present
(``None`` or empty when the data has nothing), as templates run with strict undefined.

A module per page kind (``plan``, ``annex``, ``landing``, ``region``, ``site_index``),
each documenting its keys, built from shared parts: ``places`` (trusts, sites,
regions), ``specialty`` (names, goals, activities), ``agreement``, ``council``, and the
landing page's ``capacity`` and ``proposals``, the plan's ``estimate`` and ``education``
(the published plan's texts). Import from here.
"""

from __future__ import annotations

from .agreement import agreement_info
from .annex import agreement_context
from .council import ROLE_ORDER, council_info
from .courses import course_plan, regut_context
from .estimate import plan_estimate
from .landing import landing_context
from .places import region_info, site_name, trust_info, trust_order
from .plan import plan_context
from .region import region_context
from .site_index import index_context
from .specialty import activities_info, goal_info, goalset_name, localized, specialty_info

__all__ = [
    "ROLE_ORDER",
    "activities_info",
    "agreement_context",
    "agreement_info",
    "council_info",
    "course_plan",
    "goal_info",
    "goalset_name",
    "index_context",
    "landing_context",
    "localized",
    "plan_context",
    "plan_estimate",
    "region_context",
    "region_info",
    "regut_context",
    "site_name",
    "specialty_info",
    "trust_info",
    "trust_order",
]
