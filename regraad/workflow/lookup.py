"""Finding a proposal or a meeting by the id a user types, with or without its specialty."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..errors import RefusedError, UsageError
from ..i18n import _
from ..load.dataset import Dataset, Document, SpecialtyData
from ..load.regions import region_short

__all__ = ["find_document", "region_short"]  # region_short: where the workflow has used it


def find_document(
    dataset: Dataset,
    ident: str,
    documents: Callable[[SpecialtyData], Mapping[str, Document]],
    *,
    is_file: Callable[[str, str, str], bool],
    unknown: str,
    hint: str,
    several: str,
) -> Document:
    """The document ``ID`` or ``SPECIALTY/ID`` among each specialty's ``documents``.

    None is refused (``unknown``), pointing at its file when ``is_file(path, specialty,
    id)`` finds one that did not load, else with ``hint``; one id in several specialties
    is a usage error (``several``): the name, not the data, is wrong."""
    slug, _sep, key = ident.rpartition("/")
    found = [
        doc
        for s, bundle in dataset.specialties.items()
        if not slug or s == slug
        for k, doc in documents(bundle).items()
        if k == key
    ]
    if not found:
        broken = [p for p in dataset.paths if is_file(p, slug, key)]
        raise RefusedError(
            unknown.format(id=ident),
            _("{path} has errors; run regraad validate").format(path=broken[0]) if broken else hint,
        )
    if len(found) > 1:
        raise UsageError(
            several.format(id=ident, where=", ".join(d.params["specialty"] for d in found)),
            _("name it as SPECIALTY/ID"),
        )
    return found[0]
