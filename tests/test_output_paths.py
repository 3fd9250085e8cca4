"""Outputs never land in data/ (named or through a link), and an existing file is replaced
only when regraad wrote it: render's folder manifest, the user's record of single files."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from regraad.cli.app import main

from .conftest import AS_OF

MEETING = "urologi/2026-03-12-hso"
HMN = "data/regions/hmn.yaml"
MANIFEST = ".regraad-site.json"


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The user's record of written files lives in a cache folder of the test's own."""
    cache = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    yield cache


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tree(folder: Path) -> dict[str, str | bytes]:
    """Every entry below ``folder`` without following links: file bytes, link targets,
    folders; equal values mean nothing there changed, byte for byte."""
    entries: dict[str, str | bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[rel] = f"link -> {path.readlink()}"
        elif path.is_dir():
            entries[rel] = "folder"
        else:
            entries[rel] = path.read_bytes()
    return entries


#: Each single-file output: (command line before the target, option value after it).
SINGLE_FILE = {
    "minutes": ("meeting", "minutes", MEETING, "--out"),
    "export": ("export", "coverage", "-f", "csv", "--out"),
    "codeowners": ("codeowners", "--as-of", AS_OF, "--out"),
    "report": ("report", "-r", "hmn", "--as-of", AS_OF, "--out"),
}


# -- never into data/ ---------------------------------------------------------------------------


@pytest.mark.parametrize("through_link", [False, True], ids=["fresh-folder", "rendered-folder"])
def test_render_through_a_linked_subfolder_into_data_is_refused(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path, through_link: bool
) -> None:
    """A site/ folder whose subfolder is a link into data/ (as a pull request can commit
    it) never gets a page written through it, whether site/ was rendered before or not."""
    site = data_root / "site"
    if through_link:
        code, _out, err = run(capsys, data_root, "render", "-s", "radiologi", "--as-of", AS_OF)
        assert code == 0, err
        shutil.rmtree(site / "radiologi")
    else:
        site.mkdir()
    (site / "radiologi").symlink_to(data_root / "data/specialties/radiologi")
    data_before = tree(data_root / "data")
    site_before = tree(site)

    code, out, err = run(capsys, data_root, "render", "-s", "radiologi", "--as-of", AS_OF)

    assert code == 1, out + err
    assert "leads into data/ through a link" in err and "radiologi" in err
    assert tree(data_root / "data") == data_before
    assert tree(site) == site_before
    assert out == ""


def test_render_through_a_linked_subfolder_out_of_the_folder_is_refused(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    """Pages stay inside the out folder: a link in it may not carry them elsewhere."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    site = data_root / "site"
    site.mkdir()
    (site / "radiologi").symlink_to(elsewhere)
    code, out, err = run(capsys, data_root, "render", "-s", "radiologi", "--as-of", AS_OF)
    assert code == 1, out + err
    assert "leads outside" in err and "through a link" in err
    assert list(elsewhere.iterdir()) == [] and tree(site) == {"radiologi": f"link -> {elsewhere}"}


@pytest.mark.parametrize("command", sorted(set(SINGLE_FILE) - {"report"}))  # report did already
def test_out_naming_a_file_in_data_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], data_root: Path, command: str
) -> None:
    before = tree(data_root / "data")
    code, _out, err = run(capsys, data_root, *SINGLE_FILE[command], str(data_root / HMN))
    assert code == 2, err
    assert "--out:" in err and "is inside data/" in err
    assert tree(data_root / "data") == before


@pytest.mark.parametrize("command", sorted(SINGLE_FILE))
def test_out_through_a_link_into_data_is_refused(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path, command: str
) -> None:
    link = tmp_path / "regions"
    link.symlink_to(data_root / "data/regions")
    before = tree(data_root / "data")
    code, _out, err = run(capsys, data_root, *SINGLE_FILE[command], str(link / "hmn.yaml"))
    assert code == 1, err
    assert "leads into data/ through a link" in err
    assert tree(data_root / "data") == before


def test_schema_out_into_data_is_refused_named_or_through_a_link(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    before = tree(data_root / "data")
    code, _out, err = run(capsys, data_root, "schema", "--out", str(data_root / "data/regions"))
    assert code == 2 and "is inside data/" in err
    link = tmp_path / "schemas"
    link.symlink_to(data_root / "data/regions")
    code, _out, err = run(capsys, data_root, "schema", "region", "--out", str(link))
    assert code == 1 and "leads into data/ through a link" in err
    assert tree(data_root / "data") == before


def test_out_into_git_is_refused(
    capsys: pytest.CaptureFixture[str], repo: Path, tmp_path: Path
) -> None:
    hook = repo / ".git/hooks/pre-commit"
    code, _out, err = run(capsys, repo, "codeowners", "--as-of", AS_OF, "--out", str(hook))
    assert code == 2 and "is inside .git/" in err
    assert not hook.exists()


# -- render's folder: its own files only --------------------------------------------------------


def test_render_refuses_a_folder_holding_files_it_did_not_write(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("<p>my own page</p>\n", encoding="utf-8")
    (out / "notes.txt").write_text("private notes\n", encoding="utf-8")
    before = tree(out)

    code, lines, err = run(capsys, data_root, "render", "--as-of", AS_OF, "--out", str(out))

    assert code == 1, err
    assert "holds files regraad did not write: index.html, notes.txt" in err
    assert lines == "" and tree(out) == before


def test_rerendering_replaces_its_own_pages_and_no_stranger(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    args = ("render", "-s", "radiologi", "--as-of", AS_OF, "--out", str(out))
    code, _lines, err = run(capsys, data_root, *args)
    assert code == 0, err
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
    } - {MANIFEST}
    assert all(value.startswith("sha256:") for value in manifest["files"].values())

    # a file of someone else's beside the pages does not stop a new render, and stays
    (out / "CNAME").write_text("plans.example.org\n", encoding="utf-8")
    page = out / "radiologi" / "plan-hnt.html"
    page.write_text("stale", encoding="utf-8")
    code, _lines, err = run(capsys, data_root, *args)
    assert code == 0, err
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (out / "CNAME").read_text(encoding="utf-8") == "plans.example.org\n"

    # but a page regraad never wrote there is not replaced by a wider render
    stranger = out / "urologi" / "index.html"
    stranger.parent.mkdir()
    stranger.write_text("<p>hand made</p>\n", encoding="utf-8")
    before = tree(out)
    code, lines, err = run(capsys, data_root, "render", "--as-of", AS_OF, "--out", str(out))
    assert code == 1 and "urologi/index.html" in err and lines == ""
    assert tree(out) == before


# -- single files: replaced only when regraad wrote them -----------------------------------------


@pytest.mark.parametrize("command", sorted(SINGLE_FILE))
def test_replacing_a_file_regraad_wrote_works_and_one_it_did_not_is_refused(
    capsys: pytest.CaptureFixture[str],
    data_root: Path,
    tmp_path: Path,
    _own_cache: Path,
    command: str,
) -> None:
    target = tmp_path / "out" / "file.txt"
    code, _out, err = run(capsys, data_root, *SINGLE_FILE[command], str(target))
    assert code == 0, err
    record = _own_cache / "regraad" / "written.json"
    assert stat.S_IMODE((_own_cache / "regraad").stat().st_mode) == 0o700
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    assert str(target) in json.loads(record.read_text(encoding="utf-8"))["files"]

    code, _out, err = run(capsys, data_root, *SINGLE_FILE[command], str(target))
    assert code == 0, err  # its own file: replaced

    target.write_text("someone's own text\n", encoding="utf-8")
    code, _out, err = run(capsys, data_root, *SINGLE_FILE[command], str(target))
    assert code == 1, err
    assert "exists and regraad did not write it" in err and "--out" in err
    assert target.read_text(encoding="utf-8") == "someone's own text\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.txt"]


def test_schema_export_replaces_its_own_files_only(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "schemas"
    assert run(capsys, data_root, "schema", "region", "--out", str(out))[0] == 0
    assert run(capsys, data_root, "schema", "region", "--out", str(out))[0] == 0
    (out / "common.schema.json").write_text("{}\n", encoding="utf-8")
    before = tree(out)
    code, _out, err = run(capsys, data_root, "schema", "--out", str(out))
    assert code == 1 and "common.schema.json exists and regraad did not write it" in err
    assert tree(out) == before  # checked before any file is written


def test_codeowners_replaces_a_generated_file_and_refuses_a_hand_written_one(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    target = repo / ".github" / "CODEOWNERS"
    target.parent.mkdir()
    target.write_text("* @someone\n", encoding="utf-8")
    code, _out, err = run(capsys, repo, "codeowners", "--as-of", AS_OF)
    assert code == 1 and "regraad did not write it" in err
    assert target.read_text(encoding="utf-8") == "* @someone\n"

    # one generated elsewhere (in bokmål, on another machine) carries regraad's marker
    target.write_text(
        "# Laget av `regraad codeowners` fra rådsmedlemmenes github-brukernavn.\n/x/ @old\n",
        encoding="utf-8",
    )
    code, _out, err = run(capsys, repo, "codeowners", "--as-of", AS_OF)
    assert code == 0, err
    assert "/data/specialties/urologi/ @" in target.read_text(encoding="utf-8")
