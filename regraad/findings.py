"""Findings: what validation reports, one shape for every layer."""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field

from .i18n import N_


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. ``line`` and ``col`` are 1-based; 0 means unknown.

    ``since`` is the later day from which a finding holds (``rules.timeline``); None when
    it holds on the day judged. ``gap`` marks what the data lacks (no leader, a goal no
    period reaches) as opposed to what it contradicts: a gap that opens later is a warning
    until that day."""

    path: str
    line: int
    col: int
    rule: str
    severity: Severity
    message: str
    hint: str | None = None
    since: str | None = field(default=None, compare=False)
    gap: bool = field(default=False, compare=False)

    @property
    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


def shown(value: object) -> str:
    """A value as a message quotes it, with what a reader cannot see written as escapes.

    Control and format characters, combining marks, unusual spaces and letters beyond
    the Latin alphabets become ``\\u0410``-style escapes, so 'АNE-001' (a Cyrillic А)
    or a decomposed Å do not look like the value they imitate.
    """
    text = str(value)
    if text.isascii() and text.isprintable():
        return text
    return "".join(_visible(ch) for ch in text)


def _visible(ch: str) -> str:
    code = ord(ch)
    if ch == " " or (ch.isprintable() and code <= 0x24F and not unicodedata.combining(ch)):
        return ch  # ASCII and the Latin letters of Norwegian, Sámi and their neighbours
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Stable order: by file, then position, then rule."""
    return sorted(findings, key=lambda f: (f.path, f.line, f.col, f.rule, f.message))


# severities and rule kinds as shown to users (translated where printed)
_SHOWN = (N_("error"), N_("warning"), N_("policy"), N_("hint"))
