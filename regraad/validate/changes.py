"""What a change brings: the findings ``--changed-since`` reports for a pull request."""

from __future__ import annotations

from collections import Counter

from ..findings import Finding, sort_findings


def _key(f: Finding) -> tuple[str, str, str, str]:
    """A finding as two revisions are compared: by rule, file and what it says (the
    entity it names), not by line, which an edit above it moves."""
    return (f.rule, f.path, f.severity.value, f.message)


def new_since(findings: list[Finding], before: list[Finding], changed: set[str]) -> list[Finding]:
    """The findings in ``changed`` files, and those elsewhere that ``before`` did not have
    (counted: a second identical finding is new when the revision had one)."""
    baseline = Counter(_key(f) for f in before)
    out = []
    for f in sort_findings(findings):
        if f.path in changed:
            out.append(f)
        elif baseline[_key(f)] > 0:
            baseline[_key(f)] -= 1
        else:
            out.append(f)
    return out
