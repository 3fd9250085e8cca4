"""`regraad report`: the RegUt's status and progress report to the RHF, in Markdown and HTML."""

from __future__ import annotations

import base64
import gettext
import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from regraad.cli.app import main
from regraad.i18n import DOMAIN, LOCALE_DIR
from regraad.load.loader import load_directory

from .conftest import AS_OF, git

ANE_HMN = "data/specialties/anestesiologi/councils/hmn.yaml"
RAD_CAPACITY = "data/specialties/radiologi/capacity.yaml"
IN_SCOPE = ("anestesiologi", "barnesykdommer", "ortopedisk-kirurgi", "radiologi")


def report(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str, as_of: str = AS_OF
) -> tuple[int, str, str]:
    """Run `regraad report` on ``root``; (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main(["--root", str(root), "report", "--as-of", as_of, *args])
    out, err = capsys.readouterr()
    return code, out, err


def parse(path: Path) -> ET.Element:
    """The page as a tree; html5lib in strict mode raises on any parse error."""
    parser = html5lib.HTMLParser(
        tree=html5lib.getTreeBuilder("etree", ET), strict=True, namespaceHTMLElements=False
    )
    root: ET.Element = parser.parse(path.read_bytes())
    return root


def text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def section(tree: ET.Element, sid: str) -> ET.Element:
    found = tree.find(f".//section[@id='{sid}']")
    assert found is not None, sid
    return found


def rows(el: ET.Element, cls: str) -> list[list[str]]:
    """The body rows of the first table with class ``cls``: header cell, then data cells."""
    table = next(t for t in el.iter("table") if cls in t.get("class", "").split())
    body = table.find("tbody")
    assert body is not None
    return [[text(cell) for cell in row if cell.tag in ("th", "td")] for row in body]


def md_sections(md: str) -> dict[str, str]:
    """The Markdown split at its level-2 headings: heading -> body."""
    parts = re.split(r"^## (.+)$", md, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def nb_catalogue() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=["nb"], fallback=True)


def edit(root: Path, path: str, old: str, new: str) -> None:
    target = root / path
    content = target.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    target.write_text(content.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo_id(repo: Path) -> Path:
    """The example repository with a git identity of its own (in-process commits)."""
    git(repo, "config", "user.name", "Test Koordinator")
    git(repo, "config", "user.email", "koordinator@example.org")
    return repo


# -- Markdown ----------------------------------------------------------------------------------


def test_markdown_report_for_hmn_puts_the_summary_first(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    code, md, err = report(capsys, data_root, "--region", "hmn", "--lang", "en")
    assert code == 0, err
    assert md.startswith("# Status report to Helse Midt-Norge\n")
    assert "To: HR-direktør i RHF, fagdirektør i RHF." in md
    sections = md_sections(md)
    assert list(sections) == [
        "Summary",
        "Anaesthesiology (ANE)",  # by name, in the Norwegian alphabet
        "Orthopaedic surgery (ORT)",
        "Paediatrics (PED)",
        "Radiology (RAD)",
        "National change proposals in other specialties",  # urology's 2026-004 awaits HMN
        "Specialties not yet registered",
        "Validation findings",
        "About this report",
    ]

    # the first page: what needs attention, in plain words, then the key numbers
    summary = sections["Summary"]
    points = re.findall(r"^\d\. (.+)$", summary, flags=re.M)
    assert 3 <= len(points) <= 5
    assert points[0].startswith("Throughput positions nearly full (St. Olav: 94 % in ")
    assert "100 % in Radiology" in points[0]
    assert (
        "2026-002 (Anaesthesiology): review by the regional councils since 12 January 2026"
        in (points[1])
    )
    assert "314 days" in points[1]
    assert "No fagkontakt RegUt is recorded for Orthopaedic surgery, Radiology" in points[2]
    numbers = dict(re.findall(r"^\| ([^|]+?) \| ([^|]*?) \|$", summary, flags=re.M))
    assert numbers["Specialties with a council or coverage in the region"] == (
        "4 of 44; 40 not yet registered"
    )
    assert numbers["Councils complete by the region's policy"] == "4 of 4"
    assert numbers["Learning goals no trust in the region covers fully"] == "0"
    assert numbers["Estimated time in parts 2 and 3 (plan + expected wait)"] == "60 to 72 months"
    assert numbers["Bottlenecks at host trusts"] == "0"
    assert numbers["Highest utilisation of throughput positions"] == ("100 % (St. Olav, Radiology)")
    assert numbers["Open change proposals"] == "1; the oldest filed 369 days ago"
    assert numbers["Validation findings"] == "0 errors, 2 warnings"
    assert "run regraad report with --since REV or --since DATE" in summary

    # per specialty: estimated times and the host's utilisation
    ane = sections["Anaesthesiology (ANE)"]
    assert "| Helse Møre og Romsdal HF | 4 | 60 | 0 | 60 |" in ane
    assert "| St. Olavs hospital HF | 7 | 6 | 86 % | 0 | HMR 4/4, HNT 2/2 |" in ane
    ort = sections["Orthopaedic surgery (ORT)"]
    assert "| Helse Nord-Trøndelag HF | 2 | 72 | 0 | 72 |" in ort
    assert "| St. Olavs hospital HF | 8 | 7.5 | 94 % | 0 | HMR 5/4.5, HNT 3/3 |" in ort
    rad = sections["Radiology (RAD)"]
    assert "| St. Olavs hospital HF | 7 | 7 | 100 % | 0 | HMR 3/3, HNT 4/4 |" in rad
    assert "| Helse Nord-Trøndelag HF | 45 of 63 | 71 % | St. Olav: 18 |" in rad
    ped = sections["Paediatrics (PED)"]
    assert "| St. Olavs hospital HF | 6 | 5 | 83 % | 0 | HMR 3/3, HNT 2/2 |" in ped
    for body in (ane, ort, rad, ped):
        assert "No bottlenecks: every host has room for the plans' demand." in body
        assert "The council is complete by the region's policy." in body
        assert "can be reached fully at some trust in Helse Midt-Norge" in body

    # council completeness against HMN's policy: leader from St. Olavs, a union representative
    assert (
        "| leader | preferably from St. Olavs hospital HF | Ingrid Sæther Bakken (St. Olav) "
        "| in order |"
    ) in ane
    assert "| union representative | required | Sara Grønning (HMR, Ylf) | in order |" in ane
    assert "| Helse Nord-Trøndelag HF | yes | Eirik Fossum (member) |" in ane
    assert "Olav Kvernmo" not in ane  # left the council in 2022

    # the open proposal with its stage and age; the council's recommendation
    row = next(ln for ln in ane.splitlines() if ln.startswith("| 2026-002: "))
    assert row.endswith(
        "| review by the regional councils | 12 January 2026 | 314 | 369 "
        "| supports (3 February 2026) |"
    )
    assert "No change proposal for Radiology is open on 22 November 2026." in rad

    # findings: counts by rule per specialty and for the region
    assert "| F-FAGKONTAKT | 0 | 1 |" in rad and "No findings." in ane
    findings = sections["Validation findings"]
    assert (
        "In the files that concern Helse Midt-Norge on 22 November 2026: 0 errors, 2 warnings "
        "(the whole dataset: 0 errors, 36 warnings)."
    ) in findings
    assert "| F-FAGKONTAKT | 0 | 2 |" in findings

    # the specialties without data, in one line; Urology is HSØ's
    line = sections["Specialties not yet registered"].strip()
    assert line.startswith("40 specialties have neither a council nor coverage in Helse")
    assert "Urology (URO)" in line and "Radiology" not in line

    # Markdown for e-mail: no HTML, tables keep their columns
    assert not re.search(r"<[A-Za-z/!?]", md), "raw HTML in the Markdown"
    for block in re.findall(r"((?:^\|.*\|\n)+)", md, flags=re.M):
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in block.splitlines()}
        assert len(widths) == 1, block
    assert "outside git" in md.rsplit("---", 1)[1]


def test_bokmal_by_default(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    code, md, err = report(capsys, data_root, "--region", "hmn")
    assert code == 0, err
    nb = nb_catalogue()
    assert md.startswith("# " + nb.gettext("Status report to {rhf}").format(rhf="Helse Midt-Norge"))
    assert f"## {nb.gettext('Summary')}\n" in md
    assert "22. november 2026" in md and "November" not in md
    assert "Anestesiologi (ANE)" in md and "Anaesthesiology" not in md
    assert "| 7,5 |" in md  # demand at St. Olav in ortopedisk kirurgi, with a decimal comma
    # the CLI's own messages keep their language
    code, _out, err = report(capsys, data_root, "--region", "midt")
    assert code == 2 and "unknown 'midt'" in err


# -- HTML --------------------------------------------------------------------------------------


def test_html_report_is_self_contained_accessible_and_printable(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    code, out, err = report(capsys, data_root, "--region", "hmn", "--format", "html")
    assert code == 0, err
    page = data_root / "site" / "report-hmn.html"
    assert out == f"{page}\n"
    raw = page.read_text(encoding="utf-8")
    assert raw.startswith("<!DOCTYPE html>\n")
    tree = parse(page)  # strict: any parse error raises
    assert tree.get("lang") == "nb"
    assert text(tree.find("head/title")).startswith(  # type: ignore[arg-type]
        nb_catalogue().gettext("Status report to {rhf}").format(rhf="Helse Midt-Norge")
    )

    # one file: the stylesheet inlined, no scripts, nothing fetched
    links = list(tree.iter("link"))
    assert len(links) == 1 and links[0].get("href", "").startswith("data:text/css;")
    css = base64.b64decode(links[0].get("href", "").split(",", 1)[1]).decode("utf-8")
    assert "@media print" in css and ".report-specialty" in css and "break-before: page" in css
    assert not list(tree.iter("script")) and not list(tree.iter("img"))
    ids = {el.get("id") for el in tree.iter() if el.get("id")}
    for a in tree.iter("a"):
        parts = urlsplit(a.get("href", ""))
        assert not parts.scheme and not parts.path, a.get("href")  # anchors within the page
        assert unquote(parts.fragment) in ids, a.get("href")

    # accessible like the rendered pages: landmarks, skip link, headings in order,
    # captions and scoped header cells, unique ids, named navigation
    body = tree.find("body")
    assert body is not None
    for landmark in ("header", "main", "footer"):
        assert len(list(body.iter(landmark))) == 1, landmark
    assert next(body.iter("a")).get("href") == "#main"
    navs = [nav.get("aria-label", "") for nav in body.iter("nav")]
    assert navs and all(navs) and len(set(navs)) == len(navs)
    levels = [int(el.tag[1]) for el in tree.iter() if re.fullmatch(r"h[1-6]", str(el.tag))]
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"h{before} then h{after}"
    for th in tree.iter("th"):
        assert th.get("scope") in ("col", "row"), text(th)
    for table in tree.iter("table"):
        assert table[0].tag == "caption" and text(table[0])
    all_ids = [el.get("id") for el in tree.iter() if el.get("id")]
    assert len(all_ids) == len(set(all_ids))

    # the summary first, then a section per specialty (a new page each in print)
    main_el = tree.find(".//main")
    assert main_el is not None
    sections = main_el.findall("section")
    assert sections[0].get("id") == "summary"
    assert next(text(h) for h in main_el.iter("h2")) == nb_catalogue().gettext("Summary")
    specialties = [s.get("id") for s in sections if "report-specialty" in s.get("class", "")]
    assert specialties == [f"specialty-{slug}" for slug in IN_SCOPE]
    points = list(section(tree, "summary").iter("li"))
    assert 3 <= len(points) <= 5
    assert "St. Olav" in text(points[0])
    assert {a.get("href") for a in points[0].iter("a")} == {
        "#specialty-ortopedisk-kirurgi",
        "#specialty-radiologi",
    }

    ane = section(tree, "specialty-anestesiologi")
    proposals = rows(ane, "report-proposals")
    assert len(proposals) == 1 and proposals[0][0].startswith("2026-002: Høyere minimumsantall")
    assert proposals[0][2:5] == ["12. januar 2026", "314", "369"]
    homes = rows(ane, "estimate-homes")
    assert homes == [
        ["Helse Møre og Romsdal HF", "4", "60", "0", "60"],
        ["Helse Nord-Trøndelag HF", "2", "60", "0", "60"],
    ]
    hosts = rows(section(tree, "specialty-radiologi"), "estimate-hosts")
    assert hosts[0][:4] == ["St. Olavs hospital HF", "7", "7", "100 %"]  # text() folds nbsp
    roles = rows(ane, "council-roles")
    assert [r[0] for r in roles] == [
        nb_catalogue().gettext(w)
        for w in ("leader", "deputy leader", "union representative", "LIS representative")
    ]
    assert roles[2][2] == "Sara Grønning (HMR, Ylf)"


def test_out_writes_where_asked_and_not_into_data(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    target = tmp_path / "til-rhf" / "rapport.md"
    code, out, err = report(capsys, data_root, "-r", "hmn", "--out", str(target))
    assert code == 0, err
    assert out == f"{target}\n" and target.read_text(encoding="utf-8").startswith("# ")
    code, out, err = report(capsys, data_root, "-r", "hmn", "-f", "html", "--out", "-")
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    assert not (data_root / "site").exists()
    code, _out, err = report(
        capsys, data_root, "-r", "hmn", "--out", str(data_root / "data" / "report.md")
    )
    assert code == 2 and "inside data/" in err
    assert not (data_root / "data" / "report.md").exists()


# -- usage ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--region", "midt"), "--region: unknown 'midt'"),
        ((), "--region: the report is for one region"),
        (("--region", "hmn", "--since", "2026-13-01"), "not a date"),
        (("--region", "hmn", "--since", "a..b"), "neither a date nor a single revision"),
        (("--region", "hmn", "--format", "docx"), "docx"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], data_root: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = report(capsys, data_root, *args)
    assert code == 2, err
    assert message in err and out == ""
    if "--region" in message:
        assert "hmn, hn, hso, hv" in err
    assert not (data_root / "site").exists()


def test_unknown_revision_is_a_usage_error(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, _out, err = report(capsys, repo, "--region", "hmn", "--since", "no-such-tag")
    assert code == 2
    assert "--since: 'no-such-tag' is neither a date (YYYY-MM-DD) nor a revision" in err


# -- since: the audit trail ---------------------------------------------------------------------


def _changes_in_a_repository(capsys: pytest.CaptureFixture[str], repo: Path) -> str:
    """A council change and a proposal step in HMN, and a council change in HSØ; the base."""
    base = git(repo, "rev-parse", "HEAD").strip()
    steps = [
        [
            "council",
            "add",
            "anestesiologi",
            "--region",
            "hmn",
            "--name",
            "Kari Nordvik",
            "--trust",
            "hmr",
            "--site",
            "alesund",
            "--role",
            "observer",
            "--title",
            "overlege",
            "--specialist",
            "--from",
            "2026-11-01",
            "--by",
            "RegUt HMN",
        ],
        ["propose", "advance", "anestesiologi/2026-002", "--by", "RegUt HN", "--at", "2026-11-20"],
        ["council", "end", "urologi", "Thomas Engen", "--to", "2026-12-31"],
    ]
    for step in steps:
        code = main(["--root", str(repo), *step, "--as-of", AS_OF])
        assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    return base


def test_since_a_revision_lists_the_council_change_and_the_proposal_step(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    base = _changes_in_a_repository(capsys, repo_id)
    code, md, err = report(capsys, repo_id, "-r", "hmn", "--since", base, "--lang", "en")
    assert code == 0, err
    sections = md_sections(md)
    summary = sections["Summary"]
    point = f"{base} ({base[:10]}, "
    assert f"| Since {point}" in summary
    assert "| 1 membership change, 1 proposal step, 0 meeting records; 0 proposals decided |" in (
        summary
    )
    ane = sections["Anaesthesiology (ANE)"]
    assert f"### Membership changes and decisions since {point}" in ane
    changes = [ln for ln in ane.splitlines() if ln.startswith("| 22 November 2026 |")]
    assert len(changes) == 2
    assert "| Kari Nordvik joins as observer | RegUt HMN |" in changes[0]
    assert (
        "| proposal 2026-002: review by the regional councils → RegUt leader meeting | RegUt HN |"
    ) in changes[1]
    # the proposal is now at the leader meeting, since 20 November: 2 days at that stage
    row = next(ln for ln in ane.splitlines() if ln.startswith("| 2026-002: "))
    assert "| RegUt leader meeting | 20 November 2026 | 2 | 369 |" in row
    # HSØ's change is not HMN's business; the other specialties had none
    assert "Thomas Engen" not in md
    assert "None recorded." in sections["Radiology (RAD)"]
    assert "3 commits read from the audit trail" in sections["About this report"]

    # the same in HTML, in bokmål
    code, _out, err = report(capsys, repo_id, "-r", "hmn", "--since", base, "-f", "html")
    assert code == 0, err
    tree = parse(repo_id / "site" / "report-hmn.html")
    nb = nb_catalogue().gettext
    assert [r[1] for r in rows(section(tree, "specialty-anestesiologi"), "changes")] == [
        nb("{member} joins as {role}").format(member="Kari Nordvik", role=nb("observer")),
        nb("proposal {id}: {before} → {after}").format(
            id="2026-002",
            before=nb("review by the regional councils"),
            after=nb("RegUt leader meeting"),
        ),
    ]


def test_since_a_date(capsys: pytest.CaptureFixture[str], repo_id: Path) -> None:
    _changes_in_a_repository(capsys, repo_id)
    today = git(repo_id, "log", "-1", "--format=%as").strip()
    code, md, err = report(capsys, repo_id, "-r", "hmn", "--since", today, "--lang", "en")
    assert code == 0, err
    ane = md_sections(md)["Anaesthesiology (ANE)"]
    assert "Kari Nordvik joins as observer" in ane
    assert "proposal 2026-002: review by the regional councils → RegUt leader meeting" in ane
    assert "Thomas Engen" not in md
    # nothing since a later day
    code, md, err = report(capsys, repo_id, "-r", "hmn", "--since", "2099-01-01", "--lang", "en")
    assert code == 0, err
    assert "Kari Nordvik" not in md
    ane = md_sections(md)["Anaesthesiology (ANE)"]
    assert "### Membership changes and decisions since 1 January 2099\n\nNone recorded." in ane


def test_since_outside_git_says_so_and_still_dates_decisions(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    code, md, err = report(capsys, data_root, "-r", "hmn", "--since", "2025-01-01", "--lang", "en")
    assert code == 0, err
    sections = md_sections(md)
    assert (
        "is not in a git repository, so membership changes and decisions cannot be read"
        in (sections["Summary"])
    )
    assert (
        "| Since 1 January 2025 | not read from the audit trail (see below); "
        in (sections["Summary"])
    )
    # decided proposals come from the data: HNT adopted radiologi's local activity in 2025
    rad = sections["Radiology (RAD)"]
    assert "Decided since 1 January 2025:" in rad
    assert "- 2025-007: Felles kasuistikkmøte på video" in rad
    assert "adopted by the trust 6 May 2025" in rad
    code, md, err = report(capsys, data_root, "-r", "hmn", "--since", "HEAD", "--lang", "en")
    assert code == 0, err
    assert "is not in a git repository" in md


def test_since_in_a_repository_without_commits(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    git(data_root, "init", "-q", "-b", "main")
    code, md, err = report(capsys, data_root, "-r", "hmn", "--since", "2026-01-01", "--lang", "en")
    assert code == 0, err
    assert "The git repository has no commits yet" in md


# -- what needs attention --------------------------------------------------------------------------


def test_attention_names_errors_incomplete_councils_and_bottlenecks_first(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    # the union representative of anestesiologi leaves; St. Olav keeps 4 of 7 radiology positions
    edit(
        data_root,
        ANE_HMN,
        "    github: sgronning\n    from: 2025-01-01\n",
        "    github: sgronning\n    from: 2025-01-01\n    to: 2026-10-31\n",
    )
    edit(data_root, RAD_CAPACITY, "positions: 7", "positions: 4")
    code, md, err = report(capsys, data_root, "-r", "hmn", "--lang", "en")
    assert code == 0, err
    summary = md_sections(md)["Summary"]
    points = re.findall(r"^\d\. (.+)$", summary, flags=re.M)
    assert len(points) == 5
    assert points[0].startswith("The data for Helse Midt-Norge has ")
    assert points[1].startswith("1 council is incomplete by the region's policy: Anaesthesiology:")
    assert "no active union representative" in points[1]
    assert points[2].startswith(
        "Radiology: Bottleneck at St. Olav: demand 7 LIS at a time for 4 positions; "
        "waits grow by about "
    )
    assert "Removed with 7 positions (now 4)" in points[2]
    assert re.search(r"^\d+ more points? (is|are) in the sections below\.$", summary, flags=re.M)
    assert "| Bottlenecks at host trusts | 1 |" in summary
    assert "| Councils complete by the region's policy | 3 of 4 |" in summary
    ane = md_sections(md)["Anaesthesiology (ANE)"]
    assert "**The council is not complete by the region's policy.**" in ane
    assert "| union representative | required | – | **error**: the council has no active" in ane
    rad = md_sections(md)["Radiology (RAD)"]
    assert "(growing)" in rad and "**bottleneck**" in rad


def test_member_names_are_escaped(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    evil = "<script>alert(1)</script> | *x*"
    edit(data_root, ANE_HMN, "name: Sara Grønning", f'name: "{evil}"')
    page = tmp_path / "r.html"
    code, _out, err = report(capsys, data_root, "-r", "hmn", "-f", "html", "--out", str(page))
    assert code == 0, err
    assert "<script" not in page.read_text(encoding="utf-8")
    assert (
        evil
        in [r[2] for r in rows(section(parse(page), "specialty-anestesiologi"), "council-roles")][2]
    )
    code, md, err = report(capsys, data_root, "-r", "hmn")
    assert code == 0, err
    assert "<script" not in md and "\\| \\*x\\*" in md


# -- the estimate in the education plan ------------------------------------------------------------


def test_plan_shows_the_estimated_wait_from_the_simulation(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    from regraad.analysis.estimate import estimate
    from regraad.render.context import plan_context

    edit(data_root, RAD_CAPACITY, "positions: 7", "positions: 4")
    ds = load_directory(data_root)
    ctx = plan_context(ds, "radiologi", "hnt", as_of=AS_OF, lang="en")["estimate"]
    home = next(h for h in estimate(ds, "radiologi", AS_OF).homes if h.trust == "hnt")
    assert ctx["wait_months"] == round(home.wait.mean, 1) > 0
    assert ctx["total_months"] == 60 + ctx["wait_months"] and ctx["growing"] is True

    out = tmp_path / "site"
    args = ["-s", "radiologi", "-t", "hnt", "--lang", "en", "--out", str(out), "--as-of", AS_OF]
    assert main(["--root", str(data_root), "render", *args]) == 0
    page = text(section(parse(out / "radiologi" / "plan-hnt.html"), "estimate"))
    wait = f"{ctx['wait_months']:g}"
    assert f"(plan 60 + expected wait {wait})" in page
    assert "The wait grows year by year" in page and "regraad estimate" in page
    assert main(["--root", str(data_root), "render", *args, "--format", "md"]) == 0
    md = (out / "radiologi" / "plan-hnt.md").read_text(encoding="utf-8")
    assert f"(plan 60 + expected wait {wait})**" in md


def test_plan_without_a_stay_away_waits_nothing_and_an_invalid_plan_is_not_estimated(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    from regraad.render.context import plan_context

    plan = "data/specialties/radiologi/rotations/hnt.yaml"
    edit(
        data_root,
        plan,
        "    trust: stolav\n    site: trondheim",
        "    trust: hnt\n    site: namsos",
    )
    ctx = plan_context(load_directory(data_root), "radiologi", "hnt", as_of=AS_OF, lang="en")
    assert ctx["estimate"] == {
        "plan_months": 60,
        "wait_months": 0,
        "total_months": 60,
        "growing": False,
    }

    edit(data_root, plan, "  from: 2019-03-01", "  from: 2027-01-01")
    ctx = plan_context(load_directory(data_root), "radiologi", "hnt", as_of=AS_OF, lang="en")
    assert ctx["estimate"]["wait_months"] is None and ctx["estimate"]["total_months"] is None
    out = tmp_path / "site"
    args = ["-s", "radiologi", "-t", "hnt", "--lang", "en", "--out", str(out), "--as-of", AS_OF]
    assert main(["--root", str(data_root), "render", *args]) == 0
    page = text(section(parse(out / "radiologi" / "plan-hnt.html"), "estimate"))
    assert "The plan is not valid on 22 November 2026" in page


def test_broken_files_are_named_not_fatal(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    (data_root / ANE_HMN).write_text("specialty: anestesiologi\nmembers: [\n", encoding="utf-8")
    code, md, err = report(capsys, data_root, "-r", "hmn", "--lang", "en")
    assert code == 0, err
    points = re.findall(r"^\d\. (.+)$", md_sections(md)["Summary"], flags=re.M)
    assert points[0].startswith("The data for Helse Midt-Norge has 1 validation error (YAML-")
    assert points[1] == (
        "The council file of Anaesthesiology has errors, so its council cannot be checked."
    )
    assert "has errors; see the validation findings" in md_sections(md)["Anaesthesiology (ANE)"]
    assert ANE_HMN in md_sections(md)["Validation findings"]

    (data_root / "data/regions/hmn.yaml").write_text("id: [\n", encoding="utf-8")
    code, _md, err = report(capsys, data_root, "-r", "hmn")
    assert code == 1 and "data/regions/hmn.yaml has errors" in err
