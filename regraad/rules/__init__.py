"""Layer 3: cross-file and semantic rules, one registry.

Each rule is a small function registered with an id, a severity and a one-line doc;
it reads a ``Context`` (the dataset and the day judged) and yields findings. Rules only
ever see documents that passed their schema.

A rule whose verdict depends on the day is registered ``dated`` with the dated records
it reads (``ASPECTS``: memberships, goals, agreements, plans, approvals, the in-force
dates of accepted proposals):
``rules.timeline`` runs it again on every later day on which such a record begins or
ends, for the specialties it changes in (``Context.scope``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..clock import active as active
from ..errors import InternalError
from ..findings import Finding, Severity
from ..i18n import _
from ..load.dataset import Dataset, Document, SpecialtyData
from ..load.yamlparse import Path_


@dataclass(frozen=True)
class Context:
    dataset: Dataset
    as_of: str  # ISO date: what "active", "valid" and "in force" are judged against
    # the specialties to judge (None: all); dated rules honour it on later days
    scope: frozenset[str] | None = None

    def specialties(self) -> Iterator[tuple[str, SpecialtyData]]:
        """The specialties in scope, by slug."""
        for slug, bundle in self.dataset.specialties.items():
            if self.scope is None or slug in self.scope:
                yield slug, bundle

    def finding(
        self,
        doc: Document,
        path: Path_,
        rule: str,
        message: str,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
        gap: bool = False,
    ) -> Finding:
        """A finding at ``path`` in ``doc``; ``gap`` when it says what the data lacks."""
        line, col = doc.locate_key(path) if at_key else doc.locate(path)
        return Finding(doc.path, line, col, rule, severity, message, hint, gap=gap)


Check = Callable[[Context], Iterable[Finding]]

#: The dated records a rule's verdict can depend on (``rule(dated=...)``).
MEMBERS, GOALS, AGREEMENTS, PLANS = "members", "goals", "agreements", "plans"
APPROVALS = "approvals"  # Helsedirektoratet's approvals of trusts (who offers a specialty)
PROPOSALS = "proposals"  # the day an accepted change takes effect (``in_force``)
ASPECTS = (MEMBERS, GOALS, AGREEMENTS, PLANS, APPROVALS, PROPOSALS)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "error", "warning", or "policy" (set per region)
    doc: str  # one line, English source text (translated where shown)
    check: Check
    dated: frozenset[str] = frozenset()  # the dated records (ASPECTS) the verdict reads


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, severity: str, doc: str, dated: Iterable[str] = ()
) -> Callable[[Check], Check]:
    """Register a rule function under ``rule_id``; ``dated`` names the dated records
    (``ASPECTS``) whose periods its verdict depends on."""
    aspects = frozenset(dated)
    if not aspects <= set(ASPECTS):
        raise ValueError(f"rule {rule_id}: unknown aspects {sorted(aspects - set(ASPECTS))}")

    def register(fn: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        RULES[rule_id] = Rule(rule_id, severity, doc, fn, aspects)
        return fn

    return register


def load_rules() -> dict[str, Rule]:
    """Import every rule module (they register themselves) and return the registry."""
    # imported in the order of the rule table in the README
    from . import references, identity, councils, council_policy  # noqa: F401, I001
    from . import coverage, plans, renewal, education_plans, capacity  # noqa: F401
    from . import mandate, joint_meetings  # noqa: F401
    from . import approvals  # noqa: F401
    from . import courses  # noqa: F401
    from . import proposals, proposal_effect, advice, privacy, text  # noqa: F401

    return RULES


def run_rules(
    dataset: Dataset,
    as_of: str,
    selected: set[str],
    *,
    scope: frozenset[str] | None = None,
    changed: dict[str, frozenset[str]] | None = None,
) -> list[Finding]:
    """Every selected rule over the dataset on ``as_of`` (``scope``: the specialties the
    dated rules judge). With ``changed`` (aspect → specialties whose records of that
    aspect begin or end that day), only the dated rules, each for the specialties whose
    records it reads changed. A crashing rule is an internal error."""
    findings: list[Finding] = []
    for rule_id, entry in load_rules().items():
        if rule_id not in selected:
            continue
        if changed is None:
            ctx = Context(dataset, as_of, scope)
        else:
            slugs = frozenset().union(*(changed.get(a, frozenset()) for a in entry.dated))
            if scope is not None:
                slugs &= scope
            if not slugs:
                continue
            ctx = Context(dataset, as_of, slugs)
        try:
            findings.extend(entry.check(ctx))
        except Exception as exc:  # a bug in a rule must not look like bad data
            raise InternalError(
                _("rule {rule} failed: {error}").format(rule=rule_id, error=repr(exc))
            ) from exc
    return findings


def iter_docs(dataset: Dataset, kind: str) -> Iterator[Document]:
    for doc in dataset.documents:
        if doc.valid and doc.kind.name == kind:
            yield doc
