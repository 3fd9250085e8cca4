"""Contact data: e-mail addresses and Norwegian phone numbers, in text and in datasets.

Council members' and the RegUt's addresses and numbers belong in their ``email`` and
``phone`` fields, where regraad knows them: published pages and reports leave those out
unless ``--include-contact`` is given (``Dataset.withheld``). Anywhere else (a note, minutes, a
comment) they cannot be told apart from other text by the templates, so X-CONTACT
reports them and ``scrub`` masks any that reach a page anyway.

Phone numbers are matched strictly, to spare dates, ids, years and counts: ``+47`` or
``0047`` followed by eight digits (grouped or not), or eight digits starting with 2-9
grouped the way Norwegian numbers are written (``22 33 44 55``, ``922 33 444``). Eight
digits in a row without ``+47`` are not matched: they are as often a date (20260312) or
an id as a phone number. Web addresses (``http://``, ``https://``, ``ftp://``, ``www.``)
are skipped: the digits and ``@`` in a link are not contact data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: The fields meant for contact data, by the kind of contact data they hold.
CONTACT_FIELDS: dict[str, str] = {"email": "email", "phone": "phone"}

_SEP = "[ \u00a0]"
_PHONE = re.compile(
    r"(?<![\w+])(?<!\d[ \u00a0])"  # not the tail of a longer token or run of numbers
    r"(?:"
    rf"(?:\+|00)47{_SEP}?(?:\d{{8}}|\d\d(?:{_SEP}\d\d){{3}}|\d{{3}}{_SEP}\d\d{_SEP}\d{{3}})"
    rf"|[2-9]\d(?:{_SEP}\d\d){{3}}"
    rf"|[2-9]\d\d{_SEP}\d\d{_SEP}\d{{3}}"
    r")"
    rf"(?!{_SEP}?\d)(?![\w])"
)
# An address is found from its @ (a quick search) outwards: the domain after it (Markdown
# output puts a word joiner after the @ of data), the local part before it.
_LOCAL_EXTRA = frozenset(".%+-")
_DOMAIN = re.compile(r"\u2060?\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*\.[^\W\d_]{2,}(?![\w-])")
_URL = re.compile(r"(?i)\b(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+")
# every ASCII digit to "0" and a no-break space (its lead byte dropped) to a space, so
# digits grouped like a phone number are found by one byte search
_ZEROS = bytes.maketrans(b"123456789\xa0", b"000000000 ")
_TAG = re.compile(r"(<[^>]*>)")


@dataclass(frozen=True)
class Hit:
    """One e-mail address (``kind`` "email") or phone number ("phone") in a text."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def masked(self) -> str:
        return mask_email(self.text) if self.kind == "email" else mask_phone(self.text)


def _signals(text: str) -> tuple[bool, bool]:
    """Whether ``text`` may hold an address, and a phone number: byte searches, far
    quicker than the patterns, so texts without either are passed over."""
    raw = text.encode("utf-8", "surrogatepass")
    email = b"@" in raw
    if b"47" in raw and (b"+47" in raw or b"0047" in raw):
        return email, True
    return email, b" 00 0" in raw.translate(_ZEROS, b"\xc2")  # two digits between others


def may_hold_contact(text: str) -> bool:
    """False when ``text`` surely holds no contact data."""
    return any(_signals(text))


def find(text: str) -> Iterator[Hit]:
    """Every e-mail address and phone number in ``text``, outside web addresses."""
    email, phone = _signals(text)
    hits = []
    if email:
        hits += _emails(text)
    if phone:
        hits += [Hit("phone", m.start(), m.end(), m.group(0)) for m in _PHONE.finditer(text)]
    if not hits:
        return
    links = [(m.start(), m.end()) for m in _URL.finditer(text)]
    for hit in sorted(hits, key=lambda h: h.start):
        if not any(start <= hit.start < end for start, end in links):
            yield hit


def _in_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _emails(text: str) -> list[Hit]:
    """Addresses, found from each @: the domain after it, the local part before it."""
    hits = []
    at = text.find("@")
    while at >= 0:
        domain = _DOMAIN.match(text, at + 1)
        if domain and at > 0 and _in_word(text[at - 1]):
            start = at - 1
            while start > 0 and (_in_word(text[start - 1]) or text[start - 1] in _LOCAL_EXTRA):
                start -= 1
            while text[start] in _LOCAL_EXTRA:  # an address starts with a letter or digit
                start += 1
            hits.append(Hit("email", start, domain.end(), text[start : domain.end()]))
        at = text.find("@", at + 1)
    return hits


def _mask_emails(text: str) -> str:
    out, at = [], 0
    for hit in _emails(text):
        out += [text[at : hit.start], hit.masked]
        at = hit.end
    return "".join([*out, text[at:]])


def mask_email(address: str) -> str:
    """The first character and the domain: enough to recognise, not to write to."""
    domain = address[address.find("@") + 1 :].lstrip("\u2060")
    return f"{address[:1]}***@{domain}"


def mask_phone(number: str) -> str:
    """Every digit of the number hidden but the last two (the country code is kept)."""
    prefix = re.match(r"(?:\+|00)47", number)
    head = prefix.group(0) if prefix else ""
    digits = sum(ch.isdigit() for ch in number[len(head) :])
    out, seen = [head], 0
    for ch in number[len(head) :]:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > digits - 2 else "*")
        else:
            out.append(ch)
    return "".join(out)


def _replace(text: str) -> str:
    hits = list(find(text))
    if not hits:
        return text
    out, at = [], 0
    for hit in hits:
        if hit.start < at:  # overlapping (a number inside an address): already masked
            continue
        out += [text[at : hit.start], hit.masked]
        at = hit.end
    out.append(text[at:])
    return "".join(out)


def scrub(text: str, *, markup: bool = False) -> str:
    """``text`` with every e-mail address and phone number masked. With ``markup``
    (HTML or SVG), phone numbers only in text between tags, where data is, and never in
    the numbers of attributes; addresses everywhere (``mailto:`` links included)."""
    email, phone = _signals(text)
    if not (email or phone):
        return text
    if not markup:
        return _replace(text)
    parts = _TAG.split(text)
    for i, part in enumerate(parts):
        if i % 2:  # a tag: its attributes may hold an address, its numbers are geometry
            if email:
                parts[i] = _mask_emails(part)
        else:
            parts[i] = _replace(part)
    return "".join(parts)
