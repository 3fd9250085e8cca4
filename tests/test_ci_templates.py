"""The CI files `regraad init` writes: they install exactly the regraad that wrote them,
pass GitHub's security linter (zizmor) and actionlint, and the project's own action does too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import venv
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from ruamel.yaml import YAML

from regraad import __version__
from regraad.cli.app import main
from regraad.errors import UsageError
from regraad.scaffold import install
from regraad.scaffold.repository import VENDORED_TARGET

from .conftest import PROJECT, git
from .repostate import Snapshot
from .test_init import GITLAB, WORKFLOW, identity, tool

__all__ = ["identity"]  # the fixture, used by name

RELEASED = f"regraad=={__version__}"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
FROM_GITHUB = f"regraad @ git+https://github.com/regraad/regraad@{COMMIT}"
PRE_COMMIT = ".pre-commit-config.yaml"


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def install_specs(repo: Path) -> set[str]:
    """What every generated file installs: the workflow, GitLab and each pre-commit hook."""
    specs = {load(repo / WORKFLOW)["env"]["REGRAAD_INSTALL"]}
    specs.add(load(repo / GITLAB)["variables"]["REGRAAD_INSTALL"])
    for hook in load(repo / PRE_COMMIT)["repos"][0]["hooks"]:
        specs.update(hook["additional_dependencies"])
    return specs


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--format", "plain", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def actionlint(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("actionlint"), "-no-color", WORKFLOW],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("spec", [RELEASED, FROM_GITHUB])
def test_generated_workflow_passes_zizmor_and_actionlint(
    spec: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    repo = tmp_path / "repo"
    assert main(["init", "--example", "--install", spec, str(repo)]) == 0
    found = zizmor(repo / ".github")
    assert found.returncode == 0, found.stdout + found.stderr
    assert "No findings" in found.stdout + found.stderr
    linted = actionlint(repo)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    workflow = load(repo / WORKFLOW)
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["pull-request"]["permissions"] == {
        "contents": "read",
        "pull-requests": "write",
    }
    assert jobs["branch"]["permissions"] == {"contents": "read"}
    assert workflow["on"]["schedule"]  # rules are judged by date: a nightly run
    for job in jobs.values():
        steps = job["steps"]
        assert steps[0]["with"]["persist-credentials"] is False
        assert any(s.get("run") == "regraad fmt --check" for s in steps)
        assert any(str(s.get("uses", "")).startswith("actions/upload-artifact@") for s in steps)
        for step in steps:
            uses = step.get("uses", "")
            if uses.startswith("actions/"):
                assert len(uses.split("@")[1]) == 40, uses  # pinned by commit


def test_project_action_passes_zizmor_and_actionlint(tmp_path: Path) -> None:
    found = zizmor(PROJECT / "action.yml")
    assert found.returncode == 0, found.stdout + found.stderr
    # actionlint checks an action through a workflow that uses it
    repo = tmp_path / "uses-action"
    (repo / ".github/workflows").mkdir(parents=True)
    git(repo, "init", "-q")  # actionlint reads local actions in a repository only
    (repo / VENDORED_TARGET).parent.mkdir(parents=True)
    shutil.copy(PROJECT / "action.yml", repo / VENDORED_TARGET)
    workflow = (
        "on: pull_request\npermissions: {}\njobs:\n  check:\n    runs-on: ubuntu-latest\n"
        "    permissions:\n      contents: read\n      pull-requests: write\n    steps:\n"
        "      - uses: ./.github/actions/regraad\n        with:\n          {input}: regraad\n"
    )
    (repo / WORKFLOW).write_text(workflow.replace("{input}", "install"), encoding="utf-8")
    linted = actionlint(repo)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    (repo / WORKFLOW).write_text(workflow.replace("{input}", "instal"), encoding="utf-8")
    assert "instal" in actionlint(repo).stdout  # it did read the action's inputs
    action = load(PROJECT / "action.yml")
    assert {"install", "root", "base", "github-token"} <= set(action["inputs"])
    text = (PROJECT / "action.yml").read_text(encoding="utf-8")
    assert "<!-- regraad-diff -->" in text and "--method PATCH" in text
    assert "--changed-since" in text and "regraad audit --verify" in text


def test_the_scaffold_ships_the_projects_action_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    shipped = PROJECT / "templates/scaffold/action.yml"
    assert shipped.read_bytes() == (PROJECT / "action.yml").read_bytes()
    released = tmp_path / "released"
    assert main(["init", "--install", RELEASED, str(released)]) == 0
    assert (released / VENDORED_TARGET).read_bytes() == shipped.read_bytes()
    assert "uses: $/.github/actions/regraad" in (released / WORKFLOW).read_text("utf-8")
    # from GitHub at a commit: the action of that same commit, nothing vendored
    pinned = tmp_path / "pinned"
    assert main(["init", "--install", FROM_GITHUB, str(pinned)]) == 0
    assert not (pinned / VENDORED_TARGET).exists()
    assert f"uses: regraad/regraad@{COMMIT}" in (pinned / WORKFLOW).read_text("utf-8")


def test_install_option_is_honoured_everywhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    repo = tmp_path / "repo"
    spec = "regraad @ https://example.org/wheels/regraad-0.1.0-py3-none-any.whl"
    assert main(["init", "--install", spec, str(repo)]) == 0
    assert install_specs(repo) == {spec}
    assert f"pipx install '{spec}'" in (repo / "README.md").read_text(encoding="utf-8")
    pre_commit = load(repo / PRE_COMMIT)
    assert pre_commit["repos"][0]["repo"] == "local"  # no tag that may not exist
    assert {h["language"] for h in pre_commit["repos"][0]["hooks"]} == {"python"}


@pytest.mark.parametrize(
    "spec",
    [
        "requests==2.0",  # not regraad
        "./dist/regraad-0.1.0-py3-none-any.whl",  # a path, not a requirement or URL
        "regraad==0.1.0; python_version < '3'",  # a marker: quotes, and may install nothing
        "regraad @ git+https://example.org/${{ secrets.TOKEN }}",  # expanded by CI
        "regraad==",
        "",
    ],
)
def test_a_bad_install_spec_is_a_usage_error_and_writes_nothing(
    spec: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    target = tmp_path / "new"
    assert main(["init", "--install", spec, str(target)]) == 2
    assert "--install: " in (err := capsys.readouterr().err)
    assert "is not a pip requirement for regraad" in err
    assert not target.exists()
    # into an existing repository with --force: left exactly as it was
    existing = tmp_path / "existing"
    existing.mkdir()
    git(existing, "init", "-q", "-b", "main")
    (existing / "notes.txt").write_text("mine\n", encoding="utf-8")
    git(existing, "add", "notes.txt")
    git(existing, "commit", "-q", "-m", "Notes")
    before = Snapshot.of(existing)
    assert main(["init", "--force", "--install", spec, str(existing)]) == 2
    assert Snapshot.of(existing) == before


def test_a_source_ci_cannot_reach_needs_install(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    identity: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # this checkout's regraad is installed from a local folder (pip install -e .)
    monkeypatch.delenv("REGRAAD_INSTALL", raising=False)
    target = tmp_path / "new"
    assert main(["init", str(target)]) == 2
    err = capsys.readouterr().err
    assert "CI cannot install from" in err and "--install" in err
    assert not target.exists()


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (None, RELEASED),
        (
            {
                "url": "https://github.com/regraad/regraad",
                "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"},
            },
            FROM_GITHUB,
        ),
        (
            {
                "url": "https://example.org/regraad-0.1.0-py3-none-any.whl",
                "archive_info": {"hashes": {"sha256": "ab" * 32}},
            },
            "regraad @ https://example.org/regraad-0.1.0-py3-none-any.whl#sha256=" + "ab" * 32,
        ),
    ],
)
def test_the_spec_follows_what_pip_recorded(record: dict[str, Any] | None, expected: str) -> None:
    spec = install.from_direct_url(None if record is None else json.dumps(record), __version__)
    assert spec.requirement == expected


@pytest.mark.parametrize(
    "record",
    [
        {"url": "file:///home/kari/regraad", "dir_info": {"editable": True}},
        {"url": "file:///home/kari/regraad", "dir_info": {}},
        {"url": "file:///tmp/regraad-0.1.0-py3-none-any.whl", "archive_info": {}},
        {"url": "file:///home/kari/regraad", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
    ],
)
def test_a_local_source_is_refused(record: dict[str, Any]) -> None:
    with pytest.raises(UsageError, match="CI cannot install from"):
        install.from_direct_url(json.dumps(record), __version__)


@pytest.fixture
def clone(tmp_path: Path) -> tuple[Path, str]:
    """A clone of the project on GitHub, as ``git clone`` leaves it (no network: the
    remote-tracking branch is set by hand); its folder and commit."""
    folder = tmp_path / "regraad"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    (folder / "README.md").write_text("regraad\n", encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Release")
    git(folder, "remote", "add", "origin", "git@github.com:regraad/regraad.git")
    commit = git(folder, "rev-parse", "HEAD").strip()
    git(folder, "update-ref", "refs/remotes/origin/main", commit)
    return folder, commit


def _installed_from(folder: Path) -> str:
    return json.dumps({"url": folder.as_uri(), "dir_info": {"editable": True}})


def test_a_clean_clone_installs_its_remote_at_its_commit(clone: tuple[Path, str]) -> None:
    folder, commit = clone
    spec = install.from_direct_url(_installed_from(folder), __version__)
    assert spec.requirement == f"regraad @ git+ssh://git@github.com/regraad/regraad.git@{commit}"
    assert spec.action == f"regraad/regraad@{commit}"


def test_a_clone_with_local_changes_or_unpushed_commits_is_refused(
    clone: tuple[Path, str],
) -> None:
    folder, _commit = clone
    (folder / "README.md").write_text("endret\n", encoding="utf-8")
    with pytest.raises(UsageError, match="CI cannot install from"):
        install.from_direct_url(_installed_from(folder), __version__)
    git(folder, "commit", "-qam", "Lokalt")  # committed, but on no branch of the remote
    with pytest.raises(UsageError, match="CI cannot install from"):
        install.from_direct_url(_installed_from(folder), __version__)


def fresh_venv(path: Path) -> Path:
    venv.create(path, with_pip=True, symlinks=True)
    return path / "bin" / "python"


def direct_url(python: Path) -> Any:
    shown = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.metadata as m; "
            "print(m.distribution('regraad').read_text('direct_url.json') or 'null')",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(shown.stdout)


def test_the_workflows_install_step_installs_that_same_regraad(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    # this project's files at one commit, as a git repository pip can install from
    source = tmp_path / "regraad-src"
    listed = subprocess.run(
        ["git", "-C", str(PROJECT), "ls-files", "-z", "-co", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout
    for rel in filter(None, listed.decode("utf-8").split("\0")):
        if (PROJECT / rel).is_file():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / rel, source / rel)
    git(source, "init", "-q", "-b", "main")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "regraad as it is now")
    commit = git(source, "rev-parse", "HEAD").strip()
    url = f"git+{source.as_uri()}@{commit}"

    repo = tmp_path / "R"
    assert main(["init", "--example", "--install", url, str(repo)]) == 0
    (spec,) = install_specs(repo)

    # the install step, by hand in a fresh venv (without dependencies: the source is what
    # is compared, and the index is not needed)
    python = fresh_venv(tmp_path / "venv")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", spec],
        check=True,
        timeout=600,
    )
    record = direct_url(python)
    assert record["url"] == source.as_uri()
    assert record["vcs_info"]["commit_id"] == commit
    # the same record, had the clone been on GitHub, gives this very spec back
    record["url"] = "https://github.com/regraad/regraad"
    again = install.from_direct_url(json.dumps(record), __version__)
    assert again.requirement == f"regraad @ git+https://github.com/regraad/regraad@{commit}"
    assert again.action == f"regraad/regraad@{commit}"


def test_the_running_regraad_is_described_by_its_own_record() -> None:
    """The spec init would write for the regraad running these tests, from its own record."""
    recorded = direct_url(Path(sys.executable))
    if recorded is None:  # installed from an index
        assert install.running().requirement == RELEASED
    elif recorded["url"].startswith("file:"):  # pip install -e . (make install), or a wheel
        with pytest.raises(UsageError, match=re.escape(recorded["url"])):
            install.running()
    else:
        assert install.running() == install.from_direct_url(json.dumps(recorded), __version__)


class FakeGitLab(BaseHTTPRequestHandler):
    """The few GitLab API calls the merge-request note makes: who am I, list, add, edit."""

    notes: ClassVar[list[dict[str, Any]]] = []
    ME: ClassVar[int] = 7

    def _reply(self, value: object) -> None:
        body = json.dumps(value).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> str:
        data = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        return parse_qs(data)["body"][0]

    def do_GET(self) -> None:
        assert self.headers["PRIVATE-TOKEN"] == "token"
        if self.path == "/api/v4/user":
            self._reply({"id": self.ME})
        else:
            page = int(parse_qs(urlsplit(self.path).query)["page"][0])
            self._reply(self.notes if page == 1 else [])

    def do_POST(self) -> None:
        self.notes.append({"id": len(self.notes) + 1, "author": {"id": self.ME}})
        self.notes[-1]["body"] = self._body()
        self._reply(self.notes[-1])

    def do_PUT(self) -> None:
        note = next(n for n in self.notes if self.path.endswith(f"/notes/{n['id']}"))
        note["body"] = self._body()
        self._reply(note)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_the_merge_request_note_is_one_note_updated_in_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    repo = tmp_path / "repo"
    assert main(["init", "--ci", "gitlab", "--install", RELEASED, str(repo)]) == 0
    (script,) = [s for s in load(repo / GITLAB)["diff"]["script"] if "REGRAAD_NOTE_TOKEN" in s]
    # someone else's note that quotes the marker is left alone
    FakeGitLab.notes[:] = [{"id": 1, "author": {"id": 99}, "body": "<!-- regraad-diff -->\nmine"}]
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGitLab)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        "PATH": os.environ["PATH"],
        "REGRAAD_NOTE_TOKEN": "token",
        "CI_API_V4_URL": f"http://127.0.0.1:{server.server_port}/api/v4",
        "CI_PROJECT_ID": "12",
        "CI_MERGE_REQUEST_IID": "3",
    }
    try:
        for diff in ("first diff\n", "second diff\n"):
            (repo / "regraad-diff.md").write_text(diff, encoding="utf-8")
            subprocess.run(["sh", "-c", script], cwd=repo, env=env, check=True, timeout=60)
    finally:
        server.shutdown()
    assert [n["body"] for n in FakeGitLab.notes] == [
        "<!-- regraad-diff -->\nmine",
        "<!-- regraad-diff -->\nsecond diff\n",
    ]
