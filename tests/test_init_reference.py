"""`regraad init --reference`: the real reference data a RegUt starts from, and nobody in it.

The data is the example's real part (regions and their RegUt, trusts and sites, the
specialties whose codes are confirmed); what a RegUt must fill in is a warning, and the
fictional people, plans and proposals of the example never come along.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from regraad.cli.app import main

from .conftest import EXAMPLE_DATA

# Specialties of the example whose code is a placeholder or unconfirmed (domain.md marks
# them [?]): the schema requires a code, so the reference data leaves them out.
UNCONFIRMED_CODES = {
    "barnekirurgi",
    "bryst-og-endokrinkirurgi",
    "gastroenterologisk-kirurgi",
    "generell-kirurgi",
    "karkirurgi",
    "nyresykdommer",
    "plastikkirurgi",
    "urologi",
}
# Keys that hold a person or what a person wrote, in any kind of document.
PERSON_KEYS = {
    "members",
    "attendance",
    "election",
    "email",
    "phone",
    "github",
    "signed_by",
    "convened_by",
    "minutes_by",
    "history",
    "recommendations",
    "origin",
}
# Where a `name:` may stand in the reference data: regions, RegUt, trusts, sites, specialties.
NAME_PLACES = {("name",), ("regut", "name"), ("sites", "name")}

YAML_SAFE = YAML(typ="safe", pure=True)


def _load(path: Path) -> Any:
    return YAML_SAFE.load(path.read_text(encoding="utf-8"))


@pytest.fixture
def identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """git knows who commits (a config of the test's own); CI installs a release."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Kari Koordinator\n\temail = kari@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("REGRAAD_INSTALL", "regraad==0.1.0")


@pytest.fixture
def reference_repo(
    identity: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    """`regraad init R2 --reference`, run where a coordinator would run it."""
    monkeypatch.chdir(tmp_path)
    assert main(["init", "R2", "--reference"]) == 0
    assert "the reference data" in capsys.readouterr().out
    return tmp_path / "R2"


def _example_people() -> set[str]:
    """Every person's name in the example: council members, attendees, those elected, the
    minute takers."""
    people: set[str] = set()

    def walk(value: Any, key: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif key in {"name", "minutes_by"}:
            people.add(str(value).split(",")[0].strip())

    for folder in ("councils", "meetings"):
        for path in EXAMPLE_DATA.glob(f"specialties/*/{folder}/*.yaml"):
            walk(_load(path), "")
    return people


def _name_places(value: Any, where: tuple[str, ...], path: Path) -> list[tuple[str, ...]]:
    """Where each `name:` stands (its parent key and itself); no key may hold a person."""
    places: list[tuple[str, ...]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            assert k not in PERSON_KEYS, (path, k)
            if k == "name" and not isinstance(v, dict):
                places.append((*where[-1:], k))
            places += _name_places(v, (*where, str(k)), path)
    elif isinstance(value, list):
        for v in value:
            places += _name_places(v, where, path)
    return places


def test_reference_repository_validates_with_only_what_a_regut_must_fill_in(
    reference_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(reference_repo)
    assert main(["validate"]) == 0
    capsys.readouterr()
    assert main(["validate", "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    without_fagkontakt = [
        p
        for p in (reference_repo / "data/specialties").glob("*/specialty.yaml")
        if "fagkontakt" not in _load(p) and _load(p).get("hospital", True)
    ]
    assert without_fagkontakt  # the RegUt fills these in (hospital specialties only)
    assert {(f["rule"], f["severity"]) for f in findings} == {("F-FAGKONTAKT", "warning")}
    assert len(findings) == len(without_fagkontakt)
    # the CI the repository runs checks the layout too
    assert main(["fmt", "--check"]) == 0
    # nothing but the reference: no councils, coverage, plans, agreements or proposals
    for specialty in (reference_repo / "data/specialties").iterdir():
        assert sorted(p.name for p in specialty.iterdir()) == ["specialty.yaml"], specialty
    assert (reference_repo / "data/goalsets/.gitkeep").is_file()


def test_reference_repository_names_no_person(reference_repo: Path) -> None:
    data_files = sorted((reference_repo / "data").rglob("*.yaml"))
    assert len(data_files) > 60
    for path in data_files:
        for place in _name_places(_load(path), (), path):
            assert place in NAME_PLACES, (path, place)
    people = _example_people()
    assert len(people) > 20
    texts = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in reference_repo.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(reference_repo).parts
    )
    assert [name for name in sorted(people) if name in texts] == []


def test_reference_matches_the_examples_real_regions_trusts_and_specialties(
    reference_repo: Path,
) -> None:
    data = reference_repo / "data"

    def by_id(folder: Path, pattern: str) -> dict[str, Any]:
        return {
            p.stem if p.name != "specialty.yaml" else p.parent.name: _load(p)
            for p in sorted(folder.glob(pattern))
        }

    regions, example_regions = (
        by_id(data / "regions", "*.yaml"),
        by_id(EXAMPLE_DATA / "regions", "*.yaml"),
    )
    assert sorted(regions) == ["hmn", "hn", "hso", "hv"] == sorted(example_regions)
    names = {
        "hmn": "Helse Midt-Norge",
        "hn": "Helse Nord",
        "hso": "Helse Sør-Øst",
        "hv": "Helse Vest",
    }
    for rid, region in regions.items():
        example = example_regions[rid]
        assert region["name"] == example["name"] == names[rid]
        assert region["regut"]["name"] == example["regut"]["name"]
        assert region["regut"]["host"] == example["regut"]["host"]

    assert by_id(data / "trusts", "*.yaml") == by_id(EXAMPLE_DATA / "trusts", "*.yaml")

    specialties = by_id(data / "specialties", "*/specialty.yaml")
    example_specialties = by_id(EXAMPLE_DATA / "specialties", "*/specialty.yaml")
    placeholders = {s for s, d in example_specialties.items() if "plassholder" in d.get("note", "")}
    assert placeholders <= UNCONFIRMED_CODES
    assert set(specialties) == set(example_specialties) - UNCONFIRMED_CODES
    assert len(specialties) == 36
    for slug, spec in specialties.items():
        example = example_specialties[slug]
        for key in ("id", "code", "name", "part2", "hospital"):
            assert spec[key] == example[key], (slug, key)
        assert spec.get("fagkontakt") == example.get("fagkontakt"), slug
        assert spec["goals"] == [] and spec["goalsets"] == [], slug  # no invented goal texts
    fagkontakt = {slug: s["fagkontakt"] for slug, s in specialties.items() if "fagkontakt" in s}
    assert fagkontakt == {
        "anestesiologi": "hn",
        "onkologi": "hn",
        "barnesykdommer": "hmn",
        "fysikalsk-medisin-og-rehabilitering": "hmn",
        "fordoyelsessykdommer": "hso",
    }


def test_reference_with_example_is_a_usage_error_and_writes_nothing(
    identity: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "R2"
    assert main(["init", str(target), "--reference", "--example"]) == 2
    assert "--example and --reference" in capsys.readouterr().err
    assert not target.exists()
    target.mkdir()
    assert main(["init", str(target), "--example", "--reference", "--force"]) == 2
    assert list(target.iterdir()) == []
