"""The minutes: the meeting file in the document's words, as Markdown or HTML.

A member helps write the minutes and RegUt sends them out (the HSØ minutes); neither
format carries a national identity number.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ...errors import UsageError
from ...i18n import _, format_date
from ...load.dataset import Dataset, Document
from ...privacy.personnummer import redact
from ...rules.references import CROSS_REGIONAL
from .. import one_line
from . import joint
from .language import phrases
from .names import region_name, trust_name
from .order import in_order

FORMATS = ("md", "html")


@dataclass(frozen=True)
class _Item:
    heading: str
    kind: str
    notes: str
    decisions: list[tuple[str, str]]  # (text, reference)


@dataclass(frozen=True)
class _Minutes:
    """The minutes in the document's words, ready for either format."""

    lang: str
    title: str
    facts: list[tuple[str, str]]
    present: list[str]
    absent: list[str]
    items: list[_Item]
    other: list[tuple[str, str]]  # decisions under no listed item
    summary: str
    next_meeting: str
    words: dict[str, str]


def _collect(dataset: Dataset, doc: Document, lang: str) -> _Minutes:
    words = phrases(lang)
    data = doc.data
    slug, region = doc.params["specialty"], str(data["region"])
    spec = dataset.specialties[slug].spec
    names = spec.data["name"] if spec is not None else {}
    specialty = str(names.get(lang) or names.get("nb") or slug)
    if region == CROSS_REGIONAL:
        council, where = words["cross"], words["cross-region"]
    else:
        council, where = words["council"], region_name(dataset, region)
    title = words["title"].format(council=council, specialty=specialty.lower(), region=where)
    together = joint.is_joint(doc)
    if together:
        title = joint.title(dataset, doc, lang, where)
    when = format_date(str(data["date"]), lang)
    facts = [(words["date"], when)]
    if data.get("kind"):
        facts.append((words["kind"], words[f"kind.{data['kind']}"]))
    for key in ("place", "convened_by", "minutes_by"):
        if data.get(key):
            facts.append((words[key], one_line(data[key])))
    present: list[str] = []
    absent: list[str] = []
    for person in data.get("attendance") or []:
        line = f"{one_line(person['name'])}, {words['role.' + person['role']]}"
        if person.get("trust"):
            line += f" ({trust_name(dataset, str(person['trust']))})"
        if person.get("alternate_for"):
            line += f", {words['alternate_for']} {one_line(person['alternate_for'])}"
        if person.get("council"):  # a joint meeting: a member of another council
            line += f" – {joint.council_name(dataset, str(person['council']), lang)}"
        (present if person.get("present", True) else absent).append(line)
    decisions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for d in data.get("decisions") or []:
        decisions[str(d["item"])].append((one_line(d["text"]), _reference(d, words, lang)))
    items = []
    for entry in in_order(list(data.get("agenda") or [])):
        heading = f"{words['item']} {entry['id']}: {one_line(entry['title'])}"
        if together and entry.get("council"):  # the items of the other councils, named
            name = joint.council_name(dataset, str(entry["council"]), lang)
            heading = f"{words['item']} {entry['id']} – {name}: {one_line(entry['title'])}"
        kind = words[f"item.{entry['kind']}"] if entry.get("kind") else ""
        notes = one_line(entry.get("notes", ""))
        items.append(_Item(heading, kind, notes, decisions.pop(str(entry["id"]), [])))
    other = [d for group in decisions.values() for d in group]
    return _Minutes(
        lang,
        title,
        facts,
        present,
        absent,
        items,
        other,
        one_line(data.get("minutes", "")),
        format_date(str(data["next_meeting"]), lang) if data.get("next_meeting") else "",
        words,
    )


def _reference(decision: dict[str, Any], words: dict[str, str], lang: str) -> str:
    parts = []
    if decision.get("proposal"):
        proposal = words["proposal.ref"].format(id=decision["proposal"])
        if decision.get("position"):
            proposal += f": {words['position.' + decision['position']]}"
        parts.append(proposal)
    election = decision.get("election")
    if election:
        text = words["election.ref"].format(
            role=words[f"role.{election['role']}"], name=one_line(election["name"])
        )
        if election.get("from"):
            text += f", {words['from']} {format_date(election['from'], lang)}"
        if election.get("to"):
            text += f" {words['to']} {format_date(election['to'], lang)}"
        parts.append(text)
    return "; ".join(parts)


def minutes(dataset: Dataset, doc: Document, fmt: str, lang: str) -> str:
    """The meeting's minutes as Markdown (``md``) or a self-contained HTML page; no national
    identity number in either (Markdown masks through ``md``)."""
    if fmt not in FORMATS:
        raise UsageError(
            "--format: " + _("use one of: {options}").format(options=", ".join(FORMATS))
        )
    content = _collect(dataset, doc, lang)
    return _markdown(content) if fmt == "md" else redact(_html(content))


def _markdown(m: _Minutes) -> str:
    from ...output.markdown import md

    def decided(text: str, reference: str) -> str:
        return md(text) + (f" ({md(reference)})" if reference else "")

    w = m.words
    out = [f"# {md(m.title)}", ""]
    out += [f"- **{md(label)}:** {md(value)}" for label, value in m.facts]
    for heading, people in ((w["present"], m.present), (w["absent"], m.absent)):
        if people:
            out += ["", f"## {md(heading)}", ""]
            out += [f"- {md(p)}" for p in people]
    out += ["", f"## {md(w['agenda'])}", ""]
    if not m.items:
        out.append(md(w["no_items"]))
    for item in m.items:
        out += [f"### {md(item.heading)}", ""]
        if item.kind:
            out += [f"*{md(item.kind)}*", ""]
        if item.notes:
            out += [md(item.notes), ""]
        for text, reference in item.decisions:
            out += [f"**{md(w['decision'])}:** {decided(text, reference)}", ""]
    if m.other:
        out += [f"## {md(w['other_decisions'])}", ""]
        out += [f"- {decided(text, reference)}" for text, reference in m.other]
        out.append("")
    if m.summary:
        out += [f"## {md(w['summary'])}", "", md(m.summary), ""]
    if m.next_meeting:
        out += [f"**{md(w['next'])}:** {md(m.next_meeting)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;"
    "color:#1b1b1b;background:#fff;max-width:48rem;margin:2rem auto;padding:0 1rem}"
    "h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}"
    "dt{font-weight:600}dd{margin:0}.kind{font-style:italic;color:#444}"
    ".decision{border-left:4px solid #1f5f8b;padding-left:.75rem}"
)


def _html(m: _Minutes) -> str:
    def e(text: str) -> str:
        return html.escape(text, quote=True)

    def decided(text: str, reference: str) -> str:
        return e(text) + (f" <small>({e(reference)})</small>" if reference else "")

    w = m.words
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(m.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(m.title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{e(m.title)}</h1>",
        "<dl>",
    ]
    out += [f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in m.facts]
    out.append("</dl>")
    for heading, people in ((w["present"], m.present), (w["absent"], m.absent)):
        if people:
            out += [f"<h2>{e(heading)}</h2>", "<ul>"]
            out += [f"<li>{e(p)}</li>" for p in people]
            out.append("</ul>")
    out.append(f"<h2>{e(w['agenda'])}</h2>")
    if not m.items:
        out.append(f"<p>{e(w['no_items'])}</p>")
    for item in m.items:
        out += ["<section>", f"<h3>{e(item.heading)}</h3>"]
        if item.kind:
            out.append(f'<p class="kind">{e(item.kind)}</p>')
        if item.notes:
            out.append(f"<p>{e(item.notes)}</p>")
        out += [
            f'<p class="decision"><strong>{e(w["decision"])}:</strong> {decided(t, r)}</p>'
            for t, r in item.decisions
        ]
        out.append("</section>")
    if m.other:
        out += [f"<h2>{e(w['other_decisions'])}</h2>", "<ul>"]
        out += [f"<li>{decided(text, reference)}</li>" for text, reference in m.other]
        out.append("</ul>")
    if m.summary:
        out += [f"<h2>{e(w['summary'])}</h2>", f"<p>{e(m.summary)}</p>"]
    if m.next_meeting:
        out.append(f"<p><strong>{e(w['next'])}:</strong> {e(m.next_meeting)}</p>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
