"""Parse one YAML file into plain data with a source position for every node.

regraad reads YAML 1.2 core-schema semantics whatever the file says: ``NO``, ``no``,
``on`` and ``yes`` stay strings, ``010`` is ten, ``1:30`` and ``2026-03-01`` are
strings. Two departures keep numbers checkable: ``.nan`` stays the string ``.nan``
(a number that is no number passes every JSON Schema range), and an integer too long
for Python to convert becomes infinity, as ``1e400`` does (out of every range, never a
crash). Anything the data model has no use for and that surprises people is a
problem, not a feature: anchors and aliases, tags, several documents, duplicate keys,
tabs in indentation, invalid UTF-8, control characters, nesting deeper than the data
model ever goes (``MAX_DEPTH``: everything downstream may then recurse safely).

Nodes are composed (``yamlcompose``) from the parser's event stream (the C parser when
available), so
the whole file is read once, iteratively (deep nesting cannot exhaust the stack), and
an alias is refused before anything is expanded.
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n import _
from . import yamlcompose
from .yamlcompose import MAX_DEPTH, Parsed, Path_, Pos, Problem, resolve_plain

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "Parsed",
    "Path_",
    "Pos",
    "Problem",
    "decode",
    "parse_bytes",
    "parse_clean",
    "parse_text",
    "resolve_plain",
    "size_problem",
]

MAX_FILE_BYTES = 5 * 1024 * 1024
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (a BOM is fine); invalid bytes are a problem at their position."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8", "replace")) + 1
        return None, Problem(
            "YAML-ENCODING",
            line,
            col,
            _("invalid UTF-8: byte 0x{byte:02x} cannot be decoded").format(byte=raw[exc.start]),
            _("save the file as UTF-8"),
        )


def _tab_problems(text: str) -> list[Problem]:
    if "\t" not in text:
        return []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent] and line.strip():
            problems.append(
                Problem(
                    "YAML-TAB",
                    number,
                    line.index("\t") + 1,
                    _("tab character in indentation"),
                    _("indent with spaces; YAML does not allow tabs for indentation"),
                )
            )
            break
    return problems


def _conflict_problems(text: str) -> list[Problem]:
    if "<<<<<<<" not in text and "=======" not in text and ">>>>>>>" not in text:
        return []
    match = _CONFLICT.search(text)
    if not match:
        return []
    line = text.count("\n", 0, match.start()) + 1
    return [
        Problem(
            "YAML-CONFLICT",
            line,
            1,
            _("merge conflict marker {marker}").format(marker=match.group(1)),
            _("resolve the conflict and remove the markers before committing"),
        )
    ]


def size_problem(size: int) -> Problem:
    """The problem of a file of ``size`` bytes, over ``MAX_FILE_BYTES``."""
    return Problem(
        "FILE-SIZE",
        1,
        1,
        _("file is {size} MB; the limit is {limit} MB").format(
            size=round(size / 1048576, 1), limit=MAX_FILE_BYTES // 1048576
        ),
        _("split the data over several files"),
    )


def _reader_problem(text: str, exc: Exception) -> Problem:
    """A character YAML does not allow in a file (a control character), where it is."""
    code = getattr(exc, "character", None)
    at = text.find(chr(code)) if isinstance(code, int) else -1
    if at < 0:  # not the reader's complaint about one character
        return Problem("YAML-SYNTAX", 1, 1, _("YAML syntax error: {detail}").format(detail=exc))
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return Problem(
        "YAML-SYNTAX",
        line,
        col,
        _("control character U+{code:04X} is not allowed in a YAML file").format(code=code),
        _("delete it; a YAML file holds printable text only"),
    )


def parse_bytes(raw: bytes) -> Parsed:
    """Parse a file's bytes; never raises for bad input."""
    if len(raw) > MAX_FILE_BYTES:
        return Parsed(None, problems=[size_problem(len(raw))])
    text, problem = decode(raw)
    if text is None:
        assert problem is not None
        return Parsed(None, problems=[problem])
    return parse_text(text)


def parse_text(text: str) -> Parsed:
    """Parse decoded YAML text; never raises for bad input."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    early = _conflict_problems(text) or _tab_problems(text)
    if early:
        return Parsed(None, problems=early)
    composer = yamlcompose.Composer()
    try:
        for event in yamlcompose.parser_events(text):
            if composer.feed(event):
                break
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        detail = exc.problem or exc.context or "syntax error"
        composer.result.problems.append(
            Problem(
                "YAML-SYNTAX", line, col, _("YAML syntax error: {detail}").format(detail=detail)
            )
        )
        composer.result.data = None
        return composer.result
    except YAMLError as exc:  # unmarked errors (e.g. from the reader)
        composer.result.problems.append(_reader_problem(text, exc))
        composer.result.data = None
        return composer.result
    composer.finish()
    result = composer.result
    if composer.documents == 0 or (result.data is None and not result.problems):
        result.data = None
        result.problems.append(
            Problem("YAML-EMPTY", 1, 1, _("file is empty"), _("delete the file or add its content"))
        )
    return result


def parse_clean(raw: bytes) -> Any:
    """The data of a file that parses without a single problem, or None.

    The same data ``parse_bytes`` gives, made without recording positions (most of the
    work, and only needed for findings). Anything that would be a problem, and a
    document that is not a mapping, gives None: ``parse_bytes`` then says what it is.
    """
    if len(raw) > MAX_FILE_BYTES:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _conflict_problems(text) or _tab_problems(text):
        return None
    if not yamlcompose.fast_path():  # a ruamel.yaml without ``ctag``: the full parser only
        return None
    from ruamel.yaml.error import YAMLError

    try:
        data = yamlcompose.compose_data(yamlcompose.parser_events(text))
    except (yamlcompose.Unclean, YAMLError):
        return None
    return data if isinstance(data, dict) else None
