"""Privacy: a national identity number is found wherever it is and printed in full nowhere;
contact data only in its fields, and published only when asked."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from regraad.cli.app import main
from regraad.load.loader import load_directory
from regraad.privacy import contact, personnummer
from regraad.validate import ValidateOptions, execute
from regraad.validate.formats import REPORTERS_BY_NAME

from .conftest import AS_OF, git
from .test_personnummer import make_number

FNR = make_number("010190")
DNR = make_number("410190")  # a D-number: day + 40
SPACED_DNR = f"{DNR[:6]} {DNR[6:]}"
FORMS = (FNR, DNR, SPACED_DNR)

ANE = "data/specialties/anestesiologi"
COUNCIL = f"{ANE}/councils/hmn.yaml"
MEETING = f"{ANE}/meetings/2026-02-03-hmn.yaml"
TRUST = "data/trusts/hnt.yaml"
REGION = "data/regions/hmn.yaml"
REGUT_EMAIL = "regut.hmn@stolav.no"


def edit(root: Path, path: str, old: str, new: str) -> str:
    """Replace ``old`` once in a data file; the new content."""
    target = root / path
    content = target.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    content = content.replace(old, new, 1)
    target.write_text(content, encoding="utf-8")
    return content


def position(content: str, needle: str) -> tuple[int, int]:
    """1-based line and column of ``needle`` in ``content``."""
    at = content.index(needle)
    return content.count("\n", 0, at) + 1, at - (content.rfind("\n", 0, at) + 1) + 1


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str]:
    """Run regraad on ``root``; (exit code, stdout and stderr together)."""
    capsys.readouterr()
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out + err


def assert_no_number(output: str) -> None:
    for form in FORMS:
        assert form not in output


def written(folder: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()
    )


# -- national identity numbers: found everywhere ------------------------------------------------


def plant_numbers(root: Path) -> set[tuple[str, int, int]]:
    """Numbers in a value, a key, a comment, a note and meeting minutes; where each is."""
    places = set()
    content = edit(root, COUNCIL, "    union: Ylf\n", f"    union: Ylf {FNR}\n")
    places.add((COUNCIL, *position(content, FNR)))
    content = edit(root, TRUST, "name: ", f'"{DNR}": x\nname: ')
    places.add((TRUST, *position(content, DNR)))
    content = edit(
        root, COUNCIL, "# Leder fra St. Olavs", f"# D-nummer {SPACED_DNR}. Leder fra St. Olavs"
    )
    places.add((COUNCIL, *position(content, SPACED_DNR)))
    old = 'note: "Gikk over i ny stilling; meldt til RegUt."'
    content = edit(root, COUNCIL, old, f'note: "Gikk over i ny stilling (fnr. {DNR})."')
    places.add((COUNCIL, *position(content, DNR)))
    old = "Møtet ble ledet av rådsleder."
    content = edit(root, MEETING, old, f"Møtet ble ledet av rådsleder ({FNR}).")
    places.add((MEETING, *position(content, FNR)))
    return places


def test_a_number_is_found_in_a_value_a_key_a_comment_a_note_and_minutes(
    data_root: Path,
) -> None:
    places = plant_numbers(data_root)
    report = execute(ValidateOptions(root=data_root, as_of=AS_OF, cache=False))
    found = {(f.path, f.line, f.col) for f in report.findings if f.rule == "X-PERSONNUMMER"}
    assert found == places
    messages = [f.message for f in report.findings if f.rule == "X-PERSONNUMMER"]
    assert all(personnummer.mask(FNR) in m or personnummer.mask(DNR) in m for m in messages)


@pytest.mark.parametrize("output_format", sorted(REPORTERS_BY_NAME))
def test_validate_never_prints_a_number_in_any_format(
    capsys: pytest.CaptureFixture[str], data_root: Path, output_format: str
) -> None:
    plant_numbers(data_root)
    code, out = run(capsys, data_root, "validate", "--as-of", AS_OF, "--format", output_format)
    assert code == 1
    assert "X-PERSONNUMMER" in out
    # the SCHEMA finding quotes the key it refuses: masked, not left out
    assert f"'{personnummer.mask(DNR)}'" in out
    assert_no_number(out)


def test_diff_never_prints_a_number_in_any_format(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    edit(repo, COUNCIL, "  - name: Sara Grønning", f"  - name: Sara Grønning {FNR}")
    edit(repo, MEETING, "Møtet ble ledet av rådsleder.", f"Ledet av {SPACED_DNR}.")
    git(repo, "commit", "-qam", f"Ny tillitsvalgt {DNR}")
    for output_format in ("text", "markdown", "json"):
        code, out = run(capsys, repo, "diff", "--as-of", AS_OF, "HEAD~1", "--format", output_format)
        assert code == 0, out
        assert "Sara Gr" in out
        assert personnummer.mask(FNR) in out.replace("\\*", "*")  # Markdown escapes the *
        assert_no_number(out)
        if output_format == "json":
            json.loads(out)  # masking keeps the document whole


def plant_published_numbers(root: Path) -> None:
    """Numbers in data that the pages and the report show: a member's name, a note."""
    edit(root, COUNCIL, "  - name: Sara Grønning", f"  - name: Sara Grønning {FNR}")
    edit(
        root,
        COUNCIL,
        'note: "Rådet møtes normalt',
        f'note: "Kontakt: {SPACED_DNR}. Rådet møtes normalt',
    )


@pytest.mark.parametrize("output_format", ["html", "md"])
def test_rendered_pages_never_hold_a_number(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path, output_format: str
) -> None:
    plant_published_numbers(data_root)
    out = tmp_path / "site"
    code, printed = run(
        capsys, data_root, "render", "--as-of", AS_OF, "-s", "anestesiologi",
        "--format", output_format, "--out", str(out),
    )  # fmt: skip
    assert code == 0, printed
    pages = written(out)
    # the name is on the pages, its number masked (the * escaped in Markdown)
    assert personnummer.mask(FNR) in pages.replace("\\*", "*")
    assert_no_number(pages)


@pytest.mark.parametrize("output_format", ["html", "md"])
def test_the_report_never_holds_a_number(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path, output_format: str
) -> None:
    plant_published_numbers(data_root)
    target = tmp_path / f"report.{output_format}"
    code, printed = run(
        capsys, data_root, "report", "--as-of", AS_OF, "-r", "hmn",
        "--format", output_format, "--out", str(target),
    )  # fmt: skip
    assert code == 0, printed
    text = target.read_text(encoding="utf-8")
    assert personnummer.mask(FNR) in text.replace("\\*", "*")
    assert_no_number(text + printed)


# -- the redacting stream ------------------------------------------------------------------------


def test_a_number_written_in_pieces_is_still_masked() -> None:
    sink = io.StringIO()
    with personnummer.redacting(sink) as out:
        out.write(f"fnr {FNR[:4]}")
        out.write(f"{FNR[4:]}, and ")
        out.write(f"{DNR[:6]} ")
        out.write(f"{DNR[6:]}\nsecond line {FNR}")
    assert sink.getvalue() == (
        f"fnr {personnummer.mask(FNR)}, and {personnummer.mask(DNR)}\n"
        f"second line {personnummer.mask(FNR)}"
    )


def test_a_long_line_is_passed_on_in_parts_without_a_number() -> None:
    sink = io.StringIO()
    writer = personnummer.RedactingWriter(sink)
    chunk = "x" * 1000 + " "
    for _ in range(100):  # 100 000 characters without a newline
        writer.write(chunk + FNR[:5])
        writer.write(FNR[5:] + " ")
    assert sink.getvalue(), "a long line is not held back whole"
    writer.close()
    assert FNR not in sink.getvalue()
    assert sink.getvalue().count(personnummer.mask(FNR)) == 100


def test_the_console_masks_numbers_while_a_command_runs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with personnummer.redacted_console():
        print(f"commit subject: ny leder {FNR}")
        sys.stderr.write(f"error: {SPACED_DNR} is wrong\n")
    print(f"after: {FNR}")
    out, err = capsys.readouterr()
    assert out == f"commit subject: ny leder {personnummer.mask(FNR)}\nafter: {FNR}\n"
    assert err == f"error: {personnummer.mask(DNR)} is wrong\n"


def test_commands_that_print_data_never_print_a_number(
    capsys: pytest.CaptureFixture[str], repo: Path, tmp_path: Path
) -> None:
    plant_numbers(repo)
    git(repo, "commit", "-q", "-am", f"Notat om {FNR}")
    outputs = [
        run(capsys, repo, "meeting", "minutes", "2026-02-03-hmn", "--format", fmt)[1]
        for fmt in ("md", "html")
    ]
    minutes = tmp_path / "referat.html"
    run(capsys, repo, "meeting", "minutes", "2026-02-03-hmn", "-f", "html", "--out", str(minutes))
    outputs.append(minutes.read_text(encoding="utf-8"))
    outputs.append(run(capsys, repo, "council", "list", "anestesiologi", "--region", "hmn")[1])
    outputs.append(run(capsys, repo, "fmt", "--check")[1])
    outputs.append(run(capsys, repo, "diff", "HEAD~1", "HEAD", "--format", "markdown")[1])
    assert any(personnummer.mask(FNR) in out for out in outputs[:3])
    for out in outputs:
        assert_no_number(out)


# -- contact data --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ring 22 33 44 55 i dag", ["22 33 44 55"]),
        ("mobil 922 33 444.", ["922 33 444"]),
        ("tlf. +47 22334455", ["+47 22334455"]),
        ("tlf. 0047 22 33 44 55", ["0047 22 33 44 55"]),
        ("skriv til ola.nordmann@stolav.no, takk", ["ola.nordmann@stolav.no"]),
        ("mailto:kari@ahus.no", ["kari@ahus.no"]),
        ("22\u00a033\u00a044\u00a055", ["22\u00a033\u00a044\u00a055"]),
    ],
)
def test_contact_data_is_found(text: str, found: list[str]) -> None:
    assert [hit.text for hit in contact.find(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "møtet 2026-03-12, vedtak 2026 03 12",  # dates
        "20260312 og 12345678",  # eight digits in a row: as often a date or an id
        "kull 2025 2026 2027",  # years
        "ANE-001 12 34, minimum 50",  # ids and goal counts
        "4 LIS fra HMR 4, HNT 2, 12 34 56 78",  # counts (a number starting with 1 or 0)
        "ids 22 33 44 55 66",  # a run of numbers, not one phone number
        "se https://helsedirektoratet.no/22334455/+4722334455 og www.x.no/a@b.no",
        "github: @team, @org/team",  # mentions, not addresses
        "3\u00a0000 kroner",  # a number with a thousands separator
        "møtet 20.30-22.00, kl. 10.00-12.00",  # times: separators of two kinds
        "vedtatt 12.03.2026 og 2026-03-12-15",  # dates
        "3 000 000 kroner, 20 000 000 kroner",  # amounts
    ],
)
def test_dates_ids_years_counts_and_links_are_not_contact_data(text: str) -> None:
    assert list(contact.find(text)) == []


def test_contact_masks_say_what_was_there_but_not_how_to_reach_it() -> None:
    assert contact.mask_email("ola.nordmann@stolav.no") == "o***@stolav.no"
    assert contact.mask_phone("+47 22 33 44 55") == "+47 ** ** ** 55"
    assert contact.scrub("ola@x.no eller 922 33 444") == "o***@x.no eller *** ** *44"
    markup = '<a href="mailto:ola@x.no"><path d="M 24 56 78 90"/>tlf 22 33 44 55</a>'
    assert contact.scrub(markup, markup=True) == (
        '<a href="mailto:o***@x.no"><path d="M 24 56 78 90"/>tlf ** ** ** 55</a>'
    )


def test_withheld_leaves_out_the_contact_fields_and_nothing_else(data_root: Path) -> None:
    edit(
        data_root,
        COUNCIL,
        "    github: sgronning\n",
        "    github: sgronning\n    phone: 922 33 444\n",
    )
    dataset = load_directory(data_root, cache=False)
    hidden = dataset.withheld()
    region = hidden.regions["hmn"].data
    assert region["regut"]["email"] is None and region["regut"]["name"] == "RegUt HMN"
    members = hidden.specialties["anestesiologi"].councils["hmn"].data["members"]
    sara = next(m for m in members if m["name"] == "Sara Grønning")
    assert sara["email"] is None and sara["phone"] is None and sara["github"] == "sgronning"
    # the dataset it was made from is unchanged
    assert dataset.regions["hmn"].data["regut"]["email"] == REGUT_EMAIL


def plant_contact(root: Path) -> list[str]:
    """Contact data in its fields and, against X-CONTACT, in a note and a member's name:
    the addresses and numbers a published page could show."""
    edit(root, COUNCIL, "    github: sgronning\n", "    github: sgronning\n    phone: 922 33 444\n")
    edit(root, COUNCIL, "  - name: Sara Grønning", "  - name: Sara Grønning (sara@ylf.no)")
    edit(
        root,
        COUNCIL,
        'note: "Rådet møtes normalt',
        'note: "Sekretær: mona.strand@stolav.no, 72 57 30 00. Rådet møtes normalt',
    )
    return [REGUT_EMAIL, "sara@ylf.no", "mona.strand@stolav.no", "72 57 30 00"]


def test_render_publishes_no_contact_data_unless_asked(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    planted = plant_contact(data_root)
    hidden, shown = tmp_path / "hidden", tmp_path / "shown"
    args = ("render", "--as-of", AS_OF, "-s", "anestesiologi", "-r", "hmn")
    code, printed = run(capsys, data_root, *args, "--out", str(hidden))
    assert code == 0, printed
    pages = written(hidden)
    assert "Sara Grønning" in pages and "s***@ylf.no" in pages
    assert "mailto:" not in pages
    for value in planted:
        assert value not in pages
    code, printed = run(capsys, data_root, *args, "--include-contact", "--out", str(shown))
    assert code == 0, printed
    pages = written(shown)
    assert f'href="mailto:{REGUT_EMAIL}"' in pages
    for value in planted:
        assert value in pages


@pytest.mark.parametrize("output_format", ["md", "html"])
def test_the_report_publishes_no_contact_data_unless_asked(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path, output_format: str
) -> None:
    plant_contact(data_root)
    args = ("report", "--as-of", AS_OF, "-r", "hmn", "-f", output_format)
    code, printed = run(capsys, data_root, *args, "--out", str(tmp_path / "a"))
    assert code == 0, printed
    text = (tmp_path / "a").read_text(encoding="utf-8")
    assert "Sara Grønning (s***@ylf.no)" in text
    assert "sara@ylf.no" not in text and "mailto:" not in text
    code, printed = run(capsys, data_root, *args, "--include-contact", "--out", str(tmp_path / "b"))
    assert code == 0, printed
    shown = (tmp_path / "b").read_text(encoding="utf-8")
    assert "Sara Grønning (sara@ylf.no)" in shown.replace("\u2060", "")  # Markdown: no mention
