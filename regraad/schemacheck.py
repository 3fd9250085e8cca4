"""Layer 2: each document against its kind's JSON Schema, errors at the offending node.

The schemas are plain draft 2020-12 files that reference ``common.schema.json`` by
relative path, so editors and other validators read them as they are; here each file is
registered under its bare name so those references resolve.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .findings import Finding, Severity
from .i18n import N_, _
from .kinds import KINDS, DocumentKind
from .resources import schemas_dir

if TYPE_CHECKING:
    from jsonschema import ValidationError
    from jsonschema.protocols import Validator

    from .dataset import Document

RULE = "SCHEMA"

_TYPE_NAMES = {
    "object": N_("a mapping"),
    "array": N_("a list"),
    "string": N_("a string"),
    "integer": N_("a whole number"),
    "number": N_("a number"),
    "boolean": N_("true or false"),
    "null": N_("nothing (null)"),
}


def _type_of(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if value is None:
        return "null"
    return "string"


class SchemaStore:
    """Loads the schema files once and validates documents against them."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or schemas_dir()

    @cached_property
    def raw(self) -> dict[str, dict[str, Any]]:
        out = {}
        for path in sorted(self.directory.glob("*.schema.json")):
            out[path.name] = json.loads(path.read_text(encoding="utf-8"))
        return out

    @cached_property
    def _validators(self) -> dict[str, Validator]:
        from jsonschema import Draft202012Validator, FormatChecker
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        registry: Registry[Any] = Registry().with_resources(
            (name, Resource.from_contents(schema, default_specification=DRAFT202012))
            for name, schema in self.raw.items()
        )
        checker = FormatChecker(["date"])
        return {
            kind.name: Draft202012Validator(
                self.raw[kind.schema_file], registry=registry, format_checker=checker
            )
            for kind in KINDS
        }

    def schema(self, kind: DocumentKind) -> dict[str, Any]:
        return self.raw[kind.schema_file]

    def check(self, doc: Document) -> list[Finding]:
        validator = self._validators[doc.kind.name]
        findings: dict[tuple[int, int], Finding] = {}
        for error in validator.iter_errors(doc.data):
            for finding in _findings(doc, error):
                # one finding per node: a bad date breaks both its pattern and its format
                findings.setdefault((finding.line, finding.col), finding)
        return list(findings.values())


def _leaf_errors(error: ValidationError) -> Iterator[ValidationError]:
    """For oneOf/anyOf, the most relevant branch errors; otherwise the error itself."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        from jsonschema.exceptions import best_match

        yield best_match(error.context)
    else:
        yield error


def _findings(doc: Document, error: ValidationError) -> Iterator[Finding]:
    for leaf in _leaf_errors(error):
        path = tuple(leaf.absolute_path)
        if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
            schema: Any = leaf.schema
            allowed = list(schema.get("properties", {}))
            for key in leaf.instance:
                if key in allowed:
                    continue
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = (
                    _("did you mean '{key}'?").format(key=close[0])
                    if close
                    else _("allowed keys: {keys}").format(keys=", ".join(allowed))
                )
                line, col = doc.locate_key((*path, key))
                yield Finding(
                    doc.path,
                    line,
                    col,
                    RULE,
                    Severity.ERROR,
                    _("unknown key '{key}'").format(key=key),
                    hint,
                )
            continue
        if "propertyNames" in leaf.absolute_schema_path:
            # jsonschema reports a bad key at its mapping; point at the key itself
            schema_here: Any = leaf.schema
            line, col = doc.locate_key((*path, str(leaf.instance)))
            yield Finding(
                doc.path,
                line,
                col,
                RULE,
                Severity.ERROR,
                _("{where}: key '{value}' is not in the expected form").format(
                    where=_where(leaf), value=leaf.instance
                ),
                schema_here.get("description") if isinstance(schema_here, dict) else None,
            )
            continue
        message, note, at_key = _describe(leaf)
        line, col = doc.locate_key(path) if at_key else doc.locate(path)
        yield Finding(doc.path, line, col, RULE, Severity.ERROR, message, note)


def _where(error: ValidationError) -> str:
    parts = [str(p) for p in error.absolute_path]
    return ".".join(parts) if parts else _("the document")


def _describe(error: ValidationError) -> tuple[str, str | None, bool]:
    """A message and hint in the user's words, and whether to point at the key."""
    v = error.validator
    where = _where(error)
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    if v == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "?"
        return (
            _("{where}: missing required key '{key}'").format(where=where, key=missing),
            None,
            False,
        )
    if v == "type":
        expected: Any = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        want = _(" or ").join(_(_TYPE_NAMES.get(n, n)) for n in names)
        got = _(_TYPE_NAMES[_type_of(error.instance)])
        return (
            _("{where}: expected {want}, found {got}").format(where=where, want=want, got=got),
            None,
            False,
        )
    if v == "enum":
        values: Any = error.validator_value
        options = ", ".join("null" if o is None else str(o) for o in values)
        return (
            _("{where}: '{value}' is not allowed").format(where=where, value=error.instance),
            _("use one of: {options}").format(options=options),
            False,
        )
    if v == "pattern":
        return (
            _("{where}: '{value}' is not in the expected form").format(
                where=where, value=error.instance
            ),
            description,
            False,
        )
    if v == "format":
        return (
            _("{where}: '{value}' is not a valid date").format(where=where, value=error.instance),
            _("write dates as YYYY-MM-DD"),
            False,
        )
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return (
            _("{where}: {value} is out of range ({rule} {limit})").format(
                where=where, value=error.instance, rule=v, limit=error.validator_value
            ),
            description,
            False,
        )
    if v == "minItems":
        return (_("{where}: the list must not be empty").format(where=where), description, False)
    if v == "minLength":
        return (_("{where}: the text must not be empty").format(where=where), description, False)
    if v == "uniqueItems":
        return (_("{where}: the list has repeated items").format(where=where), None, False)
    return (f"{where}: {error.message}", description, False)
