"""Comments and blank lines that move with their key, for ``regraad fmt``.

ruamel stores a comment where its scanner met it: the lines above key B hang on the
end-of-line comment of the key before it, or deep inside the last item of the previous
key's list. ``Notes.read`` re-reads them in document order into neutral notes (each key
or list item gets the full-line comments and blank lines directly above it and its own
end-of-line comment); after reordering, ``Notes.write`` puts them back into ruamel's
"above this key" slots, re-indented to their key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from .yamledit import MAPPING_INDENT, SEQUENCE_DASH_OFFSET, SEQUENCE_INDENT

Container = CommentedMap | CommentedSeq


@dataclass
class _Note:
    """What belongs to one key or list item: the lines above it and its own comment."""

    before: list[str] = field(default_factory=list)  # "# text", or "" for a blank line
    eol: tuple[str, int] | None = None  # end-of-line comment and its column


def _block(node: Any) -> bool:
    """A non-empty block collection: its entries are on lines of their own."""
    return isinstance(node, Container) and len(node) > 0 and not node.fa.flow_style()


def _entries(node: Container) -> list[tuple[Any, Any]]:
    return list(node.items()) if isinstance(node, CommentedMap) else list(enumerate(node))


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.strip() for line in lines]


def tokens(slot: Any) -> list[Any]:
    """The comment tokens in a ruamel comment slot, however nested."""
    if isinstance(slot, CommentToken):
        return [slot]
    if isinstance(slot, list):
        return [token for item in slot for token in tokens(item)]
    return []


class Notes:
    """A document's comments as notes on its keys and items (see the module docstring)."""

    def __init__(self) -> None:
        self.notes: dict[tuple[int, Any], _Note] = {}
        self.pending: list[str] = []
        self.seen: set[int] = set()

    # reading, in document order

    def read(self, root: CommentedMap) -> tuple[list[str], list[str]]:
        """Take every comment out of the tree into notes; return header and footer."""
        self._absorb(root.ca.comment)
        header, self.pending = self.pending, []
        root.ca.comment = None
        if _block(root):
            self._read(root)
        footer, self.pending = self.pending, []
        return header, footer

    def _absorb(self, slot: Any) -> None:
        """Tokens that hold whole lines: into the lines waiting for the next entry."""
        for token in tokens(slot):
            if id(token) not in self.seen:
                self.seen.add(id(token))
                self.pending.extend(_lines(token.value))

    def _trailing(self, slot: Any, note: _Note, block_scalar: bool) -> None:
        """A token after a value: its end-of-line comment, then whole lines."""
        for token in tokens(slot):
            if id(token) in self.seen:
                continue
            self.seen.add(id(token))
            text: str = token.value
            if block_scalar:  # the scanner is already at the start of the next line
                self.pending.extend(_lines(text))
                continue
            first, _nl, rest = text.partition("\n")
            if first.strip() and note.eol is None:
                note.eol = (first.strip(), token.start_mark.column)
            elif first.strip():
                self.pending.append(first.strip())
            self.pending.extend(_lines(rest))

    def _read(self, node: Container) -> None:
        is_map = isinstance(node, CommentedMap)
        for key, value in _entries(node):
            slots = [*(node.ca.items.get(key) or ()), None, None, None, None]
            self._absorb(slots[1])
            note = self.notes.setdefault((id(node), key), _Note())
            note.before, self.pending = self.pending, []
            block_scalar = isinstance(value, LiteralScalarString | FoldedScalarString)
            self._trailing(slots[2] if is_map else slots[0], note, block_scalar)
            self._trailing(slots[0] if is_map else slots[2], note, block_scalar)
            self._absorb(slots[3])
            if isinstance(value, Container):
                comment = value.ca.comment
                if comment:
                    self._trailing(comment[0], note, False)
                    self._absorb(comment[1:])
                value.ca.comment = None
                if _block(value):
                    self._read(value)
        self._absorb(getattr(node.ca, "end", None))
        node.ca.items.clear()
        if hasattr(node.ca, "end"):
            node.ca.end = None

    # writing, in the new order

    def write(self, root: CommentedMap) -> None:
        if _block(root):
            self._write(root, 0, in_list=False)

    def _write(self, node: Container, indent: int, in_list: bool) -> list[str]:
        """Put the notes of ``node``'s entries into ruamel's slots.

        ``indent`` is the column of its keys or dashes. When ``node`` is itself a list
        item, nothing can stand between the dash and its first entry: the lines above
        that entry are returned to go above the dash.
        """
        is_map = isinstance(node, CommentedMap)
        lifted: list[str] = []
        for position, (key, value) in enumerate(_entries(node)):
            note = self.notes.get((id(node), key), _Note())
            before = list(note.before)
            if position == 0:
                while before and not before[0]:
                    before.pop(0)  # no blank line right below "key:" or a dash
            if _block(value):
                # the column the value's entries start at: keys, or a list's dashes
                owner = indent if is_map else indent + SEQUENCE_INDENT - SEQUENCE_DASH_OFFSET
                if isinstance(value, CommentedSeq):
                    inner = owner + SEQUENCE_DASH_OFFSET
                else:
                    inner = indent + MAPPING_INDENT if is_map else owner
                before.extend(self._write(value, inner, in_list=not is_map))
            if position == 0 and in_list:
                lifted, before = before, []
            tokens = [_line_token(line, indent) for line in before] or None
            eol = CommentToken(f"{note.eol[0]}\n", CommentMark(note.eol[1])) if note.eol else None
            if tokens is None and eol is None:
                continue
            node.ca.items[key] = [None, tokens, eol, None] if is_map else [eol, tokens, None, None]
        return lifted


def _line_token(line: str, indent: int) -> CommentToken:
    if not line:
        return CommentToken("\n", CommentMark(0))
    return CommentToken(f"{line}\n", CommentMark(indent))
