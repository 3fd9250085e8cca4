"""Which regraad the CI and pre-commit files of a new repository install.

Exactly the regraad that wrote the repository, so CI judges with the rules the
coordinator saw locally: the released version when it came from a package index, else
the source pip recorded for it (PEP 610 ``direct_url.json``). A local clone (``pip
install .`` or ``-e .`` from ``git clone``) counts as its remote at the clone's commit,
when that commit is on a branch of the remote and nothing is changed locally. A source
CI cannot reach (a local folder or wheel, a clone with local changes) is refused with a
hint to name one with ``--install``, rather than written into files that would fail on
the first push.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from ..errors import UsageError
from ..git import gitio
from ..i18n import _

DISTRIBUTION = "regraad"

#: Characters a spec may not hold: it is written into YAML, shell snippets in the README,
#: GitLab variables (which expand ``$``) and GitHub ``with:`` values (``${{ }}``).
_UNSAFE = re.compile(r"[$`'\"\\\x00-\x1f\x7f]")
#: A GitHub repository at a full commit: the scaffolded workflow can use its action there.
_GITHUB = re.compile(
    r"git\+(?:https://github\.com/|ssh://git@github\.com/)"
    r"(?P<repo>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?@(?P<commit>[0-9a-f]{40})\Z"
)
EXAMPLE = "regraad @ git+https://github.com/regraad/regraad@COMMIT"


@dataclass(frozen=True)
class InstallSpec:
    """A pip requirement for regraad, and the GitHub action at the same commit if any."""

    requirement: str
    action: str | None = None  # "owner/repo@<commit>"


def parse(spec: str) -> InstallSpec:
    """``--install SPEC``: a PEP 508 requirement for regraad, or a URL of its source."""
    text = spec.strip()
    bad = UsageError(
        _(
            "--install: '{value}' is not a pip requirement for regraad "
            "(for example regraad==0.1.0 or {example})"
        ).format(value=spec, example=EXAMPLE)
    )
    if not text or _UNSAFE.search(text):
        raise bad
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        if not urlsplit(text).scheme:
            raise bad from None
        try:
            requirement = Requirement(f"{DISTRIBUTION} @ {text}")
        except InvalidRequirement:
            raise bad from None
    if canonicalize_name(requirement.name) != DISTRIBUTION or requirement.marker:
        raise bad
    return InstallSpec(text, _action(requirement.url))


def _action(url: str | None) -> str | None:
    match = _GITHUB.match(url or "")
    return f"{match['repo']}@{match['commit']}" if match else None


def from_direct_url(direct_url: str | None, version: str) -> InstallSpec:
    """The spec for a distribution with this PEP 610 record (None: installed from an index)."""
    if direct_url is None:
        return InstallSpec(f"{DISTRIBUTION}=={version}")
    try:
        record = json.loads(direct_url)
        url = str(record["url"])
    except (ValueError, KeyError, TypeError):
        raise _unreachable(_("an unreadable direct_url.json")) from None
    if urlsplit(url).scheme in ("", "file"):
        clone = _clone_source(url) if "dir_info" in record else None
        if clone is None:
            raise _unreachable(url)
        return clone
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict):
        if not vcs.get("commit_id"):
            raise _unreachable(url)
        source = f"{vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}"
        subdirectory = record.get("subdirectory")
        if subdirectory:
            source += f"#subdirectory={subdirectory}"
    elif isinstance(archive := record.get("archive_info"), dict):
        source = url  # a remote wheel or sdist, pinned to the bytes installed here
        hashes = archive.get("hashes")
        sha256 = hashes.get("sha256") if isinstance(hashes, dict) else None
        if isinstance(sha256, str) and "#" not in url:
            source += f"#sha256={sha256}"
    else:
        raise _unreachable(url)
    try:
        return parse(f"{DISTRIBUTION} @ {source}")
    except UsageError:
        raise _unreachable(source) from None


#: ``git@host:owner/repo``, the form ``git clone`` takes for SSH, as a URL pip reads
_SCP = re.compile(r"(?P<user>[\w.-]+)@(?P<host>[\w.-]+):(?P<path>[^/].*)\Z")


def _clone_source(url: str) -> InstallSpec | None:
    """A local folder that is a clean clone whose commit is on a branch of its ``origin``
    (as last fetched): that remote at that commit; None for anything else."""
    folder = Path(url2pathname(urlsplit(url).path))
    try:
        remote = gitio.run(folder, "remote", "get-url", "origin").decode().strip()
        commit = gitio.run(folder, "rev-parse", "HEAD").decode().strip()
        changed = gitio.run(folder, "status", "--porcelain", "--untracked-files=no")
        pushed = gitio.run(folder, "branch", "--remotes", "--contains", commit)
    except (gitio.GitError, OSError, UnicodeDecodeError):
        return None
    if changed.strip() or not pushed.strip():
        return None
    scp = _SCP.match(remote)
    if scp:
        remote = f"ssh://{scp['user']}@{scp['host']}/{scp['path']}"
    if urlsplit(remote).scheme not in ("https", "ssh"):
        return None  # a clone of a clone on this machine: CI cannot reach it either
    try:
        return parse(f"{DISTRIBUTION} @ git+{remote}@{commit}")
    except UsageError:
        return None


def _unreachable(source: str) -> UsageError:
    return UsageError(
        _(
            "regraad was installed from {source}, which CI cannot install from; "
            "name what CI should install with --install (for example {example})"
        ).format(source=source, example=EXAMPLE)
    )


def running() -> InstallSpec:
    """The spec of the regraad running now, from its distribution's metadata."""
    from .. import __version__

    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise _unreachable(_("a source folder without package metadata")) from None
    return from_direct_url(distribution.read_text("direct_url.json"), __version__)
