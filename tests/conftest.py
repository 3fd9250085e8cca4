"""Shared fixtures: a writable copy of the example dataset, git helpers, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from regraad import __version__
from regraad.i18n import set_language

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE_DATA = PROJECT / "data"
AS_OF = "2026-11-22"  # the suite's today: the example data's findings are known on this day
# Tests marked `clock` are written relative to TODAY, not to the example data's known day;
# `make test-ahead` (run by CI) runs them again with REGRAAD_TEST_TODAY two years ahead.
TODAY = os.environ.get("REGRAAD_TEST_TODAY", AS_OF)

# Hypothesis profiles. "ci" (the default) is reproducible: every run tries the same
# examples, a bounded number of them, and a failure prints the blob that replays it.
# "long" (make test-long) tries many more, freshly drawn each run. Tests that run the
# whole pipeline per example are slow by design, so the too-slow health check is off;
# a test's own @settings still wins for the values it names.
CI_EXAMPLES = 100
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=CI_EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=20 * CI_EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("REGRAAD_HYPOTHESIS_PROFILE", "ci"))


def set_clock(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    """Set regraad's one clock (``regraad.clock.today``) to ``day``, and date the commits
    made from now on (by the tests' git helper or by regraad) on that day too."""
    monkeypatch.setenv("REGRAAD_TODAY", day)
    for variable in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(variable, f"{day}T12:00:00+01:00")


@pytest.fixture(autouse=True, scope="session")
def _session_clock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite never reads the machine's date, so it passes on any day: the clock shows
    AS_OF from the start, for the repositories session fixtures build too. Nor does it
    touch the user's cache directory (the cache key, the record of written files)."""
    with pytest.MonkeyPatch.context() as mp:
        set_clock(mp, AS_OF)
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture(autouse=True)
def _clock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """AS_OF, or TODAY in tests marked `clock`."""
    set_clock(monkeypatch, TODAY if request.node.get_closest_marker("clock") else AS_OF)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read messages in English unless they ask for another language."""
    monkeypatch.setenv("REGRAAD_LANG", "en")
    monkeypatch.delenv("REGRAAD_ROOT", raising=False)
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def _install_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``regraad init`` writes into CI: this checkout is a local folder CI cannot
    install from, so the tests name a release (tests of ``--install`` override it)."""
    monkeypatch.setenv("REGRAAD_INSTALL", f"regraad=={__version__}")


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    """A copy of the example dataset in a fresh folder (not a git repository)."""
    root = tmp_path / "root"
    shutil.copytree(EXAMPLE_DATA, root / "data")
    return root


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test Koordinator",
        "GIT_AUTHOR_EMAIL": "koordinator@example.org",
        "GIT_COMMITTER_NAME": "Test Koordinator",
        "GIT_COMMITTER_EMAIL": "koordinator@example.org",
    }
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return proc.stdout


@pytest.fixture
def repo(data_root: Path) -> Path:
    """The example dataset committed in a real temporary git repository."""
    git(data_root, "init", "-q", "-b", "main")
    git(data_root, "add", "-A")
    git(data_root, "commit", "-q", "-m", "Example dataset")
    return data_root
