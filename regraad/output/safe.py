"""The one policy for characters from the data that an output would act on.

Data is hostile (SECURITY.md): a name, a file name, a commit subject or an imported cell
can hold control characters (ESC starts a terminal escape sequence, OSC 8 makes a link,
NUL ends a C string), bidirectional formatting characters (U+202E shows ``exe.txt`` as
``txt.exe``) and text a spreadsheet runs as a formula. Every writer passes data through
one of these functions, so what the data says is shown, never obeyed:

- a terminal: ``visible`` (every character that is not printable, as an escape);
- Markdown: ``output.markdown.md`` and ``code_span``, built on ``escaped``;
- JUnit XML and HTML: ``xml_text`` (what XML 1.0 cannot hold, as visible text);
- spreadsheets: ``cell_text`` and ``formula_like`` (``spreadsheet.workbook``).

The same classes of characters are a finding at input (``rules.text``, X-CONTROL), so
the escapes are a second line, for what comes from outside the data files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..privacy.personnummer import redact

#: Bidirectional formatting characters: embeddings, overrides, isolates and marks.
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI_CLASS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Control characters (Unicode category Cc) but tab, line feed and carriage return, which
# are the layout of text, and bidirectional formatting characters: what a value must
# not hold (X-CONTROL).
_IN_VALUE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_CLASS}]")
# What no text output writes as it is: the above, lone surrogates (a file name that is
# not UTF-8) and the two non-characters XML 1.0 cannot hold either.
_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_CLASS}\ud800-\udfff\ufffe\uffff]")
# A cell a spreadsheet would take for a formula (or for DDE): one starting with these,
# also after leading blanks, which Excel and LibreOffice skip on import.
_FORMULA = re.compile(r"[ \t\r\n]*[=+\-@]|[\t\r]")


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def escape(ch: str) -> str:
    """One character as a Python-style escape: ``\\n``, ``\\x1b``, ``\\u202e``."""
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _escaped_match(match: re.Match[str]) -> str:
    return escape(match.group(0))


def unsafe_characters(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) of every control or bidirectional formatting character in
    ``text``; tab, line feed and carriage return are layout, not control."""
    for found in _IN_VALUE.finditer(text):
        yield found.start(), found.group(0)


def visible(text: str) -> str:
    """Text for a terminal: every character that is not printable (controls, format and
    bidirectional characters, line breaks, unusual spaces) written as an escape."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else escape(ch) for ch in text)


def escaped(text: str) -> str:
    """``text`` with control and bidirectional formatting characters, lone surrogates
    and XML's non-characters written as escapes; tab, line feed and carriage return,
    and everything printable, kept."""
    return _UNSAFE.sub(_escaped_match, text)


def xml_text(text: str) -> str:
    """Text any XML 1.0 document can hold (JUnit, HTML, SVG), with what it cannot, and
    what would reorder or hide the text around it, as visible escapes."""
    return escaped(text)


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read a text cell as a formula (``=``, ``+``, ``-``,
    ``@``, after leading blanks) or take it apart (a leading tab or carriage return)."""
    return _FORMULA.match(text) is not None


def cell_text(text: str) -> str:
    """A text cell's content: identity numbers masked, and characters a workbook cannot
    hold (or a reader would be misled by) as escapes. Whether it is written as text is
    the writer's part (``formula_like``)."""
    return escaped(redact(text))
