"""A compiled yes/no schema check, for the documents that are valid (nearly all of them).

jsonschema walks a document with a generator per keyword and node, which is what it
needs to describe errors, and most of the time of a cold ``validate``. To say that a
document is valid there is a faster way: ``compile_schema`` turns a schema into nested
closures that answer exactly what jsonschema's Draft 2020-12 validator (with the
``date`` format checked, as ``schemacheck`` sets it up) answers to "is this valid?".
Only the documents it rejects go to jsonschema, for the errors in its words.

It knows the keywords our schemas use, implemented the way jsonschema implements them
(types with ``bool`` kept apart from numbers and ``integer`` meaning a YAML integer, as
``schemacheck`` redefines it, ``re.search`` for patterns, jsonschema's
equality for ``enum``, ``const`` and ``uniqueItems``). Any other keyword, a ``$ref`` the
inliner left in place, or a value of an unexpected shape raises ``Unsupported``: that
schema is then always checked by jsonschema alone, so nothing is ever judged by rules
this module does not have.
"""

from __future__ import annotations

import datetime as _dt
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from itertools import islice
from typing import Any

Check = Callable[[Any], bool]

# annotations: no effect on validity
_IGNORED = frozenset(
    (
        "$schema",
        "$comment",
        "$defs",
        "definitions",
        "title",
        "description",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
    )
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)  # as jsonschema's date format


class Unsupported(Exception):
    """The schema uses something this compiler does not implement."""


def compile_schema(schema: Any, formats: frozenset[str] = frozenset(("date",))) -> Check:
    """A function telling whether an instance is valid against ``schema``.

    ``formats`` are the formats asserted (the others are annotations, as with a
    jsonschema ``FormatChecker`` that knows only those).
    """
    return _Compiler(formats).node(schema)


def _always(_instance: Any) -> bool:
    return True


def _never(_instance: Any) -> bool:
    return False


def _is_integer(x: Any) -> bool:
    # a YAML integer only: ``4.0`` is a float in the data and breaks whoever counts with it
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: Any) -> bool:
    return not isinstance(x, bool) and isinstance(x, numbers.Number)


_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    "integer": _is_integer,
    "number": _is_number,
}


# jsonschema._utils.equal, unbool and uniq, with the same semantics
_TRUE, _FALSE = object(), object()


def _unbool(element: Any) -> Any:
    if element is True:
        return _TRUE
    if element is False:
        return _FALSE
    return element


def _equal(one: Any, two: Any) -> bool:
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(_equal(i, j) for i, j in zip(one, two, strict=False))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    return bool(_unbool(one) == _unbool(two))


def _uniq(container: list[Any]) -> bool:
    if all(isinstance(item, str) for item in container):
        return len(set(container)) == len(container)
    try:
        ordered = sorted(_unbool(i) for i in container)
        return not any(
            _equal(i, j) for i, j in zip(ordered, islice(ordered, 1, None), strict=False)
        )
    except (NotImplementedError, TypeError):
        seen: list[Any] = []
        for item in container:
            item = _unbool(item)  # noqa: PLW2901
            if any(_equal(i, item) for i in seen):
                return False
            seen.append(item)
        return True


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def check(x: Any) -> bool:
        for each in checks:  # noqa: SIM110 - a plain loop is the fastest here
            if not each(x):
                return False
        return True

    return check


class _Compiler:
    def __init__(self, formats: frozenset[str]) -> None:
        self.formats = formats

    def node(self, schema: Any) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        checks = []
        for key, value in schema.items():
            if key in _IGNORED:
                continue
            make = getattr(self, "kw_" + key, None)
            if make is None:
                raise Unsupported(key)
            checks.append(make(value, schema))
        return _all(checks)

    def nodes(self, schemas: Any) -> list[Check]:
        if not isinstance(schemas, list) or not schemas:
            raise Unsupported("a non-empty list of schemas")
        return [self.node(s) for s in schemas]

    # objects -------------------------------------------------------------------

    def kw_type(self, value: Any, schema: dict[str, Any]) -> Check:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(n in _TYPES for n in names):
            raise Unsupported(f"type {value!r}")
        tests = [_TYPES[n] for n in names]
        if len(tests) == 1:
            return tests[0]
        return lambda x: any(t(x) for t in tests)

    def kw_properties(self, value: Any, schema: dict[str, Any]) -> Check:
        if not isinstance(value, dict):
            raise Unsupported("properties")
        subs = [(name, self.node(sub)) for name, sub in value.items()]
        subs = [(name, sub) for name, sub in subs if sub is not _always]

        def check(x: Any) -> bool:
            if isinstance(x, dict):
                for name, sub in subs:
                    if name in x and not sub(x[name]):
                        return False
            return True

        return check

    def kw_additionalProperties(self, value: Any, schema: dict[str, Any]) -> Check:
        if "patternProperties" in schema:
            raise Unsupported("additionalProperties with patternProperties")
        known = frozenset(schema.get("properties", {}))
        if isinstance(value, dict):
            sub = self.node(value)

            def each_extra(x: Any) -> bool:
                if isinstance(x, dict):
                    for key, item in x.items():
                        if key not in known and not sub(item):
                            return False
                return True

            return each_extra
        if value:
            return _always
        return lambda x: not isinstance(x, dict) or x.keys() <= known

    def kw_required(self, value: Any, schema: dict[str, Any]) -> Check:
        if not isinstance(value, list):
            raise Unsupported("required")
        names = tuple(value)
        return lambda x: not isinstance(x, dict) or all(n in x for n in names)

    def kw_propertyNames(self, value: Any, schema: dict[str, Any]) -> Check:
        sub = self.node(value)
        return lambda x: not isinstance(x, dict) or all(sub(k) for k in x)

    # arrays --------------------------------------------------------------------

    def kw_items(self, value: Any, schema: dict[str, Any]) -> Check:
        if "prefixItems" in schema:
            raise Unsupported("items with prefixItems")
        sub = self.node(value)
        if sub is _always:
            return _always
        return lambda x: not isinstance(x, list) or all(sub(item) for item in x)

    def kw_minItems(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda x: not isinstance(x, list) or len(x) >= value

    def kw_maxItems(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda x: not isinstance(x, list) or len(x) <= value

    def kw_uniqueItems(self, value: Any, schema: dict[str, Any]) -> Check:
        if not value:
            return _always
        return lambda x: not isinstance(x, list) or _uniq(x)

    # strings -------------------------------------------------------------------

    def kw_pattern(self, value: Any, schema: dict[str, Any]) -> Check:
        search = re.compile(value).search
        return lambda x: not isinstance(x, str) or search(x) is not None

    def kw_minLength(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda x: not isinstance(x, str) or len(x) >= value

    def kw_maxLength(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda x: not isinstance(x, str) or len(x) <= value

    def kw_format(self, value: Any, schema: dict[str, Any]) -> Check:
        if value not in self.formats:
            return _always
        if value != "date":
            raise Unsupported(f"format {value}")

        def date(x: Any) -> bool:
            if not isinstance(x, str):
                return True
            if not _DATE.fullmatch(x):
                return False
            try:
                _dt.date.fromisoformat(x)
            except ValueError:
                return False
            return True

        return date

    # numbers -------------------------------------------------------------------

    def kw_minimum(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda x: not _is_number(x) or not x < value

    def kw_maximum(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda x: not _is_number(x) or not x > value

    def kw_exclusiveMinimum(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda x: not _is_number(x) or not x <= value

    def kw_exclusiveMaximum(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda x: not _is_number(x) or not x >= value

    # any type ------------------------------------------------------------------

    def kw_enum(self, value: Any, schema: dict[str, Any]) -> Check:
        if not isinstance(value, list):
            raise Unsupported("enum")
        if all(isinstance(v, str) for v in value):
            names = frozenset(value)
            return lambda x: isinstance(x, str) and x in names
        options = list(value)
        return lambda x: any(_equal(each, x) for each in options)

    def kw_const(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda x: _equal(value, x)

    def kw_allOf(self, value: Any, schema: dict[str, Any]) -> Check:
        return _all(self.nodes(value))

    def kw_anyOf(self, value: Any, schema: dict[str, Any]) -> Check:
        subs = self.nodes(value)
        return lambda x: any(sub(x) for sub in subs)

    def kw_oneOf(self, value: Any, schema: dict[str, Any]) -> Check:
        subs = self.nodes(value)

        def check(x: Any) -> bool:
            found = 0
            for sub in subs:
                if sub(x):
                    found += 1
                    if found > 1:
                        return False
            return found == 1

        return check

    def kw_not(self, value: Any, schema: dict[str, Any]) -> Check:
        sub = self.node(value)
        return lambda x: not sub(x)

    def kw_if(self, value: Any, schema: dict[str, Any]) -> Check:
        """``if``/``then``/``else``: ``then`` where ``if`` holds, ``else`` where not."""
        condition = self.node(value)
        then = self.node(schema.get("then", True))
        otherwise = self.node(schema.get("else", True))
        return lambda x: then(x) if condition(x) else otherwise(x)

    def kw_then(self, value: Any, schema: dict[str, Any]) -> Check:
        return _always  # read with ``if``; alone it has no effect

    def kw_else(self, value: Any, schema: dict[str, Any]) -> Check:
        return _always
