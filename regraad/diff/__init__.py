"""Semantic diff: what changed between two dataset snapshots, as entities, never lines.

``compare(base, head)`` pairs documents by their key (renames and moves by content),
asks the comparator registered for each kind what changed inside, and adds the
validation findings the change introduces or resolves. It is a pure function of
the two datasets; reading revisions lives in ``diff.revisions`` and output formats
in ``diff.formats``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding, sort_findings
from ..i18n import N_, _
from ..load.dataset import Dataset, Document

# Areas in the order reviewers read them; the titles are translated where shown.
AREAS: dict[str, str] = {
    "files": N_("Files"),
    "approvals": N_("Approvals"),
    "goals": N_("Learning goals"),
    "activities": N_("Learning activities"),
    "coverage": N_("Coverage"),
    "rotations": N_("Rotation plans"),
    "capacity": N_("Capacity"),
    "agreements": N_("Agreements"),
    "council": N_("Council"),
    "proposals": N_("Proposals"),
    "meetings": N_("Meetings"),
    "cases": N_("Council cases"),
    "reference": N_("Specialty, trusts and regions"),
}

NATIONAL = ""  # the group of changes to regions, trusts and goal sets


@dataclass(frozen=True)
class Change:
    """One entity-level change, worded for a reviewer."""

    specialty: str  # slug, or NATIONAL for regions, trusts and goal sets
    area: str  # a key of AREAS
    action: str  # added | removed | changed | renamed | moved | ...
    subject: str  # the entity, e.g. "HMR ANE-014" or a member's name
    message: str  # the full sentence, translated
    path: str  # the file in HEAD (in BASE when it was removed)
    before: Any = None
    after: Any = None


@dataclass(frozen=True)
class FindingChange:
    """A validation finding that the change introduces or resolves."""

    specialty: str
    finding: Finding
    introduced: bool


@dataclass
class DiffResult:
    base: str
    head: str
    changes: list[Change] = field(default_factory=list)
    findings: list[FindingChange] = field(default_factory=list)
    layout_only: list[str] = field(default_factory=list)  # files changed in comments/layout

    def specialties(self) -> list[str]:
        """Groups with anything to show, national first, then by slug."""
        names = {c.specialty for c in self.changes} | {f.specialty for f in self.findings}
        return sorted(names)

    def counts(self, specialty: str) -> Counter[str]:
        return Counter(c.area for c in self.changes if c.specialty == specialty)

    def finding_counts(self, specialty: str) -> tuple[int, int]:
        introduced = sum(1 for f in self.findings if f.specialty == specialty and f.introduced)
        resolved = sum(1 for f in self.findings if f.specialty == specialty and not f.introduced)
        return introduced, resolved

    @property
    def empty(self) -> bool:
        return not self.changes and not self.findings


def specialty_of(path: str) -> str:
    """The specialty folder a data path is under, or NATIONAL."""
    parts = path.split("/")
    if len(parts) > 3 and parts[1] == "specialties":
        return parts[2]
    return NATIONAL


def _pair(
    base: list[Document], head: list[Document]
) -> Iterator[tuple[Document | None, Document | None, bool]]:
    """(base doc, head doc, renamed) by key; unmatched ones paired again by content."""
    by_key_base = {d.key: d for d in base}
    by_key_head = {d.key: d for d in head}
    for key, doc in by_key_base.items():
        if key in by_key_head:
            yield doc, by_key_head[key], False
    gone = [d for k, d in by_key_base.items() if k not in by_key_head]
    new = [d for k, d in by_key_head.items() if k not in by_key_base]
    for old in gone:
        match = _same_content(old, new)
        if match is not None:
            new.remove(match)
            yield old, match, True
        else:
            yield old, None, False
    for doc in new:
        yield None, doc, False


def _same_content(old: Document, candidates: list[Document]) -> Document | None:
    """A new document that is ``old`` under another name: same bytes, or same data
    apart from the fields that must follow the file's place."""
    for doc in candidates:
        if doc.blob == old.blob:
            return doc
    stripped = _without_identity(old)
    for doc in candidates:
        if doc.kind is old.kind and _without_identity(doc) == stripped:
            return doc
    return None


def _without_identity(doc: Document) -> dict[str, Any]:
    return {k: v for k, v in doc.data.items() if k not in {f for _, f in doc.kind.identity}}


def compare(base: Dataset, head: Dataset, as_of: str, specialty: str | None = None) -> DiffResult:
    """Everything that changed from ``base`` to ``head`` (only ``specialty`` when given)."""
    from .documents import COMPARATORS_BY_KIND
    from .emitter import Names

    result = DiffResult(base.label, head.label)
    names = Names(base, head)
    renamed: dict[str, str] = {}
    for old, new, was_renamed in _pair(base.documents, head.documents):
        doc = new or old
        assert doc is not None
        if old is not None and new is not None and old.blob == new.blob and not was_renamed:
            continue
        changes: list[Change] = []
        if was_renamed and old is not None and new is not None:
            renamed[old.path] = new.path
            changes.append(
                Change(
                    specialty_of(new.path),
                    "files",
                    "renamed",
                    new.path,
                    _("{old} renamed to {new}").format(old=old.path, new=new.path),
                    new.path,
                    old.path,
                    new.path,
                )
            )
        if (old is not None and not old.valid) or (new is not None and not new.valid):
            if old is None or new is None or old.blob != new.blob:
                changes.append(
                    Change(
                        specialty_of(doc.path),
                        "files",
                        "changed",
                        doc.path,
                        _("{path} changed, not compared: it has errors (see findings)").format(
                            path=doc.path
                        ),
                        doc.path,
                    )
                )
        else:
            entity = list(COMPARATORS_BY_KIND[doc.kind.name](old, new, names, as_of))
            if not entity and not was_renamed:
                result.layout_only.append(doc.path)
            changes.extend(entity)
        result.changes.extend(changes)
    result.findings = _finding_changes(base, head, as_of, renamed)
    if specialty is not None:
        result.changes = [c for c in result.changes if c.specialty == specialty]
        result.findings = [f for f in result.findings if f.specialty == specialty]
        result.layout_only = [p for p in result.layout_only if specialty_of(p) == specialty]
    order = list(AREAS)
    result.changes.sort(key=lambda c: (c.specialty, order.index(c.area)))
    return result


def _all_findings(dataset: Dataset, as_of: str) -> list[Finding]:
    """Every finding on ``as_of`` and those the data's later days bring, as validate
    reports them: a change that breaks a future day shows as a new finding."""
    from ..validate import all_check_ids
    from ..validate.judgement import judged

    return judged(dataset, as_of, set(all_check_ids()), timeline=True)


def _finding_changes(
    base: Dataset, head: Dataset, as_of: str, renamed: dict[str, str]
) -> list[FindingChange]:
    """Findings in HEAD that BASE did not have, and the reverse; positions are ignored
    so that moving lines neither introduces nor resolves anything."""

    def identity(f: Finding, paths: dict[str, str]) -> tuple[str, str, str]:
        return (f.rule, paths.get(f.path, f.path), f.message)

    before = _all_findings(base, as_of)
    after = _all_findings(head, as_of)
    seen_before = Counter(identity(f, renamed) for f in before)
    seen_after = Counter(identity(f, {}) for f in after)
    out: list[FindingChange] = []
    budget = seen_after - seen_before
    for f in sort_findings(after):
        key = identity(f, {})
        if budget[key] > 0:
            budget[key] -= 1
            out.append(FindingChange(specialty_of(f.path), f, True))
    budget = seen_before - seen_after
    for f in sort_findings(before):
        key = identity(f, renamed)
        if budget[key] > 0:
            budget[key] -= 1
            out.append(FindingChange(specialty_of(f.path), f, False))
    return out
