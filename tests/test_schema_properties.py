"""Every rule and analysis is total over schema-valid data: documents generated from the
JSON Schemas, put into a copy of the example dataset under the file names their ids call
for, go through validate, diff, coverage, estimate, render and report without exit 3.

The strategies are built here from the schemas themselves (hypothesis-jsonschema 0.23
does not run with the Hypothesis this project uses: every object schema fails inside it).
Each schema node draws either a value the example dataset holds under the same key that
the node accepts (so references often resolve and the analyses get real work) or a value
made from the node's keywords (types, patterns, dates over the whole calendar, bounds,
enums, required and optional keys). A generated document that the schema refuses is not
used: every dataset run holds only schema-valid documents, which validate confirms.
Drawn without that filter, the documents also show that the compiled check
(``load.fastschema``) and jsonschema judge alike.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker, validators

from regraad.cli.app import main
from regraad.cli.terminal import style
from regraad.diff import compare
from regraad.diff.formats import DIFF_FORMATS_BY_NAME
from regraad.errors import EXIT_INTERNAL
from regraad.load.fastschema import compile_schema
from regraad.load.kinds import KINDS, KINDS_BY_NAME, match_path
from regraad.load.loader import build
from regraad.load.schemacheck import SchemaStore
from regraad.load.sources import read_directory

from .conftest import AS_OF, EXAMPLE_DATA, PROJECT
from .strategies import EXAMPLE_DOCS, EXAMPLE_SOURCES, budget

SCHEMAS: dict[str, dict[str, Any]] = {
    p.name: json.loads(p.read_text(encoding="utf-8"))
    for p in sorted((PROJECT / "schemas").glob("*.schema.json"))
}
STORE = SchemaStore()

# The simulation behind estimate, K-BOTTLENECK and the pages does work in proportion to
# the LIS it follows: an intake of 100 000 a year takes over a minute. Counts are drawn
# up to this bound, so that a run stays within the suite's time.
COUNT_CAP = 300
# Days at the ends of the calendar, and the ones regraad's own options stop at.
EDGE_DAYS = ("0001-01-01", "1900-01-01", "2999-12-31", "9999-12-31", "9999-12-30")

# Where a document of each kind lives, by its path parameters (load.kinds).
PATHS = {
    "region": "data/regions/{region}.yaml",
    "trust": "data/trusts/{trust}.yaml",
    "goalset": "data/goalsets/{goalset}.yaml",
    "specialty": "data/specialties/{specialty}/specialty.yaml",
    "council": "data/specialties/{specialty}/councils/{region}.yaml",
    "coverage": "data/specialties/{specialty}/coverage/{trust}.yaml",
    "rotation": "data/specialties/{specialty}/rotations/{trust}.yaml",
    "plan": "data/specialties/{specialty}/plans/{trust}.yaml",
    "capacity": "data/specialties/{specialty}/capacity.yaml",
    "agreement": "data/specialties/{specialty}/agreements/{home}--{host}.yaml",
    "proposal": "data/specialties/{specialty}/proposals/{proposal}.yaml",
    "meeting": "data/specialties/{specialty}/meetings/{meeting}.yaml",
    "case": "data/specialties/{specialty}/cases/{case}.yaml",
    "approvals": "data/specialties/{specialty}/approvals.yaml",
    "courses": "data/courses/{catalogue}.yaml",
    "goalset-council": "data/goalsets/{goalset}/councils/{region}.yaml",
}


def test_every_kind_has_a_path() -> None:
    assert set(PATHS) == set(KINDS_BY_NAME)


# --- the schemas, references resolved -------------------------------------------------------


def _resolved(node: Any, base: str) -> Any:
    """``node`` with every ``$ref`` replaced by ``allOf: [target]`` (our schemas have no
    recursive definitions)."""
    if isinstance(node, list):
        return [_resolved(item, base) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref":
            name, _, pointer = value.partition("#")
            name = name or base
            target: Any = SCHEMAS[name]
            for part in pointer.strip("/").split("/"):
                target = target[part]
            out.setdefault("allOf", []).append(_resolved(target, name))
        elif key == "$defs":
            continue
        elif key in ("properties", "patternProperties"):
            out[key] = {name: _resolved(sub, base) for name, sub in value.items()}
        elif key in ("enum", "const", "required", "examples", "default"):
            out[key] = value
        else:
            out[key] = _resolved(value, base)
    return out


def _flat(schema: Any) -> dict[str, Any]:
    """``schema`` with its ``allOf`` merged in: what to generate from (validity is then
    checked against the whole schema)."""
    if not isinstance(schema, dict):
        return {}
    out = {k: v for k, v in schema.items() if k != "allOf"}
    for sub in schema.get("allOf", ()):
        for key, value in _flat(sub).items():
            if key == "properties":
                out[key] = {**value, **out.get(key, {})}
            elif key == "required":
                out[key] = sorted({*value, *out.get(key, ())})
            else:
                out.setdefault(key, value)
    return out


KIND_SCHEMAS = {kind.name: _resolved(SCHEMAS[kind.schema_file], kind.schema_file) for kind in KINDS}


# --- what the example dataset holds, by key ---------------------------------------------


def _examples() -> dict[str, list[Any]]:
    """Every value of the example dataset under the key that holds it; a list's items
    under the list's key, a mapping's keys under ``key{}``."""
    found: dict[str, list[Any]] = {}

    def walk(value: Any, key: str) -> None:
        found.setdefault(key, []).append(value)
        if isinstance(value, dict):
            found.setdefault(key + "{}", []).extend(value)
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for item in value:
                walk(item, key)

    for data in EXAMPLE_DOCS.values():
        walk(data, "")
    unique: dict[str, list[Any]] = {}
    for key, values in found.items():
        seen: dict[str, Any] = {}
        for v in values:
            seen.setdefault(json.dumps(v, sort_keys=True, default=str), v)
        unique[key] = [seen[k] for k in sorted(seen)]
    return unique


EXAMPLES = _examples()
_UTF8 = st.characters(codec="utf-8")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


class FromSchema:
    """Hypothesis strategies for the values a schema node accepts."""

    def __init__(self, examples: dict[str, list[Any]], checked: bool = True) -> None:
        self.examples = examples
        self.checked = checked  # only values the node accepts; else nearly only those

    def of(self, schema: Any, key: str) -> st.SearchStrategy[Any]:
        valid = compile_schema(schema) if self.checked else lambda _value: True
        seen = [v for v in self.examples.get(key, ()) if _scalars(v) and _safe(valid, v)]
        made = self._made(_flat(schema), key)
        if self.checked:
            made = made.filter(lambda v: _safe(valid, v))
        return st.one_of(st.sampled_from(seen), made) if seen else made

    def _made(self, s: dict[str, Any], key: str) -> st.SearchStrategy[Any]:
        if "const" in s:
            return st.just(s["const"])
        if "enum" in s:
            return st.sampled_from(s["enum"])
        for either in ("oneOf", "anyOf"):
            if either in s:
                return st.one_of([self.of(sub, key) for sub in s[either]])
        kind = s.get("type")
        if isinstance(kind, list):
            return st.one_of([self._made({**s, "type": each}, key) for each in kind])
        make: Callable[[dict[str, Any], str], st.SearchStrategy[Any]] | None = getattr(
            self, f"_{kind}", None
        )
        if make is None:
            return st.one_of(st.none(), st.booleans(), st.integers(), st.text(_UTF8, max_size=8))
        return make(s, key)

    def _object(self, s: dict[str, Any], key: str) -> st.SearchStrategy[Any]:
        props = s.get("properties", {})
        required = set(s.get("required", ()))
        fixed = st.fixed_dictionaries(
            {name: self.of(sub, name) for name, sub in props.items() if name in required},
            optional={
                name: self.of(sub, name) for name, sub in props.items() if name not in required
            },
        )
        extra = s.get("additionalProperties", True)
        if not isinstance(extra, dict):
            return fixed
        names = self.of(s.get("propertyNames", {"type": "string"}), key + "{}")
        more = st.dictionaries(names, self.of(extra, key), max_size=4)
        return st.tuples(fixed, more).map(lambda both: {**both[1], **both[0]})

    def _array(self, s: dict[str, Any], key: str) -> st.SearchStrategy[Any]:
        low = s.get("minItems", 0)
        return st.lists(
            self.of(s.get("items", {}), key),
            min_size=low,
            max_size=max(low, s.get("maxItems", low + 4)),
            unique_by=_canonical if s.get("uniqueItems") else None,
        )

    def _string(self, s: dict[str, Any], key: str) -> st.SearchStrategy[Any]:
        if s.get("format") == "date":
            return st.one_of(
                st.sampled_from(EDGE_DAYS),
                st.dates().map(dt.date.isoformat),
                st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)).map(dt.date.isoformat),
            )
        if "pattern" in s:
            pattern = s["pattern"].replace("(?!\\n)", "")
            return st.from_regex(re.compile(pattern), fullmatch=True, alphabet=_UTF8)
        low = s.get("minLength", 0)
        return st.text(_UTF8, min_size=low, max_size=max(low, min(s.get("maxLength", 40), 40)))

    def _integer(self, s: dict[str, Any], key: str) -> st.SearchStrategy[Any]:
        low = s.get("minimum", -(10**6))
        whole = st.integers(low, max(low, min(s.get("maximum", 10**6), COUNT_CAP)))
        # 4.0 is an integer to JSON Schema: it is used if (and only if) the check takes it
        return st.one_of(whole, whole, whole, whole.map(float))

    def _number(self, s: dict[str, Any], key: str) -> st.SearchStrategy[Any]:
        low = s.get("minimum", s.get("exclusiveMinimum", -(10**6)))
        high = s.get("maximum", 10**6)
        return st.one_of(
            st.integers(int(low), int(high)),
            st.floats(
                low,
                high,
                exclude_min="exclusiveMinimum" in s,
                allow_nan=False,
                allow_infinity=False,
            ),
        )

    def _boolean(self, s: dict[str, Any], key: str) -> st.SearchStrategy[Any]:
        return st.booleans()

    def _null(self, s: dict[str, Any], key: str) -> st.SearchStrategy[Any]:
        return st.none()


def _scalars(value: Any) -> bool:
    """A scalar or a list of them: an example worth reusing (whole mappings would only
    copy the example dataset's documents)."""
    if isinstance(value, list):
        return all(not isinstance(v, dict | list) for v in value)
    return not isinstance(value, dict)


def _safe(valid: Callable[[Any], bool], value: Any) -> bool:
    try:
        return valid(value)
    except Exception:  # a value the check cannot judge is not used
        return False


STRATEGIES = FromSchema(EXAMPLES)
DOCUMENTS = {kind.name: STRATEGIES.of(KIND_SCHEMAS[kind.name], "") for kind in KINDS}
UNCHECKED = FromSchema(EXAMPLES, checked=False)


# --- the compiled check and jsonschema agree --------------------------------------------------


def _yaml_integer(_checker: Any, value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# Draft 2020-12 with the one change regraad makes: an integer is a YAML integer (4.0 is not)
STRICT = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _yaml_integer),
)


@settings(max_examples=budget(100))
@given(data=st.data(), kind=st.sampled_from(sorted(KIND_SCHEMAS)))
def test_the_compiled_check_and_jsonschema_agree(data: st.DataObject, kind: str) -> None:
    """Documents drawn from the schema's keywords without the validity filter: mostly
    valid, some not (a uniqueness, a date that is no day, a whole number written 4.0);
    the fast path and jsonschema judge every one the same."""
    schema = KIND_SCHEMAS[kind]
    doc = data.draw(UNCHECKED.of(schema, ""))
    fast = compile_schema(schema)(doc)
    slow = STRICT(schema, format_checker=FormatChecker(["date"])).is_valid(doc)
    assert fast == slow, doc


# --- documents as YAML files, at the path their ids call for --------------------------------


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: what is not plain printable ASCII as an escape."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_quoted(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    return _quoted(str(value))


def yaml_text(doc: dict[str, Any]) -> str:
    """``doc`` as a block mapping of flow values: every value as the schema saw it."""
    return "".join(f"{_quoted(str(k))}: {_flow(v)}\n" for k, v in doc.items())


def path_of(kind: str, doc: dict[str, Any]) -> str | None:
    """The file a document of ``kind`` must be in, from its identity fields; None when
    they do not make one (the kind's pattern would read other parameters back)."""
    params = {group: doc.get(field) for group, field in KINDS_BY_NAME[kind].identity}
    if not all(isinstance(v, str) for v in params.values()):
        return None
    path = PATHS[kind].format(**params)
    matched = match_path(path)
    if matched is None or matched[0].name != kind or matched[1] != params:
        return None
    return path


@st.composite
def generated_files(draw: st.DrawFn) -> dict[str, str]:
    """One to three schema-valid documents, each at the path its identity calls for."""
    files: dict[str, str] = {}
    for kind in draw(st.lists(st.sampled_from(sorted(DOCUMENTS)), min_size=1, max_size=3)):
        doc = draw(DOCUMENTS[kind])
        path = path_of(kind, doc)
        if path is not None:
            files[path] = yaml_text(doc)
    if not files:
        from hypothesis import reject

        reject()
    return files


# --- the pipeline ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("schema-properties") / "root"
    shutil.copytree(EXAMPLE_DATA, root / "data")
    return root


@contextlib.contextmanager
def written(root: Path, files: dict[str, str]) -> Iterator[None]:
    """``files`` on disk under ``root`` for the duration; the copy restored after."""
    before = {rel: (root / rel).read_bytes() if (root / rel).exists() else None for rel in files}
    made: list[Path] = []
    try:
        for rel, text in files.items():
            target = root / rel
            for parent in reversed(target.relative_to(root).parents):
                folder = root / parent
                if not folder.exists():
                    folder.mkdir()
                    made.append(folder)
            target.write_text(text, encoding="utf-8")
        yield
    finally:
        for rel, content in before.items():
            if content is None:
                (root / rel).unlink(missing_ok=True)
            else:
                (root / rel).write_bytes(content)
        for folder in reversed(made):
            shutil.rmtree(folder, ignore_errors=True)


def run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), *args])
    return code, out.getvalue(), err.getvalue()


def no_crash(result: tuple[int, str, str], what: str) -> str:
    code, out, err = result
    assert code != EXIT_INTERNAL, f"{what}: {err}"
    assert "Traceback" not in out + err, what
    return out


BASE = build("base", list(EXAMPLE_SOURCES), STORE)
REGIONS = sorted(BASE.regions)


@settings(
    max_examples=budget(36),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    files=generated_files(),
    region=st.sampled_from(REGIONS),
    page=st.sampled_from(("html", "md")),
    table=st.sampled_from(("text", "json")),
    lang=st.sampled_from(("nb", "en")),
)
def test_schema_valid_documents_never_crash_a_command(
    scratch: Path,
    tmp_path_factory: pytest.TempPathFactory,
    files: dict[str, str],
    region: str,
    page: str,
    table: str,
    lang: str,
) -> None:
    out = tmp_path_factory.mktemp("out")
    try:
        with written(scratch, files):
            report = json.loads(
                no_crash(run(scratch, "validate", "--as-of", AS_OF, "-f", "json"), "validate")
            )
            schema_errors = [
                f for f in report["findings"] if f["rule"] == "SCHEMA" and f["path"] in files
            ]
            assert not schema_errors, schema_errors  # the documents are schema-valid
            head = build("head", list(read_directory(scratch)), STORE)
            for base, new in ((BASE, head), (head, BASE)):
                result = compare(base, new, AS_OF)
                for formatter in DIFF_FORMATS_BY_NAME.values():
                    formatter(result, io.StringIO(), style(False))
            no_crash(run(scratch, "coverage", "--as-of", AS_OF, "-f", "json"), "coverage")
            no_crash(run(scratch, "estimate", "--as-of", AS_OF, "-f", table), "estimate")
            options = ("--as-of", AS_OF, "-f", page, "--lang", lang)
            no_crash(run(scratch, "render", *options, "-q", "--out", str(out / "site")), "render")
            report_file = str(out / f"report.{page}")
            no_crash(
                run(scratch, "report", *options, "--region", region, "-o", report_file), "report"
            )
    finally:
        shutil.rmtree(out, ignore_errors=True)
