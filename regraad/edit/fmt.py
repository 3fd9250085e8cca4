"""``regraad fmt``: canonical key order and layout, comments and blank lines kept.

Keys of every mapping are put in the order of the kind's JSON Schema (``keyorder``: keys
the schema does not know keep their relative order after the known ones); indentation, trailing
whitespace and the final newline are normalised by dumping through
:mod:`regraad.edit.yamledit`. Values are never touched: before a result is returned it is
parsed again and must hold the same data and the same comments as the input.

Comments. ruamel stores a comment where its scanner met it: the lines above key B
hang on the end-of-line comment of the key before it, or deep inside the last item of
the previous key's list. Reordering as stored would move them with the wrong key, so
they are first re-read in document order into neutral notes (``comments``): each key or list item
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import UsageError
from ..i18n import _
from ..load.kinds import DocumentKind, match_path
from ..load.linebreaks import Breaks
from ..load.schemacheck import SchemaStore
from ..load.yamlparse import MAX_FILE_BYTES, decode, parse_bytes, parse_text
from ..output.files import atomic_write
from .comments import Container, Notes, tokens
from .keyorder import SchemaOrder, reorder
from .yamledit import (
    dump_roundtrip,
    load_roundtrip,
)

_BOM = "\ufeff"


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
    breaks = Breaks(body)  # NEL, LS and PS in quoted strings: ruamel would break lines there
    try:
        root = load_roundtrip(breaks.text)
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
    out = breaks.put_back(_format_tree(root, kind, schema_store))
    if out != body:
        _verify(body, out, parsed.data, comments_before)
    if crlf:
        out = out.replace("\n", "\r\n")
    return _BOM + out if bom else out


def _format_tree(root: CommentedMap, kind: DocumentKind, store: SchemaStore) -> str:
    notes = Notes()
    header, footer = notes.read(root)
    order = SchemaOrder(store)
    reorder(root, order.root(kind), order)
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
        if not isinstance(node, Container):
            continue
        slots = [node.ca.comment, getattr(node.ca, "end", None), *node.ca.items.values()]
        for token in tokens(slots):
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
