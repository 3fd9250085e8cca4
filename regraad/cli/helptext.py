"""Building blocks of the commands' --help: translated prose, literal blocks kept as written.

A help text is paragraphs separated by blank lines. Prose goes through ``_()``; commands
to type and data formats (JSON keys, CSV columns) are the same in every language, so
they sit in click's verbatim blocks (a paragraph starting with ``\\b`` is not rewrapped),
indented. The translation tests rely on this: in a verbatim block only the indented
lines may read the same in bokmål and English.
"""

from __future__ import annotations

from ..i18n import _


def paragraphs(*texts: str) -> str:
    return "\n\n".join(t for t in texts if t)


def verbatim(*lines: str) -> str:
    """Lines kept as written (not rewrapped), indented."""
    return "\b\n" + "\n".join(f"  {line}" for line in lines)


def examples(*items: str | tuple[str, str]) -> str:
    """An "Examples:" block: commands as typed, each with what it does when given."""
    width = max((len(i[0]) for i in items if isinstance(i, tuple)), default=0)
    lines = []
    for item in items:
        if isinstance(item, tuple):
            command, what = item
            lines.append(f"  {command:<{width}}  {what}".rstrip())
        else:
            lines.append(f"  {item}")
    return "\b\n" + _("Examples:") + "\n" + "\n".join(lines)
