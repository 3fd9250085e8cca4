"""YAML 1.2 line breaks, unclosed brackets and hidden names under data/.

In YAML 1.2 only LF and CR break lines: NEL (U+0085), LS (U+2028) and PS (U+2029) are
ordinary characters. git, GitHub and editors agree, so a YAML 1.1 reading would let a
comment hide a key nobody sees. regraad keeps them inside quoted strings and refuses
them anywhere else (YAML-LINEBREAK). An unclosed ``[`` or ``{`` is reported where it
opens, and a file or folder whose name starts with a dot is refused, not skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from regraad.cli.app import main
from regraad.load.loader import load_directory
from regraad.load.yamlparse import parse_bytes, parse_clean, parse_text
from regraad.validate import ValidateOptions, execute

from .conftest import AS_OF, git

BREAKS = {"NEL": "\x85", "LS": "\u2028", "PS": "\u2029"}
TRUST = "data/trusts/diakonhjemmet.yaml"

Key = tuple[str, str, int, int]


def _new_findings(root: Path, rev: str | None = None) -> dict[Key, str]:
    """Findings beyond the example dataset's F-FAGKONTAKT warnings, with their messages."""
    report = execute(ValidateOptions(root=root, rev=rev, as_of=AS_OF, cache=False))
    return {
        (f.rule, f.path, f.line, f.col): f.message
        for f in report.findings
        if f.rule not in ("F-FAGKONTAKT", "K-BOTTLENECK")
    }


def _problems(text: str) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.col) for p in parse_text(text).problems]


def _hiding_comment(root: Path, char: str) -> tuple[Path, str]:
    """The trust file with ``regional_hospital`` only after ``char`` in a comment:
    git shows one comment line, a YAML 1.1 reading sees the key."""
    trust = root / TRUST
    lines = trust.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("regional_hospital:")]
    kept[1] = kept[1].rstrip("\n") + char + "regional_hospital: true\n"
    text = "".join(kept)
    trust.write_bytes(text.encode("utf-8"))
    return trust, text


# --- a comment cannot hide a key ----------------------------------------------------


@pytest.mark.parametrize("name", BREAKS)
def test_a_comment_cannot_hide_a_key(name: str, data_root: Path) -> None:
    char = BREAKS[name]
    _, text = _hiding_comment(data_root, char)
    column = text.split("\n")[1].index(char) + 1  # not splitlines(): it breaks there

    found = _new_findings(data_root)

    assert list(found) == [("YAML-LINEBREAK", TRUST, 2, column)]
    assert f"U+{ord(char):04X}" in found[("YAML-LINEBREAK", TRUST, 2, column)]
    # like YAML-TAB, the file's data is not used
    assert TRUST not in {doc.path for doc in load_directory(data_root, cache=False).documents}
    assert parse_clean(text.encode("utf-8")) is None


@pytest.mark.parametrize("name", BREAKS)
def test_fmt_refuses_a_file_whose_comment_hides_a_key(
    name: str, data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    char = BREAKS[name]
    trust, text = _hiding_comment(data_root, char)
    column = text.split("\n")[1].index(char) + 1  # not splitlines(): it breaks there
    before = trust.read_bytes()

    for args in (("--check",), ()):
        assert main(["--root", str(data_root), "fmt", *args]) == 1
        out, err = capsys.readouterr()
        assert TRUST not in out  # neither "would reformat" nor "reformatted"
        assert f"{TRUST}:2:{column}: not formatted: " in err
        assert f"U+{ord(char):04X}" in err
        assert trust.read_bytes() == before


# --- inside quoted strings they are characters --------------------------------------


@pytest.mark.parametrize("quote", ['"', "'"])
@pytest.mark.parametrize("name", BREAKS)
def test_quoted_values_keep_the_characters_and_lines_count_lf_only(name: str, quote: str) -> None:
    char = BREAKS[name]
    value = f"Helse{char}  Midt"  # a YAML 1.1 reading folds the break, dropping the spaces
    text = f"name: {quote}{value}{quote}\nid: hmn\n{quote}k{char}{quote}: 1\nid: x\n"

    parsed = parse_bytes(text.encode("utf-8"))

    assert parsed.data is not None
    assert parsed.data["name"] == value
    assert f"k{char}" in parsed.data
    assert parsed.positions[("id",)] == (2, 5)
    assert [(p.code, p.line, p.col) for p in parsed.problems] == [("YAML-DUPLICATE-KEY", 4, 1)]
    clean = text.replace("id: x\n", "")
    assert parse_clean(clean.encode("utf-8")) == parse_text(clean).data
    assert parse_text(clean).data == {"name": value, "id": "hmn", f"k{char}": 1}


@pytest.mark.parametrize("name", ["LS", "PS"])  # NEL is a control character: X-CONTROL's
def test_a_quoted_name_with_the_character_validates(name: str, data_root: Path) -> None:
    trust = data_root / TRUST
    text = trust.read_text(encoding="utf-8")
    value = f"Diakonhjemmet{BREAKS[name]}  Sykehus"
    trust.write_text(text.replace("name: Diakonhjemmet Sykehus\n", f'name: "{value}"\n'))

    assert _new_findings(data_root) == {}
    documents = {doc.path: doc for doc in load_directory(data_root, cache=False).documents}
    assert documents[TRUST].data["name"] == value


@pytest.mark.parametrize("name", BREAKS)
def test_fmt_keeps_a_quoted_character_as_it_is(
    name: str, data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    region = data_root / "data/regions/hmn.yaml"
    text = region.read_text(encoding="utf-8")
    old_name = parse_text(text).data["name"]
    value = f"Helse{BREAKS[name]}  Midt"
    changed = text.replace(f"name: {old_name}\n", f"name: '{value}'\n")
    assert changed != text
    region.write_bytes(changed.encode("utf-8"))

    assert main(["--root", str(data_root), "fmt", "--check", "data/regions"]) == 0
    assert main(["--root", str(data_root), "fmt", "data/regions"]) == 0
    capsys.readouterr()
    assert region.read_bytes() == changed.encode("utf-8")
    assert parse_text(region.read_text(encoding="utf-8")).data["name"] == value


# --- outside quoted strings they are a finding --------------------------------------


@pytest.mark.parametrize("name", BREAKS)
@pytest.mark.parametrize(
    ("template", "line", "col"),
    [
        ("a: plain{c}value\n", 1, 9),
        ("a: 1\nke{c}y: 2\n", 2, 3),
        ("a: |\n  block{c}text\nb: 1\n", 2, 8),
        ("a: 1  # end{c}b: 2\n", 1, 12),
        ("a: [x, y{c}z]\n", 1, 9),
        ("a: 1\r\nb: 2 #{c}\r\n", 2, 7),
    ],
    ids=["plain", "key", "block", "comment", "flow", "crlf"],
)
def test_outside_quoted_strings_is_a_finding_at_its_place(
    name: str, template: str, line: int, col: int
) -> None:
    text = template.format(c=BREAKS[name])

    parsed = parse_text(text)

    assert parsed.data is None
    assert [(p.code, p.line, p.col) for p in parsed.problems] == [("YAML-LINEBREAK", line, col)]
    assert parsed.problems[0].hint
    assert parse_clean(text.encode("utf-8")) is None


def test_the_stand_ins_never_meet_characters_of_the_file() -> None:
    # private-use characters the swap might pick, raw and as escapes, beside a quoted NEL
    text = "a: \"\ue000\ue001\ue002\\ue003\\U000F0000\x85  x\"\nb: '\ue004\x85'\n"

    parsed = parse_text(text)

    assert parsed.problems == []
    assert parsed.data == {"a": "\ue000\ue001\ue002\ue003\U000f0000\x85  x", "b": "\ue004\x85"}


def test_a_tab_after_the_character_is_not_indentation() -> None:
    # one line for git and for YAML 1.2: the tab is inside the comment
    assert _problems("a: 1\n# note\u2028\tb: 2\n") == [("YAML-LINEBREAK", 2, 7)]


# --- an unclosed flow collection ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "col", "bracket"),
    [
        ("id: hmn\nsites: [a, b,\n  c\n# the end\n", 2, 8, "["),
        ("id: hmn\nsite: {id: a,\n  name: b\n\n", 2, 7, "{"),
        ("id: hmn\nsites: [a, {id: b\n", 2, 12, "{"),
        ("id: hmn\nsites: [\n", 2, 8, "["),
    ],
    ids=["list", "mapping", "nested", "empty"],
)
def test_an_unclosed_bracket_is_reported_where_it_opens(
    text: str, line: int, col: int, bracket: str
) -> None:
    parsed = parse_text(text)

    assert [(p.code, p.line, p.col) for p in parsed.problems] == [("YAML-SYNTAX", line, col)]
    assert f"'{bracket}' is not closed" in parsed.problems[0].message
    assert parsed.data is None


def test_an_unclosed_quote_is_reported_where_it_opens() -> None:
    parsed = parse_text('id: hmn\nname: "Helse Midt\n\nweb: x\n')

    assert [(p.code, p.line, p.col) for p in parsed.problems] == [("YAML-SYNTAX", 2, 7)]
    assert "quoted string is not closed" in parsed.problems[0].message


# --- names starting with a dot under data/ ------------------------------------------


def _hide(root: Path) -> None:
    specialties = root / "data/specialties"
    for folder in ("..x", ".hidden"):
        (specialties / folder).mkdir()
        (specialties / folder / "specialty.yaml").write_bytes(
            (specialties / "urologi/specialty.yaml").read_bytes()
        )
    (specialties / "urologi/.specialty.yaml").write_text("id: urologi\n", encoding="utf-8")
    (root / "data/trusts/.gitkeep").write_bytes(b"")


HIDDEN = [
    ("FILE-PLACE", "data/specialties/..x", 0, 0),
    ("FILE-PLACE", "data/specialties/.hidden", 0, 0),
    ("FILE-PLACE", "data/specialties/urologi/.specialty.yaml", 0, 0),
]


def test_dot_folders_and_dot_files_are_refused_not_skipped(data_root: Path) -> None:
    _hide(data_root)

    found = _new_findings(data_root)

    assert sorted(found) == HIDDEN  # .gitkeep is git's own
    assert all("hidden" in message for message in found.values())


def test_a_commit_gives_the_same_findings_as_the_tree(repo: Path) -> None:
    _hide(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Hidden names")

    on_disk = _new_findings(repo)
    committed = _new_findings(repo, rev="HEAD")

    assert committed == on_disk
    assert sorted(committed) == HIDDEN
