"""A council file and one entry of its ``members`` list, as the changes address them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...load.dataset import Document
from .. import one_line

ROLES = ("leader", "deputy", "member", "union-rep", "lis-rep", "observer")


def council_path(slug: str, region: str, goalset: bool = False) -> str:
    """The file of a specialty's council, or (``goalset``) of a goal set's council."""
    if goalset:
        return f"data/goalsets/{slug}/councils/{region}.yaml"
    return f"data/specialties/{slug}/councils/{region}.yaml"


def subject_of(doc: Document) -> str:
    """The specialty slug or goal-set id a council file belongs to."""
    return doc.params.get("specialty") or doc.params["goalset"]


def council_ref(slug: str, region: str) -> str:
    """``<specialty>/<region>``, as in the Regraad-Council trailer."""
    return f"{slug}/{region}"


def person(name: str) -> str:
    """A name compared the way the C-DATES rule does: case and spacing do not matter."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class Membership:
    """One entry of a council's ``members`` list."""

    doc: Document
    index: int

    @property
    def data(self) -> dict[str, Any]:
        entry: dict[str, Any] = self.doc.data["members"][self.index]
        return entry

    @property
    def name(self) -> str:
        """The name as written, on one line (it goes into a commit subject and trailer)."""
        return one_line(self.data["name"])

    @property
    def role(self) -> str:
        return str(self.data["role"])

    @property
    def specialty(self) -> str:
        """The specialty (or, for a goal set's council, the goal set)."""
        return subject_of(self.doc)

    @property
    def region(self) -> str:
        return self.doc.params["region"]

    @property
    def ref(self) -> str:
        return council_ref(self.specialty, self.region)
