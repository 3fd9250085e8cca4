"""What each open proposal is waiting for, from whom, and by when.

A proposal in the change process always waits on someone: its proposer while in draft,
the region's council for its advice and then the trust on a local learning activity,
the fagkontakt RegUt while submitted or received, each council that has not answered
in council review (by its own deadline, ``deadlines:``), the RegUt leader meeting, the
HF/RHF leaders, Helsedirektoratet or the specialty committee after that. A deadline is
the council's own, else the ``due`` the step into the stage recorded, else (for the
fagkontakt RegUt collecting an inbound reply) Helsedirektoratet's reply date.
``regraad propose due`` and the fagkontakt report read this one list; past deadlines
come first, the most overdue at the top.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import clock
from ..i18n import N_, _
from ..load.dataset import Dataset
from ..load.regions import region_short
from ..rules.proposal_flow import (
    FINAL,
    NEEDS_RECOMMENDATION,
    RECEIVED,
    SUBMITTED,
    workflow_for,
)


@dataclass(frozen=True)
class Waiting:
    """One party a proposal waits on; ``region`` is the region that must act (None for a
    national body), ``days_left`` negative when the deadline has passed."""

    specialty: str
    id: str
    title: str
    state: str
    since: str
    on: str
    region: str | None
    due: str | None
    days_left: int | None
    waited: int

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "specialty": self.specialty,
            "id": self.id,
            "title": self.title,
            "state": self.state,
            "since": self.since,
            "waiting_on": self.on,
            "region": self.region,
            "due": self.due,
            "days_left": self.days_left,
            "overdue": self.overdue,
            "days_waited": self.waited,
        }


def _council(ds: Dataset, region: object) -> str:
    doc = ds.regions.get(str(region))
    return _("the council in {region}").format(
        region=doc.data["name"] if doc is not None else region_short(ds, region)
    )


def _regut(ds: Dataset, region: object) -> str:
    doc = ds.regions.get(str(region))
    return (
        str(doc.data["regut"]["name"]) if doc is not None else f"RegUt {region_short(ds, region)}"
    )


def _fagkontakt(ds: Dataset, slug: str, history: list[dict[str, Any]]) -> str | None:
    sent = next((s["to"] for s in reversed(history) if s.get("to")), None)
    spec = ds.specialties[slug].spec
    return str(sent) if sent else (spec.data.get("fagkontakt") if spec is not None else None)


def _parties(
    ds: Dataset, slug: str, data: dict[str, Any], history: list[dict[str, Any]]
) -> Iterator[tuple[str, str | None, str | None]]:
    """(who, their region, their deadline) for the proposal's current stage."""
    state = str(history[-1]["state"])
    step_due = history[-1].get("due")
    origin = data["origin"]
    home = origin.get("region")
    if state == "draft":
        yield str(origin["by"]), home, step_due
    elif state == "regional-review":
        advised = any(r.get("region") == home for r in data.get("recommendations") or [])
        if advised and origin.get("trust"):
            trust = ds.trusts.get(origin["trust"])
            name = trust.data["name"] if trust is not None else origin["trust"]
            yield _("{trust}, to adopt it or not").format(trust=name), home, step_due
        else:
            yield (
                _("{council}, for its advice").format(council=_council(ds, home)),
                home,
                step_due,
            )
    elif state in (SUBMITTED, RECEIVED):
        regut = _fagkontakt(ds, slug, history)
        yield _("{regut} (fagkontakt)").format(regut=_regut(ds, regut)), regut, step_due
    elif state == NEEDS_RECOMMENDATION:
        answered = {r.get("region") for r in data.get("recommendations") or []}
        deadlines = {d["region"]: d["due"] for d in data.get("deadlines") or []}
        missing = [r for r in sorted(ds.regions) if r not in answered]
        for region in missing:
            yield _council(ds, region), region, deadlines.get(region, step_due)
        if not missing:
            regut = _fagkontakt(ds, slug, history)
            reply = (data.get("inbound") or {}).get("reply_by")
            yield (
                _("{regut} (fagkontakt), to collect the answers").format(regut=_regut(ds, regut)),
                regut,
                reply or step_due,
            )
    else:
        yield _(_BODIES.get(state, state)), None, step_due


_BODIES = {
    "leader-meeting": N_("the RegUt leader meeting"),
    "leadership-review": N_("the HF and RHF leaders"),
    "directorate": N_("Helsedirektoratet"),
    "committee-review": N_("the specialty committee"),
    "replied": N_("Helsedirektoratet"),
}


def waiting(
    ds: Dataset,
    as_of: str,
    *,
    region: str | None = None,
    specialty: str | None = None,
) -> list[Waiting]:
    """Every open proposal's waiting parties on ``as_of`` (only those in ``region`` must
    act on, or in ``specialty``), past deadlines first, then the nearest, then the rest
    longest-waiting first."""
    rows: list[Waiting] = []
    for slug, bundle in ds.specialties.items():
        if specialty is not None and slug != specialty:
            continue
        for pid, doc in sorted(bundle.proposals.items()):
            data = doc.data
            history = [s for s in data["history"] if str(s["at"]) <= as_of]
            if not history or history[-1]["state"] in FINAL:
                continue
            workflow_for(data)  # a kind the flow knows (the schema guarantees it)
            since = str(history[-1]["at"])
            for on, who_region, due in _parties(ds, slug, data, history):
                if region is not None and who_region != region:
                    continue
                rows.append(
                    Waiting(
                        slug,
                        pid,
                        str(data["title"]),
                        str(history[-1]["state"]),
                        since,
                        on,
                        None if who_region is None else str(who_region),
                        None if due is None else str(due),
                        None if due is None else clock.days_between(as_of, str(due)),
                        clock.days_between(since, as_of),
                    )
                )
    rows.sort(key=_order)
    return rows


def _order(w: Waiting) -> tuple[int, int, str, str]:
    if w.days_left is not None:
        return (0 if w.overdue else 1, w.days_left, w.specialty, w.id)
    return (2, -w.waited, w.specialty, w.id)
