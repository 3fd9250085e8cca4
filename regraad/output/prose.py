"""Trust-written Markdown prose (an education plan's purpose, on-call duty, research),
published as sanitised HTML or as Markdown regraad rebuilt itself.

A trust writes these texts in Markdown, so paragraphs, lists, emphasis and links must
survive; nothing else may. The text is parsed once with markdown-it (CommonMark) with raw
HTML and images switched off, and only these are kept: paragraphs, headings (moved below
the page's own section headings), bullet and numbered lists, emphasis, strong, inline
code, line breaks and links to ``http``, ``https`` or ``mailto`` addresses. Anything else
(a ``<script>``, a ``javascript:`` or ``data:`` link) reads as its text or not at all. The
HTML comes from markdown-it's own renderer, which escapes every text; the Markdown is
rebuilt from the parsed tokens, every text through ``markdown.md``, so what a data file
holds never becomes markup the sanitiser did not put there.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .markdown import code_span, md

#: The only link schemes kept; a link to anything else is shown as its text.
LINK_SCHEMES = ("http://", "https://", "mailto:")

#: A prose heading ``#`` sits below the page's section headings (h2): it becomes h3.
HEADING_SHIFT = 2
_DEEPEST = 6


def safe_link(url: str) -> bool:
    """Whether a link destination may be published: an http, https or mailto address."""
    return url.strip().lower().startswith(LINK_SCHEMES)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.disable(["image", "html_block", "html_inline", "reference"])
    parser.validateLink = safe_link  # type: ignore[method-assign]
    return parser


def _shifted(tokens: Sequence[Token]) -> list[Token]:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + HEADING_SHIFT, _DEEPEST)
            token.tag = f"h{level}"
    return list(tokens)


def to_html(text: str) -> str:
    """The prose as HTML: escaped text in the few elements listed in the module doc."""
    parser = _parser()
    tokens = _shifted(parser.parse(text))
    return str(parser.renderer.render(tokens, parser.options, {}))


def to_markdown(text: str) -> str:
    """The prose as Markdown rebuilt from its parsed structure (the same elements as
    ``to_html``), headings below the page's own, every text escaped."""
    tokens = _shifted(_parser().parse(text))
    return _Writer().blocks(tokens).strip("\n")


class _Writer:
    """Markdown out of markdown-it's block tokens, with list nesting kept."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [ordered (0/1), next number]
        self.prefix = ""  # the list item's marker, for the first line of its paragraph

    def blocks(self, tokens: Sequence[Token]) -> str:
        for token in tokens:
            kind = token.type
            if kind == "heading_open":
                self.prefix = "#" * int(token.tag[1]) + " "
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = int(str(token.attrGet("start") or 1))
                self.lists.append([int(kind == "ordered_list_open"), start])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
                if not self.lists:
                    self.lines.append("")
            elif kind == "list_item_open":
                ordered, number = self.lists[-1]
                indent = "   " * (len(self.lists) - 1)
                self.prefix = indent + (f"{number}. " if ordered else "- ")
                self.lists[-1][1] = number + 1
            elif kind == "inline":
                self._paragraph(_inline(token.children or []))
            elif kind in ("paragraph_close", "heading_close") and not self.lists:
                self.lines.append("")
            elif kind in ("fence", "code_block"):
                self._paragraph(code_span(token.content.strip()))
                if not self.lists:
                    self.lines.append("")
        return "\n".join(self.lines)

    def _paragraph(self, text: str) -> None:
        indent = "   " * len(self.lists)
        lines = text.split("\n")
        first = (self.prefix or indent) + lines[0]
        self.lines.append(first)
        self.lines.extend(indent + line for line in lines[1:])
        self.prefix = ""


def _inline(children: Sequence[Token]) -> str:
    out: list[str] = []
    href: list[str | None] = []
    for token in children:
        kind = token.type
        if kind == "text":
            out.append(_text(token.content))
        elif kind == "code_inline":
            out.append(code_span(token.content))
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("\\\n")
        elif kind in ("strong_open", "strong_close"):
            out.append("**")
        elif kind in ("em_open", "em_close"):
            out.append("*")
        elif kind == "link_open":
            url = str(token.attrGet("href") or "")
            href.append(url if safe_link(url) else None)
            out.append("[" if href[-1] else "")
        elif kind == "link_close":
            target = href.pop() if href else None
            out.append(f"]({_destination(target)})" if target else "")
    return "".join(out)


def _text(content: str) -> str:
    """Text escaped by ``md``, which trims it: the spaces around it kept, and ``!`` escaped
    so that it never makes an image of a link that follows."""
    if not content.strip():
        return content
    lead = content[: len(content) - len(content.lstrip())]
    trail = content[len(content.rstrip()) :]
    return lead + md(content).replace("!", "\\!") + trail


def _destination(url: str) -> str:
    """A link destination as written in ``(...)``: no bracket, parenthesis, space or line
    break in it (percent-encoded), so it ends where the link does and holds no markup."""
    return "".join(f"%{ord(ch):02X}" if ch in "<>() \n\r\t\\`" else ch for ch in url)
