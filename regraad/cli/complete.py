"""Shell completion: values from the data root, and the scripts for bash, zsh and fish.

The shell runs regraad on every TAB, so the values come from directory listings (a
file's name is its id), a glance at a file's ``name:`` line and ``git for-each-ref``,
never from loading the dataset. Completion never fails: on any problem it offers
nothing, and the shell falls back to file names.

Each ``*_values`` function is an ``autocompletion=`` callback of typer: it gets the
click context (the data root comes from ``--root`` or ``REGRAAD_ROOT`` as parsed so
far) and the word being completed, and returns values, or (value, description) pairs
that zsh and fish show; typer keeps those starting with the word.
"""

from __future__ import annotations

import enum
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer

from ..i18n import _

PROG = "regraad"
COMPLETE_VAR = "_REGRAAD_COMPLETE"
Values = list[str | tuple[str, str]]


class Shell(str, enum.Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def _quiet(produce: Callable[[typer.Context, str], Values]) -> Callable[..., Values]:
    """``produce``, with any failure turned into no values."""

    def values(ctx: typer.Context, incomplete: str) -> Values:
        try:
            return produce(ctx, incomplete)
        except Exception:
            return []

    values.__name__ = produce.__name__
    values.__doc__ = produce.__doc__
    return values


def _data(ctx: typer.Context) -> Path:
    from ..load.root import find_root

    root = ctx.find_root().params.get("root")
    return find_root(Path(root) if root else None) / "data"


def _ids(folder: Path, suffix: str = ".yaml") -> list[str]:
    return sorted(p.name[: -len(suffix)] for p in folder.glob(f"*{suffix}") if p.is_file())


_NAME = re.compile(r"^name:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def _name(path: Path) -> str:
    """The top-level ``name:`` of a small YAML file, read as text (no YAML parsing)."""
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        head = handle.read(4096)
    found = _NAME.search(head)
    return found.group(1).strip("'\"") if found else ""


def _named(folder: Path) -> Values:
    out: Values = []
    for ident in _ids(folder):
        name = _name(folder / f"{ident}.yaml")
        out.append((ident, name) if name else ident)
    return out


@_quiet
def specialty_values(ctx: typer.Context, incomplete: str) -> Values:
    """Specialty slugs: the folders under data/specialties/."""
    folder = _data(ctx) / "specialties"
    return sorted(p.name for p in folder.iterdir() if p.is_dir())


@_quiet
def trust_values(ctx: typer.Context, incomplete: str) -> Values:
    """Trust ids, with the trust's name."""
    return _named(_data(ctx) / "trusts")


@_quiet
def region_values(ctx: typer.Context, incomplete: str) -> Values:
    """Region ids, with the region's name."""
    return _named(_data(ctx) / "regions")


def _per_specialty(ctx: typer.Context, incomplete: str, folder: str) -> Values:
    """Ids of the documents in each specialty's ``folder``: ``ID``, or ``SPECIALTY/ID``
    once the word has a slash (or when the id alone is ambiguous)."""
    found: dict[str, list[str]] = {}
    for path in sorted((_data(ctx) / "specialties").glob(f"*/{folder}/*.yaml")):
        found.setdefault(path.stem, []).append(path.parent.parent.name)
    qualified = "/" in incomplete
    out: Values = []
    for ident, slugs in sorted(found.items()):
        if qualified or len(slugs) > 1:
            out.extend(f"{slug}/{ident}" for slug in slugs)
        else:
            out.append((ident, slugs[0]))
    return out


@_quiet
def proposal_values(ctx: typer.Context, incomplete: str) -> Values:
    """Proposal ids (2026-004), or SPECIALTY/ID."""
    return _per_specialty(ctx, incomplete, "proposals")


@_quiet
def meeting_values(ctx: typer.Context, incomplete: str) -> Values:
    """Meeting ids (2026-11-26-hso), or SPECIALTY/ID."""
    return _per_specialty(ctx, incomplete, "meetings")


_RANGE = re.compile(r"^(.*?)(\.\.\.?)([^.]*)$")


def _refs(root: Path) -> Iterator[str]:
    listed = subprocess.run(
        ["git", "-C", str(root), "for-each-ref", "--format=%(refname:short)",
         "refs/heads", "refs/tags", "refs/remotes"],
        capture_output=True, text=True, timeout=2, check=True,
    ).stdout  # fmt: skip
    yield from (line for line in listed.splitlines() if line and not line.endswith("/HEAD"))


@_quiet
def revision_values(ctx: typer.Context, incomplete: str) -> Values:
    """HEAD, HEAD~1..3, branches, tags and remote branches; after ``A..`` or ``A...``
    the other end of a range."""
    found = _RANGE.match(incomplete)
    prefix = found.group(1) + found.group(2) if found else ""
    names = ["HEAD", *(f"HEAD~{n}" for n in range(1, 4)), *_refs(_data(ctx).parent)]
    return [prefix + name for name in dict.fromkeys(names)]


@_quiet
def state_values(ctx: typer.Context, incomplete: str) -> Values:
    """Proposal states, with what each means."""
    from ..rules.proposal_flow import STATE_TITLES

    return [(state, _(title)) for state, title in STATE_TITLES.items()]


@_quiet
def rule_values(ctx: typer.Context, incomplete: str) -> Values:
    """Rule ids (and the YAML and schema checks), with their one-line doc."""
    from ..rules import load_rules
    from ..validate import LAYER_CHECKS

    values: Values = [(rid, _(doc)) for rid, doc in LAYER_CHECKS.items()]
    return values + [(r.id, _(r.doc)) for r in load_rules().values()]


@_quiet
def kind_values(ctx: typer.Context, incomplete: str) -> Values:
    """Document kinds, with their title."""
    from ..load.kinds import KINDS

    return [(kind.name, _(kind.title)) for kind in KINDS]


# -- the scripts ------------------------------------------------------------------------------


def words_before_cursor() -> list[str] | None:
    """The words typed after ``regraad`` and before the one being completed, from the
    variables the completion scripts set; ``None`` when the shell is not asking."""
    instruction = os.environ.get(COMPLETE_VAR)
    if instruction is None:
        return None
    if not instruction.startswith("complete_"):
        return []  # e.g. source_bash: the script, for every command
    from typer._click.shell_completion import split_arg_string

    try:
        if instruction == "complete_bash":
            words = split_arg_string(os.environ.get("COMP_WORDS", ""))
            return words[1 : int(os.environ.get("COMP_CWORD", "0"))]
        line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
        words = split_arg_string(line)[1:]
        return words if line.endswith(" ") else words[:-1]
    except ValueError:
        return []


def enable() -> None:
    """Register typer's bash, zsh and fish completion, read from ``_REGRAAD_COMPLETE``."""
    from typer._completion_classes import completion_init  # typer exports no public name

    completion_init()


def show_script(ctx: typer.Context, param: Any, shell: Shell | None) -> None:
    """``--show-completion SHELL``: print the script that makes SHELL complete regraad."""
    if shell is None or ctx.resilient_parsing:
        return
    from typer._completion_shared import get_completion_script

    sys.stdout.write(
        get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell.value) + "\n"
    )
    raise typer.Exit()


def install_script(ctx: typer.Context, param: Any, shell: Shell | None) -> None:
    """``--install-completion SHELL``: install that script where SHELL reads it."""
    if shell is None or ctx.resilient_parsing:
        return
    from typer._completion_shared import install

    name, path = install(shell=shell.value, prog_name=PROG, complete_var=COMPLETE_VAR)
    sys.stdout.write(
        _("{shell} completion installed in {path}; it takes effect in a new shell").format(
            shell=name, path=path
        )
        + "\n"
    )
    raise typer.Exit()
