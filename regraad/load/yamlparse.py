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

Nodes are composed from the parser's event stream (the C parser when available), so
the whole file is read once, iteratively (deep nesting cannot exhaust the stack), and
an alias is refused before anything is expanded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..i18n import N_, _

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 50  # nesting levels; the deepest document kind uses fewer than ten
MAX_ALIAS_PROBLEMS = 5  # anchors and aliases reported one by one; the rest are counted

Path_ = tuple[str | int, ...]
Pos = tuple[int, int]


@dataclass(frozen=True)
class Problem:
    """A layer-1 finding before it is tied to a file: code, 1-based position, text."""

    code: str
    line: int
    col: int
    message: str
    hint: str | None = None


@dataclass
class Parsed:
    """The result of parsing: data (None when unusable), positions and problems."""

    data: Any
    positions: dict[Path_, Pos] = field(default_factory=dict)
    key_positions: dict[Path_, Pos] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_NUMBER_START = frozenset("-+.0123456789")  # every pattern below starts with one of these
_STR_TAG = "tag:yaml.org,2002:str"
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)


def resolve_plain(value: str) -> Any:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value[0] not in _NUMBER_START:  # no number pattern below can match: a string
        return value
    if _INT.match(value):
        try:
            return int(value)
        except ValueError:  # over sys.get_int_max_str_digits() digits
            return float(value)  # infinity, as for 1e400
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    return value  # .nan included: see the module docstring


ev: Any = None  # ruamel.yaml.events, imported by the first parse: startup stays light
_SCALAR: Any = None  # ScalarEvent, when it keeps its tag in ``ctag`` (the composer's fast path)


def _events() -> Any:
    global ev, _SCALAR
    if ev is None:
        from ruamel.yaml import events

        ev = events
        if "ctag" in getattr(events.ScalarEvent, "__slots__", ()):
            _SCALAR = events.ScalarEvent
    return ev


def _parser_events(text: str) -> Iterator[Any]:
    _events()
    try:
        from _ruamel_yaml import CParser  # type: ignore[import-not-found]  # ruamel.yaml.clib
    except ImportError:  # pure-Python fallback (PyPy, or no compiler)
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)
        return
    parser = CParser(text)
    while True:
        event = parser.get_event()
        yield event
        if isinstance(event, ev.StreamEndEvent):
            return


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
    composer = _Composer()
    try:
        for event in _parser_events(text):
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


class _Unclean(Exception):
    """Something ``parse_clean`` leaves to ``parse_bytes``, which reports it properly."""


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
    _events()
    if _SCALAR is None:  # a ruamel.yaml without ``ctag``: the full parser only
        return None
    from ruamel.yaml.error import YAMLError

    try:
        data = _compose_data(_parser_events(text))
    except (_Unclean, YAMLError):
        return None
    return data if isinstance(data, dict) else None


def _compose_data(events: Iterator[Any]) -> Any:  # noqa: PLR0915 - one loop, for speed
    """``_Composer`` without positions, refusing (``_Unclean``) whatever it would report."""
    scalar, mapping_start, sequence_start = (
        ev.ScalarEvent,
        ev.MappingStartEvent,
        ev.SequenceStartEvent,
    )
    ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
    quiet = (ev.StreamStartEvent, ev.StreamEndEvent, ev.DocumentEndEvent)
    stack: list[list[Any]] = []  # [container, pending key] per open collection
    root: Any = None
    documents = 0
    for event in events:
        cls = type(event)
        if cls is scalar or cls is mapping_start or cls is sequence_start:
            if event.anchor or event.ctag is not None:
                raise _Unclean
            if cls is scalar:
                if stack and stack[-1][1] is None and type(stack[-1][0]) is dict:
                    stack[-1][1] = event.value  # a key
                    continue
                style = event.style
                if (style is None or style == "") and event.implicit[0]:
                    value = resolve_plain(event.value)
                else:
                    value = event.value
                opened = None
            else:
                if stack and stack[-1][1] is None and type(stack[-1][0]) is dict:
                    raise _Unclean  # a list or mapping as a key
                value = {} if cls is mapping_start else []
                opened = value
            if not stack:
                root = value
            else:
                top = stack[-1]
                container = top[0]
                if type(container) is list:
                    container.append(value)
                else:
                    key = top[1]
                    if key is None or key in container:
                        raise _Unclean  # a duplicate key
                    top[1] = None
                    container[key] = value
            if opened is not None:
                if len(stack) >= MAX_DEPTH:
                    raise _Unclean
                stack.append([opened, None])
        elif cls in ends:
            stack.pop()
        elif cls is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unclean
        elif cls not in quiet:  # aliases, and anything unforeseen
            raise _Unclean
    if documents == 0 or root is None:
        raise _Unclean
    return root


_ALIAS_HINT = N_("write the value out in full; regraad does not read anchors or aliases")


class _Frame:
    __slots__ = ("container", "is_map", "key", "key_pos", "path")

    def __init__(self, container: dict[str, Any] | list[Any], path: Path_) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.path = path
        self.key: str | None = None
        self.key_pos: Pos = (0, 0)


class _Composer:
    """Builds plain data from events, recording positions and problems."""

    def __init__(self) -> None:
        _events()
        self.result = Parsed(None)
        self.stack: list[_Frame] = []
        self.documents = 0
        self.skip_depth = 0  # >0 while skipping an unusable (complex) key node
        self.aliases = 0  # anchors and aliases seen
        self.more_aliases_at: Pos | None = None  # the first one not reported by itself

    def _problem(self, code: str, event: Any, message: str, hint: str | None = None) -> None:
        mark = event.start_mark
        self.result.problems.append(Problem(code, mark.line + 1, mark.column + 1, message, hint))

    def _alias_problem(self, event: Any, message: str) -> None:
        # An alias bomb has a hundred of them; past a few, one finding counts the rest.
        self.aliases += 1
        if self.aliases <= MAX_ALIAS_PROBLEMS:
            self._problem("YAML-ALIAS", event, message, _(_ALIAS_HINT))
        elif self.more_aliases_at is None:
            self.more_aliases_at = (event.start_mark.line + 1, event.start_mark.column + 1)

    def finish(self) -> None:
        """Add what is only known at the end of the stream."""
        if self.more_aliases_at is not None:
            line, col = self.more_aliases_at
            more = self.aliases - MAX_ALIAS_PROBLEMS
            self.result.problems.append(
                Problem(
                    "YAML-ALIAS",
                    line,
                    col,
                    _(
                        "{count} more anchors and aliases from here on, not listed one by one"
                    ).format(count=more),
                    _(_ALIAS_HINT),
                )
            )

    def _check_node(self, event: Any) -> None:
        if getattr(event, "anchor", None):
            self._alias_problem(event, _("anchor &{name} is not allowed").format(name=event.anchor))
        tag = getattr(event, "tag", None)
        if tag and tag != _STR_TAG:
            self._problem(
                "YAML-TAG",
                event,
                _("tag {tag} is not allowed").format(tag=tag),
                _("remove the tag; values are plain strings, numbers, lists and mappings"),
            )

    def feed(self, event: Any) -> bool:
        """Consume one event; return True when the rest of the stream can be ignored."""
        if type(event) is _SCALAR and not self.skip_depth:
            # most events: the general branch below, without its isinstance chain
            if event.anchor or event.ctag is not None:
                self._check_node(event)
            stack = self.stack
            if stack:
                top = stack[-1]
                if top.is_map and top.key is None:
                    mark = event.start_mark
                    top.key = event.value
                    top.key_pos = (mark.line + 1, mark.column + 1)
                    return False
            style = event.style
            if (style is None or style == "") and event.implicit[0] and event.ctag is None:
                self._add_value(resolve_plain(event.value), event)
            else:
                self._add_value(event.value, event)
            return False
        if isinstance(event, ev.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._problem(
                    "YAML-MULTIDOC",
                    event,
                    _("a second YAML document starts here; one file holds one document"),
                    _("move the second document into a file of its own"),
                )
                return True
            return False
        if self.skip_depth:
            if isinstance(event, ev.MappingStartEvent | ev.SequenceStartEvent):
                self.skip_depth += 1
            elif isinstance(event, ev.MappingEndEvent | ev.SequenceEndEvent):
                self.skip_depth -= 1
                if not self.skip_depth:
                    self._after_key_skipped()
            return False
        if isinstance(event, ev.AliasEvent):
            self._alias_problem(event, _("alias *{name} is not allowed").format(name=event.anchor))
            self._add_value(None, event)
            return False
        if isinstance(event, ev.ScalarEvent):
            self._check_node(event)
            frame = self.stack[-1] if self.stack else None
            if frame is not None and isinstance(frame.container, dict) and frame.key is None:
                frame.key = event.value
                frame.key_pos = (event.start_mark.line + 1, event.start_mark.column + 1)
                return False
            plain = event.style in (None, "") and event.implicit[0] and event.tag is None
            self._add_value(resolve_plain(event.value) if plain else event.value, event)
            return False
        if isinstance(event, ev.MappingStartEvent | ev.SequenceStartEvent):
            self._check_node(event)
            frame = self.stack[-1] if self.stack else None
            if frame is not None and isinstance(frame.container, dict) and frame.key is None:
                self._problem(
                    "YAML-SYNTAX",
                    event,
                    _("a mapping key must be a plain value, not a list or mapping"),
                )
                self.skip_depth = 1
                return False
            if self._too_deep(event):
                return True  # the rest of the file is not read
            container: dict[str, Any] | list[Any] = (
                {} if isinstance(event, ev.MappingStartEvent) else []
            )
            path = self._add_value(container, event)
            self.stack.append(_Frame(container, path))
            return False
        if isinstance(event, ev.MappingEndEvent | ev.SequenceEndEvent):
            self.stack.pop()
            return False
        return False

    def _too_deep(self, event: Any) -> bool:
        if len(self.stack) < MAX_DEPTH:
            return False
        self._problem(
            "YAML-DEPTH",
            event,
            _("nesting deeper than {limit} levels").format(limit=MAX_DEPTH),
            _("regraad data is a few levels deep; check the brackets and indentation"),
        )
        return True

    def _after_key_skipped(self) -> None:
        # The complex key is dropped; its value is still composed under a placeholder.
        frame = self.stack[-1]
        frame.key = "\x00complex-key"

    def _add_value(self, value: Any, event: Any) -> Path_:
        mark = event.start_mark
        pos = (mark.line + 1, mark.column + 1)
        if not self.stack:
            self.result.data = value
            self.result.positions[()] = pos
            return ()
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            path = (*frame.path, len(container))
            container.append(value)
        else:
            key = frame.key if frame.key is not None else ""
            frame.key = None
            path = (*frame.path, key)
            if key == "\x00complex-key":
                return path
            if key in container:
                first = self.result.key_positions.get(path, (0, 0))
                line, col = frame.key_pos
                self.result.problems.append(
                    Problem(
                        "YAML-DUPLICATE-KEY",
                        line,
                        col,
                        _("duplicate key '{key}' (first defined on line {first})").format(
                            key=key, first=first[0]
                        ),
                        _("keep one of the two; YAML keys must be unique"),
                    )
                )
                return (*path, "\x00duplicate")
            container[key] = value
            self.result.key_positions[path] = frame.key_pos
        self.result.positions[path] = pos
        return path
