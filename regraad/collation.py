"""Norwegian alphabetical order for every list people read.

Python's ``sorted`` orders by code point, which puts "Ålesund" before "Østfold" and
lower case after every capital. Names of trusts, specialties, councils and people are
Norwegian, so lists of them follow the Norwegian alphabet whatever the output language:
Æ, Ø, Å after Z, case and accents second. ICU's bokmål collation (CLDR) is that order;
it also files a leading "Aa" as Å, as Norwegian dictionaries do. Ids and dates keep the
plain sort: they are codes, not words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["collated", "sort_key"]


@cache
def _collator() -> Any:
    """ICU's bokmål collator, loaded on first use (ICU takes ~80 ms to import)."""
    import icu  # type: ignore[import-untyped]  # PyICU, from the pyicu-wheels distribution

    return icu.Collator.createInstance(icu.Locale("nb_NO"))


def sort_key(text: object) -> bytes:
    """The key that orders ``text`` in the Norwegian alphabet (``None`` as empty)."""
    key: bytes = _collator().getSortKey("" if text is None else str(text))
    return key


def collated(items: Iterable[T], key: Callable[[T], object] = str) -> list[T]:
    """``items`` in Norwegian alphabetical order of ``key(item)``."""
    return sorted(items, key=lambda item: sort_key(key(item)))
