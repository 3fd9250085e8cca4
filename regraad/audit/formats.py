"""The audit trail as JSON (for tools) and Markdown (for a job summary).

The JSON shape (``format`` 1)::

    {
      "format": 1,
      "range": "main..HEAD",          # as given; "HEAD" by default
      "specialty": null,              # --specialty, or null
      "since": null,                  # --since, or null
      "commits": 12,                  # commits read, merges included
      "actions": [                    # oldest first
        {"commit": "<sha>", "short": "<10 hex>", "date": "<ISO 8601 author date>",
         "author": "...", "email": "...", "by": "RegUt HV" | null,
         "action": "proposal.advance", "specialty": "urologi" | null,
         "proposal": "urologi/2026-004" | null, "council": "anestesiologi/hmn" | null,
         "member": "Kari Nordvik" | null, "replaces": "Ola Haugland" | null,
         "from": "council-review" | null,
         "to": "leader-meeting" | null, "recommendation": "hso support" | null,
         "meeting": "urologi/2026-03-12-hso" | null,
         "subject": "..."}
      ],
      "verify": null | {              # null without --verify
        "ok": true,
        "commits": 7,                 # commits checked
        "problems": [
          {"commit": "<sha>", "short": "...", "subject": "...",
           "code": "no-trailers" | "mismatch" | "illegal" | "history" | "trailer"
                   | "unreadable" | "unsigned" | "baseline" | "merge",
           "path": "data/specialties/..." | null, "message": "...",
           "hint": "what to do instead" | null}
        ]
      }
    }
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import _, ngettext
from .history import Action
from .problems import Problem

FORMAT_VERSION = 1
MARKDOWN_LIMIT = 60_000  # GitHub refuses comments over 65 536 characters


@dataclass(frozen=True)
class AuditResult:
    """Everything one run found, ready for any format."""

    range: str
    specialty: str | None
    since: str | None
    commits: int
    actions: list[Action]
    verified: int | None = None  # commits checked; None without --verify
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def action_dict(a: Action) -> dict[str, Any]:
    c = a.commit
    return {
        "commit": c.sha,
        "short": c.short,
        "date": c.date,
        "author": c.author,
        "email": c.email,
        "by": a.by,
        "action": a.action,
        "specialty": a.specialty,
        "proposal": a.proposal,
        "council": a.council,
        "member": a.member,
        "replaces": a.replaces,
        "from": a.before,
        "to": a.after,
        "recommendation": a.recommendation,
        "meeting": a.meeting,
        "subject": c.subject,
    }


def problem_dict(p: Problem) -> dict[str, Any]:
    return {
        "commit": p.commit,
        "short": p.short,
        "subject": p.subject,
        "code": p.code,
        "path": p.path,
        "message": p.message,
        "hint": p.hint,
    }


def as_dict(result: AuditResult) -> dict[str, Any]:
    """The documented JSON shape (module docstring)."""
    return {
        "format": FORMAT_VERSION,
        "range": result.range,
        "specialty": result.specialty,
        "since": result.since,
        "commits": result.commits,
        "actions": [action_dict(a) for a in result.actions],
        "verify": None
        if result.verified is None
        else {
            "ok": result.ok,
            "commits": result.verified,
            "problems": [problem_dict(p) for p in result.problems],
        },
    }


def what(a: Action) -> str:
    """The proposal, or the council and member, or the meeting an action concerns."""
    if a.council is not None:
        if a.member and a.replaces:
            return f"{a.council} {a.member} ← {a.replaces}"
        return f"{a.council} {a.member}" if a.member else a.council
    return a.target or ""


def change(a: Action) -> str:
    """``from → to`` as far as the trailers say; a recommendation as itself."""
    if a.recommendation:
        return a.recommendation
    if a.before or a.after:
        return f"{a.before or '—'} → {a.after or '—'}"
    return ""


def by_commit(problems: tuple[Problem, ...]) -> list[tuple[Problem, list[Problem]]]:
    """Problems grouped by commit, in commit order: (first problem, all of them)."""
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(p.commit, []).append(p)
    return [(ps[0], ps) for ps in groups.values()]


def headline(result: AuditResult) -> str:
    if not result.actions:
        return _("No structured actions in {range}").format(range=result.range)
    return ngettext("{n} action in {range}", "{n} actions in {range}", len(result.actions)).format(
        n=len(result.actions), range=result.range
    )


def verdict(result: AuditResult) -> str:
    assert result.verified is not None
    if result.ok:
        return ngettext(
            "Verified {n} commit: every governed change carries matching trailers.",
            "Verified {n} commits: every governed change carries matching trailers.",
            result.verified,
        ).format(n=result.verified)
    commits = len(by_commit(result.problems))
    return ngettext(
        "Verification failed: {n} commit breaks the audit trail.",
        "Verification failed: {n} commits break the audit trail.",
        commits,
    ).format(n=commits)


# -- markdown --------------------------------------------------------------------------------


def render_markdown(result: AuditResult, limit: int = MARKDOWN_LIMIT) -> str:
    """A job summary: the verdict and its problems first, then the actions as one table.

    Never longer than ``limit``: problems take at most half of it, the table the rest,
    and what is cut is counted.
    """
    from ..output.markdown import code_span, md

    text = f"### {md(_('Audit trail'))}\n\n{code_span(result.range)}\n\n"
    if result.verified is not None:
        icon = "✅" if result.ok else "❌"
        text += f"{icon} {md(verdict(result))}\n\n"
        text += _problem_lines(result, limit // 2)
    text += md(headline(result)) + "\n\n"
    if not result.actions:
        return text
    columns = [
        _("Date"),
        _("Commit"),
        _("Author"),
        _("By"),
        _("Action"),
        _("Proposal or council"),
        _("Change"),
        _("Subject"),
    ]
    text += "| " + " | ".join(md(c) for c in columns) + " |\n"
    text += "|" + "---|" * len(columns) + "\n"
    for shown, a in enumerate(result.actions):
        c = a.commit
        cells = [c.date[:10], f"`{c.short}`"] + [
            md(v) for v in (c.author, a.by or "", a.action, what(a), change(a), c.subject)
        ]
        row = "| " + " | ".join(cells) + " |\n"
        if len(text) + len(row) > limit - 300:
            text += "\n> " + md(_cut_note(len(result.actions) - shown)) + "\n"
            break
        text += row
    return text


def _cut_note(left: int) -> str:
    return ngettext(
        "{n} more item is not shown; run regraad audit for everything.",
        "{n} more items are not shown; run regraad audit for everything.",
        left,
    ).format(n=left)


def _problem_lines(result: AuditResult, budget: int) -> str:
    from ..output.markdown import code_span, md

    text = ""
    for shown, (commit, p) in enumerate(_problem_rows(result.problems)):
        hint = f" ({md(_('hint: {hint}').format(hint=p.hint))})" if p.hint else ""
        line = (
            f"- {code_span(p.short)} {md(p.subject)}\n" if commit else ""
        ) + f"  - {md(p.message)}{hint}\n"
        if len(text) + len(line) > budget - 300:
            text += "\n> " + md(_cut_note(len(result.problems) - shown)) + "\n"
            break
        text += line
    return text + "\n" if text else ""


def _problem_rows(problems: tuple[Problem, ...]) -> list[tuple[bool, Problem]]:
    """Each problem, with True where its commit's heading comes first."""
    rows: list[tuple[bool, Problem]] = []
    for _first, group in by_commit(problems):
        rows.extend((i == 0, p) for i, p in enumerate(group))
    return rows
