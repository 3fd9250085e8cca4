"""The cache of loaded files (.regraad-cache/): a warm run says exactly what a cold one
says, a damaged or foreign cache (another key's included) is ignored and replaced,
concurrent runs are safe, and REGRAAD_NO_CACHE / --no-cache keep it off. Forged caches
are in test_cache_trust.py. Speed is measured in benchmarks/, not here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from regraad.cli.app import main
from regraad.i18n import set_language
from regraad.load.cache import (
    _HEADER,
    _SIGNED,
    DIRNAME,
    MAGIC,
    MAX_DELTAS,
    PACK,
    Cache,
    _mac,
    open_cache,
)
from regraad.load.schemacheck import SchemaStore

from .conftest import AS_OF, git

KEY = bytes(range(32))  # the key of the store tests below; runs make their own


@pytest.fixture(autouse=True)
def _own_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's cache directory (where the key lives), private to each test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, _ = capsys.readouterr()
    return code, out


def validate(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str, cache: bool = True
) -> tuple[int, str]:
    extra = () if cache else ("--no-cache",)
    return run(capsys, "--root", str(root), "validate", "--as-of", AS_OF, *extra, *args)


def cache_files(root: Path) -> dict[str, bytes]:
    folder = root / DIRNAME
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def break_schema(root: Path) -> Path:
    """An unknown key in a trust: a SCHEMA finding (a load finding, so it is cached)."""
    path = root / "data/trusts/hmr.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "websted: x\n", encoding="utf-8")
    return path


def break_coverage(root: Path) -> None:
    """A goal with status none and no `via`: a V-VIA error (a rule finding)."""
    path = root / "data/specialties/anestesiologi/coverage/hmr.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(", via: stolav", "", 1), encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_warm_run_says_what_a_cold_one_says(
    capsys: pytest.CaptureFixture[str], data_root: Path, fmt: str
) -> None:
    reference = validate(capsys, data_root, "--format", fmt, cache=False)
    assert not (data_root / DIRNAME).exists()  # --no-cache writes nothing
    cold = validate(capsys, data_root, "--format", fmt)
    assert (data_root / DIRNAME / PACK).is_file()
    warm = validate(capsys, data_root, "--format", fmt)
    assert cold == warm == reference
    assert reference[0] == 0 and reference[1]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_after_an_edit_the_findings_are_those_of_the_edited_files(
    capsys: pytest.CaptureFixture[str], data_root: Path, fmt: str
) -> None:
    validate(capsys, data_root, "--format", fmt)  # fill the cache
    break_schema(data_root)
    break_coverage(data_root)
    reference = validate(capsys, data_root, "--format", fmt, cache=False)
    assert reference[0] == 1 and "SCHEMA" in reference[1] and "V-VIA" in reference[1]
    assert validate(capsys, data_root, "--format", fmt) == reference  # these files parsed
    assert validate(capsys, data_root, "--format", fmt) == reference  # and now cached


def test_findings_are_in_the_language_of_the_run(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    break_schema(data_root)
    english = validate(capsys, data_root)[1]
    bokmal = run(capsys, "--lang", "nb", "--root", str(data_root), "validate", "--as-of", AS_OF)
    reference = run(
        capsys,
        "--lang",
        "nb",
        "--root",
        str(data_root),
        "validate",
        "--as-of",
        AS_OF,
        "--no-cache",
    )
    assert bokmal == reference
    assert bokmal[1] != english
    set_language("en")  # --lang stays set in this process
    assert validate(capsys, data_root)[1] == english


def _damage(kind: str, pack: Path) -> None:
    content = pack.read_bytes()
    if kind == "truncated":
        pack.write_bytes(content[: len(content) // 2])
    elif kind == "garbage":
        pack.write_bytes(os.urandom(len(content)))
    elif kind == "empty":
        pack.write_bytes(b"")
    elif kind == "wrong-version":
        pack.write_bytes(b"RGRDCACX" + content[8:])
    elif kind == "foreign-fingerprint":
        pack.write_bytes(content[:8] + bytes(32) + content[40:])
    elif kind == "tampered":
        # the payload changed under an intact header: its checksum no longer holds. If
        # it were trusted, coverage would say "fully" where the file says "full".
        at = content.index(b"full", 100)
        pack.write_bytes(content[:at] + b"FULL" + content[at + 4 :])
    elif kind == "signed-with-another-key":
        # the same tampering, signed again as a forger would: with a key of their own
        at = content.index(b"full", 100)
        payload = content[_HEADER.size : at] + b"FULL" + content[at + 4 :]
        signed = content[: _SIGNED.size]
        pack.write_bytes(signed + _mac(os.urandom(32), signed, payload) + payload)
    elif kind == "crc-format":  # what regraad wrote before files were signed
        payload = content[_HEADER.size :]
        crc = zlib.crc32(payload).to_bytes(4, "little")
        length = len(payload).to_bytes(8, "little")
        pack.write_bytes(b"RGRDCACH" + content[8:40] + length + crc + payload)
    else:  # pragma: no cover
        raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "truncated",
        "garbage",
        "empty",
        "wrong-version",
        "foreign-fingerprint",
        "tampered",
        "signed-with-another-key",
        "crc-format",
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored_and_replaced(
    capsys: pytest.CaptureFixture[str], data_root: Path, kind: str
) -> None:
    reference = validate(capsys, data_root, cache=False)
    validate(capsys, data_root)
    pack = data_root / DIRNAME / PACK
    good = pack.read_bytes()
    _damage(kind, pack)
    assert pack.read_bytes() != good
    assert validate(capsys, data_root) == reference
    replaced = pack.read_bytes()
    assert replaced.startswith(MAGIC) and replaced[8:40] == good[8:40]
    assert validate(capsys, data_root) == reference


def test_a_damaged_delta_and_a_bad_entry_are_ignored(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    validate(capsys, data_root)
    folder = data_root / DIRNAME
    (folder / "delta-0000000000000000").write_bytes(MAGIC + os.urandom(100))
    # an entry under a real key that is not an entry at all
    cache = open_cache(data_root, SchemaStore().fingerprint)
    assert cache is not None
    blob = git_blob(data_root / "data/regions/hmn.yaml")
    cache.put(f"{blob}:region", b"not marshal data")
    cache.put(f"{blob}:trust", b"\x00")
    cache.save()
    break_coverage(data_root)
    reference = validate(capsys, data_root, cache=False)
    assert validate(capsys, data_root) == reference
    assert not (folder / "delta-0000000000000000").exists()  # replaced by a compaction
    assert validate(capsys, data_root) == reference


def git_blob(path: Path) -> str:
    return subprocess.run(
        ["git", "hash-object", str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_no_cache_environment_writes_nothing(
    capsys: pytest.CaptureFixture[str], data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGRAAD_NO_CACHE", "1")
    first = validate(capsys, data_root)
    break_schema(data_root)
    second = validate(capsys, data_root)
    assert first != second
    assert not (data_root / DIRNAME).exists()
    monkeypatch.setenv("REGRAAD_NO_CACHE", "0")
    validate(capsys, data_root)
    assert (data_root / DIRNAME / PACK).is_file()


def test_revisions_use_and_fill_the_shared_cache(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    reference = validate(capsys, repo, "--rev", "HEAD", cache=False)
    assert not (repo / DIRNAME).exists()
    assert validate(capsys, repo, "--rev", "HEAD") == reference
    cache = open_cache(repo, SchemaStore().fingerprint)
    assert cache is not None
    blob = git(repo, "rev-parse", "HEAD:data/regions/hmn.yaml").strip()
    assert cache.get(f"{blob}:region") is not None
    filled = cache_files(repo)
    # the working tree holds the same blobs: nothing new to store
    assert validate(capsys, repo) == validate(capsys, repo, cache=False)
    assert cache_files(repo) == filled
    assert validate(capsys, repo, "--rev", "HEAD") == reference
    assert cache_files(repo) == filled


def test_the_cache_is_ignored_by_git(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    validate(capsys, repo)
    break_schema(repo)
    validate(capsys, repo)
    git(repo, "checkout", "--", ".")
    validate(capsys, repo, "--rev", "HEAD")
    assert (repo / DIRNAME / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    assert git(repo, "status", "--porcelain", "--ignored=no") == ""


def test_diff_shares_the_cache_between_its_sides(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    break_coverage(repo)
    git(repo, "commit", "-qam", "Break coverage")
    args = ("--root", str(repo), "diff", "HEAD~1", "HEAD", "--as-of", AS_OF)
    reference = run(capsys, *args, "--no-cache")
    assert not (repo / DIRNAME).exists()
    assert run(capsys, *args) == reference
    assert run(capsys, *args) == reference


def _subprocess_validate(root: Path, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "REGRAAD_LANG": "en"}
    env.pop("REGRAAD_NO_CACHE", None)
    proc = subprocess.run(
        [sys.executable, "-m", "regraad", "--root", str(root), "validate", "--as-of", AS_OF, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_concurrent_runs_all_succeed_with_the_same_output(data_root: Path) -> None:
    def together(n: int = 3) -> list[tuple[int, str, str]]:
        with ThreadPoolExecutor(n) as pool:
            return list(pool.map(lambda _: _subprocess_validate(data_root), range(n)))

    reference = _subprocess_validate(data_root, "--no-cache")
    assert reference[0] == 0 and reference[2] == ""
    for round_ in range(4):
        if round_ == 2:  # concurrent runs that each add entries, then compact
            break_schema(data_root)
            reference = _subprocess_validate(data_root, "--no-cache")
        results = together()
        assert all(r == reference for r in results), results
    leftovers = [p.name for p in (data_root / DIRNAME).iterdir() if p.name.startswith(".tmp-")]
    assert leftovers == []


# the store itself ------------------------------------------------------------


def test_entries_survive_deltas_and_compaction(tmp_path: Path) -> None:
    folder = tmp_path / DIRNAME
    for i in range(MAX_DELTAS + 2):
        cache = Cache(folder, b"fp", KEY)
        assert cache.get(f"k{i}") is None
        for j in range(i):
            assert cache.get(f"k{j}") == b"v%d" % j
        cache.put(f"k{i}", b"v%d" % i)
        cache.save()
    names = sorted(p.name for p in folder.iterdir())
    assert PACK in names and ".gitignore" in names
    assert len([n for n in names if n.startswith("delta-")]) < MAX_DELTAS
    cache = Cache(folder, b"fp", KEY)
    assert [cache.get(f"k{i}") for i in range(MAX_DELTAS + 2)] == [
        b"v%d" % i for i in range(MAX_DELTAS + 2)
    ]


def test_another_fingerprint_sees_nothing_and_replaces_the_pack(tmp_path: Path) -> None:
    folder = tmp_path / DIRNAME
    old = Cache(folder, b"old version", KEY)
    old.put("k", b"old")
    old.save()
    new = Cache(folder, b"new version", KEY)
    assert new.get("k") is None
    new.put("k", b"new")
    new.save()
    assert Cache(folder, b"new version", KEY).get("k") == b"new"
    assert Cache(folder, b"old version", KEY).get("k") is None


def test_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    cache = Cache(blocker / DIRNAME, b"fp", KEY)
    cache.put("k", b"v")
    cache.save()  # cannot create the folder: silently nothing
    assert Cache(blocker / DIRNAME, b"fp", KEY).get("k") is None


def test_another_key_sees_nothing_and_no_key_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / DIRNAME
    mine = Cache(folder, b"fp", KEY)
    mine.put("k", b"mine")
    mine.save()
    signed = cache_files(tmp_path)
    theirs = Cache(folder, b"fp", bytes(32))
    assert theirs.get("k") is None  # a file it cannot verify is not read
    for key in (None, b"", b"short"):  # no key: in memory only, never unsigned on disk
        keyless = Cache(folder, b"fp", key)
        assert keyless.get("k") is None
        keyless.put("k", b"unsigned")
        keyless.save()
        assert keyless.get("k") == b"unsigned"
    assert cache_files(tmp_path) == signed
    assert Cache(folder, b"fp", KEY).get("k") == b"mine"


def test_a_memory_cache_writes_no_file(tmp_path: Path) -> None:
    cache = Cache.memory()
    cache.put("k", b"v")
    cache.save()
    assert cache.get("k") == b"v"
    assert list(tmp_path.iterdir()) == []


def test_a_warm_run_and_help_import_no_schema_validator(data_root: Path) -> None:
    code = (
        "import sys\n"
        "from regraad.cli.app import main\n"
        "main(sys.argv[1:])\n"
        "heavy = ('jsonschema', 'jinja2', 'git', 'rich')\n"
        "sys.stderr.write(' '.join(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "REGRAAD_LANG": "en"}
    env.pop("REGRAAD_NO_CACHE", None)

    def imported(*args: str) -> set[str]:
        proc = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        return set(proc.stderr.split())

    assert imported("--help") == set()
    break_schema(data_root)  # one file the fast check refuses: jsonschema says why
    validate_args = ("--root", str(data_root), "validate", "--as-of", AS_OF, "--format", "json")
    assert imported(*validate_args) == {"jsonschema"}  # cold: a file to explain
    assert imported(*validate_args) == set()  # warm: its findings are cached


@pytest.mark.parametrize("cache", [True, False])
def test_worker_processes_find_what_one_process_finds(
    capsys: pytest.CaptureFixture[str],
    data_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    cache: bool,
) -> None:
    from regraad.load import pool

    break_schema(data_root)
    break_coverage(data_root)
    (data_root / "data/regions/hn.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("REGRAAD_JOBS", "1")
    reference = validate(capsys, data_root, "--format", "json", cache=cache)
    shutil.rmtree(data_root / DIRNAME, ignore_errors=True)
    monkeypatch.setattr(pool, "POOL_MIN", 10)
    monkeypatch.setenv("REGRAAD_JOBS", "3")
    pools: list[int] = []
    real_map = ProcessPoolExecutor.map

    def counted(pool: Any, *args: Any, **kwargs: Any) -> Any:
        pools.append(1)
        return real_map(pool, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "map", counted)
    assert validate(capsys, data_root, "--format", "json", cache=cache) == reference
    assert pools == [1]  # the files were parsed by worker processes
    assert validate(capsys, data_root, "--format", "json", cache=cache) == reference
    assert reference[0] == 1 and all(r in reference[1] for r in ("SCHEMA", "V-VIA", "YAML"))


def _die(indexes: list[int]) -> list[bytes]:
    os._exit(3)  # a worker killed (out of memory, say) halfway through


def test_a_worker_that_dies_costs_time_not_findings(
    capsys: pytest.CaptureFixture[str], data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from regraad.load import pool

    break_schema(data_root)
    reference = validate(capsys, data_root, cache=False)
    monkeypatch.setattr(pool, "POOL_MIN", 10)
    monkeypatch.setenv("REGRAAD_JOBS", "2")
    monkeypatch.setattr(pool, "_parse_chunk", _die)
    assert validate(capsys, data_root) == reference
    assert validate(capsys, data_root) == reference


def test_switching_branches_gives_each_branch_its_own_findings(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """The cache is keyed by content: after a checkout, the files of that branch count."""
    git(repo, "switch", "-q", "-c", "feil")
    break_schema(repo)
    break_coverage(repo)
    git(repo, "commit", "-qam", "Feil på grenen")
    broken = validate(capsys, repo, cache=False)
    assert validate(capsys, repo) == broken  # fills the cache with the broken files
    git(repo, "switch", "-q", "main")
    clean = validate(capsys, repo, cache=False)
    assert clean != broken
    assert validate(capsys, repo) == clean
    git(repo, "switch", "-q", "feil")
    assert validate(capsys, repo) == broken
    assert git(repo, "status", "--porcelain") == ""


# -- the rules' findings --------------------------------------------------------------------------


def _rules_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the rules ran although nothing changed")

    monkeypatch.setattr("regraad.validate.judgement.judge", fail)
    monkeypatch.setattr("regraad.validate.judgement.run_rules", fail)


def test_unchanged_data_reuses_the_rules_findings(
    capsys: pytest.CaptureFixture[str], data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_coverage(data_root)
    cold = run(capsys, "--root", str(data_root), "validate", "--format", "json")
    with monkeypatch.context() as m:
        _rules_must_not_run(m)
        assert run(capsys, "--root", str(data_root), "validate", "--format", "json") == cold
    assert "V-VIA" in cold[1] and cold[0] == 1


@pytest.mark.parametrize(
    "change",
    ["file", "day", "language", "rules"],
)
def test_the_rules_run_again_when_anything_they_read_changes(
    capsys: pytest.CaptureFixture[str],
    data_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    args = ["--root", str(data_root), "validate", "--format", "json"]
    run(capsys, *args)
    ran: list[str] = []
    import regraad.validate.judgement

    original = regraad.validate.judgement.judge

    def counting(*a: Any, **k: Any) -> Any:
        ran.append(change)
        return original(*a, **k)

    monkeypatch.setattr("regraad.validate.judgement.judge", counting)
    if change == "file":
        break_coverage(data_root)
    elif change == "day":
        monkeypatch.setenv("REGRAAD_TODAY", "2026-11-23")
    elif change == "language":
        args = ["--lang", "nb", *args]
    else:
        args = [*args, "--skip", "V-VIA"]
    code, out = run(capsys, *args)
    assert ran == [change]
    if change == "file":
        assert code == 1 and "V-VIA" in out
    set_language("en")


def test_a_damaged_findings_entry_is_recomputed(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    from regraad.load.loader import build
    from regraad.load.sources import read_directory
    from regraad.validate.judgement import _judgement_key

    break_coverage(data_root)
    cold = run(capsys, "--root", str(data_root), "validate", "--format", "json")
    store = SchemaStore()
    dataset = build(str(data_root), read_directory(data_root), store)
    from regraad.validate import all_check_ids

    key = _judgement_key(dataset, AS_OF, set(all_check_ids()), True)
    assert key is not None
    cache = open_cache(data_root, store.fingerprint)
    assert cache is not None and cache.get(key) is not None
    cache.put(key, b"not a marshal of findings")
    cache.save()
    assert run(capsys, "--root", str(data_root), "validate", "--format", "json") == cold
