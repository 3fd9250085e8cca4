"""Shell completion: bash, zsh and fish complete slugs, ids and revisions from the data.

Each test drives regraad as the shell's completion script does: the environment variables
the script sets, in a subprocess; for bash also through the real script in a real bash.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import git

SHELLS = ("bash", "zsh", "fish")


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_COMPLETE")}
    env.pop("REGRAAD_ROOT", None)
    return {**env, **extra}


def complete(shell: str, line: str, cwd: Path, **extra: str) -> list[str]:
    """The values regraad offers for ``line`` (the command line up to the cursor, a
    trailing space meaning a new word), as ``shell`` would receive them."""
    if shell == "bash":
        words = line.split()
        cword = len(words) if line.endswith(" ") else len(words) - 1
        env = {"COMP_WORDS": line, "COMP_CWORD": str(cword)}
    else:
        env = {"_TYPER_COMPLETE_ARGS": line}
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    proc = subprocess.run(
        [sys.executable, "-m", "regraad"],
        env=_env({**env, **extra, "_REGRAAD_COMPLETE": f"complete_{shell}"}),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return _parse(shell, proc.stdout)


def _parse(shell: str, out: str) -> list[str]:
    if shell == "bash":
        return out.split()
    if shell == "fish":
        return [line.split("\t")[0] for line in out.splitlines() if line]
    # zsh: _arguments '*: :(("value":"description" "value" ...))', or _files for nothing
    body = out.strip()
    if body == "_files":
        return []
    assert body.startswith("_arguments '*: :((") and body.endswith("))'"), body
    lines = body[len("_arguments '*: :((") : -len("))'")].splitlines()
    return [re.match(r'"((?:[^"]|"")*)"', line).group(1) for line in lines]  # type: ignore[union-attr]


def _stems(folder: Path, prefix: str) -> list[str]:
    return sorted(p.stem for p in folder.glob(f"{prefix}*.yaml"))


@pytest.mark.parametrize("shell", SHELLS)
def test_each_shell_completes_slugs_ids_and_revisions(shell: str, repo: Path) -> None:
    git(repo, "branch", "feature/hmr-rotation")
    data = repo / "data"
    assert complete(shell, "regraad coverage an", repo) == ["anestesiologi"]
    trusts = _stems(data / "trusts", "h")
    assert "hmr" in trusts and "helse-bergen" in trusts
    assert complete(shell, "regraad estimate --trust h", repo) == trusts
    of_2026 = sorted(p.stem for p in data.glob("specialties/*/proposals/2026-*.yaml"))
    assert len(of_2026) >= 2
    assert complete(shell, "regraad propose show 2026-", repo) == of_2026
    assert complete(shell, "regraad diff HEAD", repo) == ["HEAD", "HEAD~1", "HEAD~2", "HEAD~3"]
    assert complete(shell, "regraad diff fea", repo) == ["feature/hmr-rotation"]


# The values do not depend on the shell: the rest is checked with bash's variables.


def test_region_ids_and_qualified_proposal_ids(data_root: Path) -> None:
    regions = _stems(data_root / "data" / "regions", "h")
    assert complete("bash", "regraad coverage --region ", data_root) == regions
    urologi = data_root / "data" / "specialties" / "urologi" / "proposals"
    qualified = [f"urologi/{p}" for p in _stems(urologi, "")]
    assert complete("bash", "regraad propose advance urologi/", data_root) == qualified


def test_the_data_root_comes_from_root_or_the_environment(data_root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    line = f"regraad --root {data_root} coverage an"
    assert complete("bash", line, elsewhere) == ["anestesiologi"]
    by_env = complete("bash", "regraad coverage an", elsewhere, REGRAAD_ROOT=str(data_root))
    assert by_env == ["anestesiologi"]


def test_ranges_tags_and_branches(repo: Path) -> None:
    git(repo, "branch", "feature/hmr-rotation")
    git(repo, "tag", "v2026.1")
    assert complete("bash", "regraad diff main...fe", repo) == ["main...feature/hmr-rotation"]
    assert complete("bash", "regraad validate --rev v20", repo) == ["v2026.1"]
    assert complete("bash", "regraad audit m", repo) == ["main"]


def test_outside_a_data_root_completion_offers_nothing_and_never_fails(tmp_path: Path) -> None:
    assert complete("bash", "regraad coverage an", tmp_path) == []
    assert complete("bash", "regraad diff HE", tmp_path) == []


def test_commands_and_choices_complete_too(data_root: Path) -> None:
    assert sorted(complete("bash", "regraad co", data_root)) == [
        "codeowners",
        "council",
        "coverage",
    ]
    assert complete("bash", "regraad --lang ", data_root) == ["nb", "en"]


@pytest.mark.parametrize("shell", SHELLS)
def test_show_completion_prints_the_script(shell: str, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "regraad", "--show-completion", shell],
        env=_env({}),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "regraad" in proc.stdout
    assert "_REGRAAD_COMPLETE=complete_" + shell in proc.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_through_the_shown_script(data_root: Path, tmp_path: Path) -> None:
    """The script --show-completion prints, sourced in bash, fills COMPREPLY."""
    launcher = tmp_path / "bin" / "regraad"
    launcher.parent.mkdir()
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m regraad "$@"\n')
    launcher.chmod(0o755)
    script = subprocess.run(
        [sys.executable, "-m", "regraad", "--show-completion", "bash"],
        env=_env({}),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (tmp_path / "completion.sh").write_text(script)
    session = (
        "source completion.sh\n"
        "COMP_WORDS=(regraad estimate --trust hn)\n"
        "COMP_CWORD=3\n"
        "_regraad_completion regraad\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = _env({"PATH": f"{launcher.parent}{os.pathsep}{os.environ['PATH']}"})
    env["REGRAAD_ROOT"] = str(data_root)
    proc = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", session],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == _stems(data_root / "data" / "trusts", "hn")


def test_install_completion_writes_where_bash_reads_it(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "regraad", "--install-completion", "bash"],
        env=_env({"HOME": str(tmp_path), "REGRAAD_LANG": "en"}),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    script = tmp_path / ".bash_completions" / "regraad.sh"
    assert "_REGRAAD_COMPLETE=complete_bash" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()
    assert f"bash completion installed in {script}" in proc.stdout
