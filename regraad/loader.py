"""Load a data root into a ``Dataset``: layers 1 (parse) and 2 (schema).

Every file becomes either a document or findings, never an exception. Parsing and
schema checking are pure functions of a file's bytes and its path, which is what lets a
content-addressed cache (keyed by blob hash) sit in front of ``load_file`` later
without the rules noticing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import gitio
from .dataset import Dataset, Document
from .findings import Finding, Severity
from .i18n import _
from .kinds import match_path
from .schemacheck import SchemaStore
from .sources import SourceFile, read_directory, read_revision
from .yamlparse import parse_bytes


@dataclass
class LoadedFile:
    document: Document | None
    text: str | None
    findings: list[Finding]


def load_file(source: SourceFile, schemas: SchemaStore) -> LoadedFile:
    """Parse and schema-check one file."""
    path = source.path
    if source.refused == "symlink-outside":
        return LoadedFile(
            None,
            None,
            [
                Finding(
                    path,
                    0,
                    0,
                    "FILE-PLACE",
                    Severity.ERROR,
                    _("symbolic link pointing outside the data root; not read"),
                    _("copy the file into data/ instead of linking to it"),
                )
            ],
        )
    if source.content is None:
        return LoadedFile(
            None,
            None,
            [Finding(path, 0, 0, "FILE-PLACE", Severity.ERROR, _("file could not be read"))],
        )
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
    parsed = parse_bytes(source.content)
    findings = [
        Finding(path, p.line, p.col, p.code, Severity.ERROR, p.message, p.hint)
        for p in parsed.problems
    ]
    text = _decode_for_scan(source.content)
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


def build(
    label: str,
    sources: Iterable[SourceFile],
    schemas: SchemaStore | None = None,
    revision: str | None = None,
) -> Dataset:
    store = schemas or SchemaStore()
    documents: list[Document] = []
    paths: list[str] = []
    texts: dict[str, str] = {}
    findings: list[Finding] = []
    for source in sources:
        paths.append(source.path)
        loaded = load_file(source, store)
        if loaded.document is not None:
            documents.append(loaded.document)
        if loaded.text is not None:
            texts[source.path] = loaded.text
        findings.extend(loaded.findings)
    return Dataset(label, documents, paths, texts, findings, revision)


def load_directory(root: Path, schemas: SchemaStore | None = None) -> Dataset:
    """The dataset in the working tree of ``root``."""
    return build(str(root), read_directory(root), schemas)


def load_revision(
    root: Path, rev: str, schemas: SchemaStore | None = None, where: gitio.Place | None = None
) -> Dataset:
    """The dataset as committed at ``rev``, read through git without a checkout."""
    where = where or gitio.require_place(root, "--rev")
    commit = gitio.resolve_commit(where.repo, rev)
    label = f"{rev} ({commit[:10]})"
    return build(label, read_revision(where.repo, commit, where.prefix), schemas, revision=commit)
