"""M-ADVICE: the council advises where others decide, and its minutes say so.

The mandate gives the council no authority over throughput positions, agreements
between trusts or a trust's local learning activities: the trusts decide, on the
council's advice (the HSØ minutes say RegUt has no decision authority there either).
A minuted decision on those is therefore recorded as a recommendation
(``recommends: {subject, to}``) and worded as one ("Rådet anbefaler …"). The subject of
a decision without ``recommends`` is recognised by the words that name it; that is a
heuristic, so the rule warns rather than fails.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import N_, _
from . import Context, rule

# words that name what the council only advises on, in minutes written in either language
_SUBJECTS = {
    "positions": ("gjennomstrømningsstilling", "throughput position"),
    "agreement": ("fagavtale", "samarbeidsavtale", "agreement"),
    "local-activity": (
        "lokal læringsaktivitet",
        "lokale læringsaktivitet",
        "local learning activit",
    ),
}
SUBJECT_WORDS = {
    "positions": N_("throughput positions"),
    "agreement": N_("agreements between trusts"),
    "local-activity": N_("local learning activities"),
    "rotation": N_("the rotation arrangement"),
    "other": N_("this matter"),
}
# how advice is worded: "anbefaler", "tilrår", "råder", "recommends", "advises"
_ADVICE = ("anbefal", "tilr", "råd", "recommend", "advis")


def subject_of(text: str) -> str | None:
    """What the text decides that the council only advises on, by the words naming it."""
    lowered = text.lower()
    return next((s for s, words in _SUBJECTS.items() if any(w in lowered for w in words)), None)


def worded_as_advice(text: str) -> bool:
    """Whether the text recommends or advises rather than decides."""
    return any(w in text.lower() for w in _ADVICE)


@rule(
    "M-ADVICE", "warning", N_("decisions on positions, agreements and local activities are advice")
)
def check_advice(ctx: Context) -> Iterator[Finding]:
    for _slug, bundle in ctx.specialties():
        for doc in bundle.meetings.values():
            for i, decision in enumerate(doc.data.get("decisions") or []):
                if "proposal" in decision or "election" in decision:
                    continue  # a proposal step or an election has its own rules
                text = str(decision.get("text", ""))
                advice = decision.get("recommends")
                worded = worded_as_advice(text)
                if advice is None:
                    subject = subject_of(text)
                    if subject is None or worded:
                        continue
                    yield ctx.finding(
                        doc,
                        ("decisions", i, "text"),
                        "M-ADVICE",
                        _("the council does not decide {subject}; it gives its advice").format(
                            subject=_(SUBJECT_WORDS[subject])
                        ),
                        _(
                            "word it as the council's recommendation and add "
                            "`recommends: {{subject: {subject}, to: <who decides>}}`"
                        ).format(subject=subject),
                        severity=Severity.WARNING,
                    )
                elif not worded:
                    yield ctx.finding(
                        doc,
                        ("decisions", i, "text"),
                        "M-ADVICE",
                        _("the recommendation on {subject} is worded as a decision").format(
                            subject=_(SUBJECT_WORDS[str(advice["subject"])])
                        ),
                        _('say what the council recommends ("Rådet anbefaler …")'),
                        severity=Severity.WARNING,
                    )
