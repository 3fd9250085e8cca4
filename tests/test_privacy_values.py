"""One privacy scanner over values: a national identity number or a phone number is found
however it is spelled (a YAML escape, a continued or folded line, spaces or a zero-width
space inside it, fullwidth digits), wherever it is (a value, a key, a comment, a file
name), by the rule from 2032 too, and never written into a commit or a branch name."""

from __future__ import annotations

from pathlib import Path

import pytest

from regraad.cli.app import main
from regraad.privacy import contact, personnummer
from regraad.validate import ValidateOptions, execute

from .conftest import AS_OF, git
from .repostate import Snapshot

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def number_with(birth: str, remainder: int) -> str:
    """A number for the birth date whose first check digit leaves ``remainder`` (0: the
    rule until 2031; 1-3: also valid from 2032; 4-10: valid under neither) and whose
    second check digit is right: tests plant numbers they make, never a copy of someone's."""
    for individual in range(100, 1000):
        digits = [int(c) for c in f"{birth}{individual:03d}"]
        for k1 in range(10):
            if sum(w * d for w, d in zip(_W1, [*digits, k1], strict=True)) % 11 != remainder:
                continue
            weighted = sum(w * d for w, d in zip(_W2, [*digits, k1], strict=False))
            k2 = -weighted % 11
            if k2 < 10:
                return "".join(map(str, [*digits, k1, k2]))
    raise AssertionError("no such number")


FNR = number_with("010190", 0)  # starts with 0: "\x30" is its first digit
NEW = number_with("150332", 2)  # valid only by the rule from 2032
NEITHER = number_with("150332", 5)  # right second check digit, first valid under no rule
FULLWIDTH = "".join(chr(0xFF10 + int(c)) for c in FNR)

COUNCIL = "data/specialties/anestesiologi/councils/hmn.yaml"
NOTE = 'note: "Gikk over i ny stilling; meldt til RegUt."'
TRUST = "data/trusts/hnt.yaml"
MEETING = "data/specialties/anestesiologi/meetings/2026-02-03-hmn.yaml"


def findings(root: Path, rule: str, *, cache: bool = False) -> set[tuple[str, int, int]]:
    report = execute(ValidateOptions(root=root, as_of=AS_OF, cache=cache))
    return {(f.path, f.line, f.col) for f in report.findings if f.rule == rule}


def plant(root: Path, path: str, old: str, new: str) -> tuple[int, int]:
    """Replace ``old`` once; the 1-based line and column where ``new`` starts."""
    target = root / path
    content = target.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    at = content.index(old)
    target.write_text(content.replace(old, new, 1), encoding="utf-8")
    return content.count("\n", 0, at) + 1, at - (content.rfind("\n", 0, at) + 1) + 1


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out + err


# -- national identity numbers: every spelling, read as YAML reads it --------------------------

# How the note's value is written; in these the text never shows the number, only the
# parsed value does: the finding points at the value.
ONLY_THE_VALUE_SHOWS = {
    "a \\x escape": f'"fnr \\x30{FNR[1:]}"',
    "a \\u escape": f'"fnr \\u0030{FNR[1:]}"',
    "an escaped line break": f'"fnr {FNR[:6]}\\\n      {FNR[6:]}"',
    "a plain scalar on two lines": f"fnr {FNR[:6]}\n      {FNR[6:]}",
    "a folded block": f">-\n      fnr {FNR[:6]}\n      {FNR[6:]}",
    "an escaped zero-width space": f'"fnr {FNR[:6]}\\u200B{FNR[6:]}"',
    "an escaped no-break space": f'"fnr {FNR[:6]}\\_{FNR[6:]}"',
}
# ... and in these the text shows it, as a person reads it: the finding points at it.
THE_TEXT_SHOWS = {
    "spaces between digit groups": f"fnr {FNR[:2]} {FNR[2:4]} {FNR[4:6]} {FNR[6:9]} {FNR[9:]}",
    "a zero-width space": f"fnr {FNR[:6]}\u200b{FNR[6:]}",
    "a word joiner and a thin space": f"fnr {FNR[:3]}\u2060{FNR[3:6]}\u2009{FNR[6:]}",
    "fullwidth digits": f"fnr {FULLWIDTH}",
    "a byte order mark inside": f"fnr {FNR[:6]}\ufeff{FNR[6:]}",
}


@pytest.mark.parametrize("spelling", ONLY_THE_VALUE_SHOWS)
def test_a_number_only_the_parsed_value_shows_is_found_at_the_value(
    data_root: Path, spelling: str
) -> None:
    line, col = plant(data_root, COUNCIL, NOTE, f"note: {ONLY_THE_VALUE_SHOWS[spelling]}")
    value_col = col + len("note: ")
    assert findings(data_root, "X-PERSONNUMMER") == {(COUNCIL, line, value_col)}


@pytest.mark.parametrize("spelling", THE_TEXT_SHOWS)
def test_a_number_spelled_apart_is_found_where_it_stands(data_root: Path, spelling: str) -> None:
    line, col = plant(data_root, COUNCIL, NOTE, f'note: "{THE_TEXT_SHOWS[spelling]}"')
    number_col = col + len('note: "fnr ')
    assert findings(data_root, "X-PERSONNUMMER") == {(COUNCIL, line, number_col)}


def test_a_number_in_a_key_a_comment_and_a_file_name_is_found(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    key = plant(data_root, TRUST, "name: ", f'"\\x30{FNR[1:]}": x\nname: ')
    line, col = plant(
        data_root, COUNCIL, "# Leder fra St. Olavs", f"# D-nr {FULLWIDTH}. Leder fra St. Olavs"
    )
    comment = (line, col + len("# D-nr "))
    named = f"data/specialties/anestesiologi/meetings/2026-02-03-{FNR[:6]}-{FNR[6:]}.yaml"
    (data_root / named).write_bytes((data_root / MEETING).read_bytes())
    assert findings(data_root, "X-PERSONNUMMER") == {
        (TRUST, *key),
        (COUNCIL, *comment),
        (named, 0, 0),
    }
    code, out = run(capsys, data_root, "validate", "--as-of", AS_OF)
    assert code == 1
    assert "is in the file name" in out
    assert FNR not in out and f"{FNR[:6]}-{FNR[6:]}" not in out


def test_what_the_values_hold_is_kept_in_the_cache(data_root: Path) -> None:
    line, col = plant(data_root, COUNCIL, NOTE, f'note: "fnr \\x30{FNR[1:]}"')
    expected = {(COUNCIL, line, col + len("note: "))}
    assert findings(data_root, "X-PERSONNUMMER", cache=True) == expected  # scanned, stored
    assert findings(data_root, "X-PERSONNUMMER", cache=True) == expected  # read back


def test_numbers_by_the_rule_from_2032_are_found_and_masked(data_root: Path) -> None:
    assert personnummer.is_valid(NEW)
    assert not personnummer.is_valid(NEITHER)
    line, col = plant(data_root, COUNCIL, NOTE, f'note: "ny {NEW}, feil {NEITHER}"')
    assert findings(data_root, "X-PERSONNUMMER") == {(COUNCIL, line, col + len('note: "ny '))}
    assert personnummer.redact(f"ny {NEW}, feil {NEITHER}") == (
        f"ny {personnummer.mask(NEW)}, feil {NEITHER}"
    )


@pytest.mark.parametrize(
    "spelling",
    [
        f"{FNR[:3]} {FNR[3:6]} {FNR[6:]}",
        f"{FNR[:6]}\u200b{FNR[6:]}",
        f"{FNR[:2]}.{FNR[2:4]}.{FNR[4:6]} {FNR[6:]}",
        FULLWIDTH,
        f"{FULLWIDTH[:6]}\u00a0{FULLWIDTH[6:]}",
    ],
)
def test_redact_masks_every_spelling_the_scanner_finds(spelling: str) -> None:
    text = f"ring {spelling}, takk"
    redacted = personnummer.redact(text)
    assert redacted.startswith(f"ring {personnummer.mask(FNR)}")
    assert redacted.endswith(", takk")
    assert not personnummer.find_spans(redacted)


# -- phone numbers in the common Norwegian spellings --------------------------------------------

PHONES = [
    "+47-22334455",
    "(+47) 22334455",
    "22-33-44-55",
    "22.33.44.55",
    "0047.22.33.44.55",
    "+47 922-33-444",
    "922.33.444",
    "(0047)22 33 44 55",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_in_common_spellings_are_contact_data(data_root: Path, phone: str) -> None:
    assert [hit.text for hit in contact.find(f"ring {phone}, takk")] == [phone]
    line, col = plant(data_root, COUNCIL, NOTE, f'note: "Ring {phone} for avtale."')
    assert findings(data_root, "X-CONTACT") == {(COUNCIL, line, col + len('note: "Ring '))}


def test_phone_numbers_in_common_spellings_are_masked_on_published_pages(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    plant(data_root, COUNCIL, "  - name: Sara Grønning", f"  - name: Sara Grønning, {PHONES[0]}")
    plant(
        data_root,
        COUNCIL,
        'note: "Rådet møtes normalt',
        f'note: "Sekretær: {PHONES[1]} eller {PHONES[2]}. Rådet møtes normalt',
    )
    out = tmp_path / "site"
    code, printed = run(
        capsys, data_root, "render", "--as-of", AS_OF, "-s", "anestesiologi", "-r", "hmn",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, printed
    pages = "\n".join(p.read_text("utf-8") for p in sorted(out.rglob("*")) if p.is_file())
    assert "Sara Grønning" in pages
    for phone in PHONES[:3]:
        assert phone not in pages
        assert contact.mask_phone(phone) in pages


# -- nothing of it in a commit or a branch name -------------------------------------------------

RECOMMEND = ("propose", "recommend", "urologi/2026-004", "--region", "hmn", "--position", "support")
NEW_PROPOSAL = ("propose", "new", "anestesiologi", "--kind", "local-la", "--region", "hmn")
END_ENGEN = ("council", "end", "urologi", "Thomas Engen", "--to", "2026-12-31", "--as-of", AS_OF)
REFUSED = [  # (the option named in the refusal, the command)
    ("--by", [*RECOMMEND, "--by", f"RegUt {FNR}"]),
    ("--note", [*RECOMMEND, "--note", f"Meldt av {FNR[:6]} {FNR[6:]}."]),
    ("--branch", [*RECOMMEND, "--branch", f"anbefaling-{FNR[:6]}-{FNR[6:]}"]),
    ("--reason", ["propose", "withdraw", "urologi/2026-004", "--reason", f"Trukket ({FULLWIDTH})"]),
    ("--title", [*NEW_PROPOSAL, "--title", f"Kurs {FNR}", "--at", AS_OF, "--as-of", AS_OF]),
    ("--by", [*END_ENGEN, "--by", f"RegUt HSØ ({FNR})"]),
]


@pytest.mark.parametrize(
    ("option", "command"), REFUSED, ids=lambda v: v[1] if isinstance(v, list) else v
)
def test_a_number_for_a_commit_or_a_branch_name_is_refused(
    capsys: pytest.CaptureFixture[str], repo: Path, option: str, command: list[str]
) -> None:
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    before = Snapshot.of(repo)
    code, out = run(capsys, repo, *command)
    assert code == 1, out
    assert f"{option} holds a national identity number" in out
    assert personnummer.mask(FNR) in out
    assert FNR not in out and FNR[6:] not in out
    assert Snapshot.of(repo) == before
