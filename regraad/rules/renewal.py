"""P-RENEWAL: a subject agreement (fagavtale) a running plan depends on is renewed in time.

An agreement that ends while a plan still sends LIS to the host leaves them without a
place the day after. Trusts negotiate renewal months ahead (the annex's ``notice``
term), so the RegUt is told once fewer than ``RENEWAL_DAYS`` remain, with the days left.
The rule is dated: ``rules.timeline`` also judges the first day of that window
(``warning_day``), so a later expiry is foreseen ("from <day>: …") and not discovered on
the day.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import clock
from ..findings import Finding, Severity
from ..i18n import N_, ngettext
from . import AGREEMENTS, PLANS, Context, active, rule

#: Days before an agreement's last day from which its renewal is asked for.
RENEWAL_DAYS = 180


def warning_day(last_day: object) -> str | None:
    """The first day on which an agreement valid ``to`` ``last_day`` is warned about."""
    return clock.shift(last_day, -RENEWAL_DAYS) if isinstance(last_day, str) else None


@rule(
    "P-RENEWAL",
    "warning",
    N_("an agreement a running plan uses is renewed at least 180 days before it ends"),
    dated=(AGREEMENTS, PLANS),
)
def check_renewal(ctx: Context) -> Iterator[Finding]:
    for _slug, bundle in ctx.specialties():
        for key, agreement in bundle.agreements.items():
            valid = agreement.data["valid"]
            last = valid.get("to")
            if not isinstance(last, str) or not active(valid, ctx.as_of):
                continue
            left = clock.days_between(ctx.as_of, last)
            if left > RENEWAL_DAYS:
                continue
            plan = bundle.rotations.get(agreement.data["home"])
            if plan is None or not _runs_past(plan.data, last, ctx.as_of):
                continue
            if not any(p["trust"] == agreement.data["host"] for p in plan.data["periods"]):
                continue
            yield ctx.finding(
                agreement,
                ("valid", "to"),
                "P-RENEWAL",
                ngettext(
                    "agreement {name} ends on {date}, in {n} day, while the plan of {home} "
                    "still sends LIS to {host}",
                    "agreement {name} ends on {date}, in {n} days, while the plan of {home} "
                    "still sends LIS to {host}",
                    left,
                ).format(
                    name=key,
                    date=last,
                    n=left,
                    home=agreement.data["home"],
                    host=agreement.data["host"],
                ),
                ngettext(
                    "renew the agreement (valid.to) or end the plan before it; {n} day left",
                    "renew the agreement (valid.to) or end the plan before it; {n} days left",
                    left,
                ).format(n=left),
                severity=Severity.WARNING,
            )


def _runs_past(plan: dict[str, object], last: str, as_of: str) -> bool:
    """Whether the plan is in force on ``as_of`` and still on the agreement's last day's
    morrow: a plan that ends with the agreement loses nothing."""
    valid = plan.get("valid") or {}
    assert isinstance(valid, dict)
    if not active(valid, as_of):
        return False
    end = valid.get("to")
    return not isinstance(end, str) or end > last
