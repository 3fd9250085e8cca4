"""The meeting file: where it lives, finding it by id, and creating it (``meeting.new``)."""

from __future__ import annotations

from typing import Any

from ...errors import InternalError, RefusedError, UsageError
from ...git import trailers
from ...i18n import _
from ...load.dataset import Dataset, Document
from .. import Change, one_line
from .. import council as council_flow
from ..lookup import find_document
from . import joint
from .names import regut

KINDS = ("ordinary", "extraordinary", "joint", "constituent")  # as meeting.schema.json

_SCHEMA_LINE = "# yaml-language-server: $schema=../../../../schemas/meeting.schema.json\n"


def meeting_path(slug: str, mid: str) -> str:
    return f"data/specialties/{slug}/meetings/{mid}.yaml"


def ref(doc: Document) -> str:
    """``<specialty>/<meeting id>``, as in the Regraad-Meeting trailer."""
    return f"{doc.params['specialty']}/{doc.params['meeting']}"


def find(dataset: Dataset, ident: str) -> Document:
    """The meeting ``ID`` or ``SPECIALTY/ID``: refused when unknown or broken, a usage
    error when the id is in several specialties."""

    def is_file(path: str, slug: str, mid: str) -> bool:
        return path.endswith(f"/meetings/{mid}.yaml") and (
            not slug or path.startswith(f"data/specialties/{slug}/")
        )

    return find_document(
        dataset,
        ident,
        lambda bundle: bundle.meetings,
        is_file=is_file,
        unknown=_("no meeting {id}"),
        hint=_("meetings are data/specialties/SPECIALTY/meetings/DATE-REGION.yaml"),
        several=_("{id} is a meeting in several specialties: {where}"),
    )


def meeting_trailers(action: str, meeting: str, by: str) -> list[tuple[str, str]]:
    """The trailers of a change to the meeting file alone (a new meeting, its agenda)."""
    items = [(trailers.ACTION, action), (trailers.MEETING, meeting), (trailers.BY, by)]
    return [(key, one_line(value)) for key, value in items]


def new(
    dataset: Dataset,
    slug: str,
    region: str,
    date: str,
    kind: str,
    by: str,
    place: str | None = None,
    convened_by: str | None = None,
    note: str | None = None,
    councils: list[str] | None = None,
) -> Change:
    """A new meeting file; ``convened_by`` defaults to the region's RegUt. With
    ``councils`` (the other councils taking part, ``SUBJECT/REGION``) it is a joint
    meeting (``joint``)."""
    from ...edit.textedit import block_lines
    from ...load.yamlparse import parse_text

    council_flow.require_specialty(dataset, slug)
    council_flow.require_region(dataset, region)
    if kind not in KINDS:
        raise UsageError(_("--kind: use one of {kinds}").format(kinds=", ".join(KINDS)))
    others = list(dict.fromkeys(c for c in councils or [] if c != f"{slug}/{region}"))
    for other in others:
        if joint.resolve(dataset, other) is None:
            raise RefusedError(
                _("--with: no council {ref}").format(ref=other),
                _(
                    "councils are data/specialties/SPECIALTY/councils/REGION.yaml "
                    "and data/goalsets/GOALSET/councils/REGION.yaml"
                ),
            )
    if others and kind == "ordinary":
        kind = "joint"
    mid = f"{date}-{region}"
    path = meeting_path(slug, mid)
    if ("meeting", slug, mid) in dataset.present:
        raise RefusedError(
            _("{ref} already exists: {path}").format(ref=f"{slug}/{mid}", path=path),
            _("regraad meeting agenda {ref} proposes its agenda").format(ref=f"{slug}/{mid}"),
        )
    if convened_by is None:
        convened_by = regut(dataset, region)
    data: dict[str, Any] = {
        "id": mid,
        "specialty": slug,
        "region": region,
        "councils": others or None,
        "date": date,
        "kind": kind,
        "place": place,
        "convened_by": convened_by,
    }
    data = {k: v for k, v in data.items() if v not in (None, "")}
    text = _SCHEMA_LINE + "\n".join(block_lines(data, 0)) + "\n"
    if parse_text(text).data != data:
        raise InternalError(_("could not write the new meeting file faithfully"))
    change = Change(
        f"meeting({slug}/{mid}): new",
        meeting_trailers(trailers.MEETING_NEW, f"{slug}/{mid}", by),
        note or "",
    )
    change.texts[path] = text
    return change
