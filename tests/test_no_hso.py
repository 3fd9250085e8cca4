"""Helse Sør-Øst is written HSØ, never HSO: the region id ``hso`` is a file name, and no
output (CLI, commit subjects, rendered pages, reports) upper-cases it into "HSO"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regraad.cli.app import main
from regraad.load.regions import region_short

from .conftest import AS_OF, git

HSO = re.compile(r"\bHSO\b")
URO = "data/specialties/urologi/proposals"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err  # 1: validate's findings
    return captured.out + captured.err


def test_region_short_is_how_people_write_it() -> None:
    assert region_short(None, "hso") == "HSØ"
    assert region_short(None, "hmn") == "HMN"
    assert region_short(None, "xy") == "XY"  # an unknown region: its id in capitals


def test_readme_commands_never_write_hso(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    """The README's walk-through of a proposal from HSØ, and the listings and reports that
    show it: no "HSO" in what they print or in the commits they make."""
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    fields = repo / "forslag.yaml"
    fields.write_text(
        "summary: Robotassistert prostatektomi inn i hovedforløpet.\n"
        "consequences:\n  economic: Ingen.\n  organisational: Noe mer veiledning.\n"
        "affects: {activities: [], goals: [URO-016]}\n",
        encoding="utf-8",
    )
    when = ("--at", "2026-11-10", "--as-of", AS_OF)
    steps = [
        ["propose", "new", "urologi", "--kind", "national-la", "--title", "Robotassistert",
         "--region", "hso", "--trust", "innlandet", "--by", "LUU urologi, Sykehuset Innlandet",
         "--from-file", str(fields), *when],
        ["propose", "advance", "urologi/2026-010", "--by", "RegUt HSØ", *when],
        ["propose", "advance", "2026-010", "--by", "RegUt HV", *when],
        ["propose", "recommend", "2026-010", "--region", "hso", "--position", "support", *when],
    ]  # fmt: skip
    printed = [run(capsys, repo, *step) for step in steps]
    assert "HSØ recommends support" in printed[-1]
    reads = [
        ["propose", "show", "2026-010"],
        ["propose", "list", "--open"],
        ["propose", "due", "--as-of", AS_OF],
        ["propose", "log", "2026-010"],
        ["council", "list", "--region", "hso", "--as-of", AS_OF],
        ["coverage", "urologi", "--as-of", AS_OF],
        ["coverage", "--region", "hso", "--as-of", AS_OF],
        ["estimate", "urologi", "--as-of", AS_OF],
        ["validate"],
        ["case", "list"],
        ["diff", "HEAD~4", "HEAD"],
        ["audit", "--specialty", "urologi", "--since", "2026-11-01"],
        ["report", "--region", "hso", "--since", "2026-01-01", "--as-of", AS_OF],
        ["report", "--region", "hmn", "--since", "2026-01-01", "--as-of", AS_OF],
        ["report", "--fagkontakt", "hv", "--as-of", AS_OF],
        ["report", "--fagkontakt", "hn", "--as-of", AS_OF],
    ]
    printed += [run(capsys, repo, *command) for command in reads]
    subjects = git(repo, "log", "--format=%s", "-5")
    assert "HSØ recommends support" in subjects
    found = [
        line for text in [*printed, subjects] for line in text.splitlines() if HSO.search(line)
    ]
    assert found == []


def test_pages_and_reports_never_write_hso(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    """The whole site (HTML and Markdown) and every region's report and fagkontakt view,
    in Markdown and HTML."""
    out = tmp_path / "out"
    for fmt in ("html", "md"):
        assert main(["--root", str(data_root), "render", "--format", fmt, "--out", str(out)]) == 0
    for region in ("hso", "hmn", "hn", "hv"):
        for view in (["--region", region, "--since", "2020-01-01"], ["--fagkontakt", region]):
            html = out / f"report-{region}-{len(view)}.html"
            for extra in ([], ["--format", "html", "--out", str(html)]):
                args = ["--root", str(data_root), "report", *view, "--as-of", AS_OF, *extra]
                assert main(args) == 0
    printed = capsys.readouterr().out
    files = [p for p in out.rglob("*") if p.suffix in (".html", ".md")]
    assert any(p.name.startswith("report-") for p in files)
    found = [
        f"{p.relative_to(out)}: {line.strip()[:120]}"
        for p in files
        for line in p.read_text(encoding="utf-8").splitlines()
        if HSO.search(line)
    ] + [line for line in printed.splitlines() if HSO.search(line)]
    assert found == []
