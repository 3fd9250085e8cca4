"""`regraad schema`: the shipped schemas, printed or exported, usable as they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from regraad.cli.app import main
from regraad.load.kinds import KINDS_BY_NAME

from .conftest import PROJECT


def test_lists_kinds_and_prints_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out.split() == sorted(KINDS_BY_NAME)
    assert main(["schema", "coverage"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads((PROJECT / "schemas/coverage.schema.json").read_text("utf-8"))


def test_export_writes_every_schema_that_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["schema", "--out", str(tmp_path / "s")]) == 0
    names = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert names == sorted(p.name for p in (PROJECT / "schemas").glob("*.schema.json"))
    for path in (tmp_path / "s").iterdir():
        Draft202012Validator.check_schema(json.loads(path.read_text("utf-8")))


def test_export_of_one_kind_brings_what_it_references(tmp_path: Path) -> None:
    assert main(["schema", "council", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "common.schema.json",
        "council.schema.json",
    ]


def test_unknown_kind_or_bad_out_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["schema", "councils"]) == 2
    assert "unknown document kind 'councils'" in capsys.readouterr().err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["schema", "--out", str(blocker)]) == 2
    assert blocker.read_text() == "x"
