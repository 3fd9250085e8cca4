"""The closing line every human-readable format shares."""

from __future__ import annotations

from ...i18n import _, ngettext
from .. import Report


def summary(report: Report) -> str:
    files = ngettext("{n} file", "{n} files", report.files).format(n=report.files)
    if not report.findings:
        return _("{files} checked in {source}: no problems found").format(
            files=files, source=report.label
        )
    errors = ngettext("{n} error", "{n} errors", report.errors).format(n=report.errors)
    warnings = ngettext("{n} warning", "{n} warnings", report.warnings).format(n=report.warnings)
    return _("{files} checked in {source}: {errors}, {warnings}").format(
        files=files, source=report.label, errors=errors, warnings=warnings
    )
