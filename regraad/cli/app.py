"""The ``regraad`` command: global options, the command registry, one error handler.

Every failure becomes a message and a fixed exit code here and nowhere else:
0 ok, 1 findings or refused, 2 usage, 3 internal (traceback only with --debug).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterable
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .. import __version__
from ..errors import EXIT_INTERNAL, EXIT_USAGE, RegraadError
from ..i18n import _, set_language
from .state import STATE

set_language()


def _new_app() -> typer.Typer:
    new = typer.Typer(
        name="regraad",
        help=_(
            "Keep the regional councils' LIS-education data as validated YAML in git.\n\n"
            "Examples:\n\n"
            "  regraad validate                      check the data root you are in\n\n"
            "  regraad validate --format github      annotations for GitHub Actions\n\n"
            "  regraad validate --rev HEAD~1         check an older revision\n\n"
            "  regraad rules                         list the rules"
        ),
        no_args_is_help=True,
        add_completion=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    new.callback()(_global)
    return new


def _version(value: bool) -> None:
    if value:
        typer.echo(f"regraad {__version__}")
        raise typer.Exit()


def _global(
    root: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional on 3.10
        typer.Option(
            "--root",
            help=_("The data root (a folder holding data/)."),
            envvar="REGRAAD_ROOT",
            show_envvar=True,
        ),
    ] = None,
    lang: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--lang", help=_("Language of messages: nb or en (default: from LANG).")),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help=_("Never use colour."))] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help=_("Show tracebacks of internal errors."))
    ] = False,
    version: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--version", callback=_version, is_eager=True, help=_("Show the version and exit.")
        ),
    ] = None,
) -> None:
    STATE.root = root
    STATE.debug = debug
    STATE.no_color = no_color
    if lang:
        if lang not in ("nb", "en"):
            raise typer.BadParameter(_("use nb or en"), param_hint="--lang")
        set_language(lang)


# The commands, in the order --help lists them; each module has register(app).
COMMANDS = (
    "validate_cmd",
    "diff_cmd",
    "render_cmd",
    "coverage_cmd",
    "estimate_cmd",
    "report_cmd",
    "fmt_cmd",
    "propose_cmd",
    "council_cmd",
    "meeting_cmd",
    "audit_cmd",
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
    return new


def _modules_for(args: list[str]) -> tuple[str, ...]:
    """Only the module of the command being run, so its siblings are never imported;
    every module for help, completion, or anything not recognised."""
    if any(var.startswith("_") and var.endswith("_COMPLETE") for var in os.environ):
        return COMMANDS
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
    modules = _modules_for(args)
    command = typer.main.get_command(build_app(modules))
    if modules != COMMANDS and not _has_command(command, args):
        command = typer.main.get_command(build_app())
    argv = args
    try:
        result = command.main(args=argv, prog_name="regraad", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.TyperException as exc:  # usage errors from option parsing
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            _print_error(exc.message, None)
        return EXIT_USAGE if exc.exit_code == EXIT_USAGE else int(exc.exit_code)
    except typer.Abort:
        sys.stderr.write(_("aborted") + "\n")
        return 130
    except RegraadError as exc:
        if STATE.debug:
            traceback.print_exc()
        _print_error(exc.message, exc.hint)
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(_("interrupted") + "\n")
        return 130
    except Exception:
        if STATE.debug:
            traceback.print_exc()
        _print_error(
            _("internal error: {error}").format(error=sys.exc_info()[1].__class__.__name__),
            _("this is a bug in regraad; run again with --debug and report the output"),
        )
        return EXIT_INTERNAL
    return int(result or 0)
