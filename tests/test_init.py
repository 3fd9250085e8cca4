"""`regraad init`: a new data repository that validates, commits cleanly and lints clean."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from regraad import __version__
from regraad.cli.app import main
from regraad.load.kinds import match_path

from .conftest import AS_OF, git

SCAFFOLD = (
    "README.md",
    ".gitignore",
    ".editorconfig",
    ".pre-commit-config.yaml",
    ".vscode/settings.json",
    ".vscode/extensions.json",
    ".github/workflows/regraad.yml",
    ".github/actions/regraad/action.yml",
    ".gitlab-ci.yml",
    "schemas/council.schema.json",
    "schemas/common.schema.json",
)
WORKFLOW = ".github/workflows/regraad.yml"
GITLAB = ".gitlab-ci.yml"
#: What CI installs in these tests: this checkout's regraad is installed from a local
#: folder, which CI cannot reach, so init needs --install (here from REGRAAD_INSTALL).
SPEC = f"regraad=={__version__}"


@pytest.fixture(autouse=True)
def install_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGRAAD_INSTALL", SPEC)


@pytest.fixture
def identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """git knows who commits, from a global config of the test's own."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Kari Koordinator\n\temail = kari@example.org\n")
    _isolate_git(monkeypatch, config)


@pytest.fixture
def no_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """git has no identity configured anywhere."""
    config = tmp_path / "empty-gitconfig"
    config.write_text("")
    _isolate_git(monkeypatch, config)


def _isolate_git(monkeypatch: pytest.MonkeyPatch, config: Path) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
    ):
        monkeypatch.delenv(var, raising=False)


def tool(name: str) -> str:
    """A command installed with the dev extras, beside this interpreter or on PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed; run pip install -e '.[dev]'"
    return found


def tree(path: Path) -> list[str]:
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*"))


def commits(repo: Path) -> list[str]:
    return git(repo, "log", "--format=%an <%ae>|%s").splitlines()


def to_regex(glob: str) -> re.Pattern[str]:
    """An editor glob as a regex: ``*`` stays within one path segment."""
    return re.compile("".join("[^/]*" if c == "*" else re.escape(c) for c in glob) + r"\Z")


def test_skeleton_is_a_clean_repository_that_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    target = tmp_path / "regut-hmn"  # does not exist yet
    assert main(["init", str(target)]) == 0
    out = capsys.readouterr().out
    for rel in SCAFFOLD:
        assert (target / rel).is_file(), rel
        assert rel in out or rel.startswith("schemas/")
    for folder in ("regions", "trusts", "goalsets", "specialties"):
        assert (target / "data" / folder / ".gitkeep").is_file()
    assert (target / ".gitignore").read_text(encoding="utf-8").count(".regraad-cache/") == 1
    log = commits(target)
    assert log == [
        "Kari Koordinator <kari@example.org>|Create the data repository with regraad init"
    ]
    assert git(target, "status", "--porcelain", "--ignored") == ""
    assert "git remote add origin" in out and "git push -u origin main" in out
    assert "regraad@localhost" not in out
    assert main(["--root", str(target), "validate"]) == 0


def test_example_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    target = tmp_path / "demo"
    assert main(["init", "--example", str(target)]) == 0
    assert "the example dataset" in capsys.readouterr().out
    assert (target / "data/specialties/urologi/councils/hso.yaml").is_file()
    assert len(commits(target)) == 1
    assert git(target, "status", "--porcelain") == ""
    assert main(["--root", str(target), "validate", "--as-of", AS_OF]) == 0
    assert "eksempeldataene" in (target / "README.md").read_text(encoding="utf-8")


def test_editor_settings_map_every_data_file_to_its_schema(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    target = tmp_path / "demo"
    assert main(["init", "--example", str(target)]) == 0
    settings = json.loads((target / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping: dict[str, list[str]] = settings["yaml.schemas"]
    for schema, globs in mapping.items():
        assert (target / schema).resolve().is_file(), schema
        assert globs
    data_files = [p.relative_to(target).as_posix() for p in (target / "data").rglob("*.yaml")]
    assert len(data_files) > 100
    for rel in data_files:
        matched = match_path(rel)
        assert matched is not None, rel
        schemas = {s for s, globs in mapping.items() for g in globs if to_regex(g).match(rel)}
        assert schemas == {f"./schemas/{matched[0].schema_file}"}, rel
    # every glob is used by some file of the example, so none is a typo
    for globs in mapping.values():
        assert all(any(to_regex(g).match(rel) for rel in data_files) for g in globs)


def test_non_empty_folder_is_refused_and_left_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = tree(target)
    assert main(["init", "--example", str(target)]) == 1
    err = capsys.readouterr().err
    assert "is not empty" in err and "--force" in err
    assert tree(target) == before
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_force_writes_into_a_repository_and_commits_only_its_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    target = tmp_path / "existing"
    target.mkdir()
    git(target, "init", "-q", "-b", "trunk")
    (target / "notes.txt").write_text("staged work\n", encoding="utf-8")
    git(target, "add", "notes.txt")
    assert main(["init", "--force", str(target)]) == 0
    out = capsys.readouterr().out
    assert "git push -u origin trunk" in out
    assert "branches: [trunk]" in (target / WORKFLOW).read_text(encoding="utf-8")
    committed = git(target, "show", "--name-only", "--format=", "HEAD").split()
    assert "notes.txt" not in committed and "README.md" in committed
    assert git(target, "status", "--porcelain") == "A  notes.txt\n"
    assert main(["--root", str(target), "validate"]) == 0


def test_ci_choice_writes_only_that_configuration(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    assert main(["init", "--ci", "github", str(tmp_path / "gh")]) == 0
    assert (tmp_path / "gh" / WORKFLOW).is_file()
    assert not (tmp_path / "gh" / GITLAB).exists()
    assert "GitLab**" not in (tmp_path / "gh/README.md").read_text(encoding="utf-8")
    assert main(["init", "--ci", "gitlab", str(tmp_path / "gl")]) == 0
    assert (tmp_path / "gl" / GITLAB).is_file()
    assert not (tmp_path / "gl/.github").exists()
    assert main(["init", "--ci", "jenkins", str(tmp_path / "x")]) == 2
    assert not (tmp_path / "x").exists()


def test_ci_installs_this_version_and_runs_validate_diff_and_audit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    target = tmp_path / "repo"
    assert main(["init", str(target)]) == 0
    gitlab = (target / GITLAB).read_text(encoding="utf-8")
    workflow = (target / WORKFLOW).read_text(encoding="utf-8")
    action = (target / ".github/actions/regraad/action.yml").read_text(encoding="utf-8")
    for text in (workflow, gitlab):
        assert f'REGRAAD_INSTALL: "{SPEC}"' in text
    assert 'pip install --quiet "$REGRAAD_INSTALL"' in gitlab
    assert "install: ${{ env.REGRAAD_INSTALL }}" in workflow
    assert 'python -m pip install "$INSTALL"' in action
    for text in (action, gitlab):
        assert "regraad diff --format markdown" in text
        assert "regraad audit --verify" in text
        assert "<!-- regraad-diff -->" in text
    assert "fetch-depth: 0" in workflow
    assert "--format github" in action and "--changed-since" in action
    assert 'GIT_DEPTH: "0"' in gitlab
    assert "--format gitlab > gl-code-quality-report.json" in gitlab
    assert "codequality: gl-code-quality-report.json" in gitlab
    assert "regraad fmt --check" in gitlab and "regraad fmt --check" in workflow
    config = (target / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "repo: local" in config and "rev:" not in config
    assert config.count(f'additional_dependencies: ["{SPEC}"]') == 2
    assert "id: regraad-validate" in config and "id: regraad-fmt" in config


def test_generated_ci_passes_actionlint_and_the_vendored_schemas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    target = tmp_path / "repo"
    assert main(["init", str(target)]) == 0
    lint = subprocess.run(
        [tool("actionlint"), "-no-color", WORKFLOW],
        cwd=target,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    for schema, path in (("vendor.github-workflows", WORKFLOW), ("vendor.gitlab-ci", GITLAB)):
        check = subprocess.run(
            [tool("check-jsonschema"), "--builtin-schema", schema, str(target / path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stdout + check.stderr
    pre_commit_config = subprocess.run(
        [tool("pre-commit"), "validate-config", ".pre-commit-config.yaml"],
        cwd=target,
        capture_output=True,
        text=True,
        check=False,
    )
    assert pre_commit_config.returncode == 0, pre_commit_config.stdout + pre_commit_config.stderr


def test_without_a_git_identity_the_commit_is_by_regraad(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_identity: None
) -> None:
    target = tmp_path / "anon"
    assert main(["init", str(target)]) == 0
    assert "regraad <regraad@localhost>" in capsys.readouterr().out
    assert commits(target) == [
        "regraad <regraad@localhost>|Create the data repository with regraad init"
    ]
    # the fallback is for this one commit; the repository's config is left alone
    config = subprocess.run(["git", "-C", str(target), "config", "user.name"], check=False)
    assert config.returncode == 1


def test_missing_git_is_a_usage_error_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-tools"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    target = tmp_path / "new"
    assert main(["init", str(target)]) == 2
    assert "git is not installed" in capsys.readouterr().err
    assert not target.exists()


def test_a_file_in_the_way_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, identity: None
) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    assert main(["init", "--force", str(target)]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "x"
