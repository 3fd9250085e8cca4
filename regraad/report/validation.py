"""The validation findings as the report shows them: counted by rule, errors listed.

The findings are ``regraad validate``'s own, so the report and the validator never
disagree; the report only chooses which of them concern the region (``scope``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..findings import Finding, Severity
from ..validate import represented


def count(findings: Iterable[Finding], severity: Severity) -> int:
    return sum(represented(f) for f in findings if f.severity is severity)


def finding_info(f: Finding) -> dict[str, Any]:
    return {
        "location": f.location,
        "path": f.path,
        "line": f.line,
        "rule": f.rule,
        "severity": f.severity.value,
        "message": f.message,
        "hint": f.hint,
    }


def findings_summary(findings: list[Finding]) -> dict[str, Any]:
    """Counts by rule (errors and warnings) and the errors themselves."""
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for f in findings:  # a finding that stands for the unlisted rest counts them all
        (errors if f.severity is Severity.ERROR else warnings)[f.rule] += represented(f)
    return {
        "errors": sum(errors.values()),
        "warnings": sum(warnings.values()),
        "by_rule": [
            {"rule": rule, "errors": errors[rule], "warnings": warnings[rule]}
            for rule in sorted(set(errors) | set(warnings))
        ],
        "error_list": [finding_info(f) for f in findings if f.severity is Severity.ERROR],
    }
