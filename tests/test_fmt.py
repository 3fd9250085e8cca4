"""`regraad fmt`: schema key order and one layout, comments and blank lines kept."""

from __future__ import annotations

import io
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from regraad.cli.app import main
from regraad.edit.fmt import Unformattable, format_root, format_text
from regraad.edit.yamledit import dump_roundtrip, load_roundtrip, new_yaml
from regraad.load.kinds import KINDS_BY_NAME, match_path
from regraad.load.loader import load_directory
from regraad.load.schemacheck import SchemaStore
from regraad.load.yamlparse import parse_text

from .conftest import EXAMPLE_DATA

STORE = SchemaStore()
COUNCIL = KINDS_BY_NAME["council"]
ROTATION = KINDS_BY_NAME["rotation"]
REGION = KINDS_BY_NAME["region"]


def fmt(text: str, kind: Any = COUNCIL) -> str:
    return format_text(text, kind, STORE)


def keys(text: str, *path: str | int) -> list[str]:
    node: Any = parse_text(text).data
    for part in path:
        node = node[part]
    return list(node)


def comments(text: str) -> Counter[str]:
    """Full-line and end-of-line comments, as text."""
    found = (_COMMENT.search(line) for line in text.splitlines())
    return Counter(match.group(1).strip() for match in found if match)


_COMMENT = re.compile(r"(?:^|\s)(#.*)$")


COUNCIL_TEXT = """\
# yaml-language-server: $schema=../../../../schemas/council.schema.json
# Council of anestesiologi in HMN.
region: hmn  # the region
specialty: anestesiologi

# The members, the leader first.
members:
  # Leader from St. Olavs after the mandate.
  - role: leader   # elected 2022-12-06
    # as in the personnel register
    name: Ingrid Sæther Bakken
    trust: stolav
    title: overlege
    specialist: true
    from: 2023-01-01
  - name: Olav Kvernmo
    trust: stolav
    role: member
    title: overlege
    specialist: true
    from: 2018-11-01
# Meets three times a year.
note: Møtes tre ganger i året.
established: 2018-11-01
"""


COUNCIL_FORMATTED = """\
# yaml-language-server: $schema=../../../../schemas/council.schema.json
# Council of anestesiologi in HMN.
specialty: anestesiologi
region: hmn  # the region
established: 2018-11-01

# The members, the leader first.
members:
  # Leader from St. Olavs after the mandate.
  # as in the personnel register
  - name: Ingrid Sæther Bakken
    trust: stolav
    role: leader   # elected 2022-12-06
    title: overlege
    specialist: true
    from: 2023-01-01
  - name: Olav Kvernmo
    trust: stolav
    role: member
    title: overlege
    specialist: true
    from: 2018-11-01
# Meets three times a year.
note: Møtes tre ganger i året.
"""


# --- the core -----------------------------------------------------------------------


def test_keys_follow_the_schema_top_level_and_nested() -> None:
    out = fmt(COUNCIL_TEXT)
    assert keys(out) == ["specialty", "region", "established", "members", "note"]
    assert keys(out, "members", 0) == [
        "name",
        "trust",
        "role",
        "title",
        "specialist",
        "from",
    ]


def test_comments_and_blank_lines_are_kept_and_move_with_their_key() -> None:
    out = fmt(COUNCIL_TEXT)
    assert comments(out) == comments(COUNCIL_TEXT)
    assert out == COUNCIL_FORMATTED


def test_a_comment_above_a_key_is_not_left_with_the_key_before_it() -> None:
    # ruamel stores "# about the note" on `months`' end-of-line slot, and "# about
    # goals" deep inside requires; both must travel with the key below them
    text = """\
specialty: anestesiologi
trust: hmr
intake_per_year: 4
periods:
  - id: central
    trust: stolav
    months: 12
    # about the note
    note: Sentral periode.
    requires:
      goalsets: [FKM]  # the common goals first
      goals: [ANE-001]
    # about goals
    goals: [ANE-015]
"""
    out = fmt(text, ROTATION)
    assert keys(out, "periods", 0) == ["id", "trust", "months", "requires", "goals", "note"]
    assert keys(out, "periods", 0, "requires") == ["goals", "goalsets"]
    lines = out.splitlines()
    assert lines[lines.index("    # about the note") + 1] == "    note: Sentral periode."
    assert lines[lines.index("    # about goals") + 1] == "    goals: [ANE-015]"
    assert "      goalsets: [FKM]  # the common goals first" in lines
    assert fmt(out, ROTATION) == out


def test_the_header_stays_on_top_and_the_footer_at_the_end() -> None:
    text = "# header\n\nname: Helse Midt-Norge\nid: hmn\n# footer\n\n\n"
    assert fmt(text, REGION) == "# header\n\nid: hmn\nname: Helse Midt-Norge\n# footer\n"


def test_unknown_keys_keep_their_order_after_the_known_ones() -> None:
    text = "zeta: 1\nname: Helse Midt-Norge\nalpha: 2\nid: hmn\n"
    assert keys(fmt(text, REGION)) == ["id", "name", "zeta", "alpha"]


def test_layout_is_normalised() -> None:
    text = (
        "id: hmn   \n"
        "name:    Helse Midt-Norge\n"
        "reports_to:\n"
        "- HR-direktør i RHF\n"
        "-   fagdirektør i RHF\n"
        "regut:\n"
        "      name: RegUt HMN\n"
        "      host: stolav\n"
        "      # indented too far\n"
        "      email: regut.hmn@stolav.no\n"
    )
    assert fmt(text, REGION) == (
        "id: hmn\n"
        "name: Helse Midt-Norge\n"
        "regut:\n"
        "  name: RegUt HMN\n"
        "  host: stolav\n"
        "  # indented too far\n"
        "  email: regut.hmn@stolav.no\n"
        "reports_to:\n"
        "  - HR-direktør i RHF\n"
        "  - fagdirektør i RHF\n"
    )


def test_values_are_written_as_they_were() -> None:
    text = (
        "id: hmn\n"
        "name: 'no'\n"
        "short: NO\n"
        "web: 2026-3-1\n"
        "council_policy:\n"
        "  leader_preferred_trust:\n"
        "  members_per_trust: 010\n"
        '  deputy: "optional"\n'
    )
    out = fmt(text, REGION)
    assert "name: 'no'\n" in out
    assert "short: NO\n" in out
    assert "web: 2026-3-1\n" in out  # not a date to "fix"
    assert "leader_preferred_trust: null\n" in out  # an empty value is written null
    assert '  deputy: "optional"\n' in out
    assert parse_text(out).data == parse_text(text).data


def test_flow_style_is_kept_and_long_lists_wrap_under_their_bracket() -> None:
    goals = ", ".join(f"ANE-{n:03d}" for n in range(1, 31))
    text = (
        "specialty: anestesiologi\ntrust: hmr\nintake_per_year: 4\nvalid: {from: 2026-03-01}\n"
        f"periods:\n  - {{id: a, trust: hmr, months: 1, goals: [ANE-001]}}\n"
        f"  - id: b\n    trust: hmr\n    months: 2\n    goals: [{goals}]\n"
    )
    out = fmt(text, ROTATION)
    assert "valid: {from: 2026-03-01}\n" in out
    assert "  - {id: a, trust: hmr, months: 1, goals: [ANE-001]}\n" in out
    wrapped = [line for line in out.splitlines() if "ANE-0" in line][1:]
    assert len(wrapped) > 2
    assert all(len(line) <= 100 for line in wrapped)
    assert all(line.startswith(" " * 12 + "ANE-") for line in wrapped[1:])
    assert fmt(out, ROTATION) == out


def test_crlf_and_bom_are_kept() -> None:
    text = "\ufeff# header\r\nname: Helse Midt-Norge\r\nid: hmn\r\n"
    out = fmt(text, REGION)
    assert out == "\ufeff# header\r\nid: hmn\r\nname: Helse Midt-Norge\r\n"
    assert "\n" not in out.replace("\r\n", "")
    assert fmt(out, REGION) == out


@pytest.mark.parametrize(
    ("text", "where", "why"),
    [
        ("id: hmn\nid: hv\n", (2, 1), "duplicate key"),
        ("id: hmn\nname:\n\t- x\n", (3, 1), "tab"),
        ("id: hmn\n---\nid: hv\n", (2, 1), "second YAML document"),
        ("id: hmn\n<<<<<<< HEAD\n", (2, 1), "conflict"),
        ("id: &a hmn\nname: *a\n", (1, 5), "anchor"),
        ("id: [hmn\n", (1, 5), "syntax"),
        ("- hmn\n", (1, 1), "mapping"),
        ("id: hmn\nname: [a,  # inside the list\n  b]\n", (2, 12), "cannot keep this comment"),
    ],
)
def test_files_fmt_cannot_keep_are_refused_with_a_position(
    text: str, where: tuple[int, int], why: str
) -> None:
    with pytest.raises(Unformattable) as caught:
        fmt(text, REGION)
    assert (caught.value.line, caught.value.col) == where
    assert why in caught.value.message


def test_yamledit_round_trips_every_shipped_document_unchanged() -> None:
    # the shipped data is in the one layout, modeline and header comments included
    for path in sorted(EXAMPLE_DATA.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert dump_roundtrip(load_roundtrip(text)) == text, path


def test_idempotent_on_every_shipped_document() -> None:
    for result in format_root(EXAMPLE_DATA.parent, store=STORE):
        assert result.new is not None, result.skipped
        matched = match_path(result.path)
        assert matched is not None
        assert fmt(result.new, matched[0]) == result.new, result.path


# --- the command ----------------------------------------------------------------------


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), "fmt", *args])


def loaded(root: Path) -> dict[str, Any]:
    return {doc.path: doc.data for doc in load_directory(root).documents}


def test_the_shipped_example_is_fmt_clean(
    data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data_root, "--check") == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "files already formatted" in err


def test_check_lists_what_would_change_exits_1_and_writes_nothing(
    data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    council = data_root / "data/specialties/anestesiologi/councils/hmn.yaml"
    trust = data_root / "data/trusts/hmr.yaml"
    council.write_text(COUNCIL_TEXT, encoding="utf-8")
    trust.write_text(trust.read_text(encoding="utf-8").replace("id: hmr\n", "") + "id: hmr\n")
    before = {p: p.read_bytes() for p in (council, trust)}
    assert run(data_root, "--check") == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "data/specialties/anestesiologi/councils/hmn.yaml",
        "data/trusts/hmr.yaml",
    ]
    assert "2 files would be reformatted" in err
    assert {p: p.read_bytes() for p in before} == before


def test_fmt_rewrites_in_place_and_the_data_means_the_same(
    data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rotation = data_root / "data/specialties/anestesiologi/rotations/hmr.yaml"
    text = rotation.read_text(encoding="utf-8")
    shuffled = load_roundtrip(text)
    for key in ("specialty", "trust"):
        shuffled.move_to_end(key)
    shuffled["periods"][0].move_to_end("id")
    rotation.write_text(dump_roundtrip(shuffled), encoding="utf-8")
    meaning = loaded(data_root)
    assert run(data_root) == 0
    out, err = capsys.readouterr()
    assert out == "reformatted data/specialties/anestesiologi/rotations/hmr.yaml\n"
    assert "1 reformatted, " in err
    assert rotation.read_text(encoding="utf-8") == text
    assert loaded(data_root) == meaning
    assert run(data_root, "--check") == 0


def test_a_file_that_does_not_parse_is_reported_and_left_alone(
    data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = data_root / "data/trusts/hmr.yaml"
    text = "name: Helse Møre og Romsdal HF\nid: hmr\nid: hmr\n"
    broken.write_text(text, encoding="utf-8")
    for args in ((), ("--check",)):
        assert run(data_root, *args, str(broken.parent)) == 1
        out, err = capsys.readouterr()
        assert "data/trusts/hmr.yaml" not in out
        assert "data/trusts/hmr.yaml:3:1: not formatted: duplicate key 'id'" in err
        assert broken.read_text(encoding="utf-8") == text


def test_paths_limit_the_files_and_other_files_are_ignored(
    data_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    trust = data_root / "data/trusts/hmr.yaml"
    council = data_root / "data/specialties/anestesiologi/councils/hmn.yaml"
    trust.write_text("name: Helse Møre og Romsdal HF\nid: hmr\n", encoding="utf-8")
    council.write_text(COUNCIL_TEXT, encoding="utf-8")
    (data_root / "README.md").write_text("# not YAML\n", encoding="utf-8")
    (data_root / "data/notes.txt").write_text("a: [\n", encoding="utf-8")
    monkeypatch.chdir(data_root)  # pre-commit passes paths from the repository root
    assert run(data_root, "--check", "README.md", "data/notes.txt", "data/trusts") == 1
    assert capsys.readouterr().out == "data/trusts/hmr.yaml\n"
    assert run(data_root, "README.md") == 0
    assert capsys.readouterr() == ("", "")
    assert run(data_root, "data/trusts/hmr.yaml") == 0
    assert trust.read_text(encoding="utf-8") == "id: hmr\nname: Helse Møre og Romsdal HF\n"
    assert council.read_text(encoding="utf-8") == COUNCIL_TEXT  # not named, not touched


def test_a_missing_path_is_a_usage_error(
    data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data_root, str(data_root / "data/nope.yaml")) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_crlf_file_stays_crlf_on_disk(data_root: Path) -> None:
    trust = data_root / "data/trusts/hmr.yaml"
    original = trust.read_bytes()
    trust.write_bytes(original.replace(b"\n", b"\r\n"))
    assert run(data_root, "--check", str(trust)) == 0
    lines = trust.read_text(encoding="utf-8").replace("id: hmr\n", "")
    trust.write_bytes((lines + "id: hmr\n").replace("\n", "\r\n").encode("utf-8"))
    assert run(data_root, str(trust)) == 0
    assert trust.read_bytes() == original.replace(b"\n", b"\r\n")


# --- properties ----------------------------------------------------------------------

DOCUMENTS = sorted(
    str(path.relative_to(EXAMPLE_DATA.parent)) for path in EXAMPLE_DATA.rglob("*.yaml")
)


def _property_names(node: Any) -> set[str]:
    if isinstance(node, dict):
        own = set(node.get("properties", {})) if isinstance(node.get("properties"), dict) else set()
        return own.union(*(_property_names(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_property_names(value) for value in node))
    return set()


# keys any schema names; mappings keyed by ids (coverage goals, capacity hosts) keep
# the order their author chose, so they are not shuffled
NAMED = _property_names(STORE.raw)


def _shuffle(node: Any, rnd: random.Random) -> None:
    if isinstance(node, dict):
        order = list(node)
        if set(order) <= NAMED:
            rnd.shuffle(order)
        for key in order:
            node.move_to_end(key)
        for value in node.values():
            _shuffle(value, rnd)
    elif isinstance(node, list):
        for value in node:
            _shuffle(value, rnd)


def _strip_comments(node: Any) -> None:
    if isinstance(node, dict | list):
        node.ca.comment = None
        node.ca.items.clear()
        for value in node.values() if isinstance(node, dict) else node:
            _strip_comments(value)


def _text(data: Any) -> str:
    stream = io.StringIO()
    new_yaml().dump(data, stream)
    return stream.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(DOCUMENTS), st.randoms(use_true_random=False))
def test_shuffled_documents_come_back_in_schema_order(path: str, rnd: random.Random) -> None:
    matched = match_path(path)
    assert matched is not None
    tree = load_roundtrip((EXAMPLE_DATA.parent / path).read_text(encoding="utf-8"))
    _strip_comments(tree)
    canonical = _text(tree)
    _shuffle(tree, rnd)
    shuffled = _text(tree)
    assert fmt(shuffled, matched[0]) == canonical


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(DOCUMENTS), st.randoms(use_true_random=False))
def test_shuffled_documents_keep_their_meaning_and_comments(path: str, rnd: random.Random) -> None:
    matched = match_path(path)
    assert matched is not None
    original = (EXAMPLE_DATA.parent / path).read_text(encoding="utf-8")
    tree = load_roundtrip(original)
    _shuffle(tree, rnd)
    shuffled = _text(tree)
    assume(parse_text(shuffled).data == parse_text(original).data)
    out = fmt(shuffled, matched[0])
    assert parse_text(out).data == parse_text(original).data
    assert comments(out) == comments(original)
    assert fmt(out, matched[0]) == out


def test_rewriting_keeps_the_file_mode(data_root: Path) -> None:
    trust = data_root / "data/trusts/hmr.yaml"
    trust.write_text("name: Helse Møre og Romsdal HF\nid: hmr\n", encoding="utf-8")
    trust.chmod(0o644)
    assert run(data_root, str(trust)) == 0
    assert trust.read_text(encoding="utf-8").startswith("id: hmr\n")
    assert trust.stat().st_mode & 0o777 == 0o644
