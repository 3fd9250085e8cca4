"""Layer 3: cross-file and semantic rules, one registry.

Each rule is a small function registered with an id, a severity and a one-line doc;
it reads a ``Context`` (the dataset and the reference date) and yields findings.
Rules only ever see documents that passed their schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..clock import active as active
from ..dataset import Dataset, Document
from ..findings import Finding, Severity
from ..yamlparse import Path_


@dataclass(frozen=True)
class Context:
    dataset: Dataset
    as_of: str  # ISO date: what "active", "valid" and "in force" are judged against

    def finding(
        self,
        doc: Document,
        path: Path_,
        rule: str,
        message: str,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
    ) -> Finding:
        line, col = doc.locate_key(path) if at_key else doc.locate(path)
        return Finding(doc.path, line, col, rule, severity, message, hint)


Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "error", "warning", or "policy" (set per region)
    doc: str  # one line, English source text (translated where shown)
    check: Check


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, doc: str) -> Callable[[Check], Check]:
    """Register a rule function under ``rule_id``."""

    def register(fn: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        RULES[rule_id] = Rule(rule_id, severity, doc, fn)
        return fn

    return register


def load_rules() -> dict[str, Rule]:
    """Import every rule module (they register themselves) and return the registry."""
    # imported in the order of the rule table in the README
    from . import references, identity, councils, coverage, plans, capacity  # noqa: F401, I001
    from . import proposals, privacy  # noqa: F401

    return RULES


def iter_docs(dataset: Dataset, kind: str) -> Iterator[Document]:
    for doc in dataset.documents:
        if doc.valid and doc.kind.name == kind:
            yield doc
