"""Data written into Markdown (pull-request comments, reports, minutes) as plain text.

Whatever a coordinator or a pull request puts into a name, a title or a note must read as
that text wherever regraad writes Markdown, never as markup: ``md`` is the one place that
makes it so.
"""

from __future__ import annotations

import re

from ..privacy.personnummer import redact
from .safe import escaped as safe_text
from .safe import visible

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
    mentions or issue references, no control or bidirectional formatting characters
    (escaped, ``output.safe``), and no national identity number (masked)."""
    text = " ".join(safe_text(redact(text)).split())
    escaped = "".join(_MD_SPECIAL.get(ch, ch) for ch in text)
    escaped = _AUTOLINK.sub(_defuse, escaped)
    if escaped[:1] in _BLOCK_START:
        escaped = "\\" + escaped
    return escaped


_BACKTICKS = re.compile("`+")


def code_span(text: str, *, in_table: bool = False) -> str:
    """Data (a file name, a revision) as one inline code span that nothing in it can
    leave: every character that is not printable (line breaks included) escaped, a fence
    of more backticks than any run inside, padded where the text begins or ends with a
    backtick or a space, and identity numbers masked. In a table cell (``in_table``) a
    pipe would end the cell even inside code, so it is escaped there."""
    shown = visible(redact(text)) or " "
    if in_table:
        shown = shown.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(shown)), default=0) + 1)
    edges = shown[0] + shown[-1]
    if shown.strip(" ") and ("`" in edges or " " in edges):
        shown = f" {shown} "  # CommonMark strips one space from each side again
    return f"{fence}{shown}{fence}"
