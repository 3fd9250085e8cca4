"""The rules' findings on a dataset, on one day or over time, kept in the cache.

The rules' findings are a pure function of the files, the day, the checks, the language
and the code: with a cache they are stored under a key of all of these, so a second run
on unchanged data (CI after a rebase, a coordinator's repeated ``validate``) skips the
rules entirely.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal

from ..findings import Finding, Severity
from ..i18n import current_language
from ..load.cache import Cache, package_fingerprint
from ..load.dataset import Dataset
from ..rules import run_rules
from ..rules.timeline import judge


def judged(
    dataset: Dataset,
    as_of: str,
    selected: set[str],
    timeline: bool,
    cache: Cache | None = None,
) -> list[Finding]:
    """The dataset's findings of the selected checks: on ``as_of`` alone, or (``timeline``)
    on ``as_of`` and every later day the data names, as ``rules.timeline`` presents them.

    The rules' findings are a pure function of the files, the day, the checks, the
    language and the code, so with a ``cache`` they are kept under a key of all of these:
    a second run on unchanged data (CI after a rebase, a coordinator's repeated
    ``validate``) skips the rules entirely."""
    findings = [f for f in dataset.load_findings if f.rule in selected]
    key = _judgement_key(dataset, as_of, selected, timeline) if cache is not None else None
    if cache is not None and key is not None:
        found = _decode(cache.get(key))
        if found is not None:
            return findings + found
    if timeline:
        ruled = judge(dataset, as_of, selected).presented()
    else:
        ruled = run_rules(dataset, as_of, selected)
    if cache is not None and key is not None:
        with contextlib.suppress(ValueError):
            cache.put(key, marshal.dumps([_as_tuple(f) for f in ruled]))
            cache.save()
    return findings + ruled


def _judgement_key(dataset: Dataset, as_of: str, selected: set[str], timeline: bool) -> str | None:
    if not dataset.content_id:
        return None
    parts = (
        package_fingerprint(),
        dataset.content_id,
        as_of,
        str(timeline),
        ",".join(sorted(selected)),
        current_language(),
    )
    return "judged:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _as_tuple(f: Finding) -> tuple[object, ...]:
    return (f.path, f.line, f.col, f.rule, f.severity.value, f.message, f.hint, f.since, f.gap)


def _decode(raw: bytes | None) -> list[Finding] | None:
    """The findings of a cache entry; None when it is missing or not what we wrote."""
    if raw is None:
        return None
    try:
        rows = marshal.loads(raw)
        return [
            Finding(p, ln, c, r, Severity(s), m, h, since=d, gap=bool(g))
            for p, ln, c, r, s, m, h, d, g in rows
        ]
    except (EOFError, ValueError, TypeError):  # never trust a damaged entry
        return None
