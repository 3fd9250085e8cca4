"""What the council lacks by the C-rules: the agenda's composition items."""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ...load.dataset import Dataset
from .. import council as council_flow
from .items import AgendaItem
from .language import phrases


def gaps(
    dataset: Dataset, slug: str, region: str, date: str, lang: str, elections: set[str | None]
) -> Iterator[AgendaItem]:
    """The C-rules' findings for this council on the meeting date and those the recorded
    changes bring later (``rules.timeline``), quoted in ``lang``; a missing leader or
    deputy already up for election is not repeated."""
    from ...i18n import current_language, set_language
    from ...rules import load_rules
    from ...rules.timeline import judge

    words = phrases(lang)
    previous = current_language()
    set_language(lang)
    try:
        selected = {r for r in load_rules() if r.startswith("C-")}
        findings = judge(dataset, date, selected, frozenset({slug})).presented()
    finally:
        set_language(previous)
    path = council_flow.council_path(slug, region)
    council = dataset.specialties[slug].councils.get(region)
    at_members = council.locate_key(("members",))[0] if council is not None else None
    covered = {f"C-{role.upper()}" for role in elections if role}
    coverage = {
        f"data/specialties/{slug}/coverage/{trust}.yaml" for trust in dataset.region_trusts(region)
    }
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
