r"""The example-file corpus in tests/cases/: adding a case is adding a file.

Each case file is written into a copy of the example dataset at the path its header
names, then the dataset is validated. Header lines (YAML comments at the top, so they
are part of the written file and line numbers count them):

    # case: what the case shows
    # path: data/specialties/urologi/coverage/ahus.yaml   where the file is written
    # expect: V-VIA 12:3                 a finding in that file, rule line:col
    # expect: REF data/trusts/hmr.yaml 5:9   a finding in another file
    # expect: none                       a positive case: nothing beyond the baseline
    # hint: did you mean                 (optional) text the first finding's hint holds
    # message: '\u0410NE-002'         (optional) text the first finding's message holds
    # delete: data/specialties/x/y.yaml  (optional) remove a file of the copy first

The findings beyond the unmodified dataset's (its F-FAGKONTAKT warnings) must be exactly
the expected ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from regraad.rules import load_rules
from regraad.validate import LAYER_CHECKS, ValidateOptions, execute

from .conftest import AS_OF, EXAMPLE_DATA

CASES = Path(__file__).parent / "cases"
_HEADER = re.compile(rb"^#\s*([a-z-]+):\s*(.*?)\s*$")
_EXPECT = re.compile(r"^(?P<rule>[A-Z0-9-]+)(?:\s+(?P<path>\S+))?\s+(?P<line>\d+):(?P<col>\d+)$")


@dataclass
class Case:
    file: Path
    path: str = ""
    expect: set[tuple[str, str, int, int]] = field(default_factory=set)
    positive: bool = False
    hint: str | None = None
    message: str | None = None
    delete: list[str] = field(default_factory=list)


def parse_case(file: Path) -> Case:
    case = Case(file)
    raw = file.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for line in raw.splitlines():
        match = _HEADER.match(line)
        if not match:
            break
        key, value = match.group(1).decode(), match.group(2).decode()
        if key == "path":
            case.path = value
        elif key == "expect" and value == "none":
            case.positive = True
        elif key == "expect":
            m = _EXPECT.match(value)
            assert m, f"{file}: bad expect line {value!r}"
            case.expect.add((m["rule"], m["path"] or "", int(m["line"]), int(m["col"])))
        elif key == "hint":
            case.hint = value
        elif key == "message":
            case.message = value
        elif key == "delete":
            case.delete.append(value)
    assert case.path, f"{file}: no '# path:' header"
    assert case.positive != bool(case.expect), f"{file}: say 'expect: none' or list findings"
    case.expect = {(r, p or case.path, ln, c) for r, p, ln, c in case.expect}
    return case


ALL_CASES = sorted(CASES.rglob("*.yaml")) + sorted(CASES.rglob("*.case"))

# Checks whose failing case cannot be a committed file; each is tested elsewhere:
# FILE-SIZE needs a file over 5 MB (tests/test_layer_limits.py writes one). Hostile
# files of checks that do have cases here (links, a FIFO, a newline in a file name) are
# in tests/test_hostile_files.py.
COVERED_ELSEWHERE = {"FILE-SIZE"}


def _key(f: object) -> tuple[str, str, int, int]:
    return (f.rule, f.path, f.line, f.col)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def baseline() -> set[tuple[str, str, int, int]]:
    report = execute(ValidateOptions(root=EXAMPLE_DATA.parent, as_of=AS_OF))
    return {_key(f) for f in report.findings}


@pytest.mark.parametrize("case_file", ALL_CASES, ids=lambda p: str(p.relative_to(CASES)))
def test_case(case_file: Path, data_root: Path, baseline: set[tuple[str, str, int, int]]) -> None:
    case = parse_case(case_file)
    for victim in case.delete:
        (data_root / victim).unlink()
    target = data_root / case.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case_file.read_bytes())
    report = execute(ValidateOptions(root=data_root, as_of=AS_OF))
    found = {_key(f) for f in report.findings} - baseline
    assert found == case.expect, "\n".join(
        f"{f.location} {f.rule} {f.message}" for f in report.findings if _key(f) in found
    )
    first = next((f for f in report.findings if _key(f) in case.expect), None)
    if case.hint:
        assert first and first.hint and case.hint in first.hint
    if case.message:
        assert first and case.message in first.message


def test_every_check_has_a_failing_case() -> None:
    covered = {rule for case in map(parse_case, ALL_CASES) for rule, *_ in case.expect}
    missing = sorted((set(LAYER_CHECKS) | set(load_rules())) - covered - COVERED_ELSEWHERE)
    assert not missing, f"no failing case for: {', '.join(missing)}"


def test_example_dataset_is_clean_but_for_fagkontakt(
    baseline: set[tuple[str, str, int, int]],
) -> None:
    assert baseline, "the example dataset should carry its honest F-FAGKONTAKT warnings"
    # and its one real bottleneck: Innlandet's urology LIS waiting for OUS
    assert {rule for rule, *_ in baseline} == {"F-FAGKONTAKT", "K-BOTTLENECK"}
    assert {path for rule, path, *_ in baseline if rule == "K-BOTTLENECK"} == {
        "data/specialties/urologi/capacity.yaml"
    }
