"""What a trust's published education plan (utdanningsplan) says beside its
implementation plan: the ``plans/<trust>.yaml`` document, in the order the plan page
shows it.

Prose the trust writes in Markdown arrives here already sanitised (``output.prose``), as
HTML and as Markdown, so one context still serves both formats. ``internal_note`` is
never read: internal notes stay in the data.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ...load.dataset import Dataset, SpecialtyData
from ...output.prose import to_html, to_markdown
from .places import site_name

#: The sections of the plan page in the order a published utdanningsplan has them; each
#: is a key of ``education_plan``'s result (``None`` or empty when the data has none).
SECTIONS: tuple[str, ...] = (
    "purpose",
    "approval",
    "organisation",
    "arenas",
    "activities",
    "supervision",
    "assessment",
    "on_call",
    "research",
    "committee",
    "apply",
    "kompetanseportalen",
)


def prose(text: str | None) -> dict[str, Markup] | None:
    """Trust-written Markdown as sanitised ``html`` and ``md``; ``None`` without text."""
    if not text:
        return None
    return {"html": Markup(to_html(text)), "md": Markup(to_markdown(text))}


def education_plan(ds: Dataset, bundle: SpecialtyData, home: str) -> dict[str, Any]:
    """The education plan's texts and facts for ``home``; ``present`` is False (and every
    section empty) when the trust keeps no ``plans/<trust>.yaml``.

    Keys: ``present``, ``example`` (the texts are example text), ``purpose`` (prose and
    ``legal_basis``), ``approval`` (``by``, ``on``, ``version``), ``organisation``
    (``specialists``, ``lis``, ``departments`` with site names, ``text``), ``arenas``,
    ``activities`` (with ``goals`` and ``frequency``), ``supervision``, ``assessment``,
    ``on_call``, ``research``, ``committee``, ``apply``, ``kompetanseportalen``.
    """
    doc = bundle.plans.get(home)
    data: dict[str, Any] = doc.data if doc is not None else {}
    approved = data.get("approved") or {}
    org = data.get("organisation") or {}
    supervision = data.get("supervision") or {}
    assessment = data.get("assessment") or {}
    committee = data.get("committee") or {}
    apply = data.get("apply") or {}
    purpose = prose(data.get("purpose"))
    legal = prose(data.get("legal_basis"))
    return {
        "present": doc is not None,
        "example": bool(data.get("example")),
        "purpose": {"text": purpose, "legal_basis": legal} if purpose or legal else None,
        "approval": {
            "by": approved.get("by"),
            "on": approved.get("on"),
            "version": data.get("version"),
        }
        if approved or data.get("version")
        else None,
        "organisation": {
            "specialists": org.get("specialists"),
            "lis": org.get("lis"),
            "departments": [
                {
                    "name": d["name"],
                    "site": site_name(ds, home, d.get("site")),
                    "sections": list(d.get("sections", [])),
                    "volume": d.get("volume"),
                }
                for d in org.get("departments", [])
            ],
            "text": prose(org.get("text")),
        }
        if org
        else None,
        "arenas": [
            {
                "site": site_name(ds, home, a["site"]),
                "name": a["name"],
                "learning": a["learning"],
                "goals": list(a.get("goals", [])),
            }
            for a in data.get("arenas", [])
        ],
        "activities": [
            {
                "id": a["id"],
                "title": a["title"],
                "kind": a["kind"],
                "frequency": a["frequency"],
                "description": a.get("description"),
                "goals": list(a["goals"]),
            }
            for a in data.get("activities", [])
        ],
        "supervision": {
            "veileder": supervision.get("veileder"),
            "supervisor": supervision.get("supervisor"),
            "frequency": supervision.get("frequency"),
            "text": prose(supervision.get("text")),
        }
        if supervision
        else None,
        "assessment": {
            "methods": list(assessment.get("methods", [])),
            "evaluation": assessment.get("evaluation"),
            "approves_goals": assessment.get("approves_goals"),
            "text": prose(assessment.get("text")),
        }
        if assessment
        else None,
        "on_call": prose(data.get("on_call")),
        "research": prose(data.get("research")),
        "committee": {
            "leader": committee.get("leader"),
            "uao": committee.get("uao"),
            "members": list(committee.get("members", [])),
            "email": committee.get("email"),
        }
        if committee
        else None,
        "apply": {
            "text": prose(apply.get("text")),
            "contact": apply.get("contact"),
            "email": apply.get("email"),
            "web": apply.get("web"),
        }
        if apply
        else None,
        "kompetanseportalen": data.get("kompetanseportalen"),
    }
