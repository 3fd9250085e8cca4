"""Editors explain every key, in bokmål by default: each schema property has a title and a
description, the bokmål set differs from the English one only in those annotations, and
it accepts and refuses the same documents at the same places."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from regraad.cli.app import main
from regraad.load.loader import build
from regraad.load.schemacheck import SchemaStore
from regraad.load.sources import read_directory
from regraad.scaffold.schemas import export

from .conftest import EXAMPLE_DATA, PROJECT

SCHEMA_FILES = sorted((PROJECT / "schemas").glob("*.schema.json"))
ENGLISH = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA_FILES}


def _annotated(node: Any, where: str) -> list[tuple[str, Any]]:
    """Every property (and each value of a map, and each shared definition), by path."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("properties", "patternProperties", "$defs") and isinstance(value, dict):
                for name, sub in value.items():
                    found.append((f"{where}/{key}/{name}", sub))
                    found += _annotated(sub, f"{where}/{key}/{name}")
            elif key == "additionalProperties" and isinstance(value, dict):
                found.append((f"{where}/{key}", value))
                found += _annotated(value, f"{where}/{key}")
            elif key not in ("enum", "const", "examples", "default", "required"):
                found += _annotated(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            found += _annotated(item, f"{where}/{i}")
    return found


def _descriptions(node: Any) -> list[str]:
    """Every description text in a schema (a property named description holds a schema)."""
    if isinstance(node, list):
        return [text for item in node for text in _descriptions(item)]
    if not isinstance(node, dict):
        return []
    found = [node["description"]] if isinstance(node.get("description"), str) else []
    for key, value in node.items():
        if key not in ("enum", "const", "examples", "default", "required"):
            found += _descriptions(value)
    return found


def _without_annotations(node: Any) -> Any:
    """The schema with every title and description removed (property names kept)."""
    if isinstance(node, list):
        return [_without_annotations(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "patternProperties", "$defs") and isinstance(value, dict):
            out[key] = {name: _without_annotations(sub) for name, sub in value.items()}
        elif key in ("title", "description"):
            continue
        elif key in ("enum", "const", "examples", "default", "required"):
            out[key] = value
        else:
            out[key] = _without_annotations(value)
    return out


@pytest.fixture
def nb_schemas(tmp_path: Path) -> Path:
    directory = tmp_path / "nb"
    export(directory, lang="nb")
    return directory


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_property_has_a_title_and_a_description(path: Path) -> None:
    nodes = _annotated(ENGLISH[path.name], path.name)
    assert nodes
    for where, node in nodes:
        for keyword in ("title", "description"):
            value = node.get(keyword)
            assert isinstance(value, str) and value.strip(), f"{where}: no {keyword}"


def test_the_bokmal_table_translates_every_text_and_nothing_else() -> None:
    from regraad.scaffold.schema_language import texts, untranslated

    assert untranslated(ENGLISH, "nb") == []
    used = {text for schema in ENGLISH.values() for text in _descriptions(schema)}
    stale = sorted(set(texts("nb")) - used)
    assert stale == []  # an English description was reworded: update the table


def test_bokmal_set_differs_from_english_only_in_annotations(nb_schemas: Path) -> None:
    nb = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in nb_schemas.iterdir()}
    assert sorted(nb) == sorted(ENGLISH)
    changed = 0
    for name, english in ENGLISH.items():
        assert _without_annotations(nb[name]) == _without_annotations(english), name
        en_nodes = dict(_annotated(english, name))
        nb_nodes = dict(_annotated(nb[name], name))
        assert en_nodes.keys() == nb_nodes.keys()
        for where, node in nb_nodes.items():
            assert set(node) == set(en_nodes[where]), where  # title and description kept
            changed += node["description"] != en_nodes[where]["description"]
    assert changed > 200
    region = nb["region.schema.json"]
    assert region["title"] == "Helseregion"
    policy = region["properties"]["council_policy"]
    assert policy["title"] == "Rådenes sammensetning"
    assert "nestleder" in policy["properties"]["deputy"]["description"]


def test_bokmal_set_validates_the_example_identically(nb_schemas: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(EXAMPLE_DATA, root / "data")
    broken = {
        "data/regions/hmn.yaml": ("members_per_trust: 1", "members_per_trust: many"),
        "data/trusts/hmr.yaml": ("region: hmn", "region: HMN\nregions: hmn"),
        "data/specialties/urologi/capacity.yaml": ("specialty: urologi", "specialty: [urologi]"),
        "data/specialties/anestesiologi/specialty.yaml": ("code: ANE", "code: ane"),
    }
    for rel, (old, new) in broken.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, rel
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def schema_findings(store: SchemaStore) -> list[tuple[str, int, int, str, str, str]]:
        dataset = build("work", list(read_directory(root)), store)
        return sorted(
            (f.path, f.line, f.col, f.rule, str(f.severity), f.message)
            for f in dataset.load_findings
        )

    english = schema_findings(SchemaStore())
    assert len({f[0] for f in english}) == len(broken)  # each broken file, nothing else
    assert schema_findings(SchemaStore(nb_schemas)) == english


def test_init_writes_bokmal_schemas_unless_told_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("REGRAAD_INSTALL", "regraad==0.1.0")
    assert main(["init", str(tmp_path / "nb")]) == 0
    assert main(["init", "--lang", "nb", str(tmp_path / "nb2")]) == 0
    assert main(["init", "--lang", "en", str(tmp_path / "en")]) == 0
    capsys.readouterr()
    for folder in ("nb", "nb2"):
        trust = json.loads((tmp_path / folder / "schemas/trust.schema.json").read_text("utf-8"))
        assert trust["title"] == "Helseforetak"
        assert trust["properties"]["regional_hospital"]["description"] == (
            "true for regionens regionsykehus / universitetssykehus."
        )
        assert trust["properties"]["regional_hospital"]["title"] == "Regionsykehus"
    assert main(["schema", "trust"]) == 0
    shipped = json.loads(capsys.readouterr().out)
    english = json.loads((tmp_path / "en/schemas/trust.schema.json").read_text("utf-8"))
    assert english == shipped == ENGLISH["trust.schema.json"]


def test_init_with_an_unknown_language_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "R"
    assert main(["init", "--lang", "xx", str(target)]) == 2
    err = capsys.readouterr().err
    assert "--lang" in err and "'nb'" in err and "'en'" in err  # the choices, named
    assert not target.exists()
