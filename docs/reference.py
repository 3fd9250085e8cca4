"""Write docs/reference.md: every command's ``--help``, as regraad prints it in English.

The reference is generated, never written by hand, so it cannot disagree with the
commands; tests/test_docs.py fails when the committed file differs from what this
module writes. Run ``make docs`` (``python -m docs.reference``) after changing a
command, an option or a help text.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typer import _click

REFERENCE = Path(__file__).resolve().parent / "reference.md"
# Help is wrapped at min(terminal columns, 80) - 2: this is what every terminal at
# least 80 columns wide shows, and it does not depend on the machine the file is made on.
WIDTH = 78

HEADER = """\
# Command reference

Every `regraad` command's `--help`, in the order `regraad --help` lists them, as printed
in English (`--lang en`) on a terminal at least 80 columns wide. This file is generated
from the commands by `make docs` (`python -m docs.reference`): do not edit it by hand.
The coordinator's guide, with an example of each command, is the
[README](../README.md).
"""


def _english() -> None:
    """Help texts are translated when the command modules are imported, so English is
    chosen before they are, whatever the environment says."""
    os.environ["REGRAAD_LANG"] = "en"
    # typer's own test switch changes the completion options' help; never follow it here.
    os.environ.pop("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", None)
    from regraad.i18n import set_language

    set_language("en")


def root_command() -> _click.Command:
    """The ``regraad`` command with every subcommand, as the installed script builds it."""
    _english()
    import typer

    from regraad.cli.app import build_app

    return typer.main.get_command(build_app())


def walk(
    command: _click.Command, parent: _click.Context | None = None, name: str = "regraad"
) -> Iterator[_click.Context]:
    """A context for ``command`` and for each visible subcommand, depth first in the
    order --help lists them."""
    from typer.core import TyperGroup

    ctx = command.context_class(
        command,
        info_name=name,
        parent=parent,
        terminal_width=WIDTH,
        max_content_width=WIDTH,
        **command.context_settings,
    )
    yield ctx
    if isinstance(command, TyperGroup):
        for sub_name in command.list_commands(ctx):
            sub = command.get_command(ctx, sub_name)
            if sub is not None and not sub.hidden:
                yield from walk(sub, ctx, sub_name)


def title(ctx: _click.Context) -> str:
    """The words that run the command (``regraad meeting decide elect``); unlike
    click's command path, without the arguments a group takes before its subcommand."""
    names: list[str] = []
    node: _click.Context | None = ctx
    while node is not None:
        names.append(node.info_name or "")
        node = node.parent
    return " ".join(reversed(names))


def anchor(title: str) -> str:
    """The fragment GitHub gives a heading made of words, spaces and hyphens."""
    return title.lower().replace(" ", "-")


def render(root: _click.Command | None = None) -> str:
    """The whole reference as Markdown."""
    contexts = list(walk(root if root is not None else root_command()))
    lines = [HEADER, "## Contents", ""]
    for ctx in contexts:
        name = title(ctx)
        indent = "  " * max(name.count(" ") - 1, 0)
        lines.append(f"{indent}- [{name}](#{anchor(name)})")
    for ctx in contexts:
        text = "\n".join(line.rstrip() for line in ctx.get_help().splitlines())
        lines += ["", f"## {title(ctx)}", "", "```text", text, "```"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the reference, or print it with ``--stdout``."""
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--stdout"]):
        sys.stderr.write("usage: python -m docs.reference [--stdout]\n")
        return 2
    text = render()
    if args:
        sys.stdout.write(text)
    else:
        REFERENCE.write_text(text, encoding="utf-8", newline="\n")
        sys.stdout.write(f"wrote {os.path.relpath(REFERENCE)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
