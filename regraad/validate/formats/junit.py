"""JUnit XML: one test case per checked file, failing when it has errors.

File names, messages and hints come from the data and may hold characters XML 1.0
cannot (ESC, NUL) or should not show as they are (bidirectional overrides): every text
and attribute goes through ``output.safe.xml_text``, so the report stays well-formed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TextIO

from ...findings import Finding, Severity
from ...output.safe import xml_text
from .. import Report


def _line(f: Finding) -> str:
    text = f"{f.location} {f.severity.value} {f.rule} {f.message}"
    return xml_text(text + (f"\n    hint: {f.hint}" if f.hint else ""))


def write(report: Report, out: TextIO) -> None:
    by_path = {p: list(g) for p, g in groupby(report.findings, key=lambda f: f.path)}
    paths = sorted(set(report.dataset.paths if report.dataset else []) | set(by_path))
    suite = ET.Element("testsuite", name="regraad validate", tests=str(len(paths)))
    failures = 0
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname="regraad.validate", name=xml_text(path))
        findings = by_path.get(path, [])
        failing = [f for f in findings if f.severity is Severity.ERROR or report.strict]
        if failing:
            failures += 1
            failure = ET.SubElement(
                case,
                "failure",
                message=xml_text(failing[0].message),
                type=xml_text(failing[0].rule),
            )
            failure.text = "\n".join(_line(f) for f in failing)
        others = [f for f in findings if f not in failing]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    root = ET.Element("testsuites", name="regraad", tests=str(len(paths)), failures=str(failures))
    root.append(suite)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
