"""Output formats of ``regraad diff``, one registry the CLI's choices come from.

``markdown`` is written to be posted as a pull-request comment or a job summary:
one table first, then one collapsible section per specialty, and never more than
``MARKDOWN_LIMIT`` characters (GitHub refuses comments over 65 536).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from ..findings import Finding, Severity
from ..i18n import N_, _, ngettext
from ..output.markdown import code_span, md
from ..output.terminal import Style
from ..privacy.personnummer import redacting
from . import AREAS, NATIONAL, Change, DiffResult, FindingChange

DiffFormatter = Callable[[DiffResult, TextIO, Style], None]  # (result, stream, colour)

MARKDOWN_LIMIT = 60_000
FORMAT_VERSION = 1

# The summary table's columns: several areas share one to keep it on one screen.
_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Goals"), ("goals", "activities")),
    (N_("Coverage"), ("approvals", "coverage")),
    (N_("Plans"), ("rotations",)),
    (N_("Capacity and places"), ("capacity", "agreements")),
    (N_("Council"), ("council",)),
    (N_("Proposals"), ("proposals", "meetings", "cases")),
    (N_("Other"), ("files", "reference")),
)

_MARK = {"added": "+", "removed": "−", "filed": "+", "joined": "+", "left": "−"}


def group_title(specialty: str) -> str:
    return specialty if specialty != NATIONAL else _("regions, trusts and goal sets")


def mark(change: Change) -> str:
    return _MARK.get(change.action, "~")


def headline(result: DiffResult) -> str:
    groups = len(result.specialties())
    introduced = sum(1 for f in result.findings if f.introduced)
    resolved = len(result.findings) - introduced
    if result.empty:
        return _("No changes in meaning between {base} and {head}.").format(
            base=result.base, head=result.head
        )
    changes = ngettext("{n} change", "{n} changes", len(result.changes)).format(
        n=len(result.changes)
    )
    where = ngettext("in {n} group", "in {n} groups", groups).format(n=groups)
    findings = _("findings: {introduced} new, {resolved} resolved").format(
        introduced=introduced, resolved=resolved
    )
    return f"{changes} {where}; {findings}."


# -- text ------------------------------------------------------------------------------------

_STYLE = {"+": "green", "−": "red", "~": "yellow"}


def _text(result: DiffResult, stream: TextIO, style: Style) -> None:
    out = style(stream)
    out.line((f"{result.base} → {result.head}", "bold"))
    for group in result.specialties():
        out.line()
        out.line((group_title(group), "bold underline"))
        changes = [c for c in result.changes if c.specialty == group]
        for area, title in AREAS.items():
            in_area = [c for c in changes if c.area == area]
            if not in_area:
                continue
            out.line((f"  {_(title)}", "bold"))
            for change in in_area:
                sign = mark(change)
                out.line("    ", (sign, _STYLE[sign]), f" {change.message}")
        for introduced, title in ((True, _("New findings")), (False, _("Resolved findings"))):
            found = [
                f for f in result.findings if f.specialty == group and f.introduced == introduced
            ]
            if not found:
                continue
            out.line((f"  {title}", "bold"))
            for fc in found:
                f = fc.finding
                out.line(
                    "    ",
                    ("+" if introduced else "−", "red" if introduced else "green"),
                    f" {f.location} ",
                    (f.rule, "cyan"),
                    f" {f.message}",
                )
    if result.layout_only:
        out.line()
        out.line(
            (
                ngettext(
                    "{n} file changed only in comments or layout.",
                    "{n} files changed only in comments or layout.",
                    len(result.layout_only),
                ).format(n=len(result.layout_only)),
                "dim",
            )
        )
    out.line()
    out.line(headline(result))


def _summary_table(result: DiffResult) -> list[str]:
    titles = [_(name) for name, _areas in _COLUMNS]
    lines = [
        "| " + " | ".join([_("Specialty"), *titles, _("Findings (new / resolved)")]) + " |",
        "|" + "---|" * (len(titles) + 2),
    ]
    totals = [0] * len(_COLUMNS)
    new_total = resolved_total = 0
    for group in result.specialties():
        counts = result.counts(group)
        row = []
        for i, (_name, areas) in enumerate(_COLUMNS):
            n = sum(counts[a] for a in areas)
            totals[i] += n
            row.append(str(n) if n else "·")
        new, resolved = result.finding_counts(group)
        new_total += new
        resolved_total += resolved
        findings = f"+{new} / −{resolved}" if new or resolved else "·"
        lines.append(f"| {md(group_title(group))} | " + " | ".join([*row, findings]) + " |")
    lines.append(
        f"| **{_('Total')}** | "
        + " | ".join(
            [*(f"**{n}**" if n else "·" for n in totals), f"+{new_total} / −{resolved_total}"]
        )
        + " |"
    )
    return lines


def _finding_line(fc: FindingChange) -> str:
    f: Finding = fc.finding
    icon = ("❌" if f.severity is Severity.ERROR else "⚠️") if fc.introduced else "✅"
    return f"- {icon} {code_span(f.location)} **{md(f.rule)}** {md(f.message)}"


def _section(result: DiffResult, group: str) -> list[str]:
    changes = [c for c in result.changes if c.specialty == group]
    count = len(changes) + sum(1 for f in result.findings if f.specialty == group)
    lines = [
        "<details>",
        f"<summary><b>{md(group_title(group))}</b> — "
        + ngettext("{n} item", "{n} items", count).format(n=count)
        + "</summary>",
        "",
    ]
    for area, title in AREAS.items():
        in_area = [c for c in changes if c.area == area]
        if in_area:
            lines.append(f"**{md(_(title))}**")
            lines.append("")
            lines.extend(f"- {mark(c)} {md(c.message)}" for c in in_area)
            lines.append("")
    for introduced, title in ((True, _("New findings")), (False, _("Resolved findings"))):
        found = [f for f in result.findings if f.specialty == group and f.introduced == introduced]
        if found:
            lines.append(f"**{md(title)}**")
            lines.append("")
            lines.extend(_finding_line(fc) for fc in found)
            lines.append("")
    lines.append("</details>")
    lines.append("")
    return lines


def render_markdown(result: DiffResult, limit: int = MARKDOWN_LIMIT) -> str:
    """The pull-request comment; sections that do not fit are cut and the cut is named."""
    head = [
        f"### {md(_('Changes in the council data'))}",
        "",
        f"{code_span(result.base)} → {code_span(result.head)}",
        "",
        md(headline(result)),
        "",
    ]
    if not result.empty:
        head += [*_summary_table(result), ""]
    if result.layout_only:
        head += [
            md(
                ngettext(
                    "{n} file changed only in comments or layout.",
                    "{n} files changed only in comments or layout.",
                    len(result.layout_only),
                ).format(n=len(result.layout_only))
            ),
            "",
        ]
    text = "\n".join(head) + "\n"
    reserve = 1_000  # room for the note on what was cut
    cut: list[str] = []
    for group in result.specialties():
        lines = _section(result, group)
        section = "\n".join(lines) + "\n"
        if len(text) + len(section) + reserve <= limit:
            text += section
            continue
        shortened = _shorten(lines, limit - reserve - len(text))
        if shortened is None:
            cut.append(group)
        else:
            text += shortened
            cut.append(group)
    if cut:
        shown = ", ".join(md(group_title(g)) for g in cut[:20])
        more = len(cut) - 20
        text += (
            "> "
            + md(
                _(
                    "This comment is cut to stay under {limit} characters: the details of "
                    "{n} groups are shortened or left out"
                ).format(limit=f"{limit:,}".replace(",", " "), n=len(cut))
            )
            + f" ({shown}{', …' if more > 0 else ''}). "
            + md(_("Run regraad diff with the same revisions for everything."))
            + "\n"
        )
    return text


def _shorten(lines: list[str], room: int) -> str | None:
    """As many lines of a section as fit in ``room``, closed properly, or None."""
    closing = ["", "- …", "", "</details>", ""]
    kept: list[str] = []
    size = len("\n".join(closing)) + 1
    for line in lines[:-2]:  # without the closing </details> and blank line
        if size + len(line) + 1 > room:
            break
        kept.append(line)
        size += len(line) + 1
    if len(kept) <= 3:  # nothing but the summary line would fit
        return None
    return "\n".join([*kept, *closing]) + "\n"


def _markdown(result: DiffResult, out: TextIO, style: Style) -> None:
    out.write(render_markdown(result))


# -- json --------------------------------------------------------------------------------


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "path": f.path,
        "line": f.line,
        "column": f.col,
        "rule": f.rule,
        "severity": f.severity.value,
        "message": f.message,
    }


def as_dict(result: DiffResult) -> dict[str, Any]:
    """The documented JSON shape (README, "regraad diff --format json")."""
    groups: dict[str, Any] = {}
    for group in result.specialties():
        new, resolved = result.finding_counts(group)
        groups[group or "national"] = {
            "changes": dict(sorted(result.counts(group).items())),
            "findings_introduced": new,
            "findings_resolved": resolved,
        }
    return {
        "format": FORMAT_VERSION,
        "base": result.base,
        "head": result.head,
        "summary": {
            "changes": len(result.changes),
            "findings_introduced": sum(1 for f in result.findings if f.introduced),
            "findings_resolved": sum(1 for f in result.findings if not f.introduced),
            "groups": groups,
        },
        "changes": [
            {
                "specialty": c.specialty or None,
                "area": c.area,
                "action": c.action,
                "subject": c.subject,
                "message": c.message,
                "path": c.path,
                "before": c.before,
                "after": c.after,
            }
            for c in result.changes
        ],
        "findings": {
            "introduced": [_finding_dict(f.finding) for f in result.findings if f.introduced],
            "resolved": [_finding_dict(f.finding) for f in result.findings if not f.introduced],
        },
        "layout_only": result.layout_only,
    }


def _json(result: DiffResult, out: TextIO, style: Style) -> None:
    json.dump(as_dict(result), out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def _redacted(formatter: DiffFormatter) -> DiffFormatter:
    """The formatter writing through a stream that masks national identity numbers, so a
    number in a changed value, a finding or a revision name is never printed in full."""

    def write(result: DiffResult, out: TextIO, style: Style) -> None:
        with redacting(out) as stream:
            formatter(result, stream, style)

    return write


DIFF_FORMATS_BY_NAME: dict[str, DiffFormatter] = {
    "text": _redacted(_text),
    "markdown": _redacted(_markdown),
    "json": _redacted(_json),
}
