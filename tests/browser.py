"""Headless Chromium for the tests that must see pages as a browser does.

The browser comes from the distribution (``.ci/run`` installs it). Outside CI a
machine without it skips these tests; in CI (``CI`` set) a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ARTEFACTS = Path(__file__).resolve().parent / "artefacts"

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
)


def chromium() -> str:
    """The browser's path; skip (or fail in CI) when there is none."""
    found = os.environ.get("REGRAAD_CHROMIUM") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p),
        None,
    )
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing; .ci/run installs it with apt")
        pytest.skip("Chromium is not installed (apt install chromium)")
    return found


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="regraad-chromium-") as profile:
        return subprocess.run(
            [chromium(), *_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def dom(page: Path) -> str:
    """The page's DOM after the browser has parsed and laid it out."""
    proc = _run("--virtual-time-budget=2000", "--dump-dom", page.resolve().as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "<html" in proc.stdout, proc.stderr[-2000:]
    return proc.stdout


def screenshot(page: Path, name: str, width: int = 1280, height: int = 2400) -> Path:
    """A PNG of the page, kept under tests/artefacts/ for people to look at."""
    ARTEFACTS.mkdir(exist_ok=True)
    target = ARTEFACTS / name
    proc = _run(
        f"--window-size={width},{height}",
        f"--screenshot={target}",
        page.resolve().as_uri(),
    )
    assert proc.returncode == 0 and target.is_file(), proc.stderr[-2000:]
    return target
