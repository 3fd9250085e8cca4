"""Property-based tests of the whole pipeline: whatever is in the data files, load,
validate, diff, render and fmt end in findings or output, never in an exception.

The ci profile (tests/conftest.py) runs a fixed, bounded set of examples;
``make test-long`` runs many more with the long profile.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from regraad.cli.app import main
from regraad.cli.terminal import style
from regraad.diff import compare, specialty_of
from regraad.diff.formats import DIFF_FORMATS_BY_NAME, MARKDOWN_LIMIT
from regraad.edit.fmt import Unformattable, format_text
from regraad.errors import InternalError, RegraadError
from regraad.findings import Finding, Severity
from regraad.load.dataset import Dataset
from regraad.load.kinds import match_path
from regraad.load.loader import build
from regraad.load.schemacheck import SchemaStore
from regraad.load.yamlparse import parse_bytes
from regraad.render import FORMATS_BY_NAME, RENDER_LANGUAGES, RenderOptions
from regraad.render import execute as render
from regraad.rules import run_rules
from regraad.validate import ValidateOptions, all_check_ids
from regraad.validate import execute as validate
from regraad.validate.formats import REPORTERS_BY_NAME

from .conftest import AS_OF, EXAMPLE_DATA
from .strategies import (
    DOCUMENTS,
    EXAMPLE_DOCS,
    NEW_PATHS,
    Edit,
    Relaid,
    apply_edit,
    budget,
    dataset_edits,
    relaid_documents,
    yaml_bytes,
    yaml_texts,
)

STORE = SchemaStore()
CHECK_IDS = frozenset(all_check_ids())
TARGETS = st.sampled_from(DOCUMENTS + NEW_PATHS)
# capsys is shared by the examples of a test; each example reads it out first
SHARED_CAPSYS = [HealthCheck.function_scoped_fixture]

_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def _line_count(text: str) -> int:
    """An upper bound on the lines of ``text`` whichever characters a reader breaks at.

    libyaml ends a last line that has no line break with one of its own, so an error at
    the end of such a file is reported on the line after it."""
    breaks = sum(text.count(mark) for mark in _BREAKS)
    return breaks + (1 if text.endswith(_BREAKS) else 2)


def same(a: Any, b: Any) -> bool:
    """Equal plain data, NaN equal to itself (``.nan`` is a value YAML can hold)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and bool(a == b)


def _utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def assert_well_formed(findings: list[Finding], dataset: Dataset) -> None:
    """Every finding names a registered check and a line of a real file, and says something."""
    for f in findings:
        assert f.rule in CHECK_IDS, f
        assert isinstance(f.severity, Severity), f
        assert f.path in dataset.paths, f
        assert f.message.strip(), f
        assert f.hint is None or f.hint.strip(), f
        assert f.line >= 1 and f.col >= 1, f
        if f.path in dataset.texts:
            assert f.line <= _line_count(dataset.texts[f.path]), f


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the example dataset for the tests that must read from disk."""
    root = tmp_path_factory.mktemp("properties") / "root"
    shutil.copytree(EXAMPLE_DATA, root / "data")
    return root


@contextlib.contextmanager
def written(root: Path, changes: Mapping[str, bytes | None]) -> Iterator[None]:
    """``changes`` on disk under ``root`` for the duration; the copy restored after."""
    before: dict[Path, bytes | None] = {}
    made: list[Path] = []
    try:
        for rel, content in changes.items():
            target = root / rel
            before[target] = target.read_bytes() if target.exists() else None
            if content is None:
                target.unlink(missing_ok=True)
                continue
            for parent in reversed(target.relative_to(root).parents):
                folder = root / parent
                if not folder.exists():
                    folder.mkdir()
                    made.append(folder)
            target.write_bytes(content)
        yield
    finally:
        for target, content in before.items():
            if content is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(content)
        for folder in reversed(made):
            folder.rmdir()


# --- generated YAML text ------------------------------------------------------------------


@settings(max_examples=budget(80))
@given(path=TARGETS, content=yaml_bytes())
@example(path="data/trusts/hmr.yaml", content=b"id: hmr\nname: " + b"[" * 5000)
@example(path="data/trusts/hmr.yaml", content=b"\xef\xbb\xbfid: hmr\r\nname: x\r\n")
@example(path="data/regions/hmn.yaml", content=b"<<<<<<< HEAD\nid: hmn\n=======\n")
@example(path="data/trusts/ny.yaml", content=b"\xff\xfe\x00")
def test_any_file_content_gives_clean_findings(scratch: Path, path: str, content: bytes) -> None:
    with written(scratch, {path: content}):
        report = validate(ValidateOptions(scratch, as_of=AS_OF))
    assert report.dataset is not None
    assert_well_formed(report.findings, report.dataset)
    assert path in report.dataset.paths
    if not _utf8(content):  # not silently read as something else
        assert any(f.path == path and f.rule == "YAML-ENCODING" for f in report.findings)


@settings(max_examples=budget(100))
@given(path=TARGETS, text=yaml_texts())
# ruamel raised NotImplementedError ("overlap in comment") for a comment between a key
# and its value on a later line, and `regraad fmt` exited 3
@example(path="data/trusts/hmr.yaml", text="id: hmr\nkind: # c\n\n hf\n\n")
def test_fmt_formats_or_refuses_any_text(path: str, text: str) -> None:
    """fmt either leaves a file alone with a reason, or rewrites it to the same data."""
    matched = match_path(path)
    assert matched is not None
    try:
        out = format_text(text, matched[0], STORE)
    except Unformattable as refused:
        assert refused.line >= 1 and refused.col >= 1 and refused.message
        return
    before = parse_bytes(text.encode("utf-8", "surrogatepass"))
    after = parse_bytes(out.encode("utf-8", "surrogatepass"))
    assert not after.problems
    assert same(after.data, before.data)
    assert format_text(out, matched[0], STORE) == out


@settings(max_examples=budget(8), suppress_health_check=SHARED_CAPSYS)
@given(
    path=TARGETS,
    content=yaml_bytes(),
    output=st.sampled_from(sorted(REPORTERS_BY_NAME)),
)
def test_validate_command_exits_0_or_1_on_any_file(
    scratch: Path, capsys: pytest.CaptureFixture[str], path: str, content: bytes, output: str
) -> None:
    capsys.readouterr()
    with written(scratch, {path: content}):
        code = main(["--root", str(scratch), "validate", "--as-of", AS_OF, "--format", output])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in out + err
    if not _utf8(content):
        assert code == 1
    if output == "json":
        json.loads(out)


# --- generated documents: valid ones mutated ----------------------------------------------


def _load(label: str, edit: Edit) -> Dataset:
    return build(label, apply_edit(edit), STORE)


def _findings(dataset: Dataset) -> list[Finding]:
    return [*dataset.load_findings, *run_rules(dataset, AS_OF, set(CHECK_IDS))]


def _write_every_format(base: Dataset, head: Dataset, specialty: str | None) -> None:
    result = compare(base, head, AS_OF, specialty)
    for name, formatter in DIFF_FORMATS_BY_NAME.items():
        for colour in (False, True):
            out = io.StringIO()
            formatter(result, out, style(colour))
            assert out.getvalue(), name
            if name == "json":
                json.loads(out.getvalue())
            if name == "markdown":
                assert len(out.getvalue()) <= MARKDOWN_LIMIT


# A rotation plan copied to a new file name with its `trust:` left as it was: estimate
# and the landing page's capacity table looked the plan up under different trusts.
PLAN_UNDER_ANOTHER_NAME = Edit(
    {
        "data/specialties/urologi/rotations/ny.yaml": (
            EXAMPLE_DATA / "specialties/urologi/rotations/ahus.yaml"
        ).read_bytes(),
        "data/specialties/urologi/rotations/ahus.yaml": None,
    }
)


@settings(max_examples=budget(60))
@given(edit=dataset_edits())
@example(edit=PLAN_UNDER_ANOTHER_NAME)
def test_mutated_documents_validate_and_diff_cleanly(edit: Edit) -> None:
    base = _load("base", Edit())
    head = _load("head", edit)
    assert_well_formed(_findings(head), head)
    for path, content in edit.changes.items():
        if content is None:
            assert path not in head.paths
        else:
            assert path in head.paths
    for specialty in (None, *sorted({specialty_of(p) for p in edit.changes} - {""})):
        _write_every_format(base, head, specialty)
        _write_every_format(head, base, specialty)
    result = compare(base, head, AS_OF)
    for path, content in edit.changes.items():
        if content is None and not any(path in (c.path, c.before) for c in result.changes):
            raise AssertionError(f"{path} was deleted and the diff does not say so")


@settings(max_examples=budget(25))
@given(
    edit=dataset_edits(),
    output=st.sampled_from(sorted(FORMATS_BY_NAME)),
    lang=st.sampled_from(RENDER_LANGUAGES),
)
@example(edit=PLAN_UNDER_ANOTHER_NAME, output="html", lang="nb")
def test_mutated_documents_render_or_are_refused_cleanly(
    scratch: Path, tmp_path_factory: pytest.TempPathFactory, edit: Edit, output: str, lang: str
) -> None:
    out = tmp_path_factory.mktemp("site")
    try:
        with written(scratch, edit.changes):
            try:
                result = render(
                    RenderOptions(scratch, out=out, output_format=output, lang=lang, as_of=AS_OF)
                )
            except InternalError:  # a bug, not a refusal
                raise
            except RegraadError as refused:
                assert refused.message
                return
        assert result.pages > 0
        if output != "pdf":  # a PDF run writes plans and annexes, no index page
            assert result.index is not None and result.index in result.files
        assert all(f.is_file() and f.stat().st_size > 0 for f in result.files)
    finally:
        shutil.rmtree(out)


# --- fmt keeps the meaning of valid documents -----------------------------------------------


@settings(max_examples=budget(100))
@given(doc=relaid_documents())
def test_valid_documents_round_trip_through_fmt(doc: Relaid) -> None:
    original = EXAMPLE_DOCS[doc.path]
    relaid = parse_bytes(doc.text.encode("utf-8"))
    assume(not relaid.problems and relaid.data == original)  # else the layout changed the data
    matched = match_path(doc.path)
    assert matched is not None
    out = format_text(doc.text, matched[0], STORE)
    assert parse_bytes(out.encode("utf-8")).data == original
    assert format_text(out, matched[0], STORE) == out
    for comment in doc.comments:
        assert comment in out
    assert out.startswith("\ufeff") == doc.text.startswith("\ufeff")
    assert ("\r\n" in out) == ("\r\n" in doc.text)
