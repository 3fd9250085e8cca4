"""Hostile files that no committed case can be: links, special files, unprintable names.

The corpus in tests/cases/ writes file contents, so a symbolic link, a FIFO or a file
name with a newline has to be made here; a NUL byte can be in no file name at all (the
operating system and git both refuse one), so only a path argument can carry it. Each
test asserts rule, path, line and column as the corpus does; refused files are reported
at the file itself (0:0), which has no lines to point at.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from regraad.errors import UsageError
from regraad.validate import ValidateOptions, execute

from .conftest import AS_OF, git

Key = tuple[str, str, int, int]
EXAMPLE_WARNINGS = ("F-FAGKONTAKT", "K-BOTTLENECK")  # what the shipped example warns of


def _new_findings(root: Path, rev: str | None = None) -> dict[Key, str]:
    """Findings beyond the example dataset's own warnings (F-FAGKONTAKT, and K-BOTTLENECK for
    Innlandet's wait at OUS), with their messages."""
    report = execute(ValidateOptions(root=root, rev=rev, as_of=AS_OF, cache=False))
    return {
        (f.rule, f.path, f.line, f.col): f.message
        for f in report.findings
        if f.rule not in EXAMPLE_WARNINGS
    }


def _outside_file(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text("id: secret\nname: Not part of the data\n", encoding="utf-8")
    return secret


def test_link_to_a_file_outside_the_root_is_refused_unread(data_root: Path, tmp_path: Path) -> None:
    (data_root / "data/trusts/secret.yaml").symlink_to(_outside_file(tmp_path))

    found = _new_findings(data_root)

    # read, the file would also give SCHEMA and ID findings
    assert list(found) == [("FILE-PLACE", "data/trusts/secret.yaml", 0, 0)]
    assert "outside the data root" in next(iter(found.values()))


def test_link_to_a_folder_outside_the_root_is_refused(data_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "specialty"
    outside.mkdir()
    (outside / "specialty.yaml").write_text("id: extra\n", encoding="utf-8")
    (data_root / "data/specialties/extra").symlink_to(outside, target_is_directory=True)

    found = _new_findings(data_root)

    assert list(found) == [("FILE-PLACE", "data/specialties/extra", 0, 0)]
    assert "outside the data root" in next(iter(found.values()))


def test_link_inside_the_root_is_refused_too(data_root: Path) -> None:
    # followed, it would make hmr.yaml speak for a trust 'helse-mr' as well
    (data_root / "data/trusts/helse-mr.yaml").symlink_to("hmr.yaml")

    found = _new_findings(data_root)

    assert list(found) == [("FILE-PLACE", "data/trusts/helse-mr.yaml", 0, 0)]
    assert found[("FILE-PLACE", "data/trusts/helse-mr.yaml", 0, 0)] == "symbolic link; not read"


def test_a_loop_of_links_is_refused_not_a_crash(data_root: Path) -> None:
    (data_root / "data/trusts/loop.yaml").symlink_to("loop.yaml")

    assert list(_new_findings(data_root)) == [("FILE-PLACE", "data/trusts/loop.yaml", 0, 0)]


def test_links_give_the_same_findings_from_a_commit(repo: Path, tmp_path: Path) -> None:
    trusts = repo / "data/trusts"
    (trusts / "absolute.yaml").symlink_to(_outside_file(tmp_path))
    (trusts / "climbing.yaml").symlink_to("../../../outside/secret.yaml")
    (trusts / "helse-mr.yaml").symlink_to("hmr.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Links")

    on_disk = _new_findings(repo)
    committed = _new_findings(repo, rev="HEAD")

    assert committed == on_disk
    assert sorted(on_disk) == [
        ("FILE-PLACE", f"data/trusts/{name}.yaml", 0, 0)
        for name in ("absolute", "climbing", "helse-mr")
    ]
    outside = [path for (_, path, _, _), message in on_disk.items() if "outside" in message]
    assert sorted(outside) == ["data/trusts/absolute.yaml", "data/trusts/climbing.yaml"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_blocking(data_root: Path) -> None:
    os.mkfifo(data_root / "data/trusts/pipe.yaml")

    # in a process of its own: reading a FIFO with no writer would wait forever
    command = ["validate", "--as-of", AS_OF, "--format", "json", "--no-cache"]
    proc = subprocess.run(
        [sys.executable, "-m", "regraad", "--root", str(data_root), *command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    findings = json.loads(proc.stdout)["findings"]
    found = [
        (f["rule"], f["path"], f["line"], f["column"])
        for f in findings
        if f["rule"] not in EXAMPLE_WARNINGS
    ]
    assert found == [("FILE-PLACE", "data/trusts/pipe.yaml", 0, 0)]
    assert proc.returncode == 1


def test_a_file_name_with_a_newline_is_reported_at_the_id(data_root: Path) -> None:
    trusts = data_root / "data/trusts"
    (trusts / "lovisenberg\n.yaml").write_bytes((trusts / "lovisenberg.yaml").read_bytes())

    found = _new_findings(data_root)

    where = ("ID", "data/trusts/lovisenberg\n.yaml", 3, 5)
    assert list(found) == [where]
    assert "'lovisenberg\\n'" in found[where]  # the newline shown, not printed


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names are always UTF-8")
def test_a_file_name_that_is_not_utf8_is_a_finding_not_a_crash(data_root: Path) -> None:
    trusts = data_root / "data/trusts"
    (trusts / "lovisenberg.yaml").rename(trusts / os.fsdecode(b"lovisenberg\xff.yaml"))

    found = _new_findings(data_root)

    assert {rule for rule, _path, _line, _col in found} == {"ID"}
    assert all("lovisenberg" in path for _rule, path, _line, _col in found)


def test_a_path_with_a_nul_byte_is_a_usage_error(data_root: Path) -> None:
    with pytest.raises(UsageError) as raised:
        execute(ValidateOptions(root=data_root, paths=(data_root / "data/trusts/hmr\0.yaml",)))

    assert raised.value.exit_code == 2
    assert "\0" not in str(raised.value)
