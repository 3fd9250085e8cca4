"""The sandbox templates run in: Jinja's, with the work a page does bounded.

The limits and the measuring are in ``bounds``; this is where Jinja is hooked: every
call, operator, filter and include goes through ``Sandbox``, the iterable of every
``{% for %}`` is wrapped when the template is parsed (``_parse``), the lists Jinja
collects a macro's or block's output in count it (``CodeGenerator.buffer``) and ``~``
is measured (``visit_Concat``). These are Jinja's internal hooks; tests/test_bounded_work.py
checks that the generated code still goes through them.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.filters import make_attrgetter
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

from .bounds import (
    GROWING,
    MAX_SECONDS,
    MAX_VALUE,
    NOT_TEXT,
    Budget,
    OutputBuffer,
    arg,
    check_power,
    check_product,
    check_size,
    filter_size,
    format_shape,
    format_size,
    int_arg,
    method_size,
    printf_size,
    text_size,
    too_long,
)


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with captured output counted and ``~`` measured."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output_buffer()")

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.bounded_join({join}, (")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("))")


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox with the work a template does bounded (see the module's text)."""

    intercepted_binops = frozenset(("*", "**", "+", "%"))
    code_generator_class = BoundedCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = Budget(None)

    @contextmanager
    def limits(self) -> Iterator[Budget]:
        """A fresh budget for one page."""
        previous, self.budget = self.budget, Budget(MAX_SECONDS)
        try:
            yield self.budget
        finally:
            self.budget = previous

    def bound_filters(self) -> None:
        """Wrap every filter and test (call once all are registered)."""
        self.filters = {name: _bounded_filter(self, name, f) for name, f in self.filters.items()}
        self.tests = {name: _timed(self, f) for name, f in self.tests.items()}

    # -- the hooks the generated code calls ---------------------------------------------

    def output_buffer(self) -> OutputBuffer:
        return OutputBuffer(self.budget)

    def bounded_iter(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """The items of a ``{% for %}`` loop, with the time checked at each."""
        tick = self.budget.tick
        for item in iterable:
            tick()
            yield item

    def bounded_join(self, join: Callable[[Iterable[Any]], str], items: tuple[Any, ...]) -> str:
        """``a ~ b ~ ...``, measured before the parts are turned into text."""
        self.budget.tick()
        total = 0
        for item in items:
            total += text_size(item, MAX_VALUE - total)
            check_size(total)
        result = join(items)
        self.budget.made(result)
        return result

    def check_text(self, value: object) -> None:
        """``value`` is short enough to be turned into text. A page prints a million
        values, nearly all texts: those are measured here at once."""
        if isinstance(value, str):
            if len(value) > MAX_VALUE:
                raise too_long()
            return
        self.budget.tick()
        check_size(text_size(value))

    # -- Jinja's sandbox hooks ----------------------------------------------------------

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``. The page context is dicts: Jinja tries the attribute of
        the dict first and takes the item only after that failed, a raised and caught
        error for each of the million a render reads; a name no dict has is its item."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        self.budget.tick()
        if operator == "*":
            check_product(left, right)
        elif operator == "**":
            check_power(left, right)
        elif operator == "+" and _same_sized(left, right):
            check_size(len(left) + len(right))
        elif operator == "%" and isinstance(left, (str, bytes)):
            fmt = left if isinstance(left, str) else left.decode("latin-1")
            check_size(printf_size(fmt, right))
        result = super().call_binop(context, operator, left, right)
        self.budget.made(result)
        return result

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.budget.tick()
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, (str, bytes)):
            name = getattr(obj, "__name__", "")
            if name == "join" and len(args) == 1 and not kwargs:
                args = (_measured_items(args[0], len(owner)),)
            else:
                check_size(method_size(name, owner, args, kwargs))
        elif obj is generate_lorem_ipsum:
            paragraphs, words = arg(args, kwargs, 0, "n", 5), arg(args, kwargs, 3, "max", 100)
            check_size(12 * int_arg(paragraphs) * int_arg(words))  # 12: a long word and a space
        result = super().call(context, obj, *args, **kwargs)
        self.budget.made(result)
        if isinstance(owner, (list, dict, set)):
            check_size(len(owner))  # append, extend, update... grew it
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if not isinstance(value, _METHODS) or value.__name__ not in ("format", "format_map"):
            return None  # every attribute a template reads comes here: most leave at once
        if type(value.__self__) is str and value.__name__ == "format":
            shape = format_shape(value.__self__)
            if shape is not None and shape.plain:
                return _plain_format(self, value.__self__)
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt, is_map = str(value.__self__), value.__name__ == "format_map"
        format_call, env = wrapped, self

        def measured(*args: Any, **kwargs: Any) -> str:
            if is_map and len(args) == 1 and isinstance(args[0], Mapping):
                check_size(format_size(fmt, (), args[0]))
            else:
                check_size(format_size(fmt, args, kwargs))
            result = format_call(*args, **kwargs)
            env.budget.made(result)
            return result

        return functools.update_wrapper(measured, value)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for loop in list(tree.find_all(nodes.For)):
            call = nodes.Call(
                nodes.EnvironmentAttribute("bounded_iter"), [loop.iter], [], None, None
            )
            loop.iter = call.set_lineno(loop.iter.lineno).set_environment(self)
        return tree

    def _load_template(self, name: str, globals: Any) -> jinja2.Template:
        self.budget.tick()
        return super()._load_template(name, globals)


_METHODS = (types.MethodType, types.BuiltinMethodType)
_DICT_ATTRIBUTES = frozenset(dir(dict))


def _plain_format(env: Sandbox, fmt: str) -> Callable[..., str]:
    """``fmt.format``, measured, for a text whose fields read no attribute or item
    (``FormatShape.plain``): ``str.format`` fills those as Jinja's sandboxed formatter
    would, with nothing to guard, and templates format their sentences a hundred
    thousand times a render."""

    def formatted(*args: Any, **kwargs: Any) -> str:
        check_size(format_size(fmt, args, kwargs))
        result = fmt.format(*args, **kwargs)
        env.budget.made(result)
        return result

    return formatted


def _same_sized(left: Any, right: Any) -> bool:
    return any(isinstance(left, t) and isinstance(right, t) for t in (str, bytes, list, tuple))


def _measured_items(items: Iterable[Any], separator: int) -> list[Any]:
    """The items of a join, read into a list and measured with the separators."""
    listed: list[Any] = []
    total = 0
    for item in items:
        listed.append(item)
        total += text_size(item, MAX_VALUE - total) + (separator if len(listed) > 1 else 0)
        check_size(total)
    return listed


def _bounded_filter(env: Sandbox, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` with its value measured, its size worked out before it runs where its
    arguments set it, and its result counted."""
    offset = 1 if hasattr(func, "jinja_pass_arg") else 0  # context or environment first
    if name != "join" and name not in _SIZED:
        return _measured_filter(env, func, offset, measure=name not in NOT_TEXT)

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        env.budget.tick()
        if len(args) > offset:
            value, rest = args[offset], args[offset + 1 :]
            if name == "join":  # read and measured; mapped to the attribute here
                sep = arg(rest, kwargs, 0, "d", "")
                value = _measured_items(_joined(env, value, rest, kwargs), text_size(sep))
                rest, kwargs = (sep,), {}
            elif name not in NOT_TEXT:
                check_size(text_size(value))
            check_size(filter_size(name, value, rest, kwargs))
            args = (*args[:offset], value, *rest)
        result = func(*args, **kwargs)
        env.budget.made(result)
        return result

    return bounded


#: The filters whose result's size ``filter_size`` works out from their arguments.
_SIZED = GROWING | frozenset(("batch", "slice", "sum"))


def _measured_filter(
    env: Sandbox, func: Callable[..., Any], offset: int, *, measure: bool
) -> Callable[..., Any]:
    """``_bounded_filter`` for a filter whose arguments do not set its size (``date``,
    ``label``, ``lower``...): a page calls these a hundred thousand times."""

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        env.budget.tick()
        if measure and len(args) > offset:
            check_size(text_size(args[offset]))
        result = func(*args, **kwargs)
        env.budget.made(result)
        return result

    return bounded


def _joined(
    env: Sandbox, value: Iterable[Any], rest: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> Iterator[Any]:
    attribute = arg(rest, kwargs, 1, "attribute", None)
    if attribute is None:
        yield from value
        return
    getter = make_attrgetter(env, attribute)
    for item in value:
        yield getter(item)


def _timed(env: Sandbox, func: Any) -> Any:
    """A test with the time checked at each use (``select`` runs it on every item)."""

    @functools.wraps(func)
    def timed(*args: Any, **kwargs: Any) -> Any:
        env.budget.tick()
        return func(*args, **kwargs)

    return timed
