"""Data written into Markdown (pull-request comments, reports, minutes) as plain text.

Whatever a coordinator or a pull request puts into a name, a title or a note must read as
that text wherever regraad writes Markdown, never as markup: ``md`` is the one place that
makes it so.
"""

from __future__ import annotations

import re

from ..privacy.personnummer import redact

# GitHub finds mentions (@team) and issue references (#12) in the text after Markdown is
# parsed, entities decoded, so neither a backslash nor an entity stops them: a word
# joiner (U+2060, invisible) after the @ and the # does.
_JOIN = "\u2060"
_MD_SPECIAL = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "@": "@" + _JOIN,  # never mention people or teams from data in a comment
    "#": "\\#" + _JOIN,  # never a heading, never an issue reference
    "|": "\\|",
    "*": "\\*",
    "_": "\\_",
    "`": "\\`",
    "[": "\\[",
    "]": "\\]",
    "~": "\\~",
    "$": "\\$",  # GitHub renders $...$ as mathematics
    "\\": "\\\\",
}
# "12. mars" is left as it is: at the start of a line it makes an ordered list that shows
# the same text, and escaped it would read "12\. mars" in every Markdown file.
# What GFM links by itself: scheme://..., www...., mailto: and xmpp: addresses. An escaped
# colon or dot ends the pattern, and reads the same.
_AUTOLINK = re.compile(r"(?i)(://|www\.|mailto:|xmpp:)")
_BLOCK_START = frozenset("-+=")  # a list item or a heading underline at a line's start


def _defuse(match: re.Match[str]) -> str:
    found = match.group(0)
    return found[:-1] + "\\" + found[-1] if found != "://" else "\\://"


def md(text: str) -> str:
    """Data shown in Markdown as text, on one line, never as markup: no links, images or
    autolinks, no HTML, no headings or table breaks, no emphasis, code or mathematics, no
    mentions or issue references, and no national identity number (masked)."""
    text = " ".join(redact(text).split())
    escaped = "".join(_MD_SPECIAL.get(ch, ch) for ch in text)
    escaped = _AUTOLINK.sub(_defuse, escaped)
    if escaped[:1] in _BLOCK_START:
        escaped = "\\" + escaped
    return escaped
