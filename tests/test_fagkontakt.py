"""`regraad report --fagkontakt REGION`: a RegUt's national duty as subject contact, and the
national proposals a regional report must not leave out."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from regraad import clock
from regraad.i18n import format_date
from regraad.load.loader import load_directory

from .conftest import AS_OF
from .test_report import edit, md_sections, nb_catalogue, parse, report, rows, section, text

ANE_PROPOSAL = ("anestesiologi", "2026-002")
ANE_HMN = "data/specialties/anestesiologi/councils/hmn.yaml"


def deadline(root: Path, slug: str, pid: str, region: str) -> tuple[str, int]:
    """(a council's reply deadline on the proposal, days past it on the suite's today),
    read from the data file."""
    doc = load_directory(root).specialties[slug].proposals[pid]
    due = next(str(d["due"]) for d in doc.data["deadlines"] if d["region"] == region)
    return due, clock.days_between(due, AS_OF)


def waiting(root: Path, slug: str, pid: str) -> tuple[str, int]:
    """(the date the proposal entered its current state, days from then to the suite's
    today), read from the data file rather than copied from any output."""
    doc = load_directory(root).specialties[slug].proposals[pid]
    since = str(doc.data["history"][-1]["at"])
    assert doc.data["history"][-1]["state"] == doc.data["state"] == "council-review"
    return since, clock.days_between(since, AS_OF)


def table(md: str, header: str) -> list[list[str]]:
    """The body rows of the first Markdown table after ``header`` (a line's start)."""
    lines = md[md.index(header) :].splitlines()
    body = itertools.takewhile(lambda line: line.startswith("|"), lines[2:])
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in body]


def test_fagkontakt_hn_lists_the_anaesthesia_proposal_with_its_wait_and_every_council(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    since, days = waiting(data_root, *ANE_PROPOSAL)
    code, md, err = report(capsys, data_root, "--fagkontakt", "hn", "--lang", "en")
    assert code == 0, err
    assert md.startswith("# RegUt HN as fagkontakt\n")
    sections = md_sections(md)
    assert list(sections) == ["Anaesthesiology (ANE)", "Oncology (ONC)", "About this view"]
    assert (
        f"1 open national proposal; the longest has waited {days} days at its stage; "
        "1 past its deadline." in md
    )

    ane = sections["Anaesthesiology (ANE)"]
    proposals = table(ane, "| Proposal |")
    assert len(proposals) == 1
    row = proposals[0]
    assert row[0].startswith("2026-002: Høyere minimumsantall")
    assert row[1:5] == [
        "HMN (HMR)",  # proposed in another region: fagkontakt carries it all the same
        "review by the regional councils",
        format_date(since, "en"),
        str(days),
    ]
    due, late = deadline(data_root, *ANE_PROPOSAL, "hn")  # each council's, from the data
    assert row[5] == f"{format_date(due, 'en')} (\\*\\*overdue by {late} days\\*\\*)"
    assert row[6] == "HN, HSØ, HV"  # HMN has given its recommendation

    councils = table(ane, "| Region |")
    assert councils == [
        ["Helse Midt-Norge", "4 active members", "Ingrid Sæther Bakken (St. Olav)",
         "complete by the region's policy"],
        ["Helse Nord", "none recorded", "–", "–"],
        ["Helse Sør-Øst", "none recorded", "–", "–"],
        ["Helse Vest", "none recorded", "–", "–"],
    ]  # fmt: skip
    assert (
        "No national change proposal for Oncology is open on 22 November 2026."
        in (sections["Oncology (ONC)"])
    )


def test_council_status_follows_the_council_rules(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    """A council without a leader is not complete (C-LEADER), as validate says."""
    edit(
        data_root,
        ANE_HMN,
        "    role: leader\n    title: overlege",
        "    role: member\n    title: overlege",
    )
    code, md, err = report(capsys, data_root, "--fagkontakt", "hn", "--lang", "en")
    assert code == 0, err
    hmn = table(md_sections(md)["Anaesthesiology (ANE)"], "| Region |")[0]
    assert hmn[:3] == ["Helse Midt-Norge", "4 active members", "–"]
    assert hmn[3].startswith("**not complete by the region's policy**: 1 error")


def test_a_region_that_is_fagkontakt_for_nothing_says_so(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    for slug in ("generell-kirurgi", "urologi"):
        edit(
            data_root,
            f"data/specialties/{slug}/specialty.yaml",
            "fagkontakt: hv",
            "fagkontakt: hso",
        )
    code, md, err = report(capsys, data_root, "--fagkontakt", "hv", "--lang", "en")
    assert code == 0, err
    assert "RegUt HV is fagkontakt for no specialty in the data." in md
    assert list(md_sections(md)) == ["About this view"]
    # the urology proposal now lies with HSØ, across regions
    code, md, err = report(capsys, data_root, "--fagkontakt", "hso", "--lang", "en")
    assert code == 0, err
    assert "2026-004: " in md_sections(md)["Urology (URO)"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--fagkontakt", "midt"), "--fagkontakt: unknown 'midt'"),
        (("--fagkontakt", "hn", "--region", "hn"), "leave out --region and --since"),
        (("--fagkontakt", "hn", "--since", "2026-01-01"), "leave out --region and --since"),
        (("--fagkontakt", "hn", "--format", "docx"), "docx"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], data_root: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = report(capsys, data_root, *args)
    assert code == 2, err
    assert message in err and out == ""
    if "unknown" in message:
        assert "hmn, hn, hso, hv" in err
    assert not (data_root / "site").exists()


def test_hn_regional_report_includes_the_proposals_it_must_act_on(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    """HN has no council or coverage of its own in the example; the anaesthesia proposal
    it is fagkontakt for and the urology proposal it made still wait on it."""
    _since, days = waiting(data_root, *ANE_PROPOSAL)
    _uro_since, uro_days = waiting(data_root, "urologi", "2026-004")
    code, md, err = report(capsys, data_root, "--region", "hn", "--lang", "en")
    assert code == 0, err
    sections = md_sections(md)
    national = sections["National change proposals in other specialties"]
    found = {r[0].split(":")[0]: r for r in table(national, "| Proposal |")}
    assert list(found) == ["2026-002", "2026-004"]  # longest waiting first
    ane, uro = found["2026-002"], found["2026-004"]
    assert ane[0].endswith("(Anaesthesiology)") and ane[5] == str(days)
    assert ane[1] == "the region's RegUt is fagkontakt; the region's recommendation is awaited"
    assert uro[1] == "proposed in the region; the region's recommendation is awaited"
    due, late = deadline(data_root, "urologi", "2026-004", "hn")
    assert uro[5] == str(uro_days)
    assert uro[6] == f"{format_date(due, 'en')} (\\*\\*overdue by {late} days\\*\\*)"
    points = re.findall(r"^\d\. (.+)$", sections["Summary"], flags=re.M)
    assert any(
        "2026-002 (Anaesthesiology): review by the regional councils since" in p
        and f"{days} days" in p
        for p in points
    ), points


def test_html_is_self_contained_and_accessible(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    _since, days = waiting(data_root, *ANE_PROPOSAL)
    code, out, err = report(capsys, data_root, "--fagkontakt", "hn", "--format", "html")
    assert code == 0, err
    page = data_root / "site" / "fagkontakt-hn.html"
    assert out == f"{page}\n"
    tree = parse(page)  # strict: any parse error raises
    assert tree.get("lang") == "nb"
    nb = nb_catalogue()
    assert text(tree.find("head/title")).startswith(  # type: ignore[arg-type]
        nb.gettext("{regut} as fagkontakt").format(regut="RegUt HN")
    )
    links = list(tree.iter("link"))
    assert len(links) == 1 and links[0].get("href", "").startswith("data:text/css;")
    assert not list(tree.iter("script")) and not list(tree.iter("img"))
    ids = [el.get("id") for el in tree.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    for a in tree.iter("a"):
        parts = urlsplit(a.get("href", ""))
        assert not parts.scheme and not parts.path and unquote(parts.fragment) in ids
    levels = [int(el.tag[1]) for el in tree.iter() if re.fullmatch(r"h[1-6]", str(el.tag))]
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"h{before} then h{after}"
    for th in tree.iter("th"):
        assert th.get("scope") in ("col", "row"), text(th)
    for tbl in tree.iter("table"):
        assert tbl[0].tag == "caption" and text(tbl[0])

    ane = section(tree, "fagkontakt-anestesiologi")
    proposals = rows(ane, "national-proposals")
    assert len(proposals) == 1
    assert proposals[0][0].startswith("2026-002: Høyere minimumsantall")
    assert proposals[0][1] == "Helse Midt-Norge (HMR)"
    assert proposals[0][4] == str(days)
    assert proposals[0][6] == "Helse Nord, Helse Sør-Øst, Helse Vest"
    councils = rows(ane, "fagkontakt-councils")
    assert [c[0] for c in councils] == [
        "Helse Midt-Norge",
        "Helse Nord",
        "Helse Sør-Øst",
        "Helse Vest",
    ]
    assert councils[0][2] == "Ingrid Sæther Bakken (St. Olav)"


def test_html_regional_report_links_the_national_proposals(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    _since, days = waiting(data_root, *ANE_PROPOSAL)
    code, _out, err = report(capsys, data_root, "--region", "hn", "--format", "html")
    assert code == 0, err
    tree = parse(data_root / "site" / "report-hn.html")
    national = section(tree, "national-proposals")
    found = rows(national, "national-proposals")
    assert [r[0].split(":")[0] for r in found] == ["2026-002", "2026-004"]
    assert found[0][5] == str(days)
    summary = section(tree, "summary")
    assert "#national-proposals" in {a.get("href") for a in summary.iter("a")}
