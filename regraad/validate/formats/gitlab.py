"""GitLab Code Quality report: a JSON array, one issue per finding.

GitLab shows the issues in the merge request (new and fixed ones, against the target
branch's report) and beside the changed lines, matching them across pipelines by their
fingerprint (``fingerprints``). The fields are the subset of the Code Climate spec that
GitLab reads (docs.gitlab.com, "Code Quality", the report format); a path is relative to
the repository, as GitLab looks files up there. Text from the data goes through
``output.safe.escaped``: control and bidirectional characters shown, never obeyed.
"""

from __future__ import annotations

import json
from typing import TextIO

from ...findings import Finding, Severity
from ...output.safe import escaped
from .. import Omitted, Report
from .fingerprints import fingerprints


def _severity(report: Report, f: Finding) -> str:
    # GitLab's scale: info, minor, major, critical, blocker
    if isinstance(f, Omitted):
        return "info"  # stands for findings listed nowhere; the summary counts them
    return "major" if f.severity is Severity.ERROR or report.strict else "minor"


def as_list(report: Report) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for f, fingerprint in zip(report.findings, fingerprints(report), strict=True):
        text = f.message + (f" ({f.hint})" if f.hint else "")
        out.append(
            {
                "description": escaped(text),
                "check_name": f.rule,
                "fingerprint": fingerprint,
                "severity": _severity(report, f),
                "location": {
                    "path": escaped(report.repo_prefix + f.path),
                    "lines": {"begin": max(f.line, 1)},  # a whole-file finding: its first
                },
            }
        )
    return out


def write(report: Report, out: TextIO) -> None:
    json.dump(as_list(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
