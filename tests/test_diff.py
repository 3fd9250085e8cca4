"""`regraad diff`: entity-level changes between revisions of a real git repository."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import AS_OF, git

ANE = "data/specialties/anestesiologi"


def edit(root: Path, path: str, old: str, new: str, count: int = 1) -> None:
    """Replace text in a data file, failing loudly when the text is not there."""
    target = root / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    target.write_text(text.replace(old, new, count), encoding="utf-8")


def four_changes(root: Path) -> None:
    """One coverage status, one longer period, one member replaced, one proposal advanced."""
    edit(
        root,
        f"{ANE}/coverage/hmr.yaml",
        "ANE-014: {status: full, sites: [alesund, molde]}",
        "ANE-014: {status: none, via: stolav}",
    )
    edit(root, f"{ANE}/rotations/hmr.yaml", "    months: 18", "    months: 24")
    edit(
        root,
        f"{ANE}/councils/hmn.yaml",
        "    github: hronneberg\n    from: 2018-11-01\n",
        "    github: hronneberg\n    from: 2018-11-01\n    to: 2026-10-31\n"
        "  - name: Kari Nordvik\n    trust: hmr\n    site: alesund\n    role: member\n"
        "    title: overlege\n    specialist: true\n    from: 2026-11-01\n",
    )
    edit(
        root,
        f"{ANE}/proposals/2026-002.yaml",
        "state: council-review\n",
        "state: leader-meeting\n",
    )
    edit(
        root,
        f"{ANE}/proposals/2026-002.yaml",
        "recommendations:\n",
        "  - {state: leader-meeting, at: 2026-11-20, by: RegUt HN}\nrecommendations:\n",
    )


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "diff", "--as-of", AS_OF, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


EXPECTED = [
    ("coverage", "HMR: ANE-014 full → none, now via St. Olav"),
    ("rotations", "HMR: period local-2 lengthened 18 → 24 months (plan 60 → 66 months)"),
    ("council", "HMN: Kari Nordvik replaces Håkon Rønneberg as member for HMR"),
    (
        "proposals",
        "2026-002 advanced: review by the regional councils → RegUt leader meeting",
    ),
]


def assert_four(capsys: pytest.CaptureFixture[str], root: Path, *revs: str) -> None:
    code, out, _ = run(capsys, root, *revs, "--format", "json")
    assert code == 0
    result = json.loads(out)
    new = result["summary"]["findings_introduced"]
    resolved = result["summary"]["findings_resolved"]
    # ANE-014 is still planned locally at HMR, which no longer covers it
    assert any(f["rule"] == "P-GOALS" for f in result["findings"]["introduced"])
    assert [(c["area"], c["message"]) for c in result["changes"]] == EXPECTED
    assert {c["specialty"] for c in result["changes"]} == {"anestesiologi"}
    assert result["summary"]["changes"] == 4

    code, out, _ = run(capsys, root, *revs, "--format", "text")
    assert code == 0
    change_lines = [line.strip() for line in out.splitlines() if line.startswith("    ~ ")]
    assert change_lines == [f"~ {message}" for _, message in EXPECTED]

    code, out, _ = run(capsys, root, *revs, "--format", "markdown")
    assert code == 0
    bullets = [line for line in out.splitlines() if line.startswith("- ~ ")]
    assert len(bullets) == 4
    for (_area, message), bullet in zip(EXPECTED, bullets, strict=True):
        assert bullet.replace("\\", "") == f"- ~ {message}"
    table = [line for line in out.splitlines() if line.startswith("| anestesiologi")]
    assert table == [f"| anestesiologi | · | 1 | 1 | · | 1 | 1 | · | +{new} / −{resolved} |"]


def test_commit_with_four_changes_names_exactly_those(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    four_changes(repo)
    assert_four(capsys, repo)  # working tree against HEAD
    git(repo, "commit", "-qam", "Fire endringer")
    assert_four(capsys, repo, "HEAD~1", "HEAD")
    assert_four(capsys, repo, "HEAD~1..HEAD")
    assert_four(capsys, repo, "HEAD~1")  # a single revision against the working tree


def test_three_dot_range_compares_with_the_merge_base(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    git(repo, "switch", "-q", "-c", "endring")
    four_changes(repo)
    git(repo, "commit", "-qam", "Fire endringer")
    git(repo, "switch", "-q", "main")
    edit(repo, "data/specialties/urologi/capacity.yaml", "positions: ", "positions: 1")
    git(repo, "commit", "-qam", "Endring på main etter at grenen ble laget")
    assert_four(capsys, repo, "main...endring")
    # two dots compare the tips: main's own change shows up, reversed
    code, out, _ = run(capsys, repo, "main..endring", "--format", "json")
    assert code == 0
    areas = [(c["specialty"], c["area"]) for c in json.loads(out)["changes"]]
    assert ("urologi", "capacity") in areas


def test_findings_introduced_and_resolved(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    # a period at a trust that does not exist: a new reference error
    edit(repo, f"{ANE}/rotations/hmr.yaml", "    trust: stolav\n", "    trust: stolavv\n")
    code, out, _ = run(capsys, repo, "--format", "json")
    assert code == 0
    result = json.loads(out)
    introduced = result["findings"]["introduced"]
    assert any(f["rule"] == "REF" and "stolavv" in f["message"] for f in introduced)
    assert result["findings"]["resolved"] == []
    git(repo, "commit", "-qam", "Feil")
    edit(repo, f"{ANE}/rotations/hmr.yaml", "    trust: stolavv\n", "    trust: stolav\n")
    code, out, _ = run(capsys, repo, "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["findings"]["introduced"] == []
    assert any(f["rule"] == "REF" for f in result["findings"]["resolved"])


def test_goals_added_removed_and_retitled(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    spec = repo / f"{ANE}/specialty.yaml"
    text = spec.read_text(encoding="utf-8")
    first = re.search(r"id: (ANE-\d+)", text)
    assert first is not None
    title = re.search(r"title: ([^\n}]+)", text[first.end() :])
    assert title is not None
    spec.write_text(
        text.replace(title.group(1), '"Ny tittel"', 1).replace("ANE-033", "ANE-099"),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, repo, "--format", "json", "--specialty", "anestesiologi")
    assert code == 0
    goals = [
        (c["action"], c["subject"]) for c in json.loads(out)["changes"] if c["area"] == "goals"
    ]
    assert ("retitled", first.group(1)) in goals
    if "ANE-033" in text:
        assert ("added", "ANE-099") in goals
        assert ("removed", "ANE-033") in goals


def test_capacity_places_and_goal_sets(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    edit(repo, f"{ANE}/capacity.yaml", "    positions: 7", "    positions: 8")
    edit(repo, f"{ANE}/agreements/hmr--stolav.yaml", "places: ", "places: 1")
    goalset = repo / "data/goalsets/FKM.yaml"
    goalset.write_text(
        goalset.read_text(encoding="utf-8")
        + "      - {id: FKM-30, topic: Test, title: Nytt felles mål, since: 2026-03-01}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, repo, "--format", "json")
    assert code == 0
    changes = json.loads(out)["changes"]
    messages = [c["message"] for c in changes]
    assert "St. Olav: positions 7 → 8" in messages
    assert any(m.startswith("agreement HMR → St. Olav: places ") for m in messages)
    national = [c for c in changes if c["specialty"] is None]
    assert [(c["area"], c["action"], c["subject"]) for c in national] == [
        ("goals", "added", "FKM-30")
    ]


def test_a_change_to_a_site_is_a_change_not_layout(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    edit(repo, "data/trusts/hnt.yaml", "municipality: Levanger}", "municipality: Verdal}")
    code, out, _ = run(capsys, repo, "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert [c["message"] for c in result["changes"]] == [
        "HNT: levanger: municipality Levanger → Verdal"
    ]
    assert result["layout_only"] == []


def test_renamed_file_is_a_rename_not_a_removal(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    git(repo, "mv", f"{ANE}/meetings/2026-02-03-hmn.yaml", f"{ANE}/meetings/2026-02-04-hmn.yaml")
    edit(repo, f"{ANE}/meetings/2026-02-04-hmn.yaml", "id: 2026-02-03-hmn", "id: 2026-02-04-hmn")
    code, out, _ = run(capsys, repo, "--format", "json")
    assert code == 0
    changes = json.loads(out)["changes"]
    assert [(c["area"], c["action"]) for c in changes] == [("files", "renamed")]
    assert changes[0]["before"].endswith("2026-02-03-hmn.yaml")


def test_comment_only_change_is_no_change_in_meaning(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    edit(repo, f"{ANE}/capacity.yaml", "specialty:", "# Ny kommentar\nspecialty:")
    code, out, _ = run(capsys, repo)
    assert code == 0
    assert "No changes in meaning" in out
    assert "1 file changed only in comments or layout" in out


def test_specialty_filter(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    four_changes(repo)
    edit(repo, "data/specialties/urologi/capacity.yaml", "positions: ", "positions: 1")
    code, out, _ = run(capsys, repo, "--format", "json", "--specialty", "urologi")
    assert code == 0
    assert {c["specialty"] for c in json.loads(out)["changes"]} == {"urologi"}
    code, out, err = run(capsys, repo, "--specialty", "nope")
    assert code == 2
    assert "nope" in err


@pytest.mark.parametrize(
    "args",
    [
        ["--", "--output=evil.txt"],
        ["--output=evil.txt"],
        ["--", "-oevil.txt"],
        ["HEAD", "--", "--output=evil.txt"],
        ["--", "--output=evil.txt..HEAD"],
    ],
)
def test_option_like_revisions_write_nothing(
    capsys: pytest.CaptureFixture[str],
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:
    monkeypatch.chdir(repo)
    before = git(repo, "status", "--porcelain", "--ignored")
    code = main(["diff", *args])
    assert code == 2
    assert not list(repo.rglob("evil.txt"))
    assert not (Path.cwd() / "evil.txt").exists()
    assert git(repo, "status", "--porcelain", "--ignored") == before
    capsys.readouterr()


def test_unknown_revision_is_named(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, out, err = run(capsys, repo, "no-such-branch")
    assert code == 2
    assert "no-such-branch" in err
    assert out == ""


def test_shallow_clone_says_how_to_fetch(
    capsys: pytest.CaptureFixture[str], repo: Path, tmp_path: Path
) -> None:
    edit(repo, f"{ANE}/capacity.yaml", "    positions: 7", "    positions: 8")
    git(repo, "commit", "-qam", "Ny stilling")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    code, _out, err = run(capsys, clone, "HEAD~1")
    assert code == 2
    assert "HEAD~1" in err
    assert "fetch-depth: 0" in err
    # with both revisions present, a shallow clone works
    code, _out, err = run(capsys, clone, "HEAD")
    assert code == 0, err


def test_outside_git_is_a_usage_error(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    code, _, err = run(capsys, data_root)
    assert code == 2
    assert "git" in err


def test_markdown_of_a_heavily_changed_copy_stays_under_the_limit(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """Every coverage entry flipped, every goal retitled, every plan lengthened."""
    for path in (repo / "data/specialties").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"status: full", "status: partial", text)
        text = re.sub(r"status: none", "status: full", text)
        text = re.sub(r'(title: "?)([^\n"}]+)', r"\1Endret: \2", text)
        text = re.sub(r"months: (\d+)", lambda m: f"months: {int(m.group(1)) + 6}", text)
        path.write_text(text, encoding="utf-8")
    for i in range(60):  # and many new specialties, each with a goal
        folder = repo / f"data/specialties/ny-{i:02d}"
        shutil.copytree(repo / ANE, folder)
        edit(
            repo,
            f"data/specialties/ny-{i:02d}/specialty.yaml",
            "id: anestesiologi",
            f"id: ny-{i:02d}",
        )
    code, out, _ = run(capsys, repo, "--format", "markdown")
    assert code == 0
    assert len(out) < 60_000
    lines = out.splitlines()
    table_start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    assert not any(line.startswith("<details>") for line in lines[:table_start])
    assert "cut to stay under" in out
    assert out.count("<details>") == out.count("</details>")
    code, full, _ = run(capsys, repo, "--format", "json")
    assert json.loads(full)["summary"]["changes"] > 1000


def test_markdown_never_renders_data_as_markup(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    edit(
        repo,
        f"{ANE}/proposals/2026-002.yaml",
        'title: "Høyere',
        'title: "<script>alert(1)</script> @everyone [lenke](http://x) Høyere',
    )
    code, out, _ = run(capsys, repo, "--format", "markdown")
    assert code == 0
    assert "<script>" not in out
    assert "@everyone" not in out
    assert "[lenke](" not in out


def test_data_root_in_a_subfolder_of_the_repository(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_root: Path
) -> None:
    outer = tmp_path / "outer"
    shutil.move(str(data_root), str(outer / "råd data"))
    git(outer, "init", "-q", "-b", "main")
    git(outer, "add", "-A")
    git(outer, "commit", "-qm", "Data i en undermappe")
    root = outer / "råd data"
    edit(root, f"{ANE}/capacity.yaml", "    positions: 7", "    positions: 8")
    code, out, err = run(capsys, root, "--format", "json")
    assert code == 0, err
    changes = json.loads(out)["changes"]
    assert [(c["path"], c["message"]) for c in changes] == [
        (f"{ANE}/capacity.yaml", "St. Olav: positions 7 → 8")
    ]
