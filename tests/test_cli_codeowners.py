"""`regraad codeowners`: the councils' leaders and deputies own their specialty."""

from __future__ import annotations

from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import AS_OF, git


def owners(text: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.startswith("/")}


def test_writes_codeowners_for_every_council(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    assert main(["--root", str(repo), "codeowners", "--as-of", AS_OF]) == 0
    text = (repo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    table = owners(text)
    assert set(table) == {
        f"/data/specialties/{s}/"
        for s in ("anestesiologi", "barnesykdommer", "ortopedisk-kirurgi", "radiologi", "urologi")
    }
    assert all(h.startswith("@") for handles in table.values() for h in handles)
    # ended memberships do not own anything: the HSØ council's past members are not there
    council = (repo / "data/specialties/urologi/councils/hso.yaml").read_text(encoding="utf-8")
    assert "to:" in council


def test_members_option_adds_members(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    main(["--root", str(repo), "codeowners", "--as-of", AS_OF])
    narrow = owners((repo / ".github/CODEOWNERS").read_text(encoding="utf-8"))
    main(["--root", str(repo), "codeowners", "--members", "--as-of", AS_OF])
    wide = owners((repo / ".github/CODEOWNERS").read_text(encoding="utf-8"))
    assert all(set(narrow[p]) <= set(wide[p]) for p in narrow)
    assert sum(map(len, wide.values())) > sum(map(len, narrow.values()))


def test_check_fails_when_a_council_changes_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    main(["--root", str(repo), "codeowners", "--as-of", AS_OF])
    target = repo / ".github/CODEOWNERS"
    assert main(["--root", str(repo), "codeowners", "--check", "--as-of", AS_OF]) == 0
    before = target.read_text(encoding="utf-8")
    leader = before.split("/data/specialties/anestesiologi/ ")[1].split()[0].lstrip("@")
    council = repo / "data/specialties/anestesiologi/councils/hmn.yaml"
    council.write_text(
        council.read_text(encoding="utf-8").replace(f"github: {leader}", "github: ny-leder"),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["--root", str(repo), "codeowners", "--check", "--as-of", AS_OF]) == 1
    assert "out of date" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == before


def test_data_root_in_a_subfolder_gets_repository_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_root: Path
) -> None:
    outer = tmp_path / "outer"
    outer.mkdir()
    data_root.rename(outer / "council-data")
    git(outer, "init", "-q")
    assert main(["--root", str(outer / "council-data"), "codeowners", "--as-of", AS_OF]) == 0
    text = (outer / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/council-data/data/specialties/urologi/ @" in text


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    assert main(["--root", str(repo), "codeowners", "--as-of", "i morgen"]) == 2
    assert not (repo / ".github").exists()
