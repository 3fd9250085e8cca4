"""GitHub Actions workflow commands: one annotation per finding, then a summary."""

from __future__ import annotations

from typing import TextIO

from ...findings import Severity
from ...output.safe import escaped
from .. import Report
from .summary import summary


def _escape_data(value: str) -> str:
    # GitHub's logs act on terminal escapes: control characters from the data are shown
    return escaped(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def write(report: Report, out: TextIO) -> None:
    for f in report.findings:
        level = "error" if f.severity is Severity.ERROR or report.strict else "warning"
        props = [f"file={_escape_property(report.repo_prefix + f.path)}"]
        if f.line:
            props += [f"line={f.line}", f"col={f.col}"]
        props.append(f"title={_escape_property(f.rule)}")
        text = f.message + (f" ({f.hint})" if f.hint else "")
        out.write(f"::{level} {','.join(props)}::{_escape_data(text)}\n")
    out.write(summary(report) + "\n")
