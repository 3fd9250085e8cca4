"""The schemas are usable on their own: valid 2020-12, documented, and they accept the
example dataset when read by plain jsonschema, outside regraad."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from ruamel.yaml import YAML

from regraad.load.kinds import KINDS, match_path

from .conftest import EXAMPLE_DATA, PROJECT

SCHEMAS = PROJECT / "schemas"
SCHEMA_FILES = sorted(SCHEMAS.glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _properties(node: Any, where: str) -> list[str]:
    """Paths of properties that lack a description (following nested schemas)."""
    missing: list[str] = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if "description" not in sub:
                missing.append(f"{where}.{name}")
        for key, sub in node.items():
            missing += _properties(sub, f"{where}.{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            missing += _properties(sub, f"{where}[{i}]")
    return missing


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_property_is_described(path: Path) -> None:
    assert _properties(json.loads(path.read_text(encoding="utf-8")), path.name) == []


def test_one_schema_per_kind() -> None:
    names = {p.name for p in SCHEMA_FILES}
    assert {k.schema_file for k in KINDS} | {"common.schema.json"} == names


def _plain(value: Any) -> Any:
    """What any YAML tool hands a JSON Schema validator: dates as ISO strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_example_dataset_validates_with_plain_jsonschema() -> None:
    registry: Registry[Any] = Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
        for p in SCHEMA_FILES
    )
    yaml = YAML(typ="safe", pure=True)
    checked = 0
    for path in sorted(EXAMPLE_DATA.rglob("*.yaml")):
        rel = path.relative_to(EXAMPLE_DATA.parent).as_posix()
        matched = match_path(rel)
        assert matched, rel
        schema = json.loads((SCHEMAS / matched[0].schema_file).read_text(encoding="utf-8"))
        validator = Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())
        errors = [e.message for e in validator.iter_errors(_plain(yaml.load(path)))]
        assert errors == [], rel
        checked += 1
    assert checked > 100


def test_every_schema_has_a_fast_check_that_agrees_with_jsonschema() -> None:
    """Every kind's schema compiles to the fast check (no keyword it cannot read, such as
    the goal set's if/then once was), and on the example files and on a goal set with
    goals beside its versions the fast check and jsonschema agree."""
    from regraad.load.schemacheck import SchemaStore
    from regraad.load.yamlparse import parse_bytes

    store = SchemaStore()
    fast = {name: check for name, check in store._fast.items() if check is not None}
    assert set(fast) == {kind.name for kind in KINDS}
    for path in sorted(EXAMPLE_DATA.rglob("*.yaml")):
        kind = match_path(path.relative_to(EXAMPLE_DATA.parent).as_posix())
        assert kind is not None
        parsed = parse_bytes(path.read_bytes())
        assert fast[kind[0].name](parsed.data), path
    goalset = parse_bytes((EXAMPLE_DATA / "goalsets/FKM.yaml").read_bytes()).data
    assert "versions" in goalset
    both = {**goalset, "goals": goalset["versions"][0]["goals"]}
    assert not fast["goalset"](both)
    schema = json.loads((SCHEMAS / "goalset.schema.json").read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
        for p in SCHEMA_FILES
    )
    assert list(Draft202012Validator(schema, registry=registry).iter_errors(both))
