"""JSON for machines; the shape is documented in the README and versioned."""

from __future__ import annotations

import json
from typing import TextIO

from .. import Report

FORMAT_VERSION = 1


def as_dict(report: Report) -> dict[str, object]:
    return {
        "format": FORMAT_VERSION,
        "source": report.label,
        "files": report.files,
        "documents": report.documents,
        "summary": {
            "errors": report.errors,
            "warnings": report.warnings,
            "failed": report.failed,
        },
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "column": f.col,
                "rule": f.rule,
                "severity": f.severity.value,
                "message": f.message,
                "hint": f.hint,
                # the later day from which the finding holds (rules.timeline); null: now
                "from": f.since,
            }
            for f in report.findings
        ],
    }


def write(report: Report, out: TextIO) -> None:
    json.dump(as_dict(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
