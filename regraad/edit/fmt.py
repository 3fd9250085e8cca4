"""``regraad fmt``: canonical key order and layout, comments and blank lines kept.

Keys of every mapping are put in the order of the kind's JSON Schema (keys the schema
does not know keep their relative order after the known ones); indentation, trailing
whitespace and the final newline are normalised by dumping through
:mod:`regraad.edit.yamledit`. Values are never touched: before a result is returned it is
parsed again and must hold the same data and the same comments as the input.

Comments. ruamel stores a comment where its scanner met it: the lines above key B
hang on the end-of-line comment of the key before it, or deep inside the last item of
the previous key's list. Reordering as stored would move them with the wrong key, so
they are first re-read in document order into neutral notes: each key or list item
gets the full-line comments and blank lines directly above it (they move with it) and
its own end-of-line comment (kept at its column). After reordering, the notes are
written back into ruamel's "above this key" slots, re-indented to their key. The
comments above the first key of the file are its header and stay at the top; those
after the last value stay at the end. Blank lines move like comments; only those right
under a ``key:`` or a dash, and those at the end of the file, are dropped. A file with
a comment fmt cannot keep (ruamel drops those inside ``[...]`` and ``{...}``) is not
formatted rather than losing it.

Line endings and a UTF-8 BOM are kept: a CRLF file stays CRLF, so Windows checkouts
and git's autocrlf see no change fmt did not mean to make.

Files that do not parse, or that have a layer-1 problem (duplicate keys, tabs, several
documents, conflict markers, anchors and aliases, tags...), are never rewritten: they
are reported as not formatted with the problem's position, which fails the command.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from ..errors import UsageError
from ..i18n import _
from ..load.kinds import DocumentKind, match_path
from ..load.schemacheck import SchemaStore
from ..load.yamlparse import MAX_FILE_BYTES, decode, parse_bytes, parse_text
from ..output.files import atomic_write
from .yamledit import (
    MAPPING_INDENT,
    SEQUENCE_DASH_OFFSET,
    SEQUENCE_INDENT,
    dump_roundtrip,
    load_roundtrip,
)

_BOM = "\ufeff"
_Container = CommentedMap | CommentedSeq


class Unformattable(Exception):
    """Why fmt leaves a file as it is, at a 1-based line and column."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(f"{line}:{col}: {message}")
        self.line = line
        self.col = col
        self.message = message


# --- the text as a whole ------------------------------------------------------------


def format_text(text: str, kind: DocumentKind, schema_store: SchemaStore) -> str:
    """``text`` in canonical key order and layout; raises :class:`Unformattable`.

    Idempotent: formatting the result again returns it unchanged.
    """
    bom = text.startswith(_BOM)
    body = text[1:] if bom else text
    first_break = body.find("\n")
    crlf = first_break > 0 and body[first_break - 1] == "\r"
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    parsed = parse_text(body)
    if parsed.problems:
        first = parsed.problems[0]
        raise Unformattable(first.line, first.col, first.message)
    if not isinstance(parsed.data, dict):
        line, col = parsed.positions.get((), (1, 1))
        raise Unformattable(line, col, _("the document must be a mapping of keys to values"))
    try:
        root = load_roundtrip(body)
    except MarkedYAMLError as exc:  # ruamel refuses something the parser let through
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        detail = exc.problem or exc.context or "syntax error"
        message = _("YAML syntax error: {detail}").format(detail=detail)
        raise Unformattable(line, col, message) from None
    except YAMLError as exc:
        raise Unformattable(1, 1, _("YAML syntax error: {detail}").format(detail=exc)) from None
    except ValueError:
        raise Unformattable(1, 1, _("the document must be a mapping of keys to values")) from None
    except NotImplementedError as exc:  # ruamel cannot place a comment ("overlap in comment")
        raise _unplaceable(body, exc) from None
    comments_before = _all_comments(root)
    out = _format_tree(root, kind, schema_store)
    if out != body:
        _verify(body, out, parsed.data, comments_before)
    if crlf:
        out = out.replace("\n", "\r\n")
    return _BOM + out if bom else out


def _format_tree(root: CommentedMap, kind: DocumentKind, store: SchemaStore) -> str:
    notes = _Notes()
    header, footer = notes.read(root)
    order = _SchemaOrder(store)
    _reorder(root, order.root(kind), order)
    notes.write(root)
    while header and not header[0]:
        header.pop(0)
    while footer and not footer[-1]:
        footer.pop()
    dumped = dump_roundtrip(root)
    return "".join(f"{line}\n" for line in header) + dumped + "".join(f"{x}\n" for x in footer)


def _verify(before: str, after: str, data: Any, comments: Counter[str]) -> None:
    """The formatted text must mean the same and keep every comment; else refuse."""
    reparsed = parse_text(after)
    if reparsed.problems or not _same(reparsed.data, data):
        raise Unformattable(
            1, 1, _("regraad fmt would change the data of this file (a bug; please report it)")
        )
    kept = _all_comments(load_roundtrip(after))
    full_before, full_after = _full_line_comments(before), _full_line_comments(after)
    moved = (comments - kept) + (kept - comments) + (full_before - full_after)
    moved += full_after - full_before
    if moved:
        comment = next(iter(moved))
        line, col = _find(before, comment)
        raise Unformattable(
            line,
            col,
            _("regraad fmt cannot keep this comment in place: {comment}").format(comment=comment),
        )


_RUAMEL_COMMENT = re.compile(r"CommentToken\('(#[^'\\]*)")


def _unplaceable(text: str, exc: NotImplementedError) -> Unformattable:
    """A refusal naming the comment ruamel could not place (from its message, if it says)."""
    found = _RUAMEL_COMMENT.search(str(exc))
    comment = found.group(1).strip() if found else "#"
    line, col = _find(text, comment)
    return Unformattable(
        line,
        col,
        _("regraad fmt cannot keep this comment in place: {comment}").format(comment=comment),
    )


def _same(a: Any, b: Any) -> bool:
    """Equal data, with NaN equal to itself and key order ignored."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and bool(a == b)


def _full_line_comments(text: str) -> Counter[str]:
    stripped = (line.strip() for line in text.split("\n"))
    return Counter(line for line in stripped if line.startswith("#"))


def _all_comments(root: Any) -> Counter[str]:
    """Every comment ruamel holds in the tree, as stripped text."""
    found: Counter[str] = Counter()
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, _Container):
            continue
        slots = [node.ca.comment, getattr(node.ca, "end", None), *node.ca.items.values()]
        for token in _tokens(slots):
            if id(token) not in seen:
                seen.add(id(token))
                found.update(line.strip() for line in token.value.split("\n") if line.strip())
        stack.extend(node.values() if isinstance(node, CommentedMap) else node)
    return found


def _find(text: str, comment: str) -> tuple[int, int]:
    for number, line in enumerate(text.split("\n"), start=1):
        if comment in line:
            return number, line.index(comment) + 1
    return 1, 1


# --- schema order -------------------------------------------------------------------

_Schemas = tuple[tuple[str, dict[str, Any]], ...]  # (schema file, node) pairs


class _SchemaOrder:
    """The keys' order for a mapping anywhere in a document, from the kind's schema."""

    def __init__(self, store: SchemaStore) -> None:
        self.raw = store.raw

    def root(self, kind: DocumentKind) -> _Schemas:
        return self._expand(kind.schema_file, self.raw[kind.schema_file])

    def _expand(self, file: str, node: Any, depth: int = 0) -> _Schemas:
        """``node`` with its ``$ref`` followed and its oneOf/anyOf/allOf spread out."""
        if not isinstance(node, dict) or depth > 32:
            return ()
        out: list[tuple[str, dict[str, Any]]] = [(file, node)]
        ref = node.get("$ref")
        if isinstance(ref, str):
            target_file, _hash, pointer = ref.partition("#")
            target_file = target_file or file
            target: Any = self.raw.get(target_file)
            for part in pointer.split("/")[1:]:
                name = part.replace("~1", "/").replace("~0", "~")
                target = target.get(name) if isinstance(target, dict) else None
            out.extend(self._expand(target_file, target, depth + 1))
        for combinator in ("allOf", "anyOf", "oneOf"):
            for branch in node.get(combinator, ()):
                out.extend(self._expand(file, branch, depth + 1))
        return tuple(out)

    @staticmethod
    def keys(schemas: _Schemas) -> dict[str, int]:
        """Each known key with its rank."""
        keys: dict[str, None] = {}
        for _file, node in schemas:
            properties = node.get("properties")
            if isinstance(properties, dict):
                keys.update(dict.fromkeys(properties))
        return {key: rank for rank, key in enumerate(keys)}

    def value(self, schemas: _Schemas, key: str) -> _Schemas:
        out: list[tuple[str, dict[str, Any]]] = []
        for file, node in schemas:
            properties = node.get("properties")
            if isinstance(properties, dict) and key in properties:
                out.extend(self._expand(file, properties[key]))
                continue
            matched = False
            patterns = node.get("patternProperties")
            for pattern, sub in patterns.items() if isinstance(patterns, dict) else ():
                if re.search(pattern, key):
                    out.extend(self._expand(file, sub))
                    matched = True
            additional = node.get("additionalProperties")
            if not matched and isinstance(additional, dict):
                out.extend(self._expand(file, additional))
        return tuple(out)

    def item(self, schemas: _Schemas) -> _Schemas:
        out: list[tuple[str, dict[str, Any]]] = []
        for file, node in schemas:
            out.extend(self._expand(file, node.get("items")))
        return tuple(out)


def _reorder(node: Any, schemas: _Schemas, order: _SchemaOrder) -> None:
    """Put every mapping's keys in schema order, recursively, in place."""
    if isinstance(node, CommentedMap):
        rank = order.keys(schemas)
        keys = list(node)
        wanted = sorted(keys, key=lambda k: rank.get(_key_text(k), len(rank)))  # stable
        if wanted != keys:
            for key in wanted:
                node.move_to_end(key)
        for key, value in node.items():
            _reorder(value, order.value(schemas, _key_text(key)), order)
    elif isinstance(node, CommentedSeq):
        items = order.item(schemas)
        for value in node:
            _reorder(value, items, order)


def _key_text(key: Any) -> str:
    return key if isinstance(key, str) else str(key)


# --- comments -------------------------------------------------------------------------


@dataclass
class _Note:
    """What belongs to one key or list item: the lines above it and its own comment."""

    before: list[str] = field(default_factory=list)  # "# text", or "" for a blank line
    eol: tuple[str, int] | None = None  # end-of-line comment and its column


def _block(node: Any) -> bool:
    """A non-empty block collection: its entries are on lines of their own."""
    return isinstance(node, _Container) and len(node) > 0 and not node.fa.flow_style()


def _entries(node: _Container) -> list[tuple[Any, Any]]:
    return list(node.items()) if isinstance(node, CommentedMap) else list(enumerate(node))


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.strip() for line in lines]


def _tokens(slot: Any) -> list[Any]:
    """The comment tokens in a ruamel comment slot, however nested."""
    if isinstance(slot, CommentToken):
        return [slot]
    if isinstance(slot, list):
        return [token for item in slot for token in _tokens(item)]
    return []


class _Notes:
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
        for token in _tokens(slot):
            if id(token) not in self.seen:
                self.seen.add(id(token))
                self.pending.extend(_lines(token.value))

    def _trailing(self, slot: Any, note: _Note, block_scalar: bool) -> None:
        """A token after a value: its end-of-line comment, then whole lines."""
        for token in _tokens(slot):
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

    def _read(self, node: _Container) -> None:
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
            if isinstance(value, _Container):
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

    def _write(self, node: _Container, indent: int, in_list: bool) -> list[str]:
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


# --- files under a data root -----------------------------------------------------------


@dataclass(frozen=True)
class FileResult:
    """One document: its text as read, and the formatted text or why there is none."""

    path: str  # relative to the data root, POSIX
    old: str | None  # None when the file could not be decoded
    new: str | None  # None when not formatted
    skipped: Unformattable | None = None

    @property
    def changed(self) -> bool:
        return self.new is not None and self.new != self.old


def document_paths(root: Path, paths: Iterable[Path] = (), cwd: Path | None = None) -> list[str]:
    """The documents fmt works on: every one under ``root/data``, or those in ``paths``.

    Paths that are not documents under ``data/`` (a README passed by pre-commit, a
    file outside the data root) are left out without a word; a path that does not
    exist is a usage error. Symbolic links are left out: fmt writes files, not links.
    """
    root = root.resolve()
    given = list(paths)
    if not given:
        return _walk(root, root / "data")
    here = cwd or Path.cwd()
    found: dict[str, None] = {}
    for path in given:
        full = path if path.is_absolute() else here / path
        if not full.exists() and not full.is_symlink():
            raise UsageError(_("no such file or folder: {path}").format(path=path))
        full = full.parent.resolve() / full.name
        if full.is_dir():
            found.update(dict.fromkeys(_walk(root, full.resolve())))
        elif (rel := _document(root, full)) is not None:
            found[rel] = None
    return sorted(found)


def _walk(root: Path, folder: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                rel = _document(root, Path(dirpath) / name)
                if rel is not None:
                    out.append(rel)
    return out


def _document(root: Path, full: Path) -> str | None:
    if full.is_symlink() or not full.is_file():
        return None
    try:
        rel = full.relative_to(root).as_posix()
    except ValueError:
        return None
    return rel if match_path(rel) is not None else None


def format_file(root: Path, rel: str, store: SchemaStore) -> FileResult:
    """Format one document (``rel`` relative to ``root``) without writing it."""
    matched = match_path(rel)
    assert matched is not None, rel
    raw = (root / rel).read_bytes()
    if len(raw) > MAX_FILE_BYTES or decode(raw)[1] is not None:  # no text to format
        problem = parse_bytes(raw).problems[0]
        return FileResult(
            rel, None, None, Unformattable(problem.line, problem.col, problem.message)
        )
    old = raw.decode("utf-8")
    try:
        return FileResult(rel, old, format_text(old, matched[0], store))
    except Unformattable as exc:
        return FileResult(rel, old, None, exc)


def format_root(
    root: Path, paths: Iterable[Path] = (), store: SchemaStore | None = None
) -> Iterator[FileResult]:
    """Each document of the data root (or of ``paths``) with its formatted text."""
    store = store or SchemaStore()
    for rel in document_paths(root, paths):
        yield format_file(root.resolve(), rel, store)


def write(root: Path, result: FileResult) -> None:
    """Replace the file with its formatted text, atomically (permissions kept)."""
    assert result.new is not None
    atomic_write(root / result.path, result.new.encode("utf-8"))
