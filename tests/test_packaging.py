"""What a user installs is what the repository holds: the sdist and wheel built from the
working tree, each installed in a fresh venv, run; the metadata declares what the code
imports, at bounds that really work; the release workflow passes GitHub's linters.

The build runs once per session (module fixture); each install is a fresh venv with the
dependencies from the package index, as a user's ``pip install`` gets them.
"""

from __future__ import annotations

import email
import email.message
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from regraad import __version__

from .conftest import PROJECT

RELEASE_WORKFLOW = PROJECT / ".github" / "workflows" / "release.yml"
CATALOGUES = [f"regraad/locale/{lang}/LC_MESSAGES/regraad.mo" for lang in ("en", "nb")]
TOOLS = Path(sys.executable).parent  # the dev venv's tools (deptry, actionlint, zizmor)


def run(*cmd: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``cmd`` as a user's shell runs it: no PYTHONPATH pointing into this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, f"{proc.args}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist, and the wheel built from it, as ``python -m build`` makes them for a
    release (the release workflow runs the same command)."""
    out = tmp_path_factory.mktemp("dist")
    ok(run(sys.executable, "-m", "build", "--outdir", out, PROJECT))
    (sdist,) = out.glob("regraad-*.tar.gz")
    (wheel,) = out.glob("regraad-*.whl")
    return {"sdist": sdist, "wheel": wheel}


def fresh_venv(where: Path) -> Path:
    ok(run(sys.executable, "-m", "venv", where))
    return where / "bin"


def wheel_metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(zf.read(name))


def test_sdist_holds_what_building_testing_and_translating_need(dist: dict[str, Path]) -> None:
    with tarfile.open(dist["sdist"]) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    needed = [
        "babel.cfg",  # make i18n extracts with it
        "benchmarks/run.py",
        "benchmarks/generate.py",
        "Makefile",
        "CHANGELOG.md",
        "SECURITY.md",
        "LICENSE",
        "docs/architecture.md",
        "tests/conftest.py",
        "schemas/region.schema.json",
        "regraad/py.typed",
        *CATALOGUES,
    ]
    assert [n for n in needed if n not in names] == []
    assert any(n.startswith("templates/") for n in names)
    assert any(n.startswith("data/") for n in names)
    # what is not source: test output, caches, stray folders at the root
    assert not [n for n in names if "__pycache__" in n or n.startswith(("tests/artefacts/", "en/"))]


def test_wheel_ships_types_catalogues_and_honest_metadata(dist: dict[str, Path]) -> None:
    with zipfile.ZipFile(dist["wheel"]) as zf:
        names = set(zf.namelist())
    assert "regraad/py.typed" in names  # type checkers use the package's annotations
    assert [c for c in CATALOGUES if c not in names] == []  # compiled: bokmål works installed
    assert "regraad/_shipped/schemas/region.schema.json" in names

    meta = wheel_metadata(dist["wheel"])
    assert meta["Version"] == __version__  # one version, read from regraad/__init__.py
    assert meta["License-Expression"] == "MIT"
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert set(urls) >= {"Homepage", "Documentation", "Changelog", "Issues"}
    runtime = {
        re.split(r"[<>=!~;\s\[]", r, maxsplit=1)[0].lower().replace("_", "-")
        for r in meta.get_all("Requires-Dist") or []
        if "extra ==" not in r
    }
    # imported (render/environment.py, load/schemacheck.py), so declared; gitpython is not
    assert {"markupsafe", "referencing", "typer", "rich"} <= runtime
    assert "gitpython" not in runtime


@pytest.mark.parametrize("artefact", ["wheel", "sdist"])
def test_each_artefact_installs_and_runs_in_a_fresh_venv(
    artefact: str, dist: dict[str, Path], tmp_path: Path, data_root: Path
) -> None:
    bin_ = fresh_venv(tmp_path / "venv")
    ok(run(bin_ / "python", "-m", "pip", "install", "--quiet", dist[artefact]))

    assert ok(run(bin_ / "regraad", "--version")).strip() == f"regraad {__version__}"
    # the example data, validated by the installed regraad (its own shipped schemas)
    proc = run(bin_ / "regraad", "validate", cwd=data_root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 errors" in proc.stdout
    # the compiled bokmål catalogue is found where the wheel put it
    assert ok(run(bin_ / "regraad", "--lang", "nb", "--help")).startswith("Bruk: regraad")
    # the installed package says it is typed
    typed = "import pathlib, regraad; print(pathlib.Path(regraad.__file__).with_name('py.typed'))"
    marker = Path(ok(run(bin_ / "python", "-c", typed, cwd=tmp_path)).strip())
    assert marker.is_file()
    assert marker.is_relative_to(tmp_path / "venv")  # the installed copy, not this checkout


def lowest_pins(meta: email.message.Message) -> list[str]:
    """Each runtime requirement pinned at its declared lower bound, marker kept."""
    pins = []
    for req in meta.get_all("Requires-Dist") or []:
        if "extra ==" in req:
            continue
        spec, _, marker = req.partition(";")
        name = re.split(r"[<>=!~\s\[]", spec, maxsplit=1)[0]
        low = re.search(r">=\s*([0-9][0-9A-Za-z.]*)", spec)
        assert low, f"{req}: every dependency states the lowest version it works with"
        pins.append(f"{name}=={low.group(1)}" + (f";{marker}" if marker else ""))
    return pins


def test_the_lowest_declared_versions_work(
    dist: dict[str, Path], tmp_path: Path, data_root: Path
) -> None:
    """typer's lower bound matters most: cli/ uses its private ``typer._click``, which
    0.26-0.28 have in another shape (regraad crashes at start)."""
    pins = lowest_pins(wheel_metadata(dist["wheel"]))
    assert any(p.startswith("typer==") for p in pins)
    bin_ = fresh_venv(tmp_path / "venv")
    ok(run(bin_ / "python", "-m", "pip", "install", "--quiet", dist["wheel"], *pins))

    assert ok(run(bin_ / "regraad", "--help")).startswith("Usage: regraad")
    proc = run(bin_ / "regraad", "validate", cwd=data_root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    render = run(bin_ / "regraad", "render", "--out", tmp_path / "site", "--quiet", cwd=data_root)
    assert render.returncode == 0, render.stdout + render.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_every_import_is_declared_and_every_dependency_imported() -> None:
    """deptry, as ``make lint`` runs it, with the project's [tool.deptry] settings."""
    deptry = shutil.which("deptry", path=str(TOOLS)) or shutil.which("deptry")
    if deptry is None:
        pytest.skip("deptry is not installed (pip install -e '.[dev]')")
    proc = run(deptry, ".", cwd=PROJECT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_release_workflow_publishes_a_tagged_build_with_least_privilege() -> None:
    text = RELEASE_WORKFLOW.read_text(encoding="utf-8")
    workflow = YAML(typ="safe").load(text)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {}
    jobs: dict[str, dict[str, Any]] = workflow["jobs"]
    # only the publishing job may ask for an OIDC token, and it publishes what was tested
    with_token = [n for n, j in jobs.items() if "id-token" in (j.get("permissions") or {})]
    assert with_token == ["publish"]
    assert set(jobs["publish"]["needs"]) >= {"build", "test"}
    steps = [s for j in jobs.values() for s in j["steps"]]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert any(u.startswith("pypa/gh-action-pypi-publish@") for u in uses)
    # every action pinned by a full commit with its version beside it
    for use in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use), use
        assert re.search(re.escape(use) + r"\s+# v\d", text), use
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)
    assert "cyclonedx-py" in text  # the SBOM attached to the release
    assert "password:" not in text and "secrets." not in text  # no token: trusted publishing


@pytest.mark.parametrize(
    ("tool", "args"),
    [("actionlint", ()), ("zizmor", ("--offline", "--persona", "pedantic"))],
)
def test_release_workflow_passes_github_actions_linters(tool: str, args: tuple[str, ...]) -> None:
    exe = shutil.which(tool, path=str(TOOLS)) or shutil.which(tool)
    if exe is None:
        pytest.skip(f"{tool} is not installed (pip install -e '.[dev]')")
    proc = run(exe, *args, RELEASE_WORKFLOW, cwd=PROJECT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
