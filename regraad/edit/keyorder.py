"""Keys in the order of the kind's JSON Schema, for ``regraad fmt``.

Keys the schema does not know keep their relative order after the known ones; a
mapping nested anywhere in a document finds its schema node by following ``$ref``,
``items`` and ``properties`` from the kind's root schema.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..load.kinds import DocumentKind
from ..load.schemacheck import SchemaStore

_Schemas = tuple[tuple[str, dict[str, Any]], ...]  # (schema file, node) pairs


class SchemaOrder:
    """The keys' order for a mapping anywhere in a document, from the kind's schema."""

    def __init__(self, store: SchemaStore) -> None:
        self.raw = store.raw

    def root(self, kind: DocumentKind) -> _Schemas:
        return self._expand(kind.schema_file, self.raw[kind.schema_file])

    def _expand(self, file: str, node: Any, depth: int = 0) -> _Schemas:
        """``node`` with its ``$ref`` followed and its oneOf/anyOf/allOf spread out."""
        if not isinstance(node, dict) or depth > 32:
            return ()
        out: list[tuple[str, dict[str, Any]]] = [(file, node)]
        ref = node.get("$ref")
        if isinstance(ref, str):
            target_file, _hash, pointer = ref.partition("#")
            target_file = target_file or file
            target: Any = self.raw.get(target_file)
            for part in pointer.split("/")[1:]:
                name = part.replace("~1", "/").replace("~0", "~")
                target = target.get(name) if isinstance(target, dict) else None
            out.extend(self._expand(target_file, target, depth + 1))
        for combinator in ("allOf", "anyOf", "oneOf"):
            for branch in node.get(combinator, ()):
                out.extend(self._expand(file, branch, depth + 1))
        return tuple(out)

    @staticmethod
    def keys(schemas: _Schemas) -> dict[str, int]:
        """Each known key with its rank."""
        keys: dict[str, None] = {}
        for _file, node in schemas:
            properties = node.get("properties")
            if isinstance(properties, dict):
                keys.update(dict.fromkeys(properties))
        return {key: rank for rank, key in enumerate(keys)}

    def value(self, schemas: _Schemas, key: str) -> _Schemas:
        out: list[tuple[str, dict[str, Any]]] = []
        for file, node in schemas:
            properties = node.get("properties")
            if isinstance(properties, dict) and key in properties:
                out.extend(self._expand(file, properties[key]))
                continue
            matched = False
            patterns = node.get("patternProperties")
            for pattern, sub in patterns.items() if isinstance(patterns, dict) else ():
                if re.search(pattern, key):
                    out.extend(self._expand(file, sub))
                    matched = True
            additional = node.get("additionalProperties")
            if not matched and isinstance(additional, dict):
                out.extend(self._expand(file, additional))
        return tuple(out)

    def item(self, schemas: _Schemas) -> _Schemas:
        out: list[tuple[str, dict[str, Any]]] = []
        for file, node in schemas:
            out.extend(self._expand(file, node.get("items")))
        return tuple(out)


def reorder(node: Any, schemas: _Schemas, order: SchemaOrder) -> None:
    """Put every mapping's keys in schema order, recursively, in place."""
    if isinstance(node, CommentedMap):
        rank = order.keys(schemas)
        keys = list(node)
        wanted = sorted(keys, key=lambda k: rank.get(_key_text(k), len(rank)))  # stable
        if wanted != keys:
            for key in wanted:
                node.move_to_end(key)
        for key, value in node.items():
            reorder(value, order.value(schemas, _key_text(key)), order)
    elif isinstance(node, CommentedSeq):
        items = order.item(schemas)
        for value in node:
            reorder(value, items, order)


def _key_text(key: Any) -> str:
    return key if isinstance(key, str) else str(key)
