"""The councils' members as ``regraad council list`` shows them: active or all history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...collation import sort_key
from ...errors import UsageError
from ...i18n import _
from ...load.dataset import Dataset
from ...rules import active
from ...rules.references import CROSS_REGIONAL
from .membership import ROLES, council_path


@dataclass(frozen=True)
class CouncilList:
    """One council's members as listed: active ones on a date, or its whole history."""

    specialty: str
    region: str
    path: str
    members: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {
            "specialty": self.specialty,
            "region": self.region,
            "path": self.path,
            "members": self.members,
        }


def listing(
    dataset: Dataset,
    slug: str | None,
    region: str | None,
    as_of: str,
    history: bool,
) -> tuple[list[CouncilList], list[str]]:
    """The councils to list, and the paths of council files skipped because of errors.

    Active members come in role order (leader first); with ``history`` every entry comes,
    oldest first."""
    if slug is not None and slug not in dataset.specialties:
        raise UsageError(_("no specialty '{slug}'").format(slug=slug))
    if region is not None and region != CROSS_REGIONAL and region not in dataset.regions:
        raise UsageError(
            _("--region: no region '{region}'").format(region=region),
            _("regions: {list}").format(list=", ".join(sorted(dataset.regions))),
        )
    out: list[CouncilList] = []
    broken: list[str] = []
    rank = {r: i for i, r in enumerate(ROLES)}
    for s, bundle in dataset.specialties.items():
        if slug is not None and s != slug:
            continue
        for key in sorted(dataset.present):
            if key[0] != "council" or key[1] != s or (region is not None and key[2] != region):
                continue
            doc = bundle.councils.get(key[2])
            if doc is None:
                broken.append(council_path(s, key[2]))
                continue
            rows = []
            for m in doc.data["members"]:
                now = active(m, as_of)
                if not (history or now):
                    continue
                rows.append(
                    {
                        "name": m["name"],
                        "role": m["role"],
                        "trust": m["trust"],
                        "site": m.get("site"),
                        "title": m.get("title"),
                        "from": m["from"],
                        "to": m.get("to"),
                        "active": now,
                        "note": m.get("note"),
                    }
                )
            if history:
                rows.sort(key=lambda r: (r["from"], rank.get(r["role"], 99), sort_key(r["name"])))
            else:
                rows.sort(key=lambda r: (rank.get(r["role"], 99), r["from"], sort_key(r["name"])))
            out.append(CouncilList(s, key[2], doc.path, rows))
    return out, broken
