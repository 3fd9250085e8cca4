"""Contact data: e-mail addresses and Norwegian phone numbers, in text and in datasets.

Council members' and the RegUt's addresses and numbers belong in their ``email`` and
``phone`` fields, where regraad knows them: published pages and reports leave those out
unless ``--include-contact`` is given (``Dataset.withheld``). Anywhere else (a note, minutes, a
comment) they cannot be told apart from other text by the templates, so X-CONTACT
reports them and ``scrub`` masks any that reach a page anyway.

Phone numbers are matched strictly, to spare dates, ids, years, times and counts:
``+47``, ``0047`` or ``(+47)`` followed by eight digits (grouped or not), or eight digits
starting with 2-9 grouped the way Norwegian numbers are written (``22 33 44 55``,
``22-33-44-55``, ``22.33.44.55``, ``922 33 444``), one kind of separator throughout.
Eight digits in a row without a country code are not matched: they are as often a date
(20260312) or an id as a phone number. Web addresses (``http://``, ``https://``,
``ftp://``, ``www.``) are skipped: the digits and ``@`` in a link are not contact data.
Text is read as a person reads it (``normalise``): fullwidth digits, no-break spaces and
zero-width characters hide nothing.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .normalise import Normalised, normalise

#: The fields meant for contact data, by the kind of contact data they hold.
CONTACT_FIELDS: dict[str, str] = {"email": "email", "phone": "phone"}

_SEP = r"[ .\-]"  # in the normalised text, where every space is " " and every dash "-"
_CC = r"(?:\( ?(?:\+|00)47 ?\)|(?:\+|00)47)"  # +47, 0047, (+47), (0047)
_PHONE = re.compile(
    r"(?<![\w+])(?<![0-9][ .\-])"  # not the tail of a longer token or run of numbers
    r"(?:"
    rf"{_CC}{_SEP}?(?:[0-9]{{8}}"
    rf"|[0-9]{{2}}(?P<a>{_SEP})[0-9]{{2}}(?P=a)[0-9]{{2}}(?P=a)[0-9]{{2}}"
    rf"|[0-9]{{3}}(?P<b>{_SEP})[0-9]{{2}}(?P=b)[0-9]{{3}})"
    rf"|[2-9][0-9](?P<c>{_SEP})[0-9]{{2}}(?P=c)[0-9]{{2}}(?P=c)[0-9]{{2}}"
    rf"|[2-9][0-9]{{2}}(?P<d>{_SEP})[0-9]{{2}}(?P=d)[0-9]{{3}}"
    r")"
    rf"(?!{_SEP}?[0-9])(?!\w)"
)
_COUNTRY_CODE = re.compile(r"\(?\s*(?:\+|00)47\s*\)?")
# An address is found from its @ (a quick search) outwards: the domain after it (Markdown
# output puts a word joiner after the @ of data), the local part before it.
_LOCAL_EXTRA = frozenset(".%+-")
_DOMAIN = re.compile(r"\u2060?\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*\.[^\W\d_]{2,}(?![\w-])")
_URL = re.compile(r"(?i)\b(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+")
# every ASCII digit to "0" and a dot or hyphen to a space, so digits grouped like a phone
# number are found by a few byte searches
_ZEROS = bytes.maketrans(b"123456789.-", b"000000000  ")
_GROUPED = (b"00 00 00 00", b"000 00 000")
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


def _signals(read: Normalised) -> tuple[bool, bool]:
    """Whether a normalised text may hold an address, and a phone number: byte
    searches, far quicker than the patterns, so texts without either are passed over."""
    raw = read.utf8
    email = b"@" in raw
    if b"47" in raw and (b"+47" in raw or b"0047" in raw):
        return email, True
    grouped = raw.translate(_ZEROS)
    return email, any(form in grouped for form in _GROUPED)


def may_hold_contact(text: str) -> bool:
    """False when ``text`` surely holds no contact data."""
    return any(_signals(normalise(text)))


def find(text: str, read: Normalised | None = None) -> Iterator[Hit]:
    """Every e-mail address and phone number in ``text``, outside web addresses; each
    hit's span and text are those of ``text`` itself. ``read`` is ``normalise(text)``
    when the caller has it already."""
    read = read or normalise(text)
    plain = read.text
    email, phone = _signals(read)
    spans: list[tuple[str, int, int]] = []
    if email:
        spans += [("email", start, end) for start, end in _emails(plain)]
    if phone:
        spans += [("phone", m.start(), m.end()) for m in _PHONE.finditer(plain)]
    if not spans:
        return
    links = [(m.start(), m.end()) for m in _URL.finditer(plain)] if _may_link(read) else []
    for kind, start, end in sorted(spans, key=lambda s: s[1]):
        if not any(a <= start < b for a, b in links):
            yield _hit(read, text, kind, start, end)


def _may_link(read: Normalised) -> bool:
    """Whether the text may hold a web address (``_URL``): two byte searches first."""
    return b"://" in read.utf8 or b"www." in read.utf8.lower()


def _hit(read: Normalised, text: str, kind: str, start: int, end: int) -> Hit:
    first, last = read.span(start, end)
    return Hit(kind, first, last, text[first:last])


def _in_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _emails(text: str) -> list[tuple[int, int]]:
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
            hits.append((start, domain.end()))
        at = text.find("@", at + 1)
    return hits


def _mask_emails(text: str) -> str:
    read = normalise(text)
    out, at = [], 0
    for start, end in _emails(read.text):
        hit = _hit(read, text, "email", start, end)
        out += [text[at : hit.start], hit.masked]
        at = hit.end
    return "".join([*out, text[at:]])


def mask_email(address: str) -> str:
    """The first character and the domain: enough to recognise, not to write to."""
    domain = address[address.find("@") + 1 :].lstrip("\u2060")
    return f"{address[:1]}***@{domain}"


def mask_phone(number: str) -> str:
    """Every digit of the number hidden but the last two (the country code is kept)."""
    prefix = _COUNTRY_CODE.match(number)
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
    read = normalise(text)
    email, phone = _signals(read)
    if not (email or phone):
        return text
    if not markup:
        return _replace(text)
    parts = _TAG.split(text)
    ends = list(itertools.accumulate(map(len, parts)))
    for i in sorted({bisect.bisect_right(ends, at) for at in _suspects(read, email, phone)}):
        if i % 2:  # a tag: its attributes may hold an address, its numbers are geometry
            parts[i] = _mask_emails(parts[i])
        else:
            parts[i] = _replace(parts[i])
    return "".join(parts)


def _suspects(read: Normalised, email: bool, phone: bool) -> Iterator[int]:
    """Where in the original text an address or phone number may be: every @, and
    every place the byte searches of ``_signals`` see a country code or digits grouped
    like a phone number, read once over the whole page.

    A page has a million pieces between its tags; reading each alone cost most of a
    render. Only the pieces holding one of these places are scanned as before
    (``scrub``): an address has an @, and a phone number holds a country code or a
    grouping, never crossing ``<`` or ``>``."""
    plain = read.text
    if email:
        at = plain.find("@")
        while at >= 0:
            yield read.span(at, at + 1)[0]
            at = plain.find("@", at + 1)
    if not phone:
        return
    raw = read.utf8
    grouped = raw.translate(_ZEROS)
    found = []
    for searched, form in ((raw, b"+47"), (raw, b"0047"), *((grouped, g) for g in _GROUPED)):
        at = searched.find(form)
        while at >= 0:  # every start, overlapping ones too
            found.append(at)
            at = searched.find(form, at + 1)
    chars = done = 0  # the characters in raw[:done]; each place starts with an ASCII byte
    for at in sorted(found):
        chars += len(raw[done:at].decode("utf-8", "surrogatepass"))
        done = at
        yield read.span(chars, chars + 1)[0]
