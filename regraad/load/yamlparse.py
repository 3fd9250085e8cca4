"""Parse one YAML file into plain data with a source position for every node.

regraad reads YAML 1.2 core-schema semantics whatever the file says: ``NO``, ``no``,
``on`` and ``yes`` stay strings, ``010`` is ten, ``1:30`` and ``2026-03-01`` are
strings. Two departures keep numbers checkable: ``.nan`` stays the string ``.nan``
(a number that is no number passes every JSON Schema range), and an integer too long
for Python to convert becomes infinity, as ``1e400`` does (out of every range, never a
crash). Anything the data model has no use for and that surprises people is a
problem, not a feature: anchors and aliases, tags, several documents, duplicate keys,
tabs in indentation, invalid UTF-8, control characters, nesting deeper than the data
model ever goes (``MAX_DEPTH``: everything downstream may then recurse safely). Only LF
and CR break lines, as in YAML 1.2 and for git: NEL, LS and PS are kept inside quoted
strings and refused anywhere else (``linebreaks``), and every position counts lines so.

Nodes are composed (``yamlcompose``) from the parser's event stream (the C parser when
available), so
the whole file is read once, iteratively (deep nesting cannot exhaust the stack), and
an alias is refused before anything is expanded.
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n import N_, _
from . import yamlcompose
from .linebreaks import Breaks
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
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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


def _lines(text: str) -> list[str]:
    """The lines of ``text`` as YAML 1.2 breaks them: at LF, CR and CRLF only."""
    return _LINE_BREAK.split(text)


def _tab_problems(text: str) -> list[Problem]:
    if "\t" not in text:
        return []
    problems = []
    for number, line in enumerate(_lines(text), start=1):
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
    line, col = _position(text, at)
    return Problem(
        "YAML-SYNTAX",
        line,
        col,
        _("control character U+{code:04X} is not allowed in a YAML file").format(code=code),
        _("delete it; a YAML file holds printable text only"),
    )


def _position(text: str, at: int) -> Pos:
    """The 1-based line and column of offset ``at``, lines broken at LF and CR only."""
    line = text.count("\n", 0, at) + text.count("\r", 0, at) - text.count("\r\n", 0, at) + 1
    start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    return line, at - start + 1


_LINEBREAK_NAMES = {
    "\x85": (N_("next line character"), "\\N"),
    "\u2028": (N_("line separator"), "\\L"),
    "\u2029": (N_("paragraph separator"), "\\P"),
}
MAX_LINEBREAK_PROBLEMS = 5  # the first few are reported one by one; the rest are counted


def _linebreak_problems(text: str, stray: list[int]) -> list[Problem]:
    """NEL, LS and PS outside quoted scalars: one problem each, up to a few."""
    problems = []
    for at in stray[:MAX_LINEBREAK_PROBLEMS]:
        name, escape = _LINEBREAK_NAMES[text[at]]
        line, col = _position(text, at)
        problems.append(
            Problem(
                "YAML-LINEBREAK",
                line,
                col,
                _(
                    "{name} (U+{code:04X}) outside a quoted string: YAML 1.2 reads it as an "
                    "ordinary character, other tools as a line break"
                ).format(name=_(name), code=ord(text[at])),
                _(
                    "delete it, or write it inside a double-quoted string as the escape {escape}"
                ).format(escape=escape),
            )
        )
    rest = len(stray) - MAX_LINEBREAK_PROBLEMS
    if rest > 0:
        line, col = _position(text, stray[MAX_LINEBREAK_PROBLEMS])
        problems.append(
            Problem(
                "YAML-LINEBREAK",
                line,
                col,
                _("{count} more of these characters from here on, not listed one by one").format(
                    count=rest
                ),
                _("delete them, or write them inside double-quoted strings as escapes"),
            )
        )
    return problems


def _syntax_problem(text: str, exc: Any, open_flow: int | None = None) -> Problem:
    """The problem of a parser error (``MarkedYAMLError``) in ``text``.

    An error at the end of the stream is reported where what it leaves open opens: a
    quoted string, or the innermost ``[``/``{`` (``open_flow``, its offset), when the
    file ends before its closing character.
    """
    mark = exc.problem_mark or exc.context_mark
    at_end = mark is not None and mark.index >= len(text)
    context = exc.context_mark
    if at_end and context is not None and exc.context == "while scanning a quoted scalar":
        line, col = _position(text, context.index)
        quote = text[context.index : context.index + 1]
        return Problem(
            "YAML-SYNTAX",
            line,
            col,
            _("YAML syntax error: this quoted string is not closed before the end of the file"),
            _("add the closing quote ({quote})").format(quote=quote),
        )
    if at_end and open_flow is not None:
        line, col = _position(text, open_flow)
        bracket = text[open_flow]
        return Problem(
            "YAML-SYNTAX",
            line,
            col,
            _(
                "YAML syntax error: this '{bracket}' is not closed before the end of the file"
            ).format(bracket=bracket),
            _("add the closing '{bracket}'").format(bracket="]" if bracket == "[" else "}"),
        )
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    detail = exc.problem or exc.context or "syntax error"
    return Problem("YAML-SYNTAX", line, col, _("YAML syntax error: {detail}").format(detail=detail))


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
    breaks = Breaks(text)
    try:
        for event in yamlcompose.parser_events(text, breaks):
            if composer.feed(event):
                break
    except MarkedYAMLError as exc:
        composer.result.problems.append(_syntax_problem(text, exc, composer.open_flow(text)))
        composer.result.data = None
        return composer.result
    except YAMLError as exc:  # unmarked errors (e.g. from the reader)
        composer.result.problems.append(_reader_problem(text, exc))
        composer.result.data = None
        return composer.result
    composer.finish()
    result = composer.result
    stray = breaks.stray()
    if stray:
        result.problems.extend(_linebreak_problems(text, stray))
        result.data = None
        return result
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

    breaks = Breaks(text)
    try:
        data = yamlcompose.compose_data(yamlcompose.parser_events(text, breaks))
    except (yamlcompose.Unclean, YAMLError):
        return None
    if breaks.stray():
        return None
    return data if isinstance(data, dict) else None
