"""YAML events to plain data with a source position for every node (layer 1's core).

``yamlparse`` decides what a file is (size, encoding, conflict markers, tabs) and hands
its text here: ``Composer`` builds the data from the parser's events, iteratively, with
YAML 1.2 core-schema scalars (``resolve_plain``), refusing anchors, aliases, tags,
several documents, duplicate keys and deep nesting as problems; ``compose_data`` builds
the same data without positions for a file that has none of them. Both read the events
of ``parser_events``, where only LF and CR break lines (``linebreaks``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..i18n import N_, _
from .linebreaks import Breaks

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


def load_events() -> Any:
    global ev, _SCALAR
    if ev is None:
        from ruamel.yaml import events

        ev = events
        if "ctag" in getattr(events.ScalarEvent, "__slots__", ()):
            _SCALAR = events.ScalarEvent
    return ev


def fast_path() -> bool:
    """Whether ``compose_data`` can run: the ruamel.yaml at hand keeps a scalar's tag in
    ``ctag`` (without it only ``Composer`` parses)."""
    load_events()
    return _SCALAR is not None


def parser_events(text: str, breaks: Breaks | None = None) -> Iterator[Any]:
    """The parser's events for ``text`` read as YAML 1.2: only LF and CR break lines.

    ``breaks`` (made here when not given) tells afterwards where NEL, LS and PS stood
    outside quoted scalars (``linebreaks``)."""
    load_events()
    if breaks is None:
        breaks = Breaks(text)
    if breaks.offsets:
        return breaks.restored(_events(breaks.text))
    return _events(text)


def _events(text: str) -> Iterator[Any]:
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


class Unclean(Exception):
    """Something ``parse_clean`` leaves to ``parse_bytes``, which reports it properly."""


def compose_data(events: Iterator[Any]) -> Any:  # noqa: PLR0915 - one loop, for speed
    """``Composer`` without positions, refusing (``Unclean``) whatever it would report."""
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
                raise Unclean
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
                    raise Unclean  # a list or mapping as a key
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
                        raise Unclean  # a duplicate key
                    top[1] = None
                    container[key] = value
            if opened is not None:
                if len(stack) >= MAX_DEPTH:
                    raise Unclean
                stack.append([opened, None])
        elif cls in ends:
            stack.pop()
        elif cls is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise Unclean
        elif cls not in quiet:  # aliases, and anything unforeseen
            raise Unclean
    if documents == 0 or root is None:
        raise Unclean
    return root


_ALIAS_HINT = N_("write the value out in full; regraad does not read anchors or aliases")


class _Frame:
    __slots__ = ("container", "is_map", "key", "key_pos", "path", "start")

    def __init__(self, container: dict[str, Any] | list[Any], path: Path_, start: int) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.path = path
        self.start = start  # offset of a flow collection's first character; -1 for block
        self.key: str | None = None
        self.key_pos: Pos = (0, 0)


class Composer:
    """Builds plain data from events, recording positions and problems."""

    def __init__(self) -> None:
        load_events()
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
            flow = event.start_mark.index if event.flow_style else -1
            self.stack.append(_Frame(container, self._add_value(container, event), flow))
            return False
        if isinstance(event, ev.MappingEndEvent | ev.SequenceEndEvent):
            self.stack.pop()
            return False
        return False

    def open_flow(self, text: str) -> int | None:
        """The offset of the innermost ``[`` or ``{`` still open, if any."""
        for frame in reversed(self.stack):
            if frame.start < 0:
                return None
            if text[frame.start : frame.start + 1] in ("[", "{"):
                return frame.start
        return None

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
