"""SARIF 2.1.0 for code scanning: one run, a result per finding.

GitHub code scanning (and other SARIF viewers) show each result as an alert at its file
and line, and track it across runs by its partial fingerprint (``fingerprints``). A
file's URI is relative to the data root (``DATAROOT``), which ``originalUriBaseIds``
places in the repository (``%SRCROOT%``, the checkout). Text from the data goes through
``output.safe.escaped``: control and bidirectional characters shown, never obeyed; a
file name is percent-encoded, as a URI must be.

A finding judged on a later day (``Finding.since``) says from when in its message and
in its ``from`` property; the "more findings not listed" line of a file is a ``note``.
"""

from __future__ import annotations

import json
from typing import TextIO
from urllib.parse import quote

from ... import __version__
from ...findings import Finding, Severity
from ...i18n import _
from ...output.safe import escaped
from .. import LAYER_CHECKS, Omitted, Report, represented
from .fingerprints import fingerprints

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
ROOT_ID = "DATAROOT"
FINGERPRINT_KEY = "regraadFinding/v1"


def _level(report: Report, f: Finding) -> str:
    if isinstance(f, Omitted):
        return "note"  # stands for findings listed nowhere; the summary counts them
    return "error" if f.severity is Severity.ERROR or report.strict else "warning"


def _uri(path: str) -> str:
    # a URI reference: spaces, æøå and control characters percent-encoded; a file name
    # that is not UTF-8 (lone surrogates) as its original bytes
    return quote(path, safe="/", errors="surrogateescape")


def _descriptions() -> dict[str, str]:
    from ...rules import load_rules

    docs = dict(LAYER_CHECKS)
    docs.update((rule.id, rule.doc) for rule in load_rules().values())
    return docs


def _rules(ids: list[str]) -> list[dict[str, object]]:
    docs = _descriptions()
    return [
        {"id": rid, "shortDescription": {"text": escaped(_(docs[rid]) if rid in docs else rid)}}
        for rid in ids
    ]


def _location(f: Finding) -> dict[str, object]:
    physical: dict[str, object] = {"artifactLocation": {"uri": _uri(f.path), "uriBaseId": ROOT_ID}}
    if f.line > 0:
        region: dict[str, int] = {"startLine": f.line}
        if f.col > 0:
            region["startColumn"] = f.col
        physical["region"] = region
    return {"physicalLocation": physical}


def _result(
    report: Report, f: Finding, index: dict[str, int], fingerprint: str
) -> dict[str, object]:
    text = f.message + (f" ({f.hint})" if f.hint else "")
    properties: dict[str, object] = {"severity": f.severity.value}
    if f.since:
        properties["from"] = f.since  # the later day from which it holds (rules.timeline)
    if isinstance(f, Omitted):
        properties["count"] = represented(f)
    return {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": _level(report, f),
        "message": {"text": escaped(text)},
        "locations": [_location(f)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": properties,
    }


def as_dict(report: Report) -> dict[str, object]:
    ids = sorted({f.rule for f in report.findings})  # rule ids: ours, never from the data
    index = {rid: i for i, rid in enumerate(ids)}
    prints = fingerprints(report)
    # the data root inside its repository; "./" when it is the repository's root
    root: dict[str, object] = {"uri": _uri(report.repo_prefix) or "./", "uriBaseId": "%SRCROOT%"}
    run: dict[str, object] = {
        "tool": {"driver": {"name": "regraad", "version": __version__, "rules": _rules(ids)}},
        "originalUriBaseIds": {ROOT_ID: root},
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(report, f, index, fp) for f, fp in zip(report.findings, prints, strict=True)
        ],
        "properties": {
            "source": escaped(report.label),
            "errors": report.errors,
            "warnings": report.warnings,
            "failed": report.failed,
        },
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def write(report: Report, out: TextIO) -> None:
    json.dump(as_dict(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
