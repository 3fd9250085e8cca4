"""Layer-1 limits that a committed case file cannot show: a file over 5 MB (FILE-SIZE).

The corpus check in test_cases.py counts FILE-SIZE as covered here (COVERED_ELSEWHERE).
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from regraad.load.yamlparse import MAX_FILE_BYTES
from regraad.validate import ValidateOptions, execute

from .conftest import AS_OF

# a trust no other file refers to, so only the file's own findings can appear
PATH = "data/trusts/diakonhjemmet.yaml"


def _new_findings(data_root: Path) -> list[tuple[str, str, int, int]]:
    report = execute(ValidateOptions(root=data_root, as_of=AS_OF))
    return [
        (f.rule, f.path, f.line, f.col)
        for f in report.findings
        if f.rule not in ("F-FAGKONTAKT", "K-BOTTLENECK")
    ]


def test_file_over_5_mb_is_refused_unread(data_root: Path) -> None:
    target = data_root / PATH
    filler = b"# " + b"x" * 97 + b"\n"  # 100-byte comment lines: valid YAML, only too big
    target.write_bytes(target.read_bytes() + filler * (6 * 1024 * 1024 // len(filler)))
    assert target.stat().st_size > MAX_FILE_BYTES

    report = execute(ValidateOptions(root=data_root, as_of=AS_OF))

    found = [f for f in report.findings if f.rule not in ("F-FAGKONTAKT", "K-BOTTLENECK")]
    assert [(f.rule, f.path, f.line, f.col) for f in found] == [("FILE-SIZE", PATH, 1, 1)]
    assert "6.0 MB" in found[0].message
    assert found[0].hint


def test_file_of_exactly_5_mb_is_read(data_root: Path) -> None:
    target = data_root / PATH
    original = target.read_bytes()
    target.write_bytes(original + b"#" * (MAX_FILE_BYTES - len(original) - 1) + b"\n")
    assert target.stat().st_size == MAX_FILE_BYTES

    assert _new_findings(data_root) == []


def test_file_of_50_mb_is_refused_without_reading_it(tmp_path: Path) -> None:
    root = tmp_path / "root"
    target = root / PATH
    target.parent.mkdir(parents=True)
    with target.open("wb") as out:  # a valid start, then a sparse hole up to 50 MB
        out.write(b"id: diakonhjemmet\nname: Diakonhjemmet Sykehus\n")
        out.truncate(50 * 1024 * 1024)

    tracemalloc.start()
    try:
        report = execute(ValidateOptions(root=root, as_of=AS_OF, cache=False))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    found = [(f.rule, f.path, f.line, f.col) for f in report.findings]
    assert found == [("FILE-SIZE", PATH, 1, 1)]
    assert "50.0 MB" in report.findings[0].message
    assert peak < 10 * 1024 * 1024, f"{peak / 1048576:.0f} MB allocated: the file was read"
