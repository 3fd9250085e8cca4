"""The generic entity diff: documents and the keyed collections inside them, compared
as the kind declarations in ``load.kinds`` describe them.

Every kind tells its changes in the same shape: a document added or removed in one
line, or else each declared collection entry by entry (added, removed, changed), the
particular comparisons of the kind, and one generic change for any other field that
differs, so that no change is silent. A ``Report`` supplies only what is particular:
the sentences, the subjects and the comparisons the generic shape cannot make.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..i18n import _
from ..load.dataset import Document
from ..load.kinds import Collection
from . import Change
from .emitter import Emitter, Entry, Names

# A particular comparison: (changes so far, BASE data, HEAD data) → the fields it told
Step = Callable[[Emitter, Entry, Entry], Iterable[str]]


@dataclass(frozen=True)
class Pair:
    """One entry of a collection in BASE and HEAD, None on the side it is missing from."""

    collection: Collection
    key: str  # the entry's key; "" in records and in lists without a key
    was: Entry | None
    now: Entry | None
    group: str = ""  # the named list it is in, for ``groups``

    @property
    def entry(self) -> Entry:
        """The entry as it is now, or as it was when it is gone."""
        entry = self.now if self.now is not None else self.was
        assert entry is not None
        return entry

    @property
    def label(self) -> Any:
        """The value that names the entry in messages (see ``Collection.label``)."""
        return self.entry.get(self.collection.label) if self.collection.label else None


def index(collection: Collection, entries: list[Entry] | None) -> dict[str, Entry]:
    """The entries of a keyed list by key; a repeated key keeps the last entry, which
    the ID rule reports."""
    fields = collection.key
    return {
        " ".join(str(entry[f]) for f in fields): entry
        for entry in entries or []
        if all(f in entry for f in fields)
    }


def pairs(collection: Collection, old: Any, new: Any) -> Iterator[Pair]:
    """The entries that differ between two revisions of a collection, paired by
    identity, in the order reviewers read them: in a list the new entries first, then
    the old ones as they stood; in a mapping each key where it first stands; in records
    the ones kept, then those gone, then those new."""
    if collection.shape == "mapping":
        before: Entry = old or {}
        after: Entry = new or {}
        for key in dict.fromkeys([*before, *after]):
            if before.get(key) != after.get(key):
                yield Pair(collection, key, before.get(key), after.get(key))
    elif collection.shape == "groups":
        groups_before: Entry = old or {}
        groups_after: Entry = new or {}
        for group in dict.fromkeys([*groups_before, *groups_after]):
            yield from _listed(collection, groups_before.get(group), groups_after.get(group), group)
    elif collection.shape == "records":
        yield from _records(collection, old or [], new or [])
    else:
        yield from _listed(collection, old, new)


def _listed(
    collection: Collection, old: list[Entry] | None, new: list[Entry] | None, group: str = ""
) -> Iterator[Pair]:
    if not collection.key:  # appended records: the whole entry is its identity
        before_all, after_all = old or [], new or []
        for entry in after_all:
            if entry not in before_all:
                yield Pair(collection, "", None, entry, group)
        for entry in before_all:
            if entry not in after_all:
                yield Pair(collection, "", entry, None, group)
        return
    before, after = index(collection, old), index(collection, new)
    for key, entry in after.items():
        if key not in before:
            yield Pair(collection, key, None, entry, group)
    for key, entry in before.items():
        if after.get(key) != entry:
            yield Pair(collection, key, entry, after.get(key), group)


def _records(collection: Collection, before: list[Entry], after: list[Entry]) -> Iterator[Pair]:
    """Records paired one to one: by ``key`` first, then the rest by ``rekey``."""
    remaining = list(after)
    kept: list[tuple[Entry, Entry]] = []
    unpaired = list(before)
    for fields in (collection.key, collection.rekey):
        left = []
        for entry in unpaired:
            same = next(
                (n for n in remaining if all(n.get(f) == entry.get(f) for f in fields)), None
            )
            if same is None:
                left.append(entry)
            else:
                remaining.remove(same)
                kept.append((entry, same))
        unpaired = left
    for was, now in kept:
        if was != now:
            yield Pair(collection, "", was, now)
    for was in unpaired:
        yield Pair(collection, "", was, None)
    for now in remaining:
        yield Pair(collection, "", None, now)


def by_key(out: Emitter, pair: Pair) -> str:
    """An entry's subject where its key is known without its document ("ANE-014")."""
    return pair.key


def in_document(out: Emitter, pair: Pair) -> str:
    """An entry's subject within its document ("HMR ANE-014")."""
    return f"{out.name} {pair.key}"


def the_document(out: Emitter, pair: Pair) -> str:
    """The subject of an appended record, which has no key of its own."""
    return out.name


@dataclass(frozen=True)
class Entries:
    """How the entries of one declared collection are told: an entry added or removed
    in one sentence (not at all when its sentence is None), a kept one through the
    kind's particular comparison and then field by field."""

    field: str
    area: str
    words: Callable[[Emitter, Pair], dict[str, Any]]  # the sentences' placeholders
    added: str | None = None  # a message id, translated when told
    removed: str | None = None
    subject: Callable[[Emitter, Pair], str] = by_key
    detail: Callable[[Emitter, Pair], str] | None = None  # the subject of field changes
    kept: Callable[[Emitter, Pair], Iterable[str]] | None = None  # → the fields it told
    action: str = "added"  # the action of an entry added

    def __call__(self, out: Emitter, old: Entry, new: Entry) -> Iterable[str]:
        collection = out.kind.collection(self.field)
        for pair in pairs(collection, old.get(self.field), new.get(self.field)):
            if pair.was is None or pair.now is None:
                message = self.added if pair.was is None else self.removed
                if message is not None:
                    out.add(
                        self.area,
                        self.action if pair.was is None else "removed",
                        self.subject(out, pair),
                        _(message).format(**self.words(out, pair)),
                        pair.was,
                        pair.now,
                    )
                continue
            told = tuple(self.kept(out, pair)) if self.kept is not None else ()
            out.fields(
                self.area,
                (self.detail or self.subject)(out, pair),
                pair.was,
                pair.now,
                skip=(*collection.key, *told),
            )
        return (self.field,)


@dataclass(frozen=True)
class Whole:
    """A document added or removed, told in one line rather than entry by entry."""

    added: str  # message ids
    removed: str
    words: Callable[[Entry, str], dict[str, Any]]  # (data, the document's name)
    action: str = "added"  # the action of a document added

    def tell(self, out: Emitter, area: str, data: Entry, added: bool) -> None:
        message = _(self.added if added else self.removed)
        out.add(
            area,
            self.action if added else "removed",
            out.name,
            message.format(**self.words(data, out.name)),
        )


def _as_is(name: str) -> str:
    return name


def _named(doc: Document, names: Names) -> str:
    """A document named by the last group of its path, as what that group refers to:
    a trust by its short name, a region by its code, anything else as it stands."""
    group = doc.kind.key[-1]
    value = doc.params[group]
    if group == "trust":
        return names.trust(value)
    return names.region(value) if group == "region" else value


@dataclass(frozen=True)
class Report:
    """How the changes to one kind of document are told; called as its comparator.

    ``steps`` run in order; ``whole`` tells a document added or removed (without it, the
    missing side compares as empty); ``rest`` gives the subject of the generic changes to
    every other field; ``name`` names a document in messages.
    """

    kind: str
    area: str
    steps: tuple[Step, ...] = ()
    whole: Whole | None = None
    rest: Callable[[str], str] = _as_is
    name: Callable[[Document, Names], str] = _named

    def __call__(
        self, old: Document | None, new: Document | None, names: Names, as_of: str
    ) -> Iterator[Change]:
        doc = new or old
        assert doc is not None
        out = Emitter(doc, names, self.name(doc, names))
        if self.whole is not None and (old is None or new is None):
            self.whole.tell(out, self.area, doc.data, added=old is None)
            return iter(out.changes)
        before = old.data if old is not None else {}
        after = new.data if new is not None else {}
        # the fields that place the document, and its collections, are never told as fields
        told = {field for _group, field in doc.kind.identity}
        told.update(c.field for c in doc.kind.collections)
        for step in self.steps:
            told.update(step(out, before, after))
        out.fields(self.area, self.rest(out.name), before, after, skip=told)
        return iter(out.changes)
