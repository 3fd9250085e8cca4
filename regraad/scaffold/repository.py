"""``regraad init``: a new data repository that a RegUt can push as it is.

Everything is planned in memory first (templates rendered, the data read), so a
refusal or a broken template leaves the target untouched; then the files are written
atomically, ``git init`` and one commit of exactly those files follow. That commit is
the repository's baseline (``Regraad-Action: baseline``): ``regraad audit --verify``
takes the data it brings as given and judges every commit after it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import InternalError, RefusedError, UsageError
from ..git import gitio, trailers
from ..i18n import _
from ..load.kinds import KINDS, DocumentKind
from ..output.files import atomic_write
from ..resources import example_root, templates_dir
from .install import InstallSpec, parse, running
from .schema_language import DEFAULT_LANGUAGE, check_language
from .schemas import export

#: The regraad that wrote the repository (README and schemas name it); what CI installs
#: is ``install.running()`` or ``--install``.
PINNED_VERSION = __version__

#: The branch a new repository starts on (the CI triggers name the actual one).
DEFAULT_BRANCH = "main"

#: Used for the first commit when git knows no identity here, so init never fails on it.
FALLBACK_NAME = "regraad"
FALLBACK_EMAIL = "regraad@localhost"

#: The data folders of an empty repository; each holds a ``.gitkeep`` (hidden files are
#: not read by the loader) so git keeps it and the root is recognised as a data root.
SKELETON = ("data/regions", "data/trusts", "data/goalsets", "data/specialties")


#: The project's own ``action.yml``, copied as it is (no Jinja) when the workflow cannot
#: use it from GitHub at the commit regraad was installed from.
VENDORED_ACTION = "action.yml"
VENDORED_TARGET = ".github/actions/regraad/action.yml"


@dataclass(frozen=True)
class Template:
    """A file of ``templates/scaffold/`` and where it goes; ``ci`` ties it to one CI system."""

    source: str
    target: str
    ci: str | None = None


TEMPLATES: tuple[Template, ...] = (
    Template("README.md.j2", "README.md"),
    Template("gitignore.j2", ".gitignore"),
    Template("editorconfig.j2", ".editorconfig"),
    Template("pre-commit-config.yaml.j2", ".pre-commit-config.yaml"),
    Template("vscode-extensions.json.j2", ".vscode/extensions.json"),
    Template("github-workflow.yml.j2", ".github/workflows/regraad.yml", ci="github"),
    Template(VENDORED_ACTION, VENDORED_TARGET, ci="github"),
    Template("gitlab-ci.yml.j2", ".gitlab-ci.yml", ci="gitlab"),
)

CI_SYSTEMS: tuple[str, ...] = tuple(dict.fromkeys(t.ci for t in TEMPLATES if t.ci))
#: The ``--ci`` choices: each system, or all of them.
CI_CHOICES: tuple[str, ...] = (*CI_SYSTEMS, "both")

VSCODE_SETTINGS = ".vscode/settings.json"
SCHEMAS = "schemas"


@dataclass(frozen=True)
class ScaffoldOptions:
    directory: Path
    example: bool = False
    ci: str = "both"
    force: bool = False
    install: str | None = None  # --install SPEC; None: the regraad running now
    reference: bool = False  # --reference: the real reference data, no people
    lang: str = DEFAULT_LANGUAGE  # --lang: the language of the schemas' titles and descriptions


@dataclass
class ScaffoldResult:
    """What ``execute`` did, for the CLI to tell."""

    directory: Path
    files: list[str] = field(default_factory=list)  # scaffold files, data and schemas aside
    data_files: int = 0
    schema_files: int = 0
    commit: str = ""
    message: str = ""
    branch: str = DEFAULT_BRANCH
    fallback_identity: bool = False
    has_remote: bool = False
    install: str = ""  # the pip requirement CI and pre-commit install


def kind_glob(kind: DocumentKind) -> str:
    """The kind's file pattern as an editor glob (each path parameter becomes ``*``)."""
    source = re.sub(r"\(\?P<\w+>[^)]*\)", "*", kind.pattern.pattern)
    glob = source.removesuffix(r"\.yaml\Z") + ".yaml"
    if re.search(r"[\\()\[\]?+^$|{}]", glob):
        raise InternalError(f"no glob for the pattern of {kind.name}: {kind.pattern.pattern}")
    return glob


def schema_mapping() -> dict[str, list[str]]:
    """``yaml.schemas`` for VS Code: each schema file and the globs of its kind's files."""
    return {f"./{SCHEMAS}/{kind.schema_file}": [kind_glob(kind)] for kind in KINDS}


def vscode_settings() -> str:
    """``.vscode/settings.json``: schemas per data folder, and spaces (tabs are refused)."""
    settings = {
        "yaml.schemas": schema_mapping(),
        "[yaml]": {
            "editor.insertSpaces": True,
            "editor.tabSize": 2,
            "editor.detectIndentation": False,
        },
        "files.encoding": "utf8",
    }
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"


def ci_systems(choice: str) -> tuple[str, ...]:
    """The CI systems a ``--ci`` value stands for."""
    if choice not in CI_CHOICES:
        raise UsageError(
            _("--ci: '{value}' is not one of {choices}").format(
                value=choice, choices=", ".join(CI_CHOICES)
            )
        )
    return CI_SYSTEMS if choice == "both" else (choice,)


def render_templates(
    ci: tuple[str, ...],
    *,
    example: bool,
    install: InstallSpec,
    branch: str = DEFAULT_BRANCH,
) -> dict[str, str]:
    """The scaffold files (target path -> text) for these CI systems."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir() / "scaffold"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        autoescape=False,  # YAML, Markdown and JSON, never HTML
    )
    context = {
        "version": PINNED_VERSION,
        "install": install.requirement,
        "install_yaml": json.dumps(install.requirement),
        "action_uses": (
            f"{install.action} # regraad, the commit CI installs"
            if install.action
            # $/: this repository at the running commit (./ on a GitHub Enterprise Server
            # that does not know it yet; the job checks the repository out first)
            else f"$/{VENDORED_TARGET.removesuffix('/action.yml')}"
        ),
        "branch": branch,
        "example": example,
        "ci": ci,
        "kinds": [{"glob": kind_glob(k), "schema": k.schema_file} for k in KINDS],
    }
    texts: dict[str, str] = {}
    for t in TEMPLATES:
        if t.ci is not None and t.ci not in ci:
            continue
        if t.source == VENDORED_ACTION:
            if install.action is None:  # else the workflow uses the action from GitHub
                texts[t.target] = (templates_dir() / "scaffold" / t.source).read_text("utf-8")
            continue
        texts[t.target] = env.get_template(t.source).render(context)
    return texts


def _check_target(directory: Path, force: bool) -> None:
    if directory.exists() and not directory.is_dir():
        raise UsageError(_("{path} exists and is not a folder").format(path=directory))
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise RefusedError(
            _("{path} is not empty; nothing was written").format(path=directory),
            _("choose a new or empty folder, or pass --force to write into it anyway"),
        )


def reference_root() -> Path:
    """A data root holding the reference data: the real regions, trusts and specialties
    with no people in them, shipped beside the example dataset."""
    return example_root() / "reference"


def _check_choices(options: ScaffoldOptions) -> None:
    """Usage errors found before anything is read or written."""
    if options.example and options.reference:
        raise UsageError(
            _("--example and --reference cannot be used together"),
            _("--example brings fictional people and plans; --reference only the real data"),
        )
    check_language(options.lang)


def _data_files(example: bool, reference: bool = False) -> dict[str, bytes]:
    """``data/`` of the new repository: the example dataset, the reference data (with the
    skeleton's folders it leaves empty), or the empty skeleton."""
    if not example and not reference:
        return {f"{folder}/.gitkeep": b"" for folder in SKELETON}
    root = reference_root() if reference else example_root()
    files: dict[str, bytes] = {}
    if reference:
        for folder in SKELETON:
            if not (root / folder).is_dir() or not any((root / folder).iterdir()):
                files[f"{folder}/.gitkeep"] = b""
    for dirpath, dirnames, filenames in os.walk(root / "data"):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
        for name in sorted(filenames):
            if not name.startswith("."):
                path = Path(dirpath) / name
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def _git_value(repo: Path, *args: str) -> str | None:
    try:
        return gitio.run(repo, *args).decode("utf-8", "replace").strip() or None
    except gitio.GitError:
        return None


def has_identity(repo: Path) -> bool:
    """Whether git knows who commits in ``repo`` (config or the GIT_* variables)."""

    def known(key: str, variables: tuple[str, ...]) -> bool:
        return bool(_git_value(repo, "config", f"user.{key}")) or all(
            os.environ.get(v) for v in variables
        )

    return known("name", ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME")) and known(
        "email", ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL")
    )


def _is_repository_root(directory: Path) -> bool:
    top = gitio.toplevel(directory)
    return top is not None and top.resolve() == directory.resolve()


def execute(options: ScaffoldOptions) -> ScaffoldResult:
    """Create the data repository; refused (nothing written) when the folder is not empty."""
    systems = ci_systems(options.ci)
    _check_choices(options)
    install = running() if options.install is None else parse(options.install)
    directory = options.directory
    _check_target(directory, options.force)
    gitio.run(Path.cwd(), "--version")  # a usage error (exit 2) when git is missing

    existing_repo = directory.is_dir() and _is_repository_root(directory)
    branch = DEFAULT_BRANCH
    if existing_repo:
        branch = _git_value(directory, "symbolic-ref", "--short", "HEAD") or DEFAULT_BRANCH
    data = _data_files(options.example, options.reference)
    texts = render_templates(systems, example=options.example, install=install, branch=branch)
    texts[VSCODE_SETTINGS] = vscode_settings()
    files = {**data, **{path: text.encode("utf-8") for path, text in texts.items()}}

    try:
        directory.mkdir(parents=True, exist_ok=True)
        if not existing_repo:
            gitio.run(directory, "init", "--quiet", "--initial-branch", branch)
        for rel, content in files.items():
            target = directory / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, content)
        exported = export(directory / SCHEMAS, lang=options.lang)
        schemas = [p.relative_to(directory).as_posix() for p in exported]
    except OSError as exc:
        raise RefusedError(
            _("could not write {path}: {error}").format(path=exc.filename, error=exc.strerror)
        ) from None
    except gitio.GitError as exc:
        raise RefusedError(_("git init failed: {error}").format(error=exc.stderr)) from None

    result = ScaffoldResult(
        directory=directory,
        files=sorted(texts),
        data_files=len(data),
        schema_files=len(schemas),
        branch=branch,
        fallback_identity=not has_identity(directory),
        install=install.requirement,
        message=_("Create the data repository with regraad init"),
    )
    result.commit = _commit(directory, [*files, *schemas], result)
    result.has_remote = bool(_git_value(directory, "remote"))
    return result


def _commit(directory: Path, paths: list[str], result: ScaffoldResult) -> str:
    """Commit exactly ``paths`` (never other staged work), as regraad when git knows no one,
    with the baseline trailer as its last paragraph."""
    pathspec = "".join(f"{rel}\0" for rel in sorted(paths)).encode("utf-8")
    identity = (
        ["-c", f"user.name={FALLBACK_NAME}", "-c", f"user.email={FALLBACK_EMAIL}"]
        if result.fallback_identity
        else []
    )
    spec = ("--pathspec-from-file=-", "--pathspec-file-nul")
    try:
        gitio.run(directory, "add", *spec, input_=pathspec)
        gitio.run(
            directory,
            *identity,
            "commit",
            "--quiet",
            "-m",
            result.message,
            "-m",
            f"{trailers.ACTION}: {trailers.BASELINE}",
            *spec,
            input_=pathspec,
        )
    except gitio.GitError as exc:
        raise RefusedError(
            _("the files were written, but git commit failed: {error}").format(error=exc.stderr),
            _("fix the cause, then commit them yourself with git commit"),
        ) from None
    return _git_value(directory, "rev-parse", "--short", "HEAD") or ""
