"""Round-trip YAML: load a file keeping its comments and layout, dump it back.

``regraad fmt`` and the commands that edit files in place go through this one
configuration, so a file written by regraad looks the same whoever wrote it: mappings
indented by two, sequences' dashes indented under their key (``periods:`` then
``  - id: ...``), quotes as the user wrote them, long text never folded, long flow
lists wrapped at :data:`FLOW_WIDTH` with continuation lines aligned after the ``[``.

Plain scalars are resolved exactly as :mod:`regraad.load.yamlparse` reads them (YAML 1.2 core
schema whatever the file says, no timestamps), so a dumped value means what it meant
when it was loaded: ``no`` and ``2026-3-1`` stay the strings they are. Null is always
written ``null``.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.events import ScalarEvent, SequenceEndEvent
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver

MAPPING_INDENT = 2
SEQUENCE_INDENT = 4  # a sequence's items under their key: key at n, dash at n + 2
SEQUENCE_DASH_OFFSET = 2
FLOW_WIDTH = 100  # flow lists wrap before this column (the project's line length)
_NO_FOLDING = 1 << 30  # ruamel's width: never fold scalars or flow mappings

# The YAML 1.2 core schema as regraad.load.yamlparse.resolve_plain applies it, by first
# character. Order matters: an integer is tried before a float.
_CORE: list[tuple[str, str, str]] = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
]


def _core_table() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, first in _CORE:
        compiled = re.compile(pattern)
        for char in [*first, ""] if tag.endswith(":null") else first:
            table.setdefault(char, []).append((tag, compiled))
    return table


_CORE_TABLE = _core_table()


class CoreResolver(VersionedResolver):
    """YAML 1.2 core schema only: no timestamps, no merge keys, whatever ``%YAML`` says."""

    @property
    def processing_version(self) -> Any:
        return (1, 2)

    @property
    def versioned_resolver(self) -> Any:
        return _CORE_TABLE


class _Representer(RoundTripRepresenter):
    """Null is ``null`` everywhere, not an empty value that is easy to misread."""

    def represent_none(self, data: Any) -> Any:
        return self.represent_scalar("tag:yaml.org,2002:null", "null")


_Representer.add_representer(type(None), _Representer.represent_none)


class _Emitter(RoundTripEmitter):
    """Wraps long flow lists like the shipped data: items aligned after the ``[``.

    Only the outermost flow list of a value wraps; flow mappings (a coverage entry
    with a long note) and scalars stay on their line, as ruamel's own width would
    otherwise fold them mid-sentence.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._flow_columns: list[int] = []

    def expect_flow_sequence(self, force_flow_indent: bool | None = False) -> None:
        super().expect_flow_sequence(force_flow_indent)
        self._flow_columns.append(self.column)

    def expect_first_flow_sequence_item(self) -> None:
        if isinstance(self.event, SequenceEndEvent):
            self._flow_columns.pop()
        super().expect_first_flow_sequence_item()

    def expect_flow_sequence_item(self) -> None:
        if isinstance(self.event, SequenceEndEvent):
            self._flow_columns.pop()
            super().expect_flow_sequence_item()
            return
        self.write_indicator(self.flow_seq_separator, False)
        if self._wraps(self.event):
            indent = self.indent
            self.indent = self._flow_columns[-1]
            self.write_indent()
            self.indent = indent
        self.states.append(self.expect_flow_sequence_item)
        self.expect_node(sequence=True)

    def _wraps(self, event: Any) -> bool:
        if len(self.flow_context) != 1 or not isinstance(event, ScalarEvent):
            return False
        width = len(event.value) + (2 if event.style in ("'", '"') else 0)
        # a space, the item, and its "," or "]" must fit
        return bool(self.column + 1 + width + 1 > FLOW_WIDTH)


def new_yaml() -> YAML:
    """The one configured round-trip YAML instance (a new one per call: not thread-safe)."""
    yaml = YAML(typ="rt")
    yaml.Resolver = CoreResolver
    yaml.Representer = _Representer
    yaml.Emitter = _Emitter
    yaml.indent(mapping=MAPPING_INDENT, sequence=SEQUENCE_INDENT, offset=SEQUENCE_DASH_OFFSET)
    yaml.preserve_quotes = True
    yaml.width = _NO_FOLDING
    yaml.allow_unicode = True
    yaml.allow_duplicate_keys = False
    return yaml


def load_roundtrip(text: str) -> CommentedMap:
    """The document in ``text`` with its comments and layout attached.

    Raises ruamel's ``YAMLError`` for text it cannot read and ``ValueError`` when the
    document is not a mapping; callers check files with
    :func:`regraad.load.yamlparse.parse_text` first, which reports both as findings.
    """
    data = new_yaml().load(text)
    if not isinstance(data, CommentedMap):
        raise ValueError("the document is not a mapping")
    return data


def dump_roundtrip(data: Any) -> str:
    """``data`` as YAML text in the project's layout."""
    stream = io.StringIO()
    new_yaml().dump(data, stream)
    return stream.getvalue()


__all__ = ["CommentedMap", "dump_roundtrip", "load_roundtrip", "new_yaml"]
