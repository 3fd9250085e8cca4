"""The command-line framework's own words in the user's language.

typer, and the click it vendors, write "Usage:", "Options:", "[default: …]", "Show this
message and exit." and their usage errors in English, most of them hard-coded. The
command classes here take over the parts of help and parsing that produce those words,
through click's extension points (command classes, ``context_class``,
``formatter_class``, ``format_options``, ``collect_usage_pieces``, ``resolve_command``),
and ``usage_error_text`` restates a usage error from its attributes. ``localise`` gives
every command of an app these classes, whichever module registered it.

typer has no public names for the click parts, so they come from ``typer._click``; the
help and error tests in tests/test_i18n.py fail if a typer release changes them.
"""

from __future__ import annotations

import difflib
import enum
import sys
from typing import TYPE_CHECKING, Any, NoReturn, TypeGuard

import typer
from typer import _click
from typer._click import exceptions as errors
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from ..i18n import N_, _, ngettext

if TYPE_CHECKING:
    from typer._click.formatting import HelpFormatter

# typer marks these for gettext and raises them with the text as is; the catalogue holds
# them so usage_error_text can translate them.
TYPER_MESSAGES = (N_("Missing command."),)

Param = TyperArgument | TyperOption


class Formatter(_click.HelpFormatter):
    """Help text with a translated "Usage:"."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class Context(typer.Context):
    formatter_class = Formatter

    @property
    def command_path(self) -> str:
        """``regraad meeting decide ID recommend``: the parents' arguments written as in
        the usage line."""
        path = self.info_name or ""
        if self.parent is not None:
            parent = self.parent.command.get_params(self)
            arguments = [argument_usage(p) for p in parent if isinstance(p, TyperArgument)]
            path = " ".join([self.parent.command_path, *arguments, path])
        return path.strip()


def choices(param: Param) -> list[str]:
    """The values a choice parameter takes, as typed; empty for other parameters."""
    values = param.type_descriptor.choices if param.type_descriptor.is_choice else None
    return [v.value if isinstance(v, enum.Enum) else str(v) for v in values or ()]


def metavar(param: Param) -> str:
    """What stands for the value in help and usage: the declared metavar, the choices
    (``[text|json]``), or the parameter's name in capitals."""
    if param.metavar:
        return param.metavar.strip("[]")
    values = choices(param)
    if values:
        return "[" + "|".join(values) + "]"
    return param.name.upper()


def argument_usage(param: TyperArgument) -> str:
    """``SPECIALTY``, ``[SPECIALTY]``, ``[PATH]...``."""
    text = metavar(param) if param.required else f"[{metavar(param)}]"
    return text + ("..." if param.nargs != 1 else "")


def _usage_pieces(command: _click.Command, ctx: _click.Context) -> list[str]:
    options = command.options_metavar
    pieces = [_("[OPTIONS]") if options == "[OPTIONS]" else options] if options else []
    arguments = [p for p in command.get_params(ctx) if isinstance(p, TyperArgument)]
    return pieces + [argument_usage(p) for p in arguments]


def _range(param: Param) -> str:
    """``1<=x<=50``, as click writes a number's bounds; empty when it has none."""
    if param.min is None and param.max is None:
        return ""
    low = "" if param.min is None else f"{param.min}<="
    high = "" if param.max is None else f"<={param.max}"
    return f"{low}x{high}"


def _default_text(param: Param, ctx: _click.Context) -> str:
    if isinstance(param.show_default, str):
        return param.show_default
    if not (param.show_default or ctx.show_default):
        return ""
    value = param.get_default(ctx, call=False)
    if value is None:
        return ""
    if callable(value):
        return _("(dynamic)")
    if isinstance(param, TyperOption) and param.is_bool_flag:
        if param.secondary_opts:
            return (param.opts if value else param.secondary_opts)[0].lstrip("-/")
        return "" if not value else str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(v.value if isinstance(v, enum.Enum) else str(v) for v in value)
    return str(value.value if isinstance(value, enum.Enum) else value)


def help_record(param: Param, ctx: _click.Context) -> tuple[str, str] | None:
    """The two columns of a parameter in help: its names and value, and what it does
    with its env var, default, range and whether it is required."""
    if param.hidden:
        return None
    if isinstance(param, TyperArgument):
        names = metavar(param) + ("..." if param.nargs != 1 else "")
    else:
        value = "" if param.is_flag or param.count else " " + metavar(param)
        names = " / ".join(
            _click.formatting.join_options(opts)[0] + value
            for opts in (param.opts, param.secondary_opts)
            if opts
        )
    extras = []
    if param.show_envvar and param.envvar:
        envvar = param.envvar if isinstance(param.envvar, str) else ", ".join(param.envvar)
        extras.append(_("env var: {var}").format(var=envvar))
    default = _default_text(param, ctx)
    if default:
        extras.append(_("default: {default}").format(default=default))
    if _range(param):
        extras.append(_range(param))
    if param.required:
        extras.append(_("required"))
    text = param.help or ""
    if extras:
        text = f"{text}  [{'; '.join(extras)}]".strip()
    return names, text


def _write_parameters(
    command: _click.Command, ctx: _click.Context, formatter: HelpFormatter
) -> None:
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        if isinstance(param, (TyperArgument, TyperOption)):
            record = help_record(param, ctx)
            if record is not None:
                (arguments if isinstance(param, TyperArgument) else options).append(record)
    for title, rows in ((_("Arguments"), arguments), (_("Options"), options)):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)


def _translated_help_option(option: TyperOption | None) -> TyperOption | None:
    if option is not None:
        option.help = _("Show this message and exit.")
    return option


class Command(TyperCommand):
    """A command whose help and usage errors are in the user's language."""

    context_class = Context

    def get_help_option(self, ctx: _click.Context) -> TyperOption | None:
        return _translated_help_option(super().get_help_option(ctx))

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        return _usage_pieces(self, ctx)

    def format_options(self, ctx: _click.Context, formatter: HelpFormatter) -> None:
        _write_parameters(self, ctx, formatter)

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        """As click, with its "unexpected extra argument" error in the user's language."""
        strict = not ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = not strict
        if rest and strict and not ctx.resilient_parsing:
            extra = " ".join(a if a.isprintable() else repr(a) for a in rest)
            ctx.fail(
                ngettext(
                    "unexpected extra argument: {args}",
                    "unexpected extra arguments: {args}",
                    len(rest),
                ).format(args=extra)
            )
        return rest


class Group(TyperGroup):
    """A command with subcommands, in the user's language."""

    context_class = Context

    def get_help_option(self, ctx: _click.Context) -> TyperOption | None:
        return _translated_help_option(super().get_help_option(ctx))

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        return [*_usage_pieces(self, ctx), _("COMMAND [ARGS]...")]

    def format_options(self, ctx: _click.Context, formatter: HelpFormatter) -> None:
        _write_parameters(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: _click.Context, formatter: HelpFormatter) -> None:
        commands = [
            (name, command)
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _command in commands)
        with formatter.section(_("Commands")):
            formatter.write_dl([(n, c.get_short_help_str(limit)) for n, c in commands])

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        """As typer, with "no such command" and its suggestion in the user's language."""
        name = args[0]
        if self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            if name.startswith("-"):
                self.parse_args(ctx, args)  # an unknown option: click names it
            _fail_unknown_command(ctx, name, list(self.commands))
        return super().resolve_command(ctx, args)


def _fail_unknown_command(ctx: _click.Context, name: str, known: list[str]) -> NoReturn:
    message = _("no such command '{name}'").format(name=name)
    close = difflib.get_close_matches(name, known)
    if close:
        message += "; " + _("did you mean {commands}?").format(
            commands=", ".join(f"'{c}'" for c in close)
        )
    ctx.fail(message)


def localise(app: typer.Typer) -> typer.Typer:
    """Give every command and group of ``app`` the classes above (a class given at
    registration is kept), so no command shows the framework's English."""
    if not app.info.cls or app.info.cls is TyperGroup:
        app.info.cls = Group
    for info in app.registered_commands:
        if info.cls is None or info.cls is TyperCommand:  # typer's default
            info.cls = Command
    for group in app.registered_groups:
        if group.typer_instance is not None:
            localise(group.typer_instance)
    return app


# -- usage errors ---------------------------------------------------------------------------


def _hint(param: Param) -> str:
    if isinstance(param, TyperOption) and param.opts:
        return " / ".join(f"'{o}'" for o in param.opts)
    return f"'{metavar(param)}'"


def _param(exc: errors.BadParameter) -> Param | None:
    return exc.param if isinstance(exc.param, (TyperArgument, TyperOption)) else None


def _param_hint(exc: errors.BadParameter) -> str:
    hint = exc.param_hint
    if hint is not None:
        return hint if isinstance(hint, str) else " / ".join(f"'{h}'" for h in hint)
    param = _param(exc)
    return _hint(param) if param is not None else ""


def _first_error(exc: BaseException) -> dict[str, Any]:
    """The first validation error behind a rejected value (typer validates values with
    pydantic): its type and the input."""
    found = getattr(exc.__cause__, "errors", None)
    try:
        details = found() if callable(found) else []
    except Exception:
        details = []
    return dict(details[0]) if details else {}


def _reason(exc: errors.BadParameter) -> str:
    """Why a value was rejected, from what was rejected rather than typer's English."""
    param = _param(exc)
    detail = _first_error(exc)
    value = detail.get("input")
    if param is None or value is None:
        return exc.message
    values = choices(param)
    if values:
        return _("'{value}' is not one of {choices}").format(
            value=value, choices=", ".join(f"'{v}'" for v in values)
        )
    kind = str(detail.get("type", ""))
    if kind.endswith("_parsing") or kind.endswith("_type"):
        return _("'{value}' is not a number").format(value=value)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _("{value} is out of range ({range})").format(value=value, range=_range(param))
    return exc.message


def usage_error_text(exc: errors.UsageError) -> str:
    """The message of a usage error the framework raised, in the user's language."""
    if isinstance(exc, errors.NoSuchOption):
        text = _("no such option: {option}").format(option=exc.option_name)
        if exc.possibilities:
            text += " " + _("(did you mean {options}?)").format(
                options=", ".join(sorted(exc.possibilities))
            )
        return text
    if isinstance(exc, errors.MissingParameter):
        param = _param(exc)
        where = _param_hint(exc)
        if isinstance(param, TyperArgument) or exc.param_type == "argument":
            text = _("missing argument {name}").format(name=where)
        else:
            text = _("missing option {name}").format(name=where)
        values = choices(param) if param is not None else []
        if values:
            text += "; " + _("choose from: {choices}").format(choices=", ".join(values))
        return text
    if isinstance(exc, errors.BadParameter):
        return _("invalid value for {param}: {reason}").format(
            param=_param_hint(exc), reason=_reason(exc)
        )
    if isinstance(exc, errors.BadOptionUsage):
        # click's parser raises it without a context: its own words tell the two cases apart
        if "does not take a value" in exc.message:
            return _("option '{option}' does not take a value").format(option=exc.option_name)
        return _("option '{option}' needs a value").format(option=exc.option_name)
    return _(exc.message)


def show_usage_error(exc: errors.UsageError, error_line: str) -> None:
    """Usage, where to find help, and ``error_line`` (the message, already worded), on
    stderr; a command run without arguments shows its help instead."""
    if isinstance(exc, errors.NoArgsIsHelpError):
        sys.stderr.write(exc.format_message() + "\n")
        return
    ctx = exc.ctx
    if ctx is not None:
        lines = [ctx.get_usage()]
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(
                _("Try '{command} {option}' for help.").format(
                    command=ctx.command_path, option=ctx.help_option_names[0]
                )
            )
        sys.stderr.write("\n".join(lines) + "\n\n")
    sys.stderr.write(error_line + "\n")


def is_usage_error(exc: BaseException) -> TypeGuard[errors.UsageError]:
    return isinstance(exc, errors.UsageError)
