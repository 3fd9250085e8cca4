"""Surgical edits of YAML text: change one value, add one key, append one item.

The tool edits files people wrote by hand, so it must not re-dump them: comments,
blank lines, quoting and flow or block style outside the edit stay byte for byte.
Each edit locates its node with the parser's marks, splices new text in, and is
then verified by parsing the result and comparing it with the intended data; an
edit that would mean anything else is refused before anything is written.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import events as ev

from ..errors import InternalError
from ..i18n import _
from ..load.yamlparse import Path_, parse_text, resolve_plain

_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")


@dataclass
class _Node:
    start: tuple[int, int]  # (line, column), 0-based
    end: tuple[int, int]
    kind: str  # scalar | mapping | sequence
    flow: bool
    content_end: tuple[int, int]  # where the node's own text ends (not trailing comments)
    first_key: tuple[int, int] | None = None  # mappings: where the first key starts


def _locate(text: str) -> dict[Path_, _Node]:
    """Every node of a one-document YAML text by path, with its marks."""
    from ..load.yamlcompose import parser_events as _parser_events

    nodes: dict[Path_, _Node] = {}
    # stack of [path, node, kind, next index or pending key, expecting_key]
    stack: list[list[Any]] = []

    def child_path() -> Path_ | None:
        """The path of the node that starts now, or None when it is a mapping key."""
        if not stack:
            return ()
        frame = stack[-1]
        if frame[2] == "sequence":
            path: Path_ = (*frame[0], frame[3])
            frame[3] += 1
            return path
        if frame[4]:  # a key
            return None
        path = (*frame[0], frame[3])
        frame[4] = True
        return path

    def extend(end: tuple[int, int]) -> None:
        for frame in stack:
            node = frame[1]
            node.content_end = max(node.content_end, end)

    for event in _parser_events(text):
        start = (event.start_mark.line, event.start_mark.column)
        end = (event.end_mark.line, event.end_mark.column)
        if isinstance(event, ev.ScalarEvent):
            path = child_path()
            if path is None:
                frame = stack[-1]
                frame[3] = event.value
                frame[4] = False
                if frame[1].first_key is None:
                    frame[1].first_key = start
                extend(end)
                continue
            nodes[path] = _Node(start, end, "scalar", False, end)
            extend(end)
        elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
            path = child_path()
            if path is None:
                raise InternalError(_("complex mapping keys cannot be edited"))
            kind = "mapping" if isinstance(event, ev.MappingStartEvent) else "sequence"
            node = _Node(start, end, kind, bool(event.flow_style), end)
            nodes[path] = node
            stack.append([path, node, kind, 0 if kind == "sequence" else None, True])
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            frame = stack.pop()
            node = frame[1]
            node.end = end
            if node.flow:
                node.content_end = end
                extend(end)
    return nodes


def scalar_text(value: Any, flow: bool = False) -> str:
    """A scalar as YAML that reads back as the same value (YAML 1.2 core)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    plain = (
        _PLAIN_SAFE.match(text)
        and resolve_plain(text) == text
        and ": " not in text
        and " #" not in text
        and text == text.strip()
        and not (flow and any(ch in text for ch in ",[]{}"))
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar_text(value, flow=True)


def block_lines(value: dict[str, Any], indent: int) -> list[str]:
    """A mapping as block lines at ``indent``; lists of scalars stay on one line."""
    lines = []
    pad = " " * indent
    for key, item in value.items():
        if isinstance(item, dict) and item:
            lines.append(f"{pad}{key}:")
            lines.extend(block_lines(item, indent + 2))
        elif isinstance(item, list) and item and all(isinstance(i, dict) for i in item):
            lines.append(f"{pad}{key}:")
            for entry in item:
                lines.extend(item_lines(entry, indent + 2, flow=False))
        else:
            shown = _flow(item) if isinstance(item, (dict, list)) else scalar_text(item)
            lines.append(f"{pad}{key}: {shown}")
    return lines


def item_lines(item: Any, indent: int, flow: bool) -> list[str]:
    """One sequence item at ``indent`` (the column of its ``-``)."""
    pad = " " * indent
    if not isinstance(item, dict) or flow:
        return [f"{pad}- {_flow(item)}"]
    inner = block_lines(item, indent + 2)
    return [f"{pad}- {inner[0].lstrip()}", *inner[1:]]


class Editor:
    """Edits applied one by one to a text, each checked against the intended data."""

    def __init__(self, text: str, path: str) -> None:
        parsed = parse_text(text)
        if parsed.problems or not isinstance(parsed.data, dict):
            raise InternalError(
                _("{path} cannot be edited: it does not parse cleanly").format(path=path)
            )
        self.text = text
        self.path = path
        self.data: dict[str, Any] = parsed.data

    # -- the operations ------------------------------------------------------------------

    def set(self, path: Path_, value: Any) -> None:
        """Set the value at ``path``; its parent mapping must exist."""
        expected = copy.deepcopy(self.data)
        _parent(expected, path)[path[-1]] = value
        nodes = _locate(self.text)
        node = nodes.get(path)
        if node is not None and node.kind == "scalar" and not isinstance(value, (dict, list)):
            new = scalar_text(value, _in_flow(nodes, path))
            if isinstance(value, str) and self._char_at(node.start) == '"' and new[:1] != '"':
                new = json.dumps(value, ensure_ascii=False)  # the quotes the file had
            self._splice(node.start, node.end, new, expected)
            return
        if node is not None and node.flow and isinstance(value, (dict, list)):
            self._replace_flow(nodes, path, value, expected)
            return
        if node is not None:
            raise InternalError(
                _("{path}: cannot replace a collection at {where}").format(
                    path=self.path, where=_show(path)
                )
            )
        self._add_key(nodes, path, value, expected)

    def _char_at(self, mark: tuple[int, int]) -> str:
        """The character at a parser mark (0-based line and column, lines broken at LF
        and CR only, as YAML 1.2 and the parser's marks count them)."""
        starts = _line_starts(self.text)
        line, col = mark
        return self.text[starts[line] + col : starts[line] + col + 1] if line < len(starts) else ""

    def append(self, path: Path_, item: Any) -> None:
        """Append ``item`` to the sequence at ``path``, creating it when missing."""
        expected = copy.deepcopy(self.data)
        parent = _parent(expected, path)
        if path[-1] not in parent or parent[path[-1]] is None:
            self.set(path, [item])
            return
        parent[path[-1]].append(item)
        nodes = _locate(self.text)
        node = nodes[path]
        if node.kind != "sequence":
            raise InternalError(
                _("{path}: {where} is not a list").format(path=self.path, where=_show(path))
            )
        count = len(_get(self.data, path))
        if node.flow:
            close = (node.end[0], node.end[1] - 1)  # the closing bracket
            text = _flow(item) if count == 0 else ", " + _flow(item)
            self._splice(close, close, text, expected)
            return
        last = nodes.get((*path, count - 1))
        flow_items = last is not None and last.kind == "mapping" and last.flow
        lines = item_lines(item, node.start[1], flow=flow_items)
        self._insert_lines(node.content_end, lines, expected)

    def insert(self, path: Path_, index: int, item: Any) -> None:
        """Insert ``item`` into the sequence at ``path`` at ``index``; in a block sequence
        it goes right after the item before it, so comments above the next item stay there."""
        count = len(_get(self.data, path))
        if index >= count:
            self.append(path, item)
            return
        expected = copy.deepcopy(self.data)
        _get(expected, path).insert(index, item)
        nodes = _locate(self.text)
        node = nodes[path]
        following_path: Path_ = (*path, index)
        following = nodes[following_path]
        if node.flow:
            self._splice(following.start, following.start, _flow(item) + ", ", expected)
            return
        lines = item_lines(item, node.start[1], flow=following.kind == "mapping" and following.flow)
        if index:
            before: Path_ = (*path, index - 1)
            self._insert_lines(nodes[before].content_end, lines, expected)
            return
        starts = _line_starts(self.text)
        line = node.start[0]
        while line and self.text[starts[line - 1] : starts[line]].lstrip().startswith("#"):
            line -= 1  # above the comments over the first item, as they belong to it
        eol = "\r\n" if "\r\n" in self.text else "\n"
        self._replace(starts[line], starts[line], eol.join(lines) + eol, expected)

    def delete_key(self, path: Path_) -> None:
        """Remove a key whose value is a one-line scalar in a block mapping."""
        expected = copy.deepcopy(self.data)
        parent = _parent(expected, path)
        if path[-1] not in parent:
            return
        del parent[path[-1]]
        nodes = _locate(self.text)
        node = nodes[path]
        mapping = nodes[path[:-1]]
        if node.kind != "scalar" or mapping.flow or node.start[0] != node.end[0]:
            raise InternalError(
                _("{path}: cannot remove {where}").format(path=self.path, where=_show(path))
            )
        starts = _line_starts(self.text)
        line = node.start[0]
        self._replace(
            starts[line],
            starts[line + 1] if line + 1 < len(starts) else len(self.text),
            "",
            expected,
        )

    # -- splicing ----------------------------------------------------------------------------

    def _add_key(self, nodes: dict[Path_, _Node], path: Path_, value: Any, expected: Any) -> None:
        mapping = nodes.get(path[:-1])
        if mapping is None or mapping.kind != "mapping":
            raise InternalError(
                _("{path}: no mapping at {where}").format(path=self.path, where=_show(path[:-1]))
            )
        key = str(path[-1])
        if mapping.flow:
            close = (mapping.end[0], mapping.end[1] - 1)
            empty = not _get(self.data, path[:-1])
            text = f"{'' if empty else ', '}{key}: {_flow(value)}"
            self._splice(close, close, text, expected)
            return
        indent = mapping.first_key[1] if mapping.first_key else mapping.start[1]
        self._insert_lines(mapping.content_end, block_lines({key: value}, indent), expected)

    def _replace_flow(
        self, nodes: dict[Path_, _Node], path: Path_, value: Any, expected: Any
    ) -> None:
        """Replace a flow collection: with flow text, or, when an empty ``[]`` under a block
        key gets mappings, with block items on the lines below the key."""
        node = nodes[path]
        parent = nodes.get(path[:-1])
        to_block = (
            isinstance(value, list)
            and value
            and all(isinstance(i, dict) for i in value)
            and not _get(self.data, path)
            and parent is not None
            and not parent.flow
            and node.start[0] == node.end[0]
        )
        if not to_block or parent is None:
            self._splice(node.start, node.end, _flow(value), expected)
            return
        indent = (parent.first_key or parent.start)[1] + 2
        eol = "\r\n" if "\r\n" in self.text else "\n"
        lines = [line for item in value for line in item_lines(item, indent, flow=False)]
        starts = _line_starts(self.text)
        begin = starts[node.start[0]] + node.start[1]
        while begin and self.text[begin - 1] == " ":
            begin -= 1  # no trailing space after the key
        finish = starts[node.end[0]] + node.end[1]
        self._replace(begin, finish, eol + eol.join(lines), expected)

    def _insert_lines(self, after: tuple[int, int], lines: list[str], expected: Any) -> None:
        """Insert whole lines after the line holding ``after`` (the end of some content)."""
        starts = _line_starts(self.text)
        line, col = after
        if col == 0 and line > 0:
            line -= 1  # the content ended with its line break
        offset = starts[line + 1] if line + 1 < len(starts) else len(self.text)
        eol = "\r\n" if "\r\n" in self.text else "\n"  # keep a CRLF file CRLF
        prefix = "" if offset == 0 or self.text[offset - 1] == "\n" else eol
        self._replace(offset, offset, prefix + eol.join(lines) + eol, expected)

    def _splice(
        self, start: tuple[int, int], end: tuple[int, int], text: str, expected: Any
    ) -> None:
        starts = _line_starts(self.text)
        self._replace(starts[start[0]] + start[1], starts[end[0]] + end[1], text, expected)

    def _replace(self, begin: int, finish: int, text: str, expected: Any) -> None:
        candidate = self.text[:begin] + text + self.text[finish:]
        parsed = parse_text(candidate)
        if parsed.problems or parsed.data != expected:
            raise InternalError(
                _("could not edit {path} safely; nothing was written").format(path=self.path),
                _("edit the file by hand, or report this with the file attached"),
            )
        self.text = candidate
        self.data = parsed.data


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _in_flow(nodes: dict[Path_, _Node], path: Path_) -> bool:
    parent = nodes.get(path[:-1])
    return parent is not None and parent.flow


def _get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _parent(data: Any, path: Path_) -> Any:
    return _get(data, path[:-1])


def _show(path: Path_) -> str:
    return ".".join(str(p) for p in path) or "/"
