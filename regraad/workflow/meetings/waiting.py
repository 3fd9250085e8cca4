"""The change proposals waiting for this council: the agenda's ``proposal`` items."""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ...load.dataset import Dataset
from ...rules.proposal_flow import NEEDS_RECOMMENDATION, workflow_for
from ...rules.references import CROSS_REGIONAL
from .items import AgendaItem, proposal_item
from .names import region_name

REGIONAL_REVIEW = "regional-review"  # where a local-la proposal waits for its council


def waiting(
    dataset: Dataset, slug: str, region: str, words: dict[str, str]
) -> Iterator[AgendaItem]:
    """National proposals in council review this region has not recommended; local ones
    of this region in regional review."""
    for _pid, doc in sorted(dataset.specialties[slug].proposals.items()):
        data = doc.data
        if workflow_for(data).national:
            if data["state"] != NEEDS_RECOMMENDATION:
                continue
            regions = {r.get("region") for r in data.get("recommendations") or []}
            if region in regions:
                continue
            why = (
                _("in council review")
                if region == CROSS_REGIONAL
                else _("in council review; the {region} council has not recommended it").format(
                    region=region_name(dataset, region)
                )
            )
        else:
            if data["state"] != REGIONAL_REVIEW or data["origin"].get("region") != region:
                continue
            why = _(
                "a local learning activity in regional review, for the council's advice to "
                "the trust"
            )
        yield proposal_item(doc, words, why)
