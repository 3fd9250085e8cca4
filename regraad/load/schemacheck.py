"""Layer 2: each document against its kind's JSON Schema, errors at the offending node.

The schemas are plain draft 2020-12 files that reference ``common.schema.json`` by
relative path, so editors and other validators read them as they are; here each file is
registered under its bare name so those references resolve. Before validating, the
references are inlined (``{"$ref": X}`` becomes X itself, ``{"$ref": X, ...}`` becomes
``{..., "allOf": [X]}`` in the same place): the same errors, without a registry lookup
for every referenced node, which is most of the time jsonschema spends on our files.
And a document is first given to a compiled yes/no check (``fastschema``): only one it
rejects is walked by jsonschema, for the errors.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..findings import Finding, Severity, shown
from ..i18n import N_, _
from ..resources import schemas_dir
from .fastschema import Check, Unsupported, compile_schema
from .kinds import KINDS, DocumentKind

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


def _yaml_integer(_checker: Any, instance: Any) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


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
    def _files(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(self.directory.glob("*.schema.json"))}

    @cached_property
    def raw(self) -> dict[str, dict[str, Any]]:
        return {name: json.loads(content.decode("utf-8")) for name, content in self._files.items()}

    @cached_property
    def fingerprint(self) -> bytes:
        """A hash of every schema file, names and bytes (for the cache key)."""
        digest = hashlib.sha1(usedforsecurity=False)
        for name, content in self._files.items():
            digest.update(b"%s\0%d\0" % (name.encode(), len(content)))
            digest.update(content)
        return digest.digest()

    @cached_property
    def _inlined(self) -> dict[str, Any]:
        """Each kind's schema with its references inlined (see ``_Inliner``)."""
        return {kind.name: _Inliner(self.raw).schema(kind.schema_file) for kind in KINDS}

    @cached_property
    def _fast(self) -> dict[str, Check | None]:
        """Each kind's compiled yes/no check, or None where jsonschema must do it all."""
        out: dict[str, Check | None] = {}
        for name, schema in self._inlined.items():
            try:
                out[name] = compile_schema(schema)
            except (Unsupported, re.error, TypeError, ValueError):
                out[name] = None
        return out

    @cached_property
    def _validators(self) -> dict[str, Validator]:
        from jsonschema import Draft202012Validator, FormatChecker, validators
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        # JSON Schema counts 4.0 as an integer; in YAML it is a float, and every count
        # the analyses use must be a whole number (``fastschema`` answers the same)
        integers = Draft202012Validator.TYPE_CHECKER.redefine("integer", _yaml_integer)
        strict: type[Validator] = validators.extend(  # type: ignore[no-untyped-call]
            Draft202012Validator, type_checker=integers
        )

        registry: Registry[Any] = Registry().with_resources(
            (name, Resource.from_contents(schema, default_specification=DRAFT202012))
            for name, schema in self.raw.items()
        )
        checker = FormatChecker(["date"])
        return {
            kind.name: strict(
                self._inlined[kind.name],
                registry=registry,
                format_checker=checker,
            )
            for kind in KINDS
        }

    def prepare(self) -> None:
        """Read and compile the schemas now (before forking workers that use them)."""
        self._fast  # noqa: B018 - a cached property: computed once, here

    def schema(self, kind: DocumentKind) -> dict[str, Any]:
        return self.raw[kind.schema_file]

    def check(self, doc: Document) -> list[Finding]:
        fast = self._fast.get(doc.kind.name)
        if fast is not None:
            try:
                if fast(doc.data):
                    return []  # valid: jsonschema would find nothing either
            except Exception:  # whatever it was, jsonschema judges
                pass
        validator = self._validators[doc.kind.name]
        findings: dict[tuple[int, int], Finding] = {}
        for error in validator.iter_errors(doc.data):
            for finding in _findings(doc, error):
                # one finding per node: a bad date breaks both its pattern and its format
                findings.setdefault((finding.line, finding.col), finding)
        return list(findings.values())


# keywords whose value maps names to subschemas, and keywords whose value is data
_SCHEMA_MAPS = frozenset(("properties", "patternProperties", "dependentSchemas"))
_DATA = frozenset(("enum", "const", "examples", "default", "$defs", "definitions"))


class _CannotInline(Exception):
    """A reference this simple inliner does not follow; the schema is used as it is."""


class _Inliner:
    """Replace ``$ref`` to ``file#/$defs/name`` or ``#/$defs/name`` by the target itself.

    Anything else (a cycle, a reference beside ``allOf``, another URI form) leaves that
    kind's schema as it is; the registry still resolves it, only more slowly.
    """

    def __init__(self, raw: dict[str, dict[str, Any]]) -> None:
        self.raw = raw
        self.done: dict[tuple[str, str], Any] = {}
        self.active: set[tuple[str, str]] = set()

    def schema(self, name: str) -> Any:
        try:
            return self._node(self.raw[name], name)
        except _CannotInline:
            return self.raw[name]

    def _target(self, ref: Any, base: str) -> tuple[Any, tuple[str, str]]:
        if not isinstance(ref, str) or ref.count("#") != 1:
            raise _CannotInline(ref)
        name, pointer = ref.split("#")
        name = name or base
        parts = pointer.split("/")
        if name not in self.raw or len(parts) != 3 or parts[:2] != ["", "$defs"]:
            raise _CannotInline(ref)
        defs = self.raw[name].get("$defs", {})
        if "~" in parts[2] or "%" in parts[2] or parts[2] not in defs:
            raise _CannotInline(ref)
        return defs[parts[2]], (name, parts[2])

    def _ref(self, ref: Any, base: str) -> Any:
        target, key = self._target(ref, base)
        if key not in self.done:
            if key in self.active:  # a recursive definition
                raise _CannotInline(ref)
            self.active.add(key)
            self.done[key] = self._node(target, key[0])
            self.active.discard(key)
        return self.done[key]

    def _node(self, node: Any, base: str) -> Any:
        if isinstance(node, list):
            return [self._node(item, base) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node and len(node) == 1:
            return self._ref(node["$ref"], base)
        if "$ref" in node and "allOf" in node:
            raise _CannotInline(node["$ref"])
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref":
                out["allOf"] = [self._ref(value, base)]
            elif key in _SCHEMA_MAPS and isinstance(value, dict):
                out[key] = {name: self._node(sub, base) for name, sub in value.items()}
            elif key in _DATA:
                out[key] = value
            else:
                out[key] = self._node(value, base)
        return out


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
                    _("unknown key '{key}'").format(key=shown(key)),
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
                    where=_where(leaf), value=shown(leaf.instance)
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
            _type_hint(error.instance, names),
            False,
        )
    if v == "enum":
        values: Any = error.validator_value
        options = ", ".join("null" if o is None else str(o) for o in values)
        return (
            _("{where}: '{value}' is not allowed").format(where=where, value=shown(error.instance)),
            _("use one of: {options}").format(options=options),
            False,
        )
    if v == "pattern":
        return (
            _("{where}: '{value}' is not in the expected form").format(
                where=where, value=shown(error.instance)
            ),
            description,
            False,
        )
    if v == "format":
        return (
            _("{where}: '{value}' is not a valid date").format(
                where=where, value=shown(error.instance)
            ),
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


def _type_hint(value: Any, names: list[str]) -> str | None:
    if "integer" in names and isinstance(value, float) and value.is_integer():
        return _("write a whole number without a decimal point: {value}").format(value=int(value))
    return _yaml11_boolean_hint(value) if "boolean" in names else None


_YAML11_BOOLEANS = {"yes": True, "y": True, "on": True, "no": False, "n": False, "off": False}


def _yaml11_boolean_hint(value: Any) -> str | None:
    """The Norway problem the other way round: ``NO`` meant as false is the text 'NO'."""
    meant = _YAML11_BOOLEANS.get(value.lower()) if isinstance(value, str) else None
    if meant is None:
        return None
    return _("only true and false are booleans (YAML 1.2); write {value}").format(
        value="true" if meant else "false"
    )
