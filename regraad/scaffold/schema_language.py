"""The JSON Schemas in the language of the people who edit the data.

yaml-language-server shows a key's ``title`` and ``description`` while one types; both are
annotations, so a bokmål schema set is the English one with those two keywords replaced
and nothing else changed: it accepts and refuses exactly the same documents. The bokmål
texts live in a table beside this module (``schemas_nb.json``), keyed by the English
description they translate, so a reworded English description shows up as untranslated
(the tests require none) instead of silently keeping an old translation.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..i18n import _

#: The language the shipped schemas are written in.
SOURCE_LANGUAGE = "en"
#: Each language a schema set can be written in, and the file of its texts (None: the source).
TEXT_TABLES: dict[str, str | None] = {"nb": "schemas_nb.json", SOURCE_LANGUAGE: None}
LANGUAGES: tuple[str, ...] = tuple(TEXT_TABLES)
#: The users' language: what ``regraad init`` writes unless told otherwise.
DEFAULT_LANGUAGE = "nb"

ANNOTATIONS = ("title", "description")
# keywords whose value maps names to subschemas (the names are data, not keywords)
_SCHEMA_MAPS = frozenset(("properties", "patternProperties", "$defs", "dependentSchemas"))
# keywords whose value is data, never a schema
_DATA = frozenset(("enum", "const", "examples", "default", "required", "$comment"))

Texts = dict[str, dict[str, str]]


def check_language(lang: str) -> str:
    """``lang`` when a schema set exists in it; else a usage error naming the choices."""
    if lang not in TEXT_TABLES:
        raise UsageError(
            _("--lang: '{value}' is not one of {choices}").format(
                value=lang, choices=", ".join(LANGUAGES)
            )
        )
    return lang


@cache
def texts(lang: str) -> Texts:
    """The table of ``lang``: English description -> its ``title`` and ``description``."""
    name = TEXT_TABLES[check_language(lang)]
    if name is None:
        return {}
    loaded: Texts = json.loads(Path(__file__).with_name(name).read_text(encoding="utf-8"))
    return loaded


def localized(schemas: dict[str, dict[str, Any]], lang: str) -> dict[str, dict[str, Any]]:
    """The schemas (file name -> schema) with their annotations in ``lang``; a text the
    table lacks stays in English."""
    table = texts(lang)
    if not table:
        return schemas
    return {name: _translate(copy.deepcopy(schema), table) for name, schema in schemas.items()}


def untranslated(schemas: dict[str, dict[str, Any]], lang: str) -> list[str]:
    """The English descriptions in ``schemas`` that ``lang``'s table has no text for."""
    table = texts(lang)
    found: list[str] = []
    for schema in schemas.values():
        for node in _schema_nodes(schema):
            text = node.get("description")
            if isinstance(text, str) and text not in table and lang != SOURCE_LANGUAGE:
                found.append(text)
    return found


def _translate(schema: dict[str, Any], table: Texts) -> dict[str, Any]:
    for node in _schema_nodes(schema):
        text = node.get("description")
        entry = table.get(text) if isinstance(text, str) else None
        if entry is None:
            continue
        for keyword in ANNOTATIONS:
            if keyword in node and keyword in entry:
                node[keyword] = entry[keyword]
    return schema


def _schema_nodes(node: Any) -> list[dict[str, Any]]:
    """Every subschema of ``node`` (itself included), never a value that is data."""
    out: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(current)
            continue
        if not isinstance(current, dict):
            continue
        out.append(current)
        for key, value in current.items():
            if key in _DATA or key in ANNOTATIONS:
                continue
            if key in _SCHEMA_MAPS and isinstance(value, dict):
                stack.extend(value.values())
            elif isinstance(value, dict | list):
                stack.append(value)
    return out
