"""What a region's report speaks for: its specialties, its proposals, and its files.

The report covers the specialties with a council file for the region or a coverage file
of one of its trusts, the proposals that concern the region, and the findings in the
files of those; everything else in the dataset is another region's business.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from ..load.dataset import Dataset
from ..load.kinds import match_path
from ..rules.proposal_flow import WORKFLOWS


def in_region(ds: Dataset, trust: str, region: str) -> bool:
    """Whether ``trust`` is a trust of ``region`` (a trust that did not load is nobody's)."""
    doc = ds.trusts.get(trust)
    return doc is not None and str(doc.data["region"]) == region


def specialties_in(ds: Dataset, region: str) -> list[str]:
    """Slugs of the specialties with a council in ``region`` or coverage at its trusts."""
    return [
        slug
        for slug, bundle in ds.specialties.items()
        if bundle.spec is not None
        and (region in bundle.councils or any(in_region(ds, t, region) for t in bundle.coverage))
    ]


def concerns(data: dict[str, Any], region: str) -> bool:
    """A national proposal concerns every region; a local one its own region."""
    workflow = WORKFLOWS.get(data["kind"])
    return (workflow is not None and workflow.national) or data["origin"].get("region") == region


class Scope:
    """Which files of the dataset a region's report speaks for."""

    def __init__(self, ds: Dataset, region: str, slugs: Iterable[str]) -> None:
        self.ds = ds
        self.region = region
        self.slugs = set(slugs)
        self.goalsets: set[str] = set()
        for slug in self.slugs:
            spec = ds.specialties[slug].spec
            self.goalsets.update(spec.data["goalsets"] if spec else ())
        self.proposals = {
            (slug, pid)
            for slug in self.slugs
            for pid, doc in ds.specialties[slug].proposals.items()
            if concerns(doc.data, region)
        }

    def _ours(self, trust: str) -> bool:
        return in_region(self.ds, trust, self.region)

    def _national(self, path: str) -> bool:
        """Whether the council file at ``path`` is a national council's."""
        return path in self._national_paths

    @cached_property
    def _national_paths(self) -> frozenset[str]:
        kinds = ("council", "goalset-council")
        return frozenset(
            d.path
            for d in self.ds.documents
            if d.valid and d.kind.name in kinds and d.get("scope") == "national"
        )

    def place(self, path: str) -> tuple[bool, str | None]:
        """(whether the file concerns the region, the specialty it belongs to)."""
        matched = match_path(path)
        if matched is None:
            return False, None
        kind, params = matched
        name = kind.name
        if name == "region":
            return params["region"] == self.region, None
        if name == "trust":  # one that did not load may be anyone's: counted as ours
            trust = params["trust"]
            return trust not in self.ds.trusts or self._ours(trust), None
        if name == "goalset":
            return params["goalset"] in self.goalsets, None
        if name == "goalset-council":  # a council for a common goal set: its region's
            return params["region"] == self.region or self._national(path), None
        if name == "courses":  # a course catalogue: its specialty's, or every region's
            catalogue = params["catalogue"]
            if catalogue in self.ds.specialties:
                ours = catalogue in self.slugs
                return ours, catalogue if ours else None
            return True, None
        slug = params["specialty"]
        if slug not in self.slugs:
            return False, None
        if name == "council":  # a national council serves every region
            ours = params["region"] == self.region or self._national(path)
        elif name in ("coverage", "rotation"):
            ours = self._ours(params["trust"])
        elif name == "agreement":
            ours = self._ours(params["home"]) or self._ours(params["host"])
        elif name == "proposal":
            ours = (slug, params["proposal"]) in self.proposals
        elif name == "meeting":
            ours = params["meeting"].endswith(f"-{self.region}")
        elif name == "case":  # one that did not load may be anyone's: counted as ours
            doc = self.ds.specialties[slug].cases.get(params["case"])
            ours = doc is None or doc.data["region"] == self.region
        else:  # specialty, capacity
            ours = True
        return ours, slug
