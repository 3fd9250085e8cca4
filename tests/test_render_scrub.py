"""Contact data never reaches a page, however a page is scrubbed.

A rendered page is scrubbed as a whole (``Renderer.render``), but read once: only the
pieces between its tags that may hold an address or a phone number are scanned on their
own (``contact.scrub``). These tests hold that shortcut to what scanning every piece
alone masked, and the pages to their contact data masked wherever the data put it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regraad.cli.app import main
from regraad.privacy import contact
from regraad.privacy.normalise import Normalised, normalise

from .conftest import AS_OF

PLAN = "data/specialties/radiologi/rotations/hnt.yaml"
TAG = re.compile(r"(<[^>]*>)")


def per_piece(text: str) -> str:
    """What ``scrub(text, markup=True)`` is defined as: each piece between tags scanned
    alone, addresses in the tags masked too (as the scrub before the shortcut did)."""
    if not contact.may_hold_contact(text):
        return text
    parts = TAG.split(text)
    for i, part in enumerate(parts):
        parts[i] = contact._mask_emails(part) if i % 2 else contact.scrub(part)
    return "".join(parts)


PIECES = [
    "tlf 22 33 44 55",
    "+47 922 33 444",
    "(+47) 22334455",
    "( 0047 ) 22 33 44 55",
    "+4722334455",
    "+47",
    "0047",
    "47",
    "0047 22-33-44-55",
    "ring ２２ ３３ ４４ ５５",  # fullwidth digits
    "22\u00a033\u00a044\u00a055",  # no-break spaces
    "22 33\u2060 44 55",  # a word joiner inside
    "ola.nordmann@stolav.no",
    "x@a.no.y@b.no",
    "https://example.no/22 33 44 55 www.x.no/a@b.no",
    "1 22 33 44 55 66",
    "22.33.44.55",
    "922-33-444",
    "22 33 44",
    "@",
    "20260312 2026-03-12 kl. 12.30",
    "514.32 2420.33 10.00 20.00 30.00 40.00",
    "a < b > c",
    "– … → æøå",
    "",
    " ",
    "\n",
]
TAGS = [
    "<td>",
    "</td>",
    '<path d="M 24 56 78 90 12 34 56 78"/>',
    '<a href="mailto:ola@x.no">',
    '<rect x="10.00" y="20.00" width="30.00" height="40.00"/>',
    '<a href="https://x.no/?to=kari@y.no&amp;tlf=+4722334455">',
    "<",
    ">",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + TAGS) | st.text(max_size=12), max_size=30))
def test_scrubbing_a_page_masks_what_scanning_each_piece_alone_masks(parts: list[str]) -> None:
    page = "".join(parts)
    assert contact.scrub(page, markup=True) == per_piece(page)


def test_a_page_of_many_pieces_is_read_once_not_once_per_piece(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads = 0

    def counted(text: str) -> Normalised:
        nonlocal reads
        reads += 1
        return normalise(text)

    monkeypatch.setattr(contact, "normalise", counted)
    rows = "".join(f'<tr><td class="n">{i}</td><td>2{i % 10}.00</td></tr>\n' for i in range(5000))
    page = f"<table>{rows}</table><p>Sekretær: 72 57 30 00, mona.strand@stolav.no</p>"
    scrubbed = contact.scrub(page, markup=True)
    assert "72 57 30 00" not in scrubbed and "** ** ** 00" in scrubbed
    assert "mona.strand@" not in scrubbed and "m***@stolav.no" in scrubbed
    assert (
        scrubbed.replace("** ** ** 00", "72 57 30 00").replace(
            "m***@stolav.no", "mona.strand@stolav.no"
        )
        == page
    )
    assert reads <= 5  # the page, and the one piece that holds contact data


def test_contact_data_in_a_plan_reaches_no_page_in_any_spelling(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    plan = data_root / PLAN
    text = plan.read_text(encoding="utf-8")
    planted = {
        "922 33 444": "*** ** *44",
        "７２ ５７ ３０ ００": "** ** ** ００",
        "+47 22\u00a033\u00a044\u00a055": "+47 **\u00a0**\u00a0**\u00a055",
        "kari.nordmann@stolav.no": "k***@stolav.no",
    }
    note = "Kontakt: " + "; ".join(planted)
    old = "LIS roterer mellom seksjonene"
    assert old in text
    plan.write_text(text.replace(old, f"{note}. {old}", 1), encoding="utf-8")
    for fmt, ext in (("html", "html"), ("md", "md")):
        out = tmp_path / fmt
        capsys.readouterr()
        args = ["--root", str(data_root), "render", "--as-of", AS_OF, "-s", "radiologi"]
        code = main([*args, "-t", "hnt", "--format", fmt, "--out", str(out)])
        _out, err = capsys.readouterr()
        assert code == 0, err
        pages = "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob(f"*.{ext}")))
        assert "Kontakt:" in pages, "the note is on no page"
        for value, masked in planted.items():
            assert value not in pages
            if fmt == "html":
                assert masked in pages
