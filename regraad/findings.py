"""Findings: what validation reports, one shape for every layer."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .i18n import N_


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. ``line`` and ``col`` are 1-based; 0 means unknown."""

    path: str
    line: int
    col: int
    rule: str
    severity: Severity
    message: str
    hint: str | None = None

    @property
    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Stable order: by file, then position, then rule."""
    return sorted(findings, key=lambda f: (f.path, f.line, f.col, f.rule, f.message))


# severities and rule kinds as shown to users (translated where printed)
_SHOWN = (N_("error"), N_("warning"), N_("policy"), N_("hint"))
