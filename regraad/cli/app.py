"""The ``regraad`` command: global options, the command registry, one error handler.

Every failure becomes a message and a fixed exit code here and nowhere else:
0 ok, 1 findings or refused, 2 usage, 3 internal (traceback only with --debug).
"""

from __future__ import annotations

import contextlib
import enum
import os
import select
import sys
import traceback
from collections.abc import Iterable
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import __version__
from ..errors import EXIT_INTERNAL, EXIT_USAGE, RegraadError
from ..i18n import _, set_language
from ..privacy.personnummer import redacted_console
from .complete import Shell, install_script, show_script, words_before_cursor
from .complete import enable as enable_completion
from .framework import Group, is_usage_error, localise, show_usage_error, usage_error_text
from .helptext import examples
from .state import STATE

set_language()


class Language(str, enum.Enum):
    nb = "nb"
    en = "en"


def _new_app() -> typer.Typer:
    """The bare ``regraad`` group; built per run, after the language is settled, since
    help texts are translated when they are declared."""

    def _global(
        root: Annotated[
            Path | None,
            typer.Option(
                "--root",
                metavar="DIR",
                help=_("The data root (a folder holding data/)."),
                envvar="REGRAAD_ROOT",
                show_envvar=True,
            ),
        ] = None,
        lang: Annotated[
            Language | None,
            typer.Option("--lang", help=_("Language of messages (default: from LANG).")),
        ] = None,
        no_color: Annotated[bool, typer.Option("--no-color", help=_("Never use colour."))] = False,
        no_pager: Annotated[
            bool,
            typer.Option("--no-pager", help=_("Never page long output at a terminal ($PAGER).")),
        ] = False,
        debug: Annotated[
            bool, typer.Option("--debug", help=_("Show tracebacks of internal errors."))
        ] = False,
        version: Annotated[
            bool | None,
            typer.Option(
                "--version", callback=_version, is_eager=True, help=_("Show the version and exit.")
            ),
        ] = None,
        show_completion: Annotated[
            Shell | None,
            typer.Option(
                "--show-completion",
                callback=show_script,
                is_eager=True,
                expose_value=False,
                help=_("Print the shell completion script for bash, zsh or fish."),
            ),
        ] = None,
        install_completion: Annotated[
            Shell | None,
            typer.Option(
                "--install-completion",
                callback=install_script,
                is_eager=True,
                expose_value=False,
                help=_("Install shell completion for bash, zsh or fish."),
            ),
        ] = None,
    ) -> None:
        STATE.root = root
        STATE.debug = debug
        STATE.no_color = no_color
        STATE.no_pager = no_pager
        if lang is not None:
            set_language(lang.value)

    new = typer.Typer(
        name="regraad",
        cls=Group,
        help=_("Keep the regional councils' LIS-education data as validated YAML in git.")
        + "\n\n"
        + examples(
            ("regraad validate", _("check the data root you are in")),
            ("regraad validate --format github", _("annotations for GitHub Actions")),
            ("regraad validate --rev HEAD~1", _("check an older revision")),
            ("regraad rules", _("list the rules")),
        ),
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    new.callback()(_global)
    return new


def _version(value: bool) -> None:
    if value:
        typer.echo(f"regraad {__version__}")
        raise typer.Exit()


# The commands, in the order --help lists them; each module has register(app).
COMMANDS = (
    "validate_cmd",
    "diff_cmd",
    "render_cmd",
    "coverage_cmd",
    "estimate_cmd",
    "report_cmd",
    "import_cmd",
    "export_cmd",
    "fmt_cmd",
    "propose_cmd",
    "case_cmd",
    "council_cmd",
    "meeting_cmd",
    "audit_cmd",
    "revert_cmd",
    "schema_cmd",
    "codeowners_cmd",
    "init_cmd",
)


# Commands a module registers besides the one it is named after (``diff`` is diff_cmd).
_ALSO = {"rules": "validate_cmd"}
# Global options that take a value, and ones that must see every command.
_VALUED = frozenset(("--root", "--lang"))
_ALL = frozenset(("-h", "--help", "--version", "--install-completion", "--show-completion"))


def build_app(modules: Iterable[str] = COMMANDS) -> typer.Typer:
    """The ``regraad`` command with the commands of ``modules`` (all by default)."""
    new = _new_app()
    for name in modules:
        import_module(f".{name}", __package__).register(new)
    return localise(new)


def _modules_for(args: list[str]) -> tuple[str, ...]:
    """Only the module of the command being run, so its siblings are never imported;
    every module for help, completing a command's name, or anything not recognised."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _ALL:
            return COMMANDS
        if arg in _VALUED:
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        module = _ALSO.get(arg, f"{arg}_cmd")
        return (module,) if module in COMMANDS else COMMANDS
    return COMMANDS


def _language_in(args: list[str]) -> str | None:
    """The global ``--lang X`` / ``--lang=X`` (before the command), if any."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--lang":
            return args[i + 1] if i + 1 < len(args) else None
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if not arg.startswith("-"):
            return None
        i += 2 if arg in _VALUED else 1
    return None


def __getattr__(name: str) -> Any:
    """``app``: the command with every subcommand, built when first asked for."""
    if name == "app":
        built = globals()["app"] = build_app()
        return built
    raise AttributeError(name)


def _has_command(command: Any, args: list[str]) -> bool:
    names = getattr(command, "commands", {})
    return any(arg in names for arg in args if not arg.startswith("-"))


def _print_error(message: str, hint: str | None) -> None:
    sys.stderr.write(_("error: {message}").format(message=message) + "\n")
    if hint:
        sys.stderr.write(_("hint: {hint}").format(hint=hint) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of raising."""
    args = sys.argv[1:] if argv is None else list(argv)
    lang = _language_in(args)
    if lang in ("nb", "en"):
        set_language(lang)  # before the commands are imported: their help is translated then
    typed = words_before_cursor()  # the shell asks for completions of these words
    if typed is not None:
        enable_completion()
    words = args if typed is None else typed
    modules = _modules_for(words)
    command = typer.main.get_command(build_app(modules))
    if modules != COMMANDS and not _has_command(command, words):
        command = typer.main.get_command(build_app())
    try:
        with redacted_console():  # no national identity number reaches the terminal in full
            return _run(command, args)
    except (_OutputClosed, BrokenPipeError):  # the latter: the last flush of held text
        return _output_closed()


class _OutputClosed(Exception):
    """The reader of stdout or stderr went away while the command wrote to it."""


def _output_gone() -> bool:
    """True when stdout or stderr is a pipe whose reader has gone (poll reports an error
    on its write end): a broken pipe anywhere else is a failure, not a reader's choice."""
    for stream in (sys.stdout, sys.stderr):
        try:
            fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            continue  # not a file (captured output): nothing to close
        if not hasattr(select, "poll"):
            return True  # no poll here: the output is the one pipe a command writes to
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        if any(event & (select.POLLERR | select.POLLHUP) for _fd, event in poller.poll(0)):
            return True
    return False


def _output_closed() -> int:
    """The reader went away (``regraad validate -f json | head -1``): end quietly with
    exit 0, as ``git log | head`` does. What is still buffered for the closed pipe goes
    to /dev/null, so that the interpreter's last flush at exit finds nothing to report
    ("Exception ignored … BrokenPipeError")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                with contextlib.suppress(OSError, ValueError):
                    os.dup2(devnull, stream.fileno())
    finally:
        os.close(devnull)
    return 0


def _run(command: Any, argv: list[str]) -> int:
    """The command's exit code: every failure becomes a message here and nowhere else."""
    try:
        result = command.main(args=argv, prog_name="regraad", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.TyperException as exc:  # usage errors from option parsing
        if is_usage_error(exc):
            show_usage_error(exc, _("error: {message}").format(message=usage_error_text(exc)))
        else:
            _print_error(exc.message, None)
        return EXIT_USAGE if exc.exit_code == EXIT_USAGE else int(exc.exit_code)
    except typer.Abort:
        sys.stderr.write(_("aborted") + "\n")
        return 130
    except BrokenPipeError:
        if _output_gone():
            raise _OutputClosed from None  # ``main`` ends quietly
        return _internal_error()
    except SystemExit as exc:
        # click turns a broken pipe into sys.exit(1), taking it for the output's
        if not isinstance(exc.__context__, BrokenPipeError):
            raise
        if _output_gone():
            raise _OutputClosed from None
        return _internal_error()
    except RegraadError as exc:
        if STATE.debug:
            traceback.print_exc()
        _print_error(exc.message, exc.hint)
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(_("interrupted") + "\n")
        return 130
    except Exception:
        return _internal_error()
    return int(result or 0)


def _internal_error() -> int:
    """Report the exception being handled as a bug (its traceback with --debug)."""
    if STATE.debug:
        traceback.print_exc()
    error = sys.exc_info()[1]
    if isinstance(error, SystemExit) and error.__context__ is not None:
        error = error.__context__
    _print_error(
        _("internal error: {error}").format(error=error.__class__.__name__),
        _("this is a bug in regraad; run again with --debug and report the output"),
    )
    return EXIT_INTERNAL
