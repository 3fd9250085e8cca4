"""What-if: ``--set`` overrides applied to copies of documents, never to files.

Syntax: ``<specialty>/<kind>[:<key>].<field path>=<value>``, repeatable::

    ortopedisk-kirurgi/capacity:stolav.positions=3       capacity.yaml, hosts.stolav.positions
    radiologi/agreement:hnt--stolav.places=2             agreements/hnt--stolav.yaml, places
    anestesiologi/rotation:hmr.intake_per_year=5         rotations/hmr.yaml, intake_per_year
    anestesiologi/rotation:hmr.periods.local-1.months=24 a period, chosen by its id

``kind`` is ``capacity`` (the key is a host trust), ``agreement`` (the key is
``home--host``) or ``rotation`` (the key is the home trust). The field must exist and hold
a number; the changed document must still satisfy its schema. Overrides apply in order
to one deep copy per document; the result is a new ``Dataset`` and the list of changes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..errors import UsageError
from ..i18n import _
from ..load.dataset import Dataset, Document
from ..load.schemacheck import SchemaStore

KINDS = ("capacity", "agreement", "rotation")
SYNTAX = "<specialty>/<kind>[:<key>].<field>=<value>"
EXAMPLE = "ortopedisk-kirurgi/capacity:stolav.positions=3"

_OPTION = re.compile(
    r"^(?P<specialty>[a-z0-9][a-z0-9-]*)/(?P<kind>[a-z]+)(?::(?P<key>[a-z0-9][a-z0-9-]*))?"
    r"\.(?P<path>[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)=(?P<value>.*)$"
)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Override:
    option: str  # as given on the command line
    specialty: str
    kind: str
    key: str | None
    path: tuple[str, ...]
    value: int | float


@dataclass(frozen=True)
class Change:
    """One changed assumption, for the output."""

    option: str
    specialty: str
    path: str  # the document's file, relative to the data root (not written)
    field: str  # dotted path inside the document
    before: int | float
    after: int | float


def _fail(option: str, problem: str) -> UsageError:
    return UsageError(
        _("--set '{option}': {problem}").format(option=option, problem=problem),
        _("use {syntax}, e.g. {example}").format(syntax=SYNTAX, example=EXAMPLE),
    )


def parse(option: str) -> Override:
    """One ``--set`` value; a usage error naming it when malformed."""
    match = _OPTION.match(option.strip())
    if match is None:
        raise _fail(option, _("not of the form {syntax}").format(syntax=SYNTAX))
    kind = match["kind"]
    if kind not in KINDS:
        raise _fail(
            option,
            _("unknown kind '{kind}'; use one of: {kinds}").format(
                kind=kind, kinds=", ".join(KINDS)
            ),
        )
    raw = match["value"].strip()
    if not _NUMBER.match(raw):
        raise _fail(option, _("'{value}' is not a number").format(value=raw))
    value: int | float = float(raw) if "." in raw else int(raw)
    return Override(
        option, match["specialty"], kind, match["key"], tuple(match["path"].split(".")), value
    )


def _document(ds: Dataset, item: Override) -> tuple[Document, tuple[Any, ...]]:
    """The document an override changes and the path prefix its key stands for."""
    bundle = ds.specialties.get(item.specialty)
    if bundle is None or bundle.spec is None:
        raise _fail(item.option, _("no specialty '{slug}'").format(slug=item.specialty))
    if item.kind == "capacity":
        if bundle.capacity is None:
            raise _fail(item.option, _("{slug} has no capacity.yaml").format(slug=item.specialty))
        if item.key is None:
            return bundle.capacity, ()
        hosts = bundle.capacity.data["hosts"]
        if item.key not in hosts:
            raise _fail(
                item.option,
                _("{slug} has no {kind} '{key}'; there are: {keys}").format(
                    slug=item.specialty, kind=item.kind, key=item.key, keys=", ".join(hosts)
                ),
            )
        return bundle.capacity, ("hosts", item.key)
    group: dict[str, Document] = bundle.agreements if item.kind == "agreement" else bundle.rotations
    if item.key is None:
        raise _fail(
            item.option,
            _("{kind} needs a key: {kind}:<{what}>").format(
                kind=item.kind, what="home--host" if item.kind == "agreement" else "trust"
            ),
        )
    if item.key not in group:
        raise _fail(
            item.option,
            _("{slug} has no {kind} '{key}'; there are: {keys}").format(
                slug=item.specialty,
                kind=item.kind,
                key=item.key,
                keys=", ".join(sorted(group)) or "-",
            ),
        )
    return group[item.key], ()


def _resolve(option: str, data: Any, path: tuple[str, ...]) -> tuple[Any, Any, list[str]]:
    """The container holding the field, the field's key or index, and the dotted path."""
    node = data
    names: list[str] = []
    for i, segment in enumerate(path):
        if isinstance(node, dict):
            if segment not in node:
                raise _fail(
                    option,
                    _("no field '{field}'; there are: {fields}").format(
                        field=".".join((*names, segment)), fields=", ".join(map(str, node))
                    ),
                )
            key: Any = segment
        elif isinstance(node, list):
            ids = [item.get("id") for item in node if isinstance(item, dict)]
            if segment not in ids:
                raise _fail(
                    option,
                    _("no item '{id}' in {field}; there are: {ids}").format(
                        id=segment, field=".".join(names) or "-", ids=", ".join(map(str, ids))
                    ),
                )
            key = ids.index(segment)
        else:
            raise _fail(option, _("'{field}' has no fields").format(field=".".join(names) or "-"))
        names.append(str(segment))
        if i == len(path) - 1:
            return node, key, names
        node = node[key]
    raise _fail(option, _("no field given"))  # pragma: no cover - the pattern needs one


def apply(
    ds: Dataset, options: Sequence[str], schemas: SchemaStore | None = None
) -> tuple[Dataset, list[Change]]:
    """``ds`` with the overrides applied to copies of its documents, and what changed."""
    if not options:
        return ds, []
    store = schemas or SchemaStore()
    copies: dict[int, Document] = {}
    changes: list[Change] = []
    for option in options:
        item = parse(option)
        original, prefix = _document(ds, item)
        doc = copies.get(id(original))
        if doc is None:
            doc = replace(original, data=copy.deepcopy(original.data))
            copies[id(original)] = doc
        container, key, names = _resolve(option, doc.data, (*prefix, *item.path))
        before = container[key]
        if isinstance(before, bool) or not isinstance(before, (int, float)):
            raise _fail(
                option,
                _(
                    "'{field}' is not a number; --set changes numbers such as positions, "
                    "places, intake_per_year and months"
                ).format(field=".".join(names)),
            )
        after = item.value
        if isinstance(before, int) and isinstance(after, float) and after.is_integer():
            after = int(after)
        container[key] = after
        findings = store.check(doc)
        if findings:
            container[key] = before
            raise _fail(
                option,
                _("{field} = {value} is not allowed: {message}").format(
                    field=".".join(names), value=item.value, message=findings[0].message
                ),
            )
        changes.append(Change(option, item.specialty, doc.path, ".".join(names), before, after))
    documents = [copies.get(id(d), d) for d in ds.documents]
    return replace(ds, documents=documents), changes
