"""Every document kind declared once: where its files live, its schema, its identity.

The loader, the validator, and later diff and render read these declarations; adding
a kind is adding one entry here and one schema file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..i18n import N_

_SEG = r"[^/]+"
_SPEC = rf"data/specialties/(?P<specialty>{_SEG})"


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document.

    ``identity`` maps each named group of ``pattern`` to the document field that must
    hold the same value (the ID rule reads it); ``key`` orders the groups that make a
    document's identity within the dataset.
    """

    name: str
    title: str
    pattern: re.Pattern[str]
    identity: tuple[tuple[str, str], ...]
    key: tuple[str, ...]

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"


def _kind(name: str, title: str, pattern: str, identity: dict[str, str]) -> DocumentKind:
    compiled = re.compile(pattern + r"\.yaml\Z")
    return DocumentKind(name, title, compiled, tuple(identity.items()), tuple(compiled.groupindex))


KINDS: tuple[DocumentKind, ...] = (
    _kind("region", N_("region"), rf"data/regions/(?P<region>{_SEG})", {"region": "id"}),
    _kind("trust", N_("trust"), rf"data/trusts/(?P<trust>{_SEG})", {"trust": "id"}),
    _kind("goalset", N_("goal set"), rf"data/goalsets/(?P<goalset>{_SEG})", {"goalset": "id"}),
    _kind("specialty", N_("specialty"), rf"{_SPEC}/specialty", {"specialty": "id"}),
    _kind(
        "council",
        N_("council"),
        rf"{_SPEC}/councils/(?P<region>{_SEG})",
        {"specialty": "specialty", "region": "region"},
    ),
    _kind(
        "coverage",
        N_("coverage"),
        rf"{_SPEC}/coverage/(?P<trust>{_SEG})",
        {"specialty": "specialty", "trust": "trust"},
    ),
    _kind(
        "rotation",
        N_("rotation plan"),
        rf"{_SPEC}/rotations/(?P<trust>{_SEG})",
        {"specialty": "specialty", "trust": "trust"},
    ),
    _kind("capacity", N_("capacity"), rf"{_SPEC}/capacity", {"specialty": "specialty"}),
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
    ),
    _kind(
        "meeting",
        N_("meeting"),
        rf"{_SPEC}/meetings/(?P<meeting>{_SEG})",
        {"specialty": "specialty", "meeting": "id"},
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
