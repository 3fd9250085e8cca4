"""What the privacy rules look for in one file, found once when it is loaded.

X-PERSONNUMMER and X-CONTACT read a file the way both a person and a program reading
its data would: its text as written (comments, keys and values, and files that do not
parse), and every parsed key and string value, after YAML has decoded its escapes
(``"\\x301019000083"``), joined its continuation lines and folded its block scalars.
Both readings go through the one scanner of each kind (``privacy.personnummer``,
``privacy.contact``), which normalises first. A number that only the parsed value
shows is reported at that value (or key); one the text shows, where it stands in it.

The values are scanned joined into one text (one pass for the whole file); only when
something is found are the file's positions needed, and parsing them again is then the
price of a finding, not of every load. The results go into the file's cache entry
(``entries``), so a warm run never scans.
"""

from __future__ import annotations

import bisect
from dataclasses import astuple
from typing import Any

from ..privacy import contact, personnummer
from ..privacy.normalise import normalise
from .dataset import Document
from .yamlparse import Path_, Pos

Numbers = list[tuple[int, int, str]]  # (line, column, masked number)
Contacts = list[tuple[str, int, int, str]]  # contact.Hit's fields: kind, start, end, text
_END: Pos = (1 << 62, 0)


def scan(text: str, document: Document | None) -> tuple[Numbers, Contacts]:
    """The numbers and the contact data in a file's ``text`` and in its parsed data."""
    read = normalise(text)
    spans = personnummer.find_spans(text, read)
    hits = list(contact.find(text, read))
    numbers = [(*_line_col(text, start), personnummer.mask(num)) for start, _e, num in spans]
    contacts = [astuple(hit) for hit in hits]
    if document is not None and isinstance(document.data, dict):
        seen_numbers = [(_yaml_pos(text, start), number) for start, _e, number in spans]
        seen_contacts = [(_yaml_pos(text, hit.start), _same(hit)) for hit in hits]
        for pos, kind, found in _in_values(document, seen_numbers, seen_contacts):
            if isinstance(found, str):
                numbers.append((*pos, personnummer.mask(found)))
            else:
                at = _offset(text, pos)
                contacts.append((kind, at, at, found.text))
        numbers.sort()
    return numbers, contacts


def _in_values(
    doc: Document,
    seen_numbers: list[tuple[Pos, str]],
    seen_contacts: list[tuple[Pos, str]],
) -> list[tuple[Pos, str, str | contact.Hit]]:
    """(position, kind, number or hit) for what the parsed strings hold and the text
    does not show at the same place (a decoded escape, a folded line...)."""
    strings = _strings(doc.data)
    joined = "\n".join(strings)  # a line break ends every number and phone number
    read = normalise(joined)
    spans = personnummer.find_spans(joined, read)
    hits = list(contact.find(joined, read))
    if not spans and not hits:
        return []  # the usual case: nothing in any value
    starts = [0]
    for s in strings[:-1]:
        starts.append(starts[-1] + len(s) + 1)
    paths = _paths(doc.data)
    found: list[tuple[int, str, str | contact.Hit]] = []  # (string index, kind, what)
    for start, _end, number in spans:
        found.append((bisect.bisect_right(starts, start) - 1, "number", number))
    for hit in hits:
        i = bisect.bisect_right(starts, hit.start) - 1
        path, is_key = paths[i]
        field = "" if is_key or not path or not isinstance(path[-1], str) else path[-1]
        if contact.CONTACT_FIELDS.get(field) == hit.kind and hit.text == strings[i].strip():
            continue  # in its own field: where contact data belongs
        found.append((i, hit.kind, hit))
    if not found:
        return []
    marks = sorted({*doc.positions.values(), *doc.key_positions.values()})
    out: list[tuple[Pos, str, str | contact.Hit]] = []
    for i, kind, what in found:
        path, is_key = paths[i]
        pos = (doc.key_positions.get(path) if is_key else None) or doc.locate(path)
        after = bisect.bisect_right(marks, pos)
        end = marks[after] if after < len(marks) else _END
        same = what if isinstance(what, str) else _same(what)
        seen = seen_numbers if isinstance(what, str) else seen_contacts
        if not any(pos <= at < end and value == same for at, value in seen):
            out.append((pos, kind, what))
    return out


def _strings(data: dict[str, Any]) -> list[str]:
    """Every key and string value: a mapping's keys, then its string values. The same
    order as ``_paths``; this is the quick walk every load makes."""
    strings: list[str] = []
    add = strings.append
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        if type(value) is dict:
            strings.extend(value)
            value = value.values()
        for item in value:
            kind = type(item)
            if kind is str:
                add(item)
            elif kind is dict or kind is list:
                stack.append(item)
    return strings


def _paths(data: dict[str, Any]) -> list[tuple[Path_, bool]]:
    """The path of each string ``_strings`` lists, and whether it is a key."""
    out: list[tuple[Path_, bool]] = []
    stack: list[tuple[Path_, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        items = value.items() if type(value) is dict else enumerate(value)
        if type(value) is dict:
            out.extend(((*path, key), True) for key in value)
        for key, item in items:
            kind = type(item)
            if kind is str:
                out.append(((*path, key), False))
            elif kind is dict or kind is list:
                stack.append(((*path, key), item))
    return out


def _same(hit: contact.Hit) -> str:
    """What makes two spellings of an address or a phone number the same one."""
    plain = normalise(hit.text).text
    if hit.kind == "email":
        return plain.lower()
    return "".join(ch for ch in plain if ch.isdigit())[-8:]


def _line_col(text: str, at: int) -> Pos:
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _yaml_pos(text: str, at: int) -> Pos:
    """The position of ``text[at]`` as the parser counts it (after a byte order mark)."""
    line, col = _line_col(text, at)
    return (line, col - 1) if line == 1 and text.startswith("\ufeff") else (line, col)


def _offset(text: str, pos: Pos) -> int:
    """The index in ``text`` of a position the parser gave."""
    line, col = pos
    at = 1 if text.startswith("\ufeff") else 0
    for _ in range(line - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            return len(text)
    return min(at + col - 1, len(text))
