"""Bounded work for templates: every page renders in limited time, output and memory.

A data repository's ``templates/`` override the shipped ones. Jinja's sandbox keeps a
template from Python's internals, but not from unbounded work: it guards ``range`` and
nothing else, so ``~`` doubling a text, nested loops, ``'x'|center(10**9)`` or a template
that includes itself would take the machine's memory or time. ``sandbox.Sandbox`` holds
every template (shipped ones included) to these limits, per page:

- ``MAX_SECONDS`` (10 s) from the start of the page, checked at every item of every
  ``{% for %}`` loop and at every call, operator, filter and include, so nested loops,
  recursion that branches and include loops end;
- ``MAX_PAGE_CHARS`` (20 million characters; a real page is well under one million):
  what the page writes, counted as it is written, and what macros, ``caller()``,
  ``{% set %}`` and ``{% filter %}`` blocks capture, counted as it is captured;
- ``MAX_VALUE`` (one million): the characters of a text, or the items of a list, that
  an operator, filter or method makes. Where an argument sets the size (``*``, ``+``,
  ``~``, ``%``, ``join``, ``center`` and ``ljust`` widths, ``format`` widths,
  ``replace``, ``indent``, ``wordwrap``, ``batch``, ``slice``, ``lipsum``) the size is
  worked out before the value is made; a value that is turned into text (printed,
  joined, formatted) is measured first, so a list of a million references to one long
  text is never written out;
- ``MAX_BUILT`` (50 million; a list item counts as 8, the size of a reference): all the
  values the page made together, so a loop cannot keep making values below
  ``MAX_VALUE`` until memory runs out;
- numbers: a power or product of more than ``MAX_POWER_BITS`` bits; a chart of more
  than ``MAX_CHART_ITEMS`` points; a template of more than ``MAX_TEMPLATE_CHARS``;
- recursion (a template that includes or extends itself, a macro that calls itself
  without end, expressions nested thousands deep) ends at Python's recursion limit,
  which the renderer refuses as such.

Going over a limit raises ``LimitExceeded``; the renderer refuses it (exit 1) naming the
template, and nothing is written. This module measures; ``sandbox`` hooks Jinja.
"""

from __future__ import annotations

import functools
import re
import string
import time
from collections.abc import ItemsView, Iterable, KeysView, Mapping, ValuesView
from typing import Any, NamedTuple

from jinja2.utils import Namespace

from ..i18n import _, format_number

MAX_SECONDS = 10.0
MAX_PAGE_CHARS = 20_000_000
MAX_VALUE = 1_000_000
MAX_BUILT = 50_000_000
MAX_POWER_BITS = 100_000
REFERENCE = 8  # what one item of a list counts for in MAX_BUILT
SHORT = 32  # what a value that is not a text, number or collection counts for as text
#: The longest template (or stylesheet) read: the shipped ones are under 25 000
#: characters, and compiling costs time and memory in proportion.
MAX_TEMPLATE_CHARS = 100_000
#: The most points a chart may draw (periods, rows, goals times trusts); a real one has
#: fewer than a thousand.
MAX_CHART_ITEMS = 10_000

#: Filters that neither turn their value into text nor compare or transform the text of
#: its items (what they do per item goes through other filters and tests, which are
#: bounded themselves); every other filter's value is measured (``text_size``) first.
NOT_TEXT = frozenset(
    (
        *("abs", "attr", "batch", "count", "d", "default", "first", "float", "int", "items"),
        *("join", "last", "length", "list", "map", "random", "reject", "rejectattr"),
        *("reverse", "round", "select", "selectattr", "slice", "sum"),
    )
)


#: Filters whose arguments can make their text longer than their value.
GROWING = frozenset(("center", "indent", "wordwrap", "replace", "format", "truncate"))


class LimitExceeded(Exception):
    """A page went over one of the limits above; the message says which."""


def too_long() -> LimitExceeded:
    return LimitExceeded(
        _("a text or list longer than {n} is not allowed").format(n=format_number(MAX_VALUE))
    )


def too_much_output() -> LimitExceeded:
    return LimitExceeded(
        _("the page is longer than {n} characters").format(n=format_number(MAX_PAGE_CHARS))
    )


def text_size(value: object, budget: int = MAX_VALUE) -> int:
    """About how many characters ``value`` shows as, counted only until more than
    ``budget`` (so measuring costs at most about ``budget`` steps whatever it is)."""
    if isinstance(value, str):  # as nearly always
        return len(value)
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)  # the common kinds first, as the checks below would count them
        if kind is str:
            total += len(item)  # type: ignore[arg-type]
        elif kind is int:
            total += item.bit_length() * 3 // 10 + 2  # type: ignore[attr-defined]
        elif kind is float or item is None:
            total += SHORT
        elif isinstance(item, (str, bytes)):
            total += len(item)
        elif isinstance(item, Mapping):
            total += 1 + len(item)
            if total <= budget:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset, KeysView, ValuesView, ItemsView)):
            total += 1 + len(item)
            if total <= budget:
                stack.extend(item)
        elif isinstance(item, Namespace):
            stack.append(object.__getattribute__(item, "_Namespace__attrs"))
        elif isinstance(item, int):  # its digits (Python writes at most 4 300)
            total += item.bit_length() * 3 // 10 + 2
        else:  # a float, a date, an object that writes its name: a short text
            total += SHORT
        if total > budget:
            break
    return total


def check_size(size: int) -> None:
    if size > MAX_VALUE:
        raise too_long()


class Budget:
    """What one page may still spend: time, output and values made."""

    def __init__(self, seconds: float | None) -> None:
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.output = 0
        self.built = 0

    def tick(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise LimitExceeded(
                _("the page took longer than {n} seconds to render").format(
                    n=format_number(MAX_SECONDS)
                )
            )

    def wrote(self, chars: int) -> None:
        """``chars`` more characters of output (written, or captured by a block). The
        time is not checked here: what writes runs in a loop, call or filter, which
        checks it, and a page writes a million pieces."""
        self.output += chars
        if self.output > MAX_PAGE_CHARS:
            raise too_much_output()

    def made(self, value: object) -> None:
        """A value an operator, call or filter returned: within ``MAX_VALUE``, and
        counted against ``MAX_BUILT``."""
        if isinstance(value, (str, bytes)):
            size = weight = len(value)
            if size <= MAX_VALUE and self.built + weight <= MAX_BUILT:  # as nearly always
                self.built += weight
                return
        elif isinstance(value, (list, tuple, dict, set, frozenset)):
            size, weight = len(value), REFERENCE * len(value)
        else:
            return
        check_size(size)
        self.built += weight
        if self.built > MAX_BUILT:
            raise LimitExceeded(
                _("the page makes more than {n} characters of text and lists").format(
                    n=format_number(MAX_BUILT)
                )
            )


class OutputBuffer(list[Any]):
    """The list Jinja collects a macro's or block's output in, counted as output."""

    def __init__(self, budget: Budget) -> None:
        super().__init__()
        self.budget = budget

    def append(self, chunk: Any, /) -> None:
        budget = self.budget  # ``Budget.wrote``, inlined: a page captures a million pieces
        budget.output += len(chunk) if isinstance(chunk, str) else 1
        if budget.output > MAX_PAGE_CHARS:
            raise too_much_output()
        super().append(chunk)

    def extend(self, chunks: Iterable[Any], /) -> None:
        for chunk in chunks:
            self.append(chunk)


def _number(digits: str) -> int:
    return int(digits) if len(digits) <= 9 else MAX_VALUE + 1


def int_arg(value: object) -> int:
    return min(abs(value), MAX_VALUE + 1) if isinstance(value, int) else 0


_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.DOTALL)


def printf_size(fmt: str, values: object) -> int:
    """An upper bound of ``fmt % values`` in characters."""
    if isinstance(values, Mapping):
        items = list(values.values())
    elif isinstance(values, tuple):
        items = list(values)
    else:
        items = [values]
    specs = _PRINTF.findall(fmt)
    widths = sum(_number(n) for spec in specs for n in spec[:2] if n.isdigit())
    if any("*" in spec[:2] for spec in specs):
        widths += sum(int_arg(v) for v in items)
    largest = max((text_size(v) for v in items), default=0)
    return len(fmt) + widths + len(specs) * largest


class FormatShape(NamedTuple):
    """What ``format_size`` needs of a ``str.format`` text, read once."""

    fields: int
    widths: int  # the widths its specs write out
    nested: bool  # a spec holds a field: its arguments set a width too
    plain: bool  # every field a name or number, no attribute or item read (``{a.b}``)


_NAME = re.compile(r"\w*")


def format_shape(fmt: str) -> FormatShape | None:
    """The shape of ``fmt`` for ``str.format``, ``None`` when it is no format. A page
    formats the same few hundred texts (the templates' sentences) thousands of times:
    a short one is read once."""
    return _cached_shape(fmt) if len(fmt) <= 2_000 else _read_shape(fmt)


@functools.lru_cache(maxsize=4096)
def _cached_shape(fmt: str) -> FormatShape | None:
    return _read_shape(fmt)


def _read_shape(fmt: str) -> FormatShape | None:
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return None
    fields = [(name, spec or "") for _t, name, spec, _c in parsed if name is not None]
    names = {name for name, _spec in fields}
    mixed = "" in names and any(name.isdigit() for name in names)  # "{} {0}": an error
    return FormatShape(
        fields=len(fields),
        widths=sum(_number(n) for _name, spec in fields for n in re.findall(r"\d+", spec)),
        nested=any("{" in spec for _name, spec in fields),
        plain=not mixed
        and all(_NAME.fullmatch(name) is not None and "{" not in spec for name, spec in fields),
    )


def format_size(fmt: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    """An upper bound of ``fmt.format(*args, **kwargs)`` in characters."""
    shape = format_shape(fmt)
    if shape is None:
        return len(fmt)  # the call itself says what is wrong
    values = [*args, *kwargs.values()]
    widths = shape.widths
    if shape.nested:
        widths += sum(int_arg(v) for v in values)
    largest = max((text_size(v) for v in values), default=0)
    return len(fmt) + widths + shape.fields * largest


def arg(args: tuple[Any, ...], kwargs: Mapping[str, Any], at: int, name: str, default: Any) -> Any:
    return args[at] if len(args) > at else kwargs.get(name, default)


def _replace_size(text: str | bytes, old: object, new: object, count: object) -> int:
    if not (isinstance(old, (str, bytes)) and isinstance(new, (str, bytes))):
        return len(text)
    try:
        hits = text.count(old) if old else len(text) + 1  # type: ignore[arg-type]
    except TypeError:
        return len(text)
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * max(len(new) - len(old), 0)


def method_size(name: str, text: str | bytes, args: tuple[Any, ...], kw: Mapping[str, Any]) -> int:
    """An upper bound of what a method of a text returns, for the methods whose
    arguments can make it longer than the text; -1 for the others."""
    n = len(text)
    if name in ("center", "ljust", "rjust", "zfill"):
        return max(n, int_arg(arg(args, kw, 0, "width", 0)))
    if name == "expandtabs":
        tab = "\t" if isinstance(text, str) else b"\t"
        return n + text.count(tab) * int_arg(arg(args, kw, 0, "tabsize", 8))  # type: ignore[arg-type]
    if name == "replace":
        return _replace_size(text, arg(args, kw, 0, "old", ""), arg(args, kw, 1, "new", ""), -1)
    if name == "translate" and args and isinstance(args[0], Mapping):
        longest = max((text_size(v) for v in args[0].values()), default=1)
        return n * max(longest, 1)
    return -1


def filter_size(name: str, value: Any, args: tuple[Any, ...], kw: Mapping[str, Any]) -> int:
    """An upper bound of what a filter returns, for the filters whose arguments can
    make it longer than its value; -1 for the others."""
    if name in ("batch", "slice"):
        return int_arg(arg(args, kw, 0, "linecount" if name == "batch" else "slices", 0))
    if name == "sum":
        start = arg(args, kw, 1, "start", 0)
        if isinstance(start, bool) or not isinstance(start, (int, float)):
            raise LimitExceeded(_("|sum adds numbers, not texts or lists"))
        return -1
    if name not in GROWING:
        return -1
    text = value if isinstance(value, str) else str(value)  # measured: short enough
    n = len(text)
    if name == "center":
        return max(n, int_arg(arg(args, kw, 0, "width", 80)))
    if name == "indent":
        width = arg(args, kw, 0, "width", 4)
        unit = len(width) if isinstance(width, str) else int_arg(width)
        return n + (text.count("\n") + 1) * unit
    if name == "wordwrap":
        width = max(int_arg(arg(args, kw, 0, "width", 79)), 1)
        wrap = arg(args, kw, 2, "wrapstring", None)
        lines = n // width + text.count("\n") + 1
        return n + lines * (len(wrap) if isinstance(wrap, str) else 1)
    if name == "replace":
        old, new = arg(args, kw, 0, "old", ""), arg(args, kw, 1, "new", "")
        return _replace_size(text, old, new, arg(args, kw, 2, "count", None))
    if name == "format":
        return printf_size(text, dict(kw) if kw else args)
    if name == "truncate":
        return n + text_size(arg(args, kw, 2, "end", "..."))
    return -1


def check_product(left: Any, right: Any) -> None:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int):
            if len(seq) * times > MAX_VALUE:
                raise LimitExceeded(
                    _("a repetition longer than {n} is not allowed").format(
                        n=format_number(MAX_VALUE)
                    )
                )
            return
    if (
        isinstance(left, int)
        and isinstance(right, int)
        and left.bit_length() + right.bit_length() > MAX_POWER_BITS
    ):
        raise LimitExceeded(
            _("a number of more than {n} bits is not allowed").format(
                n=format_number(MAX_POWER_BITS)
            )
        )


def check_power(base: Any, exponent: Any) -> None:
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 1:
        return
    if max(abs(base).bit_length() - 1, 1) * exponent > MAX_POWER_BITS:
        raise LimitExceeded(
            _("a power of more than {n} bits is not allowed").format(
                n=format_number(MAX_POWER_BITS)
            )
        )


def check_chart(*inputs: Any, items: int) -> None:
    """What a chart draws is bounded before it is drawn: ``items`` points, and the
    text of its data."""
    if items > MAX_CHART_ITEMS:
        raise LimitExceeded(
            _("a chart of more than {n} points is not allowed").format(
                n=format_number(MAX_CHART_ITEMS)
            )
        )
    check_size(text_size(inputs))
