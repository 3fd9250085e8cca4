"""X-CONTROL: no control or bidirectional formatting characters in the data.

An escape such as ``"\\e[31m"`` or ``"\\e]8;;http://…\\e\\\\"`` puts a terminal escape
sequence (colours, an OSC 8 link) into a value, ``"\\0"`` a NUL; a right-to-left
override (U+202E) makes a name, or a comment in a code review, read differently from
what it is ("Trojan Source"). Outputs escape them all (``output.safe``); this rule
keeps them out of the data in the first place, at the place they are written.

The parser already refuses raw control characters (YAML-SYNTAX), so what reaches a
value came through an escape in a double-quoted scalar (found by walking the parsed
keys and values, reported where the key or value is, unless the schema check already
refused that very place) or is a raw bidirectional character (found in the text,
comments included, reported at the character itself). Tab, line feed and carriage
return are the layout of text and allowed (tabs in indentation are YAML-TAB's). File
names are checked too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from ..findings import Finding, Severity
from ..i18n import N_, _
from ..load.dataset import Document
from ..load.yamlparse import Path_, Pos
from ..output.safe import BIDI, unsafe_characters
from . import Context, rule

RULE = "X-CONTROL"


def _named(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``; control characters have no name, only a code."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def _message(ch: str, file_name: bool = False) -> str:
    if ch in BIDI:
        if file_name:
            text = _("a bidirectional formatting character ({char}) is in the file name")
        else:
            text = _("a bidirectional formatting character ({char}) is in the data")
    elif file_name:
        text = _("a control character ({char}) is in the file name")
    else:
        text = _("a control character ({char}) is in the data")
    return text.format(char=_named(ch))


def _hint() -> str:
    return _(
        "remove it: it can hide or reorder text, or act on the terminal, page or "
        "spreadsheet that shows it; write what it stands for in words"
    )


def _finding(path: str, line: int, col: int, ch: str, file_name: bool = False) -> Finding:
    return Finding(path, line, col, RULE, Severity.ERROR, _message(ch, file_name), _hint())


def _strings(data: Any) -> Iterator[tuple[Path_, str, bool]]:
    """(path, text, whether it is a key) of every string key and value in ``data``."""
    stack: list[tuple[Path_, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value, False
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    yield (*path, key), key, True
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))


def _in_text(doc: Document, text: str) -> list[Finding]:
    """The characters written raw in a file's text, each at its own line and column."""
    found = []
    for index, ch in unsafe_characters(text):
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        found.append(_finding(doc.path, line, col, ch))
    return found


def _in_values(doc: Document, raw: list[Finding], taken: set[Pos]) -> Iterator[Finding]:
    """The characters escapes put into keys and values, one finding per string at the
    key or value. A string whose first line holds a raw one after its start is left to
    that finding, which says exactly where the character is; one at a place the schema
    check already refused (``taken``: a key or an id of the wrong form) to that."""
    raw_cols: dict[int, list[int]] = {}
    for f in raw:
        raw_cols.setdefault(f.line, []).append(f.col)
    for path, value, is_key in _strings(doc.data):
        found = next(unsafe_characters(value), None)
        if found is None:
            continue
        line, col = doc.locate_key(path) if is_key else doc.locate(path)
        if (line, col) in taken or any(c >= col for c in raw_cols.get(line, ())):
            continue
        yield _finding(doc.path, line, col, found[1])


@rule(
    RULE,
    "error",
    N_(
        "no control characters (but tab and line breaks) or bidirectional formatting "
        "characters in keys, values, comments or file names"
    ),
)
def check_control(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    for path in ds.paths:
        found = next(unsafe_characters(path), None)
        if found is not None:
            yield _finding(path, 0, 0, found[1], file_name=True)
    refused: dict[str, set[Pos]] = {}
    for f in ds.load_findings:
        refused.setdefault(f.path, set()).add((f.line, f.col))
    for doc in ds.documents:
        if not isinstance(doc.data, dict):
            continue  # a file that does not parse is checked once it does
        text = ds.texts.get(doc.path)
        raw = _in_text(doc, text) if text is not None else []
        yield from raw
        if text is None or raw or "\\" in text:  # else no value can hold one
            yield from _in_values(doc, raw, refused.get(doc.path, set()))
