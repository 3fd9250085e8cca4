"""The loaded dataset: documents with source positions, and indexes the rules read.

A ``Dataset`` is an immutable snapshot of one data root (a directory or a git
revision). Indexes are built over the documents that passed their schema, so rules,
diff and render can trust every field they read; ``present`` also knows documents that
exist but are broken, so one broken file does not turn into a cascade of dangling
references.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..findings import Finding
from ..privacy.contact import CONTACT_FIELDS
from .goalversions import GoalSetVersion, for_plan, in_force, on_day, versions_of
from .kinds import DocumentKind, match_path

if TYPE_CHECKING:
    from .yamlparse import Path_, Pos


@dataclass(eq=False)
class Document:
    """One parsed file of a known kind."""

    kind: DocumentKind
    path: str
    params: dict[str, str]
    data: dict[str, Any]
    positions: Mapping[Path_, Pos]  # often lazy: the file parsed again on first use
    key_positions: Mapping[Path_, Pos]
    blob: str
    valid: bool = True

    @property
    def key(self) -> tuple[str, ...]:
        return (self.kind.name, *(self.params[g] for g in self.kind.key))

    def locate(self, path: Path_ = ()) -> Pos:
        """Line and column of the value at ``path``, or of its nearest ancestor."""
        while True:
            pos = self.positions.get(path)
            if pos is not None:
                return pos
            if not path:
                return (1, 1)
            path = path[:-1]

    def locate_key(self, path: Path_) -> Pos:
        """Line and column of the key that holds ``path`` (its value when not a key)."""
        return self.key_positions.get(path) or self.locate(path)

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)


@dataclass
class SpecialtyData:
    """Everything filed under one specialty folder (valid documents only)."""

    slug: str
    spec: Document | None = None
    councils: dict[str, Document] = field(default_factory=dict)
    coverage: dict[str, Document] = field(default_factory=dict)
    rotations: dict[str, Document] = field(default_factory=dict)
    plans: dict[str, Document] = field(default_factory=dict)  # education plans' texts (plan)
    capacity: Document | None = None
    approvals: Document | None = None  # the approval register (approvals.yaml), when kept
    agreements: dict[str, Document] = field(default_factory=dict)
    proposals: dict[str, Document] = field(default_factory=dict)
    meetings: dict[str, Document] = field(default_factory=dict)
    cases: dict[str, Document] = field(default_factory=dict)

    def documents(self) -> Iterator[Document]:
        if self.spec:
            yield self.spec
        for group in (self.councils, self.coverage, self.rotations, self.plans):
            yield from group.values()
        if self.capacity:
            yield self.capacity
        if self.approvals:
            yield self.approvals
        for group in (self.agreements, self.proposals, self.meetings, self.cases):
            yield from group.values()


_SPECIALTY_GROUPS = {
    "council": ("councils", "region"),
    "coverage": ("coverage", "trust"),
    "rotation": ("rotations", "trust"),
    "plan": ("plans", "trust"),
    "proposal": ("proposals", "proposal"),
    "meeting": ("meetings", "meeting"),
    "case": ("cases", "case"),
}


@dataclass
class Dataset:
    """A snapshot of one data root."""

    label: str
    documents: list[Document]
    paths: list[str]
    texts: dict[str, str]
    load_findings: list[Finding]
    revision: str | None = None
    # national identity numbers found in each text, when the loader already knows them
    scans: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict, repr=False)
    # e-mail addresses and phone numbers in each text, likewise (contact.Hit fields)
    contact_scans: dict[str, list[tuple[str, int, int, str]]] = field(
        default_factory=dict, repr=False
    )
    # a hash of every file's path and content (git blob hash): equal for two snapshots
    # with the same files, whatever their source (``loader.build``); empty when unknown
    content_id: str = ""

    def personnummer_hits(self, path: str) -> list[tuple[int, int, str]]:
        """(line, column, masked number) of every national identity number in a file."""
        hits = self.scans.get(path)
        if hits is None:
            from ..privacy.personnummer import find

            hits = self.scans[path] = list(find(self.texts[path]))
        return hits

    def contact_hits(self, path: str) -> list[tuple[str, int, int, str]]:
        """(kind, start, end, text) of every e-mail address and phone number in a file."""
        hits = self.contact_scans.get(path)
        if hits is None:
            from dataclasses import astuple

            from ..privacy.contact import find

            hits = self.contact_scans[path] = [astuple(hit) for hit in find(self.texts[path])]
        return hits

    def withheld(self) -> Dataset:
        """This dataset without the values of contact fields (set to ``None``), for pages
        that are published: whatever a template prints, it cannot print those."""
        documents = []
        for doc in self.documents:
            text = self.texts.get(doc.path, "")
            if isinstance(doc.data, dict) and any(name in text for name in CONTACT_FIELDS):
                documents.append(dataclasses.replace(doc, data=_without_contact(doc.data)))
            else:
                documents.append(doc)
        return dataclasses.replace(self, documents=documents)

    @cached_property
    def present(self) -> set[tuple[str, ...]]:
        """Keys of every file in a known place, whether it parsed or not."""
        keys = set()
        for path in self.paths:
            matched = match_path(path)
            if matched is not None:
                kind, params = matched
                keys.add((kind.name, *(params[g] for g in kind.key)))
        return keys

    @cached_property
    def regions(self) -> dict[str, Document]:
        return self._index("region", "region")

    @cached_property
    def trusts(self) -> dict[str, Document]:
        return self._index("trust", "trust")

    @cached_property
    def goalsets(self) -> dict[str, Document]:
        return self._index("goalset", "goalset")

    def _index(self, kind: str, param: str) -> dict[str, Document]:
        return {d.params[param]: d for d in self.documents if d.valid and d.kind.name == kind}

    @cached_property
    def specialties(self) -> dict[str, SpecialtyData]:
        """Every specialty folder with its valid documents, by slug."""
        out: dict[str, SpecialtyData] = {}
        for doc in self.documents:
            slug = doc.params.get("specialty")
            if slug is None:
                continue
            bundle = out.setdefault(slug, SpecialtyData(slug))
            if not doc.valid:
                continue
            kind = doc.kind.name
            if kind == "specialty":
                bundle.spec = doc
            elif kind == "capacity":
                bundle.capacity = doc
            elif kind == "approvals":
                bundle.approvals = doc
            elif kind == "agreement":
                bundle.agreements[f"{doc.params['home']}--{doc.params['host']}"] = doc
            else:
                attr, param = _SPECIALTY_GROUPS[kind]
                getattr(bundle, attr)[doc.params[param]] = doc
        return dict(sorted(out.items()))

    @cached_property
    def sites(self) -> dict[str, set[str]]:
        """Site ids per trust id."""
        return {tid: {site["id"] for site in doc.data["sites"]} for tid, doc in self.trusts.items()}

    def goals(self, slug: str) -> dict[str, tuple[Document, dict[str, Any]]]:
        """Every goal a specialty's LIS may meet, by id: its goal sets' in any version
        (the newest version's text where an id recurs) and its own."""
        return self._goal_index.get(slug, {})

    @cached_property
    def _goal_index(self) -> dict[str, dict[str, tuple[Document, dict[str, Any]]]]:
        index: dict[str, dict[str, tuple[Document, dict[str, Any]]]] = {}
        for slug, bundle in self.specialties.items():
            if bundle.spec is None:
                continue
            goals: dict[str, tuple[Document, dict[str, Any]]] = {}
            for set_id in bundle.spec.data["goalsets"]:
                gs = self.goalsets.get(set_id)
                if gs is not None:
                    for version in reversed(self.goalset_versions(set_id)):
                        for goal in version.goals:
                            goals.setdefault(goal["id"], (gs, goal))
            for goal in bundle.spec.data["goals"]:
                goals.setdefault(goal["id"], (bundle.spec, goal))
            index[slug] = goals
        return index

    def goal(self, slug: str, goal_id: str, on: str | None = None) -> dict[str, Any] | None:
        """A goal by id; ``on`` a day, as the goal-set version valid that day words it."""
        found = self.goals(slug).get(goal_id)
        if found is None:
            return None
        if on is not None and found[0].kind.name == "goalset":
            version = on_day(self.goalset_versions(found[0].params["goalset"]), on)
            listed = [g for g in version.goals if g["id"] == goal_id] if version else []
            if listed:
                return listed[0]
        return found[1]

    def goalset_versions(self, set_id: str) -> tuple[GoalSetVersion, ...]:
        """The versions of a goal set, oldest first; none for an unknown set."""
        found = self._versions.get(set_id)
        if found is None:
            doc = self.goalsets.get(set_id)
            found = self._versions[set_id] = versions_of(doc.data) if doc else ()
        return found

    @cached_property
    def _versions(self) -> dict[str, tuple[GoalSetVersion, ...]]:
        return {}

    def active_goals(self, slug: str, as_of: str) -> list[str]:
        """Goal ids in force on ``as_of`` (ISO date), in file order: of each goal set the
        version valid that day."""
        return self._required(slug, None, as_of)

    def plan_goals(self, slug: str, start: str | None, as_of: str) -> list[str]:
        """Goal ids a plan begun on ``start`` must reach, judged on ``as_of``: of each
        goal set the version it began under, or a stricter one since
        (``load.goalversions``); without ``start``, those in force on ``as_of``."""
        return self._required(slug, start, as_of)

    def _required(self, slug: str, start: str | None, as_of: str) -> list[str]:
        found = self._active.get((slug, start, as_of))
        if found is None:
            found = self._active[(slug, start, as_of)] = []
            bundle = self.specialties.get(slug)
            if bundle is not None and bundle.spec is not None:
                for set_id in bundle.spec.data["goalsets"]:
                    versions = self.goalset_versions(set_id)
                    version = (
                        on_day(versions, as_of)
                        if start is None
                        else for_plan(versions, start, as_of)
                    )
                    if version is not None:
                        found.extend(g["id"] for g in version.goals if in_force(g, as_of))
                found.extend(g["id"] for g in bundle.spec.data["goals"] if in_force(g, as_of))
                found[:] = dict.fromkeys(found)  # an id in the specialty and a set: once
        return list(found)

    @cached_property
    def _active(self) -> dict[tuple[str, str | None, str], list[str]]:
        return {}

    def present_in(self, kind: str, *scope: str) -> list[str]:
        """The last key part of every file of ``kind`` under ``scope``, sorted; broken ones too.

        ``present_in("coverage", "anestesiologi")`` lists the trusts with a coverage file.
        """
        return self._present_index.get((kind, *scope), [])

    @cached_property
    def _present_index(self) -> dict[tuple[str, ...], list[str]]:
        index: dict[tuple[str, ...], list[str]] = {}
        for key in sorted(self.present):
            index.setdefault(key[:-1], []).append(key[-1])
        return index

    def goalset_goals(self, set_id: str, on: str | None = None) -> list[str]:
        """The goal ids of a set: of the version valid ``on`` that day, or of every
        version (each id once) without it."""
        versions = self.goalset_versions(set_id)
        if on is not None:
            version = on_day(versions, on)
            versions = (version,) if version is not None else ()
        return list(dict.fromkeys(g["id"] for v in versions for g in v.goals))

    def region_trusts(self, region: str) -> list[str]:
        return sorted(t for t, doc in self.trusts.items() if doc.data["region"] == region)


def _without_contact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: None if k in CONTACT_FIELDS else _without_contact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_contact(v) for v in value]
    return value
