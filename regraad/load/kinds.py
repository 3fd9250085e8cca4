"""Every document kind declared once: where its files live, its schema, its identity,
and the keyed collections inside it.

The loader, the validator, diff and render read these declarations; adding a kind is
adding one entry here and one schema file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ..i18n import N_

_SEG = r"[^/]+"
_SPEC = rf"data/specialties/(?P<specialty>{_SEG})"


Shape = Literal["list", "groups", "mapping", "records"]


@dataclass(frozen=True)
class Collection:
    """Entries inside a document that a reviewer follows one by one across revisions.

    ``key`` names the entry fields that recognise an entry in two revisions. In a
    ``list`` (and in each named list of ``groups``) the key is unique, so a repeated one
    keeps the last entry; a list without a key is only ever appended to and its whole
    entries are their identity. A ``mapping`` is keyed by its own keys. ``records`` are
    a history in which a key may recur: entries pair one to one, by ``key`` first and
    then by ``rekey`` (a member whose start changed is still the same member). ``label``
    is the entry field that names an entry in messages, where its key alone does not.
    """

    field: str
    shape: Shape = "list"
    key: tuple[str, ...] = ("id",)
    label: str | None = "title"
    rekey: tuple[str, ...] = ()


_GOALS = Collection("goals")


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document.

    ``identity`` maps each named group of ``pattern`` to the document field that must
    hold the same value (the ID rule reads it); ``key`` orders the groups that make a
    document's identity within the dataset. ``collections`` are the keyed collections
    inside a document, each compared entry by entry rather than as one field.
    """

    name: str
    title: str
    pattern: re.Pattern[str]
    identity: tuple[tuple[str, str], ...]
    key: tuple[str, ...]
    collections: tuple[Collection, ...] = ()

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"

    def collection(self, field: str) -> Collection:
        """The declared collection held in ``field``."""
        return next(c for c in self.collections if c.field == field)


def _kind(
    name: str,
    title: str,
    pattern: str,
    identity: dict[str, str],
    *collections: Collection,
) -> DocumentKind:
    compiled = re.compile(pattern + r"\.yaml\Z")
    return DocumentKind(
        name, title, compiled, tuple(identity.items()), tuple(compiled.groupindex), collections
    )


KINDS: tuple[DocumentKind, ...] = (
    _kind("region", N_("region"), rf"data/regions/(?P<region>{_SEG})", {"region": "id"}),
    _kind(
        "trust",
        N_("trust"),
        rf"data/trusts/(?P<trust>{_SEG})",
        {"trust": "id"},
        Collection("sites", label=None),
    ),
    _kind(
        "goalset",
        N_("goal set"),
        rf"data/goalsets/(?P<goalset>{_SEG})",
        {"goalset": "id"},
        _GOALS,
        Collection("versions", label=None),  # each with its own goals (load.goalversions)
    ),
    _kind(  # a course catalogue: a specialty's, a goal set's or ledelse (administration)
        "courses",
        N_("course catalogue"),
        rf"data/courses/(?P<catalogue>{_SEG})",
        {"catalogue": "id"},
        Collection("courses"),
    ),
    _kind(
        "specialty",
        N_("specialty"),
        rf"{_SPEC}/specialty",
        {"specialty": "id"},
        _GOALS,
        Collection("activities", "groups"),
    ),
    _kind(
        "council",
        N_("council"),
        rf"{_SPEC}/councils/(?P<region>{_SEG})",
        {"specialty": "specialty", "region": "region"},
        Collection("members", "records", ("name", "from"), "name", rekey=("name", "role")),
    ),
    _kind(  # a council for a common goal set (FIM, KIR, FKM), regional or national
        "goalset-council",
        N_("goal-set council"),
        rf"data/goalsets/(?P<goalset>{_SEG})/councils/(?P<region>{_SEG})",
        {"goalset": "goalset", "region": "region"},
        Collection("members", "records", ("name", "from"), "name", rekey=("name", "role")),
    ),
    _kind(
        "coverage",
        N_("coverage"),
        rf"{_SPEC}/coverage/(?P<trust>{_SEG})",
        {"specialty": "specialty", "trust": "trust"},
        Collection("goals", "mapping", (), None),
    ),
    _kind(
        "rotation",
        N_("rotation plan"),
        rf"{_SPEC}/rotations/(?P<trust>{_SEG})",
        {"specialty": "specialty", "trust": "trust"},
        Collection("periods", label=None),
    ),
    _kind(  # the published education plan's texts beside the rotation plan (utdanningsplan)
        "plan",
        N_("education plan"),
        rf"{_SPEC}/plans/(?P<trust>{_SEG})",
        {"specialty": "specialty", "trust": "trust"},
        Collection("activities"),
    ),
    _kind(
        "capacity",
        N_("capacity"),
        rf"{_SPEC}/capacity",
        {"specialty": "specialty"},
        Collection("hosts", "mapping", (), None),
    ),
    _kind(
        "approvals",
        N_("approval register"),
        rf"{_SPEC}/approvals",
        {"specialty": "specialty"},
        Collection("approvals", "records", ("trust", "part", "from"), "trust", ("trust", "part")),
    ),
    _kind(
        "agreement",
        N_("agreement"),
        rf"{_SPEC}/agreements/(?P<home>[^/]+?)--(?P<host>{_SEG})",
        {"specialty": "specialty", "home": "home", "host": "host"},
    ),
    _kind(
        "proposal",
        N_("proposal"),
        rf"{_SPEC}/proposals/(?P<proposal>{_SEG})",
        {"specialty": "specialty", "proposal": "id"},
        Collection("history", key=(), label="state"),
        Collection("recommendations", key=(), label="region"),
        Collection("deadlines", key=("region",), label=None),
    ),
    _kind(
        "meeting",
        N_("meeting"),
        rf"{_SPEC}/meetings/(?P<meeting>{_SEG})",
        {"specialty": "specialty", "meeting": "id"},
        Collection("decisions", key=(), label="text"),
    ),
    _kind(
        "case",
        N_("case"),
        rf"{_SPEC}/cases/(?P<case>{_SEG})",
        {"specialty": "specialty", "case": "id"},
        Collection("history", key=(), label="state"),
        Collection("positions", key=(), label="trust"),
    ),
)

KINDS_BY_NAME: dict[str, DocumentKind] = {kind.name: kind for kind in KINDS}


def match_path(path: str) -> tuple[DocumentKind, dict[str, str]] | None:
    """The kind and path parameters of a data-root-relative POSIX path, if any."""
    found = _match(path)
    return None if found is None else (found[0], dict(found[1]))


@lru_cache(maxsize=1 << 16)
def _match(path: str) -> tuple[DocumentKind, dict[str, str]] | None:
    # the loader, the dataset's indexes and the rules ask about the same paths
    for kind in KINDS:
        match = kind.pattern.match(path)
        if match:
            return kind, match.groupdict()
    return None
