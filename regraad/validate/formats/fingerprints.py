"""One fingerprint per finding, for the tools that track findings across runs.

Code scanning (SARIF ``partialFingerprints``) and GitLab Code Quality match a finding
with the one of the previous run by its fingerprint: an alert stays open, and is not
reported again as new, while the same problem is in the data. So a fingerprint must not
change when nothing about the problem does:

- not with the message, which counts the days left until a later finding holds;
- not with the line number, which moves when lines are added above it;
- not with the day a finding is judged on (``since``), so an alert stays the same when
  its day comes.

It is made of the rule, the file, the text of the finding's line (indentation aside)
and how many findings of that rule on a line with that text came before it in the
report, so it is unique in a report. The line is hashed with identity numbers masked: a
hash of a short line would let anyone try every number until it matches.

The hash is written with letters only (``a`` to ``p``): a run of eleven hex digits could
read as an identity number, and the redacting stream every format writes through would
then mask part of the fingerprint.
"""

from __future__ import annotations

import hashlib

from ...findings import Finding
from ...privacy.personnummer import redact
from .. import Omitted, Report

_LETTERS = str.maketrans("0123456789", "ghijklmnop")
VERSION = "1"  # part of what is hashed: a new way of making them makes new ones


def _line_text(texts: dict[str, str], lines: dict[str, list[str]], f: Finding) -> str:
    if f.line <= 0 or f.path not in texts:
        return ""
    if f.path not in lines:
        lines[f.path] = texts[f.path].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found = lines[f.path]
    return redact(found[f.line - 1].strip()) if f.line <= len(found) else ""


def fingerprints(report: Report) -> list[str]:
    """A stable fingerprint for each of ``report.findings``, in the same order: 32
    letters, unique in the report."""
    texts = report.dataset.texts if report.dataset else {}
    lines: dict[str, list[str]] = {}
    seen: dict[tuple[str, ...], int] = {}
    out = []
    for f in report.findings:
        kind = "omitted" if isinstance(f, Omitted) else "finding"
        base = (VERSION, kind, f.rule, f.path, _line_text(texts, lines, f))
        n = seen[base] = seen.get(base, 0) + 1
        text = "\0".join([*base, str(n)])
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        out.append(digest[:32].translate(_LETTERS))
    return out
