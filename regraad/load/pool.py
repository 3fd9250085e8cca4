"""Parsing many files in worker processes: a first run on a big dataset.

Workers parse the files and hand back cache entries, which ``loader.build`` then reads
like any cached file. The result is the same as parsing in one process, file by file;
only the work is shared out. Anything going wrong with the workers only means the
files are parsed in the main process instead.
"""

from __future__ import annotations

import os
import sys

from .cache import Cache
from .kinds import match_path
from .schemacheck import SchemaStore
from .sources import SourceFile

POOL_MIN = 300  # fewer files to parse than this, and starting workers costs more
_JOB: tuple[list[SourceFile], SchemaStore] | None = None  # what forked workers read


def _workers() -> int:
    """How many processes may parse at once (``REGRAAD_JOBS`` overrides; 1 turns it off)."""
    wanted = os.environ.get("REGRAAD_JOBS", "")
    if wanted.isdigit():
        return max(1, int(wanted))
    if not sys.platform.startswith("linux"):  # fork is only safe to rely on there
        return 1
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        available = os.cpu_count() or 1
    return min(available, 8)


def _cache_key(source: SourceFile) -> str | None:
    if source.content is None or source.refused:
        return None
    matched = match_path(source.path)
    return None if matched is None else f"{source.blob}:{matched[0].name}"


def fill_in(sources: list[SourceFile], store: SchemaStore, cache: Cache) -> None:
    workers = _workers()
    if workers < 2:
        return
    keys = [_cache_key(s) for s in sources]
    todo = [i for i, key in enumerate(keys) if key is not None and cache.get(key) is None]
    if len(todo) < POOL_MIN:
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _JOB
    store.prepare()  # compiled once here, inherited by every worker
    size = max(16, len(todo) // (workers * 4))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    _JOB = (sources, store)
    fork = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(workers, fork, initializer=_quiet_worker) as pool:
            done = list(pool.map(_parse_chunk, chunks))
    except (OSError, RuntimeError):  # no processes to be had, or one died: parse here
        return
    finally:
        _JOB = None
    for chunk, entries in zip(chunks, done, strict=True):
        for i, entry in zip(chunk, entries, strict=True):
            key = keys[i]
            if key is not None and entry:
                cache.put(key, entry)


def _quiet_worker() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _parse_chunk(indexes: list[int]) -> list[bytes]:
    """In a worker: the cache entries of these files (empty where marshal refused)."""
    from .entries import cache_entry  # loaded already: the worker is a fork of the loader

    assert _JOB is not None
    sources, store = _JOB
    return [cache_entry(sources[i], store) for i in indexes]
