"""Output safety: sandboxed templates read nothing of the machine; data is text in every
HTML page, SVG chart and Markdown document, never markup, links or mentions."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import html5lib
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from regraad.cli.app import main
from regraad.output.markdown import md
from regraad.privacy.personnummer import redact
from regraad.render import svg

from .conftest import AS_OF, git

ANE = "data/specialties/anestesiologi"
COUNCIL = f"{ANE}/councils/hmn.yaml"
SECRET_ENV = "REGRAAD_TEST_SECRET"
SECRET = "kGq7-never-in-any-output"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def edit(root: Path, path: str, old: str, new: str) -> None:
    target = root / path
    content = target.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    target.write_text(content.replace(old, new, 1), encoding="utf-8")


# -- the template sandbox ------------------------------------------------------------------------

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ cycler.__init__.__globals__.os.environ }}",
    "{{ joiner.__init__.__globals__.os.environ }}",
    "{{ namespace.__init__.__globals__.os.environ }}",
    "{{ lipsum.__globals__['os'].environ['" + SECRET_ENV + "'] }}",
    "{{ range.__self__ }}",
    "{{ dict.mro() }}",
    "{{ href.__globals__ }}",
    "{{ _.__self__ }}",
    "{{ gettext.__self__._catalog }}",
    "{{ timeline_chart.__self__.root }}",
    "{{ ''|attr('__class__') }}",
    "{{ '{0.__class__.__base__}'.format('') }}",
    "{{ '{0.__init__.__globals__}'.format(cycler) }}",
    "{{ '%s'|format(lipsum.__globals__) }}",
    "{% set n = namespace() %}{{ n.__class__.__init__.__globals__ }}",
    "{{ open('secret.txt').read() }}",
    "{{ __import__('os').environ }}",
    "{{ os.environ['" + SECRET_ENV + "'] }}",
    "{{ environ }}",
    "{% include '/etc/passwd' %}",
    "{% include '../secret.txt' %}",
    "{% import '../../secret.txt' as s %}",
    "{% extends 'secret.txt' %}",
    "{% include 'linked.j2' %}",  # a symbolic link to the secret file
    "{{ 'x' * 10**10 }}",
    "{{ 9 ** (9 ** 9) }}",
    "{{ range(10**9)|list }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_a_template_reads_no_file_and_no_environment_and_is_refused(
    capsys: pytest.CaptureFixture[str],
    data_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    payload: str,
) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    secret = data_root / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    templates = data_root / "templates"
    templates.mkdir()
    (templates / "linked.j2").symlink_to(secret)
    (templates / "index.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% block main %}\n' + payload + "\n{% endblock %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    code, printed, err = run(capsys, data_root, "render", "--as-of", AS_OF, "--out", str(out))
    assert code == 1, printed + err
    assert "templates/index.html.j2" in err
    assert "Traceback" not in err
    assert SECRET not in printed + err
    assert not out.exists()  # nothing written


def test_an_ordinary_template_still_renders(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    """The refusals above are the sandbox's, not a template that cannot render at all."""
    (data_root / "templates").mkdir()
    (data_root / "templates" / "index.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% block main %}\n'
        "<p>{{ 'ab' * 3 }} {{ 2 ** 10 }} {{ range(3)|list|join(',') }}</p>\n{% endblock %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    code, _printed, err = run(
        capsys, data_root, "render", "--as-of", AS_OF, "-s", "radiologi", "--out", str(out)
    )
    assert code == 0, err
    assert "<p>ababab 1024 0,1,2</p>" in (out / "index.html").read_text(encoding="utf-8")


# -- HTML pages and SVG charts -------------------------------------------------------------------

EVIL_HTML = "Ola \"Q\" <script>alert('x')</script> & <img src=x onerror=alert(1)> ]]> --> 'end'"


def html_tree(path: Path) -> ET.Element:
    parser = html5lib.HTMLParser(
        tree=html5lib.getTreeBuilder("etree", ET), strict=True, namespaceHTMLElements=False
    )
    root: ET.Element = parser.parse(path.read_bytes())
    return root


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def test_data_is_text_in_every_html_page_and_chart(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    # a member's name (tables), a goal's title (the heatmap's tooltips), a trust's short
    # name (the timeline's labels and the utilisation chart)
    edit(
        data_root,
        COUNCIL,
        "  - name: Sara Grønning",
        f"  - name: '{EVIL_HTML.replace(chr(39), chr(39) * 2)}'",
    )
    edit(
        data_root,
        f"{ANE}/specialty.yaml",
        'title: "Kunne gjøre',
        'title: "<b>x</b> \\" Kunne gjøre',
    )
    edit(data_root, "data/trusts/hmr.yaml", "short: HMR", "short: 'H<M>R\" & x'")
    out = tmp_path / "site"
    code, _printed, err = run(
        capsys, data_root, "render", "--as-of", AS_OF, "-s", "anestesiologi", "--out", str(out)
    )
    assert code == 0, err
    texts = []
    for page in sorted(out.rglob("*.html")):
        tree = html_tree(page)  # strict: any parse error fails
        for el in tree.iter():
            assert local(el.tag) not in ("script", "img", "iframe", "object", "foreignObject")
            assert not [a for a in el.attrib if a.lower().startswith("on")], page
        texts.append(" ".join("".join(tree.itertext()).split()))
    everything = "\n".join(texts)
    assert EVIL_HTML in everything  # the name, as text
    assert '<b>x</b> " Kunne gjøre' in everything  # the goal title, in a tooltip
    assert 'H<M>R" & x' in everything  # the trust's short name, on the charts


def xml_text(value: str) -> str:
    """What an XML parser gives back for text: line ends as \\n, what XML cannot hold
    dropped."""
    return re.sub(r"\r\n?", "\n", svg._clean(value))


def normalised_attribute(value: str) -> str:
    """What an XML parser gives back for an attribute: line breaks and tabs as spaces."""
    return re.sub(r"\r\n|[\r\n\t]", " ", svg._clean(value))


def pieces(special: list[str], *, min_size: int = 0) -> st.SearchStrategy[str]:
    """Texts made of ``special`` pieces and any characters, mixed."""
    piece = st.one_of(
        st.sampled_from(special), st.characters(codec="utf-8", exclude_characters="\x00")
    )
    return st.lists(piece, min_size=min_size, max_size=20).map("".join)


adversarial = pieces(
    ["<", ">", "&", '"', "'", "]]>", "\n", "\r", "<script>", "&amp;", "-->"], min_size=1
)


@settings(max_examples=60, deadline=None)
@given(adversarial, adversarial, adversarial)
def test_svg_text_and_attributes_hold_any_data_as_data(title: str, ident: str, label: str) -> None:
    period = svg.TimelinePeriod(ident, label, label, 12, True)
    timeline = svg.timeline_svg(
        [period], title=title, desc=label, month_label="{months} mnd", id_prefix="t"
    )
    legend = dict.fromkeys(svg.HEATMAP_STATUSES, "x")
    heatmap = svg.heatmap_svg(
        [(ident, label)], [(ident, label)], {(ident, ident): "full"},
        legend=legend, title=title, desc=label, id_prefix="h",
    )  # fmt: skip
    utilisation = svg.utilisation_svg(
        [svg.UtilisationRow(label, 1.5, 2)],
        title=title,
        desc=label,
        id_prefix="u",
        value_label="{demand} / {capacity}",
    )
    for chart in (timeline, heatmap, utilisation):
        root = ET.fromstring(chart)  # well-formed XML
        tags = {local(el.tag) for el in root.iter()}
        assert tags <= {"svg", "title", "desc", "defs", "pattern", "rect", "line", "text", "g",
                        "circle", "path", "polygon"}  # fmt: skip
        shown_title = root.find("{http://www.w3.org/2000/svg}title")
        assert shown_title is not None
        assert (shown_title.text or "") == xml_text(title)
        # inside an HTML page, the chart stays one chart, its data text
        page = html5lib.parse(f"<!DOCTYPE html><p>{chart}</p>", namespaceHTMLElements=False)
        assert not [el for el in page.iter() if local(el.tag) in ("script", "img", "style")]
    goals = [el for el in ET.fromstring(heatmap).iter() if el.get("data-goal") is not None]
    assert {el.get("data-goal") for el in goals} == {normalised_attribute(ident)}
    assert {el.get("data-trust") for el in goals} == {normalised_attribute(ident)}
    bars = [el for el in ET.fromstring(timeline).iter() if el.get("data-period") is not None]
    assert [el.get("data-period") for el in bars] == [normalised_attribute(ident)]


# -- Markdown --------------------------------------------------------------------------------------

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
MARKUP = frozenset(
    ("link_open", "image", "html_inline", "html_block", "code_inline", "em_open", "strong_open",
     "s_open", "fence", "code_block", "hr", "blockquote_open", "ordered_list_open")
)  # fmt: skip


LINE_START = frozenset(("paragraph", "after a paragraph", "list item"))
ORDERED = re.compile(r"\d{1,9}[.)](\s|$)")


def tokens(text: str) -> Iterator[Token]:
    for token in PARSER.parse(text):
        yield token
        yield from token.children or ()


def inline_text(token: Token) -> str:
    return "".join(c.content for c in token.children or () if c.type == "text")


UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def as_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(data: str) -> str:
    """What a reader should see of ``data``: itself on one line, its numbers masked,
    control and bidirectional formatting characters as escapes (``\\x1b``, ``\\u202e``),
    a word joiner after @ and # (so GitHub makes no mention or issue reference)."""
    text = " ".join(UNSAFE.sub(as_escape, redact(data)).split())
    return text.replace("@", "@\u2060").replace("#", "#\u2060")


def assert_no_autolink(markdown: str) -> None:
    """GFM links scheme://, www., mailto: and xmpp: by itself, and GitHub finds mentions
    and issue references after parsing: none may be left in what data became."""
    assert "://" not in markdown.replace("\\://", "")
    assert not re.search(r"(?i)www\.|mailto:|xmpp:", markdown)
    assert not re.search("[@#](?!\u2060)", markdown)


markdown_data = pieces(
    ["[x](http://evil)", "<img src=x onerror=alert(1)>", "|", "@team", "`", "#", "![",
     "https://evil.example", "www.evil.example", "mailto:a@b.no", "\n", "*", "_", "~~",
     "$", "\\", "&amp;", "1. ", "- ", "= ", "> ", "    ", "<!--", "]]>", ":"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(markdown_data)
def test_markdown_escaping_makes_any_data_plain_text(data: str) -> None:
    assume(data.strip())
    escaped = md(data)
    assert "\n" not in escaped
    assert_no_autolink(escaped)
    contexts = {
        "paragraph": f"{escaped}\n",
        "after a paragraph": f"Intro\n{escaped}\n",
        "heading": f"### {escaped}\n",
        "list item": f"- {escaped}\n",
        "table cell": f"| a | b |\n|---|---|\n| {escaped} | end |\n",
    }
    for where, text in contexts.items():
        if where in LINE_START and ORDERED.match(shown(data)):
            continue  # "12. mars" is left as written (see the test below)
        found = list(tokens(text))
        assert not [t.type for t in found if t.type in MARKUP], where
        inlines = [t for t in found if t.type == "inline"]
        if where == "table cell":
            assert [inline_text(t) for t in inlines] == ["a", "b", shown(data), "end"], where
        elif where == "after a paragraph":
            assert [t.type for t in found if t.type.endswith("_open")] == ["paragraph_open"]
            assert inline_text(inlines[0]) == "Intro" + shown(data), where
        else:
            assert [inline_text(t) for t in inlines] == [shown(data)], where
            assert len([t for t in found if t.type.endswith("_open")]) == {
                "paragraph": 1, "heading": 1, "list item": 3
            }[where], where  # fmt: skip


def test_an_ordered_list_marker_is_left_as_written() -> None:
    """A date such as "12. mars 2026" is common in the data and in what regraad writes;
    at the start of a line it makes a list that shows the same "12.", so it is not
    escaped into "12\\. mars 2026", which every reader of the Markdown file would see."""
    assert md("12. mars 2026") == "12. mars 2026"
    found = list(tokens("12. mars 2026\n"))
    assert [t.attrGet("start") for t in found if t.type == "ordered_list_open"] == [12]
    assert [inline_text(t) for t in found if t.type == "inline"] == ["mars 2026"]


EVIL_MD = (
    "# Ola [x](http://evil.example) <img src=x onerror=alert(1)> | @team `tick` "
    "![i](http://evil.example/i.png) https://evil.example www.evil.example $x$ *em*\nnext line"
)


def assert_inert(markdown: str, where: str) -> None:
    """``EVIL_MD`` is in ``markdown`` as text: one cell or paragraph, no markup of its own."""
    found = list(tokens(markdown))
    assert not [t for t in found if t.type == "image"], where
    assert not [t for t in found if t.type == "link_open" and "evil" in str(t.attrGet("href"))]
    assert not [t for t in found if t.type.startswith("html") and "onerror" in t.content]
    assert not [t for t in found if t.type == "code_inline" and "tick" in t.content]
    headings = [source_lines(t, markdown) for t in found if t.type == "heading_open"]
    assert not [h for h in headings if "Ola" in h], where
    whole = [inline_text(t) for t in found if t.type == "inline" and "[x](http" in inline_text(t)]
    assert whole and all("next line" in text and "*em*" in text for text in whole), where
    assert "@team" not in markdown and "http://evil" not in markdown, where
    assert "www.evil" not in markdown and "https://evil" not in markdown, where


def source_lines(token: Token, source: str) -> str:
    """The lines of ``source`` a block token was parsed from."""
    first, last = token.map or (0, 0)
    return "\n".join(source.splitlines()[first:last])


def name_evil(root: Path) -> None:
    edit(root, COUNCIL, "  - name: Sara Grønning", f"  - name: {quoted(EVIL_MD)}")


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def test_diff_markdown_keeps_data_inert(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    name_evil(repo)
    code, out, err = run(capsys, repo, "diff", "--as-of", AS_OF, "--format", "markdown")
    assert code == 0, err
    assert_inert(out, "diff")


def test_render_markdown_keeps_data_inert(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    name_evil(data_root)
    out = tmp_path / "site"
    code, _printed, err = run(
        capsys, data_root, "render", "--as-of", AS_OF, "-s", "anestesiologi", "-f", "md",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    assert_inert((out / "anestesiologi" / "plan-hmr.md").read_text(encoding="utf-8"), "plan")


def test_report_markdown_keeps_data_inert(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    name_evil(data_root)
    code, out, err = run(capsys, data_root, "report", "--as-of", AS_OF, "-r", "hmn")
    assert code == 0, err
    assert_inert(out, "report")


def test_minutes_markdown_keeps_data_inert(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    meeting = "data/specialties/urologi/meetings/2026-03-12-hso.yaml"
    content = (data_root / meeting).read_text(encoding="utf-8")
    minutes = re.search(r"^minutes: .*?(?=^\S)", content, re.MULTILINE | re.DOTALL)
    assert minutes, "the example meeting has minutes"
    content = content.replace(minutes.group(0), f"minutes: {quoted(EVIL_MD)}\n")
    (data_root / meeting).write_text(content, encoding="utf-8")
    code, out, err = run(capsys, data_root, "meeting", "minutes", "urologi/2026-03-12-hso")
    assert code == 0, err
    assert_inert(out, "minutes")


def test_audit_markdown_keeps_a_commit_subject_inert(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    edit(repo, COUNCIL, "  - name: Sara Grønning", "  - name: Sara Grønning-Berg")
    git(repo, "commit", "-qam", EVIL_MD.replace("\n", " "))
    code, out, err = run(capsys, repo, "audit", "--verify", "--format", "markdown", f"{base}..HEAD")
    assert code == 1, err  # a membership change without trailers: listed with its subject
    assert_inert(out, "audit")
