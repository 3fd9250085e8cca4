"""The cache cannot be written by anyone else: whatever a pull request puts in
.regraad-cache/ never changes what regraad believes the data says.

The forgeries here are regraad's own cache files, in the real format, made by a run that
was told the blob of a clean file is the blob of a file holding an identity number; they
are signed with the key of whoever made them. A run with another key (a fresh CI runner)
must not believe them, and a cache folder git tracks is not read or written at all."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from regraad.cli.app import main
from regraad.git.gitio import blob_hash
from regraad.load import sources
from regraad.load.cache import DIRNAME, PACK

from .conftest import AS_OF, git
from .strategies import PERSONNUMMER

NUMBER = PERSONNUMMER[0]
TARGET = "data/regions/hmn.yaml"


@pytest.fixture(autouse=True)
def _own_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This user's cache directory (where the key lives): private to the test."""
    home = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("REGRAAD_NO_CACHE", raising=False)
    return home


def regraad(root: Path, cache_home: Path, *args: str) -> tuple[int, str, str]:
    """``regraad validate`` in a fresh process, as CI runs it, with its own cache home."""
    env = {**os.environ, "REGRAAD_LANG": "en", "XDG_CACHE_HOME": str(cache_home)}
    env.pop("REGRAAD_NO_CACHE", None)
    command = [sys.executable, "-m", "regraad", "--root", str(root), "validate"]
    proc = subprocess.run(
        [*command, "--as-of", AS_OF, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


def with_number(clean: bytes) -> bytes:
    return clean + f"# ringt fra {NUMBER}\n".encode()


def forge(data: Path, workdir: Path, signer_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder saying that ``TARGET`` with the number in it is the clean file.

    regraad loads the clean data while it is told that the clean file's blob is the blob
    of the file with the number: the entries it writes (the file's and the rules'
    findings on the whole snapshot) are real entries in the real format, under the keys
    a run on the data with the number looks up, signed with the key in ``signer_home``."""
    shutil.copytree(data, workdir / "data")
    clean = (workdir / TARGET).read_bytes()
    lie = blob_hash(with_number(clean))
    real = sources.blob_hash
    with monkeypatch.context() as m:
        m.setenv("XDG_CACHE_HOME", str(signer_home))
        m.setattr(sources, "blob_hash", lambda content: lie if content == clean else real(content))
        assert main(["--root", str(workdir), "validate", "--as-of", AS_OF]) == 0
    assert (workdir / DIRNAME / PACK).is_file()
    return workdir / DIRNAME


def add_number(root: Path) -> None:
    path = root / TARGET
    path.write_bytes(with_number(path.read_bytes()))


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_forged_cache_in_a_pull_request_does_not_pass_ci(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """THE attack: a pull request adds a number and force-adds a cache that hides it."""
    forged = forge(repo / "data", tmp_path / "attacker", tmp_path / "attacker-home", monkeypatch)
    add_number(repo)
    shutil.copytree(forged, repo / DIRNAME)
    git(repo, "add", "-A")
    git(repo, "add", "-f", DIRNAME)
    git(repo, "commit", "-qm", "Oppdater HMN")
    assert f"{DIRNAME}/{PACK}" in git(repo, "ls-files", DIRNAME).split()

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    assert (clone / DIRNAME / PACK).read_bytes() == (forged / PACK).read_bytes()
    ci_home = tmp_path / "ci-runner-cache"  # a fresh runner: no key yet
    code, out, err = regraad(clone, ci_home)
    assert code == 1, out + err
    assert "X-PERSONNUMMER" in out and TARGET in out
    assert NUMBER not in out + err
    assert (code, out, err) == regraad(clone, ci_home, "--no-cache")
    assert git(clone, "status", "--porcelain") == ""  # the tracked files left as they were


def test_a_cache_signed_with_another_key_is_ignored_and_replaced(
    data_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _own_cache_home: Path
) -> None:
    """Outside git too (a copied folder, an unpacked archive): only the MAC decides."""
    attacker_home = tmp_path / "attacker-home"
    forged = forge(data_root / "data", tmp_path / "attacker", attacker_home, monkeypatch)
    add_number(data_root)
    shutil.copytree(forged, data_root / DIRNAME)
    # the forgery is a well-formed cache: whoever holds the key it was signed with reads it
    assert regraad(data_root, attacker_home)[0] == 0
    reference = regraad(data_root, _own_cache_home, "--no-cache")
    assert reference[0] == 1 and "X-PERSONNUMMER" in reference[1]
    assert regraad(data_root, _own_cache_home) == reference
    assert (data_root / DIRNAME / PACK).read_bytes() != (forged / PACK).read_bytes()
    assert regraad(data_root, _own_cache_home) == reference  # the pack is this user's now


def test_a_cache_folder_git_tracks_is_neither_read_nor_written(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _own_cache_home: Path
) -> None:
    """Even files signed with this user's own key are not read from a tracked folder."""
    forged = forge(repo / "data", tmp_path / "attacker", _own_cache_home, monkeypatch)
    add_number(repo)
    shutil.copytree(forged, repo / DIRNAME)
    git(repo, "add", "-A")
    git(repo, "add", "-f", DIRNAME)
    git(repo, "commit", "-qm", "Oppdater HMN")
    committed = files_in(repo / DIRNAME)
    trust = repo / "data/trusts/hmr.yaml"  # and a change the cache would want to store
    trust.write_text(trust.read_text(encoding="utf-8") + "websted: x\n", encoding="utf-8")

    reference = regraad(repo, _own_cache_home, "--no-cache")
    assert reference[0] == 1 and "X-PERSONNUMMER" in reference[1] and "SCHEMA" in reference[1]
    assert regraad(repo, _own_cache_home) == reference
    assert regraad(repo, _own_cache_home, "--rev", "HEAD")[1].count("X-PERSONNUMMER") == 1
    assert files_in(repo / DIRNAME) == committed  # nothing written into it
    assert git(repo, "status", "--porcelain") == f" M {trust.relative_to(repo).as_posix()}\n"
    # control: the same files, no longer tracked, are read, for this key signed them
    git(repo, "rm", "-rq", "--cached", DIRNAME)
    git(repo, "checkout", "--", "data")
    assert regraad(repo, _own_cache_home)[0] == 0


def test_the_key_is_made_once_private_and_never_shown(
    data_root: Path, _own_cache_home: Path
) -> None:
    code, out, err = regraad(data_root, _own_cache_home)
    assert code == 0
    key_file = _own_cache_home / "regraad" / "cache-key"
    key = key_file.read_bytes()
    assert len(key) == 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(_own_cache_home.stat().st_mode) == 0o700
    assert not [p for p in key_file.parent.iterdir() if p.name.startswith(".tmp-")]
    assert key.hex() not in out + err
    pack = (data_root / DIRNAME / PACK).read_bytes()
    assert key not in pack and key.hex().encode() not in pack
    assert regraad(data_root, _own_cache_home) == (code, out, err)
    assert key_file.read_bytes() == key  # made once
    assert (data_root / DIRNAME / PACK).read_bytes() == pack  # and the warm run read it


def test_the_key_lives_in_the_home_cache_folder_by_default(
    data_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for xdg in (None, "relative/path"):  # the XDG spec: a relative path is ignored
        if xdg is None:
            monkeypatch.delenv("XDG_CACHE_HOME")
        else:
            monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        assert main(["--root", str(data_root), "validate", "--as-of", AS_OF]) == 0
        assert (home / ".cache/regraad/cache-key").is_file()
        assert (data_root / DIRNAME / PACK).is_file()
        assert not (data_root / "relative").exists()


def _spoil_key_place(home: Path, how: str) -> None:
    key_file = home / "regraad" / "cache-key"
    if how == "home-is-a-file":  # a read-only or missing home: nowhere to make the key
        home.parent.mkdir(parents=True, exist_ok=True)
        home.write_text("not a folder\n", encoding="utf-8")
        return
    key_file.parent.mkdir(parents=True, mode=0o700)
    if how == "key-is-a-folder":
        key_file.mkdir()
    elif how == "key-readable-by-others":
        key_file.write_bytes(os.urandom(32))
        key_file.chmod(0o644)
    elif how == "key-too-short":
        key_file.write_bytes(os.urandom(16))
        key_file.chmod(0o600)
    else:  # pragma: no cover
        raise AssertionError(how)


@pytest.mark.parametrize(
    "how", ["home-is-a-file", "key-is-a-folder", "key-readable-by-others", "key-too-short"]
)
def test_without_a_usable_key_nothing_is_cached_on_disk_and_results_are_the_same(
    capsys: pytest.CaptureFixture[str], data_root: Path, _own_cache_home: Path, how: str
) -> None:
    _spoil_key_place(_own_cache_home, how)
    before = sorted(str(p) for p in _own_cache_home.parent.rglob("*"))
    trust = data_root / "data/trusts/hmr.yaml"
    trust.write_text(trust.read_text(encoding="utf-8") + "websted: x\n", encoding="utf-8")
    args = ["--root", str(data_root), "validate", "--as-of", AS_OF, "--format", "json"]
    reference = (main([*args, "--no-cache"]), capsys.readouterr())
    assert reference[0] == 1
    assert (main(args), capsys.readouterr()) == reference
    assert (main(args), capsys.readouterr()) == reference
    assert not (data_root / DIRNAME).exists()
    assert sorted(str(p) for p in _own_cache_home.parent.rglob("*")) == before  # key kept


def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    """A link put in the data root (an unpacked archive, a checkout) must not make regraad
    read or write a folder elsewhere."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / PACK).write_bytes(b"someone's file\n")
    (data_root / DIRNAME).symlink_to(elsewhere, target_is_directory=True)
    args = ["--root", str(data_root), "validate", "--as-of", AS_OF]
    reference = (main([*args, "--no-cache"]), capsys.readouterr())
    assert (main(args), capsys.readouterr()) == reference
    assert (main(args), capsys.readouterr()) == reference
    assert files_in(elsewhere) == {PACK: b"someone's file\n"}
