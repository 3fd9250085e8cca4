"""One file loaded: parsed (layer 1), checked against its kind's schema (layer 2),
scanned for identity numbers and contact data, and its entry in the cache.

Loading a file is a pure function of its bytes and its kind, so ``load_cached`` serves
it from the content-addressed cache (``cache.py``, keyed by blob hash and kind) when it
can: a cached file comes back as the same data, validity and findings, and its positions
come from parsing its bytes again when a finding needs them. ``cache_entry`` is what a
worker process (``pool``) hands back for the same file.
"""

from __future__ import annotations

import contextlib
import marshal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..findings import Finding, Severity
from ..i18n import N_, _, current_language
from .cache import Cache
from .dataset import Document
from .kinds import DocumentKind, match_path
from .privacyscan import scan
from .schemacheck import SchemaStore
from .sources import SourceFile
from .yamlparse import Path_, Pos, parse_bytes, parse_clean, size_problem

_ENTRY = 4  # the layout of a cache entry (see _encode); 4: privacy scans of parsed values


@dataclass
class LoadedFile:
    document: Document | None
    text: str | None
    findings: list[Finding]
    # national identity numbers, and e-mail addresses and phone numbers, in the text and
    # in the parsed values (``privacyscan``)
    scan: list[tuple[int, int, str]] | None = None
    contacts: list[tuple[str, int, int, str]] | None = None


def load_file(source: SourceFile, schemas: SchemaStore) -> LoadedFile:
    """Parse, schema-check and scan one file."""
    return _scan(_load_file(source, schemas))


def _load_file(source: SourceFile, schemas: SchemaStore) -> LoadedFile:
    path = source.path
    if source.content is None:
        return LoadedFile(None, None, [_refusal(source)])
    matched = match_path(path)
    if matched is None:
        hint = (
            _("regraad reads .yaml files; rename it to .yaml")
            if path.endswith(".yml")
            else _("see the data layout in the README; files under data/ must be one of its kinds")
        )
        text = _decode_for_scan(source.content)
        return LoadedFile(
            None,
            text,
            [
                Finding(
                    path,
                    0,
                    0,
                    "FILE-PLACE",
                    Severity.ERROR,
                    _("file in an unknown place under data/"),
                    hint,
                )
            ],
        )
    kind, params = matched
    return _load_known(source, source.content, kind, params, schemas)


# why a file was not read (SourceFile.refused): message and hint of its FILE-PLACE finding
_REFUSED: dict[str, tuple[str, str | None]] = {
    "symlink-outside": (
        N_("symbolic link pointing outside the data root; not read"),
        N_("copy the file into data/ instead of linking to it"),
    ),
    "symlink": (
        N_("symbolic link; not read"),
        N_("data/ holds plain files and folders: move or copy the target here"),
    ),
    "not-a-file": (
        N_("not a regular file; not read"),
        N_("data/ holds plain files and folders only; remove it"),
    ),
    "hidden": (
        N_("hidden file or folder (its name starts with a dot); not read"),
        N_("rename it without the leading dot, or move it out of data/"),
    ),
}


def _refusal(source: SourceFile) -> Finding:
    """The finding for a file that was not read.

    Too large is FILE-SIZE at 1:1, as parsing would say; the rest are FILE-PLACE at the
    file itself (0:0), which has no lines to point at."""
    if source.refused == "too-large":
        problem = size_problem(source.size)
        return Finding(
            source.path,
            problem.line,
            problem.col,
            problem.code,
            Severity.ERROR,
            problem.message,
            problem.hint,
        )
    message, hint = _REFUSED.get(source.refused or "", (N_("file could not be read"), None))
    return Finding(
        source.path,
        0,
        0,
        "FILE-PLACE",
        Severity.ERROR,
        _(message),
        _(hint) if hint else None,
    )


def _load_known(
    source: SourceFile,
    content: bytes,
    kind: DocumentKind,
    params: dict[str, str],
    schemas: SchemaStore,
) -> LoadedFile:
    path = source.path
    clean = parse_clean(content)
    if clean is not None:  # the usual case: no layer-1 finding, positions only if needed
        where = _Reparse(content)
        doc = Document(
            kind,
            path,
            params,
            clean,
            _LazyPositions(where, 0),
            _LazyPositions(where, 1),
            source.blob,
        )
        schema_findings = schemas.check(doc)
        doc.valid = not schema_findings
        return LoadedFile(doc, _decode_for_scan(content), schema_findings)
    parsed = parse_bytes(content)
    findings = [
        Finding(path, p.line, p.col, p.code, Severity.ERROR, p.message, p.hint)
        for p in parsed.problems
    ]
    text = _decode_for_scan(content)
    if parsed.data is None:
        return LoadedFile(None, text, findings)
    data: Any = parsed.data
    if not isinstance(data, dict):
        line, col = parsed.positions.get((), (1, 1))
        findings.append(
            Finding(
                path,
                line,
                col,
                "SCHEMA",
                Severity.ERROR,
                _("the document must be a mapping of keys to values"),
            )
        )
        return LoadedFile(None, text, findings)
    doc = Document(kind, path, params, data, parsed.positions, parsed.key_positions, source.blob)
    if findings:  # layer 1 first: an alias read as null would only add schema noise
        doc.valid = False
        return LoadedFile(doc, text, findings)
    schema_findings = schemas.check(doc)
    doc.valid = not schema_findings
    return LoadedFile(doc, text, schema_findings)


def _decode_for_scan(content: bytes) -> str:
    return content.decode("utf-8", "replace")


class _Reparse:
    """The positions of a cached document: its bytes parsed again when first asked for.

    Positions are most of what parsing makes and are only read for findings, so the
    cache does not keep them; parsing is a pure function of the bytes, so the second
    parse gives exactly the positions the first one did."""

    __slots__ = ("_content", "maps")

    def __init__(self, content: bytes) -> None:
        self._content = content
        self.maps: tuple[dict[Path_, Pos], dict[Path_, Pos]] | None = None

    def get(self, which: int) -> dict[Path_, Pos]:
        if self.maps is None:
            parsed = parse_bytes(self._content)
            self.maps = (parsed.positions, parsed.key_positions)
            self._content = b""
        return self.maps[which]


class _LazyPositions(Mapping[Path_, Pos]):
    """``positions`` or ``key_positions`` of a cached document."""

    __slots__ = ("_source", "_which")

    def __init__(self, source: _Reparse, which: int) -> None:
        self._source = source
        self._which = which

    def __getitem__(self, path: Path_) -> Pos:
        return self._source.get(self._which)[path]

    def get(self, path: Path_, default: Any = None) -> Any:
        return self._source.get(self._which).get(path, default)

    def __iter__(self) -> Iterator[Path_]:
        return iter(self._source.get(self._which))

    def __len__(self) -> int:
        return len(self._source.get(self._which))


def _scan(loaded: LoadedFile) -> LoadedFile:
    """Find what the privacy rules look for in the text and the parsed values once, so
    the cache keeps it too."""
    if loaded.text is None:
        loaded.scan, loaded.contacts = [], []
    else:
        loaded.scan, loaded.contacts = scan(loaded.text, loaded.document)
    return loaded


def _encode(loaded: LoadedFile) -> bytes:
    """A cache entry: plain tuples, dicts and strings only (``marshal``)."""
    doc = loaded.document
    findings = tuple(
        (f.line, f.col, f.rule, f.severity.value, f.message, f.hint) for f in loaded.findings
    )
    lang = current_language() if findings else ""  # messages are in the language of the run
    data = None if doc is None else doc.data
    valid = doc is not None and doc.valid
    scans = (tuple(loaded.scan or ()), tuple(loaded.contacts or ()))
    return marshal.dumps((_ENTRY, data, valid, findings, lang, *scans))


def _decode(
    raw: bytes, source: SourceFile, content: bytes, kind: DocumentKind, params: dict[str, str]
) -> LoadedFile | None:
    """The file loaded from its cache entry, or None when the entry cannot serve this run."""
    try:
        tag, data, valid, findings, lang, scan, contacts = marshal.loads(raw)
        if tag != _ENTRY or (lang and lang != current_language()):
            return None
        path = source.path
        loaded = LoadedFile(
            None,
            _decode_for_scan(content),
            [Finding(path, ln, col, r, Severity(sev), m, h) for ln, col, r, sev, m, h in findings],
            [tuple(hit) for hit in scan],
            [tuple(hit) for hit in contacts],
        )
        if data is not None:
            positions = _Reparse(content)
            loaded.document = Document(
                kind,
                path,
                params,
                data,
                _LazyPositions(positions, 0),
                _LazyPositions(positions, 1),
                source.blob,
                bool(valid),
            )
        return loaded
    except (EOFError, ValueError, TypeError, KeyError):  # never trust a damaged entry
        return None


def cache_entry(source: SourceFile, schemas: SchemaStore) -> bytes:
    """The cache entry of a file in a known place (empty where marshal refuses it): what
    a worker process hands back (``pool``)."""
    matched = match_path(source.path)
    assert matched is not None and source.content is not None
    loaded = _scan(_load_known(source, source.content, matched[0], matched[1], schemas))
    try:
        return _encode(loaded)
    except ValueError:
        return b""


def load_cached(source: SourceFile, schemas: SchemaStore, cache: Cache) -> LoadedFile:
    content = source.content
    matched = match_path(source.path) if content is not None and not source.refused else None
    if content is None or matched is None:
        return load_file(source, schemas)
    kind, params = matched
    key = f"{source.blob}:{kind.name}"
    raw = cache.get(key)
    if raw is not None:
        hit = _decode(raw, source, content, kind, params)
        if hit is not None:
            return hit
    loaded = _scan(_load_known(source, content, kind, params, schemas))
    with contextlib.suppress(ValueError):  # marshal refused something: load it next time
        cache.put(key, _encode(loaded))
    return loaded
