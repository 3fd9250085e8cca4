"""Load a data root, or a git revision of it, into a ``Dataset``: layers 1 (parse) and
2 (schema), file by file (``entries``), in worker processes when there are many
(``pool``), through the content-addressed cache (``cache``).

Every file becomes either a document or findings, never an exception.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable
from pathlib import Path

from ..findings import Finding
from ..git import gitio
from . import pool
from .cache import Cache, open_cache
from .dataset import Dataset, Document
from .entries import load_cached, load_file
from .schemacheck import SchemaStore
from .sources import SourceFile, read_directory, read_revision

_FREEZE_FILES = 1000  # datasets this big are kept out of the garbage collector's walks


def build(
    label: str,
    sources: Iterable[SourceFile],
    schemas: SchemaStore | None = None,
    revision: str | None = None,
    cache: Cache | None = None,
) -> Dataset:
    store = schemas or SchemaStore()
    documents: list[Document] = []
    paths: list[str] = []
    texts: dict[str, str] = {}
    scans: dict[str, list[tuple[int, int, str]]] = {}
    contacts: dict[str, list[tuple[str, int, int, str]]] = {}
    findings: list[Finding] = []
    # Loading makes millions of small objects and no garbage cycles; collecting while
    # it runs only walks the growing dataset again and again. A big dataset is then
    # frozen out of the collector's sight: it lives as long as the command, and every
    # later collection would walk all of it again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        sources = list(sources)
        identity = hashlib.sha256()
        for source in sorted(sources, key=lambda s: s.path):  # a tree and a checkout alike
            record = f"{source.path}\0{source.blob}\0{source.refused}\0"
            identity.update(record.encode("utf-8", "surrogateescape"))  # any file name
        if len(sources) >= pool.POOL_MIN:
            cache = cache or Cache.memory()
            pool.fill_in(sources, store, cache)
        for source in sources:
            paths.append(source.path)
            loaded = (
                load_file(source, store) if cache is None else load_cached(source, store, cache)
            )
            if loaded.document is not None:
                documents.append(loaded.document)
            if loaded.text is not None:
                texts[source.path] = loaded.text
                if loaded.scan is not None:
                    scans[source.path] = loaded.scan
                if loaded.contacts is not None:
                    contacts[source.path] = loaded.contacts
            findings.extend(loaded.findings)
    finally:
        if collecting:
            if len(paths) >= _FREEZE_FILES:
                gc.freeze()
            gc.enable()
    if cache is not None:
        cache.save()
    return Dataset(
        label, documents, paths, texts, findings, revision, scans, contacts, identity.hexdigest()
    )


def cache_for(root: Path, schemas: SchemaStore, cache: bool | Cache = True) -> Cache | None:
    """The cache to load ``root`` with: the one given, the root's own, or none."""
    if isinstance(cache, Cache):
        return cache
    return open_cache(root, schemas.fingerprint) if cache else None


def load_directory(
    root: Path, schemas: SchemaStore | None = None, *, cache: bool | Cache = True
) -> Dataset:
    """The dataset in the working tree of ``root``."""
    store = schemas or SchemaStore()
    return build(str(root), read_directory(root), store, cache=cache_for(root, store, cache))


def load_revision(
    root: Path,
    rev: str,
    schemas: SchemaStore | None = None,
    where: gitio.Place | None = None,
    *,
    cache: bool | Cache = True,
) -> Dataset:
    """The dataset as committed at ``rev``, read through git without a checkout."""
    where = where or gitio.require_place(root, "--rev")
    commit = gitio.resolve_commit(where.repo, rev)
    label = f"{rev} ({commit[:10]})"
    store = schemas or SchemaStore()
    sources = read_revision(where.repo, commit, where.prefix)
    return build(label, sources, store, revision=commit, cache=cache_for(root, store, cache))
