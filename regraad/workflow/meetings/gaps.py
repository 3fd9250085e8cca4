"""What the council lacks by the C-rules: the agenda's composition items."""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ...load.councils import Council, goalset_users
from ...load.dataset import Dataset, Document
from .. import council as council_flow
from .items import AgendaItem
from .language import phrases


def gaps(
    dataset: Dataset, slug: str, region: str, date: str, lang: str, elections: set[str | None]
) -> Iterator[AgendaItem]:
    """The C-rules' findings for this council on the meeting date and those the recorded
    changes bring later (``rules.timeline``), quoted in ``lang``; a missing leader or
    deputy already up for election is not repeated."""
    council = dataset.specialties[slug].councils.get(region)
    coverage = {
        f"data/specialties/{slug}/coverage/{trust}.yaml" for trust in dataset.region_trusts(region)
    }
    path = council_flow.council_path(slug, region)
    yield from _gaps(dataset, path, council, coverage, frozenset({slug}), date, lang, elections)


def goalset_gaps(
    dataset: Dataset, council: Council, date: str, lang: str, elections: set[str | None]
) -> Iterator[AgendaItem]:
    """The same for a goal-set council, judged with the specialties that use the set."""
    scope = frozenset(goalset_users(dataset, council.subject))
    yield from _gaps(dataset, council.doc.path, council.doc, set(), scope, date, lang, elections)


def _gaps(
    dataset: Dataset,
    path: str,
    council: Document | None,
    coverage: set[str],
    scope: frozenset[str],
    date: str,
    lang: str,
    elections: set[str | None],
) -> Iterator[AgendaItem]:
    from ...i18n import current_language, set_language
    from ...rules import load_rules
    from ...rules.timeline import judge

    words = phrases(lang)
    previous = current_language()
    set_language(lang)
    try:
        selected = {r for r in load_rules() if r.startswith("C-")}
        findings = judge(dataset, date, selected, scope).presented()
    finally:
        set_language(previous)
    at_members = council.locate_key(("members",))[0] if council is not None else None
    covered = {f"C-{role.upper()}" for role in elections if role}
    seen: set[str] = set()
    for f in sorted(findings):
        if not (f.path == path or (f.rule == "C-TRUSTS" and f.path in coverage)):
            continue
        if f.rule in covered and f.line == at_members and f.gap:
            continue
        if f.message in seen:
            continue
        seen.add(f.message)
        why = f"{f.rule} ({_(f.severity.value)})"
        yield AgendaItem(words["gap"].format(finding=f.message), "discussion", why)
