"""The documentation cannot drift from the commands.

docs/reference.md is generated from every command's --help (``make docs``) and must
equal what the generator writes now. README.md is the coordinator's guide: every command
has a terminal example there, every example runs a real command with options that exist,
and the blocks marked ``<!-- checked -->`` are run in a git copy of the example dataset
and must print what they show. In shown output, a line that is only ``…`` stands for any
number of lines, a ``…`` inside a line for any text, commit ids may differ, and the data
root is shown as ``/home/kari/regut-data``.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.core import TyperGroup

from regraad.cli.app import build_app, main

from .conftest import PROJECT, git

README = PROJECT / "README.md"
REFERENCE = PROJECT / "docs" / "reference.md"
SHOWN_ROOT = "/home/kari/regut-data"
CHECKED = "<!-- checked -->"
ELLIPSIS = "…"
# The read-only tour whose examples must stay checked: validation, the analyses, diff.
MUST_BE_CHECKED = {("validate",), ("rules",), ("coverage",), ("estimate",), ("schema",), ("diff",)}
# Options that end a run before any command: `regraad --version` is an example too.
EAGER = {"--version", "--help", "-h", "--install-completion", "--show-completion"}
COMMIT_ID = re.compile(r"\b[0-9a-f]{7,40}\b")


@dataclass
class Example:
    """One `$ regraad ...` line of a ```console block and the output shown under it."""

    line: int
    text: str
    args: list[str]
    output: list[str] = field(default_factory=list)


@dataclass
class Block:
    line: int
    checked: bool
    examples: list[Example] = field(default_factory=list)
    other_commands: list[str] = field(default_factory=list)


def console_blocks(markdown: str) -> list[Block]:
    """The ```console blocks of ``markdown``, commands split from their output."""
    blocks: list[Block] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        fence = lines[i].lstrip()
        if fence != "```console":
            i += 1
            continue
        indent = len(lines[i]) - len(fence)
        previous = next((x.strip() for x in reversed(lines[:i]) if x.strip()), "")
        block = Block(line=i + 1, checked=previous == CHECKED)
        i += 1
        current: Example | None = None
        while i < len(lines) and lines[i].strip() != "```":
            text = lines[i][indent:]
            number = i + 1
            if text.startswith("$ "):
                command = text[2:]
                while command.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    command = command[:-1] + " " + lines[i].strip()
                words = shlex.split(command, comments=True)
                if words and words[0] == "regraad":
                    current = Example(number, command, words[1:])
                    block.examples.append(current)
                else:
                    current = None
                    block.other_commands.append(command)
            elif current is not None:
                current.output.append(text.rstrip())
            i += 1
        blocks.append(block)
        i += 1
    return blocks


BLOCKS = console_blocks(README.read_text(encoding="utf-8"))
EXAMPLES = [example for block in BLOCKS for example in block.examples]


@pytest.fixture(scope="module")
def root() -> Any:
    """The ``regraad`` command tree; only its names and parameters are read."""
    return typer.main.get_command(build_app())


def leaf_commands(command: Any, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every command a user can run, as the words after ``regraad``."""
    if not isinstance(command, TyperGroup):
        return {path}
    found: set[tuple[str, ...]] = set()
    for name, sub in command.commands.items():
        if not sub.hidden:
            found |= leaf_commands(sub, (*path, name))
    return found


def _split_at_subcommand(group: Any, args: list[str]) -> tuple[list[str], str | None, list[str]]:
    """The group's own arguments, the subcommand's name and what follows it."""
    options = {
        name: param
        for param in group.params
        if param.param_type_name == "option"
        for name in (*param.opts, *param.secondary_opts)
    }
    positionals = sum(1 for param in group.params if param.param_type_name == "argument")
    i = 0
    while i < len(args):
        word = args[i]
        if i == 0 and word in group.commands:  # ``audit baseline``: the first word decides
            return [], word, args[1:]
        if word.startswith("-"):
            option = options.get(word.split("=", 1)[0])
            takes_value = option is not None and not option.is_flag and "=" not in word
            i += 2 if takes_value else 1
        elif positionals:
            positionals -= 1
            i += 1
        else:
            return args[:i], word, args[i + 1 :]
    return args, None, []


def command_of(root: Any, args: list[str]) -> tuple[str, ...]:
    """The command ``regraad ARGS`` runs, after click has parsed every level of it, so
    an unknown option, a bad choice or a missing argument fails here."""
    command, parent, name = root, None, "regraad"
    path: list[str] = []
    try:
        while isinstance(command, TyperGroup):
            head, sub, rest = _split_at_subcommand(command, args)
            if sub is None and path and command.invoke_without_command:
                command.make_context(name, args, parent=parent)  # ``regraad audit RANGE``
                return tuple(path)
            if sub is None:
                assert EAGER & set(args), f"`regraad {shlex.join(args)}` names no command"
                return tuple(path)
            assert sub in command.commands, f"`regraad {shlex.join(args)}`: no command {sub!r}"
            parent = command.make_context(name, [*head, sub], parent=parent)
            command, name, args = command.commands[sub], sub, rest
            path.append(sub)
        command.make_context(name, args, parent=parent)
    except typer.Exit:  # --version and --help end parsing early, as they should
        pass
    return tuple(path)


# --- the reference ------------------------------------------------------------------


def generated_reference() -> str:
    """What ``make docs`` writes, from a fresh interpreter: help texts are translated
    when the command modules are first imported, so no earlier test can colour them."""
    env = dict(os.environ)
    proc = subprocess.run(
        [sys.executable, "-m", "docs.reference", "--stdout"],
        cwd=PROJECT,
        # a Norwegian, narrow terminal: the reference is English and 80 columns regardless
        env={**env, "LANG": "nb_NO.UTF-8", "REGRAAD_LANG": "nb", "COLUMNS": "60"},
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def test_reference_is_what_make_docs_writes() -> None:
    committed = REFERENCE.read_text(encoding="utf-8")
    generated = generated_reference()
    if committed != generated:
        changed = "\n".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(),
                    generated.splitlines(),
                    "docs/reference.md (committed)",
                    "docs/reference.md (generated)",
                    lineterm="",
                )
            )[:40]
        )
        pytest.fail(f"docs/reference.md is out of date: run `make docs`\n{changed}")


def test_reference_has_a_section_for_every_command(root: Any) -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    headings = set(re.findall(r"^## (regraad(?: [a-z-]+)*)$", reference, flags=re.M))
    missing = {
        "regraad " + " ".join(path)
        for path in leaf_commands(root)
        if "regraad " + " ".join(path) not in headings
    }
    assert not missing, f"not in docs/reference.md (run `make docs`): {sorted(missing)}"


def test_reference_follows_the_order_of_help(root: Any) -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    sections = re.findall(r"^## regraad ([a-z-]+)$", reference, flags=re.M)
    assert sections == list(root.commands)


@pytest.mark.parametrize(
    "words", [(), ("validate",), ("meeting", "decide", "2026-12-03-hso", "elect")]
)
def test_reference_is_what_help_prints_in_english(words: tuple[str, ...]) -> None:
    """The installed command, asked for help on a wide terminal in English, prints the
    section of the reference word for word (a group's arguments are not in the title)."""
    env = {**os.environ, "REGRAAD_LANG": "en", "COLUMNS": "120"}
    proc = subprocess.run(
        [sys.executable, "-m", "regraad", *words, "--help"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    title = " ".join(("regraad", *(w for w in words if not w[0].isdigit())))  # not the ID
    reference = REFERENCE.read_text(encoding="utf-8")
    section = reference.split(f"\n## {title}\n\n```text\n", 1)[1].split("\n```\n", 1)[0]
    printed = "\n".join(line.rstrip() for line in proc.stdout.rstrip("\n").splitlines())
    assert section == printed


# --- the README ---------------------------------------------------------------------


def test_every_command_has_an_example_in_the_readme(root: Any) -> None:
    shown = {command_of(root, example.args) for example in EXAMPLES}
    missing = sorted(" ".join(path) for path in leaf_commands(root) - shown)
    assert not missing, f"README.md has no ```console example of: regraad {missing}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"README:{e.line}")
def test_readme_example_runs_a_real_command(root: Any, example: Example) -> None:
    path = command_of(root, example.args)
    assert path or EAGER & set(example.args), example.text


def test_the_read_only_tour_is_checked(root: Any) -> None:
    checked = {
        command_of(root, example.args)
        for block in BLOCKS
        if block.checked
        for example in block.examples
    }
    assert checked >= MUST_BE_CHECKED, sorted(MUST_BE_CHECKED - checked)


def _pattern(line: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in line.split(ELLIPSIS)))


def shown_matches(shown: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is what ``shown`` shows, ``…`` standing for what was left out."""
    shown = _trim(shown)
    actual = _trim(actual)
    # reach[i][j]: the first i shown lines match the first j actual lines.
    reach = [[False] * (len(actual) + 1) for _ in range(len(shown) + 1)]
    reach[0][0] = True
    for i, line in enumerate(shown, start=1):
        if line.strip() == ELLIPSIS:
            for j in range(len(actual) + 1):
                reach[i][j] = reach[i - 1][j] or (j > 0 and reach[i][j - 1])
            continue
        pattern = _pattern(line)
        for j in range(1, len(actual) + 1):
            reach[i][j] = reach[i - 1][j - 1] and pattern.fullmatch(actual[j - 1]) is not None
    return reach[len(shown)][len(actual)]


def _trim(lines: list[str]) -> list[str]:
    lines = [COMMIT_ID.sub("<commit>", line.rstrip()) for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def test_the_matcher_compares_what_is_shown() -> None:
    actual = ["HEAD (3f2a91c0de) → working tree", "", "a", "b", "c", "3 changes"]
    assert shown_matches(["HEAD (8be01d7a2c) → working tree", "…", "3 changes"], actual)
    assert shown_matches(["HEAD (…) → working tree", "", "a", "…"], actual)
    assert shown_matches(
        ["HEAD (1234567abc) → working tree", "", "a", "b", "c", "3 changes"], actual
    )
    assert not shown_matches(["HEAD (8be01d7a2c) → working tree", "", "a", "c", "…"], actual)
    assert not shown_matches(["HEAD (8be01d7a2c) → working tree"], actual)
    assert not shown_matches(["…", "4 changes"], actual)


CHECKED_BLOCKS = [block for block in BLOCKS if block.checked]


@pytest.mark.parametrize(
    "block", CHECKED_BLOCKS, ids=lambda b: f"README:{b.line}:{' '.join(b.examples[0].args[:1])}"
)
def test_checked_readme_examples_print_what_they_show(
    block: Block, repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not block.other_commands, "a checked block runs only regraad commands"
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    monkeypatch.chdir(repo)
    for example in block.examples:
        code = main(list(example.args))
        captured = capsys.readouterr()
        printed = (captured.out + captured.err).replace(str(repo), SHOWN_ROOT)
        where = f"README.md:{example.line} `{example.text}`"
        assert code in (0, 1), f"{where} exited {code}:\n{printed}"
        if not shown_matches(example.output, printed.splitlines()):
            shown = "\n".join(example.output)
            pytest.fail(f"{where} shows:\n{shown}\n\nbut printed:\n{printed}", pytrace=False)


def _slug(heading: str) -> str:
    """The fragment GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("page", [README, REFERENCE], ids=lambda p: p.name)
def test_links_lead_somewhere(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    anchors = {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", prose, flags=re.M)}
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        if target.startswith(("http://", "https://")):
            continue
        path, _, fragment = target.partition("#")
        if path:
            assert (page.parent / path).exists(), f"{page.name} links to a missing {path}"
        elif fragment:
            assert fragment in anchors, f"{page.name} links to a missing #{fragment}"
