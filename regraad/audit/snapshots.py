"""The governed part of each version of a proposal or council file, read cheaply.

A national history holds thousands of file versions and a full parse
(``yamlparse.parse_bytes``) costs about 0.4 ms each, more than the whole budget of
``regraad audit --verify``. The audit needs only a few top-level keys, so a version
is read in two cheap steps when its layout allows:

1. libyaml's C parser checks that the whole file parses (``raw_parse`` makes no
   Python objects), which decides "could not be read";
2. the file is cut at its column-0 keys and only the governed blocks are composed
   by ``yamlparse.parse_text``; when those blocks are the same text on both sides of
   a commit, nothing governed changed and they are not composed at all.

A cut is trusted only when it cannot split a scalar: every block holding a quote or
a bracket (the only scalars that may continue at column 0) must parse on its own.
Anything unusual (tabs, conflict markers, ``\\r``, documents, no C parser, a line
at column 0 that is neither a key, a comment nor a list item) takes the full parse,
so the answer is always the one ``parse_bytes`` would give.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..git import gitio
from ..load.yamlparse import MAX_FILE_BYTES, decode, parse_bytes, parse_text
from .views import CASE_KEYS, COUNCIL_KEYS, PROPOSAL_KEYS

# defined once, in views
GOVERNED = {"proposal": PROPOSAL_KEYS, "council": COUNCIL_KEYS, "case": CASE_KEYS}
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ \n]|\Z)")
_FALLBACK = ("\t", "\r", "<<<<<<<", "=======", ">>>>>>>")
_OPENERS = frozenset("\"'[{")
_MISSING = object()


def _c_parser() -> Callable[[str], Any] | None:
    try:
        from _ruamel_yaml import CParser  # type: ignore[import-not-found]
    except ImportError:  # no compiled libyaml: every version takes the full parse
        return None

    def raw_parse(text: str) -> Any:
        return CParser(text).raw_parse()

    return raw_parse


_RAW_PARSE = _c_parser()


@dataclass(frozen=True)
class Version:
    """One blob read as a proposal or council file.

    ``readable`` is False when it does not parse to a mapping. ``governed`` holds the
    text of the governed top-level blocks when the fast read applied (None after a full
    parse, whose values are in ``values``).
    """

    readable: bool
    raw: bytes = b""
    governed: tuple[tuple[str, str], ...] | None = None
    values: dict[str, Any] | None = None

    @property
    def key(self) -> str | None:
        """Equal for two versions whose governed parts are the same text."""
        return None if self.governed is None else "".join(block for _k, block in self.governed)


def _blocks(text: str) -> list[tuple[str, str]] | None:
    """(key, text) of each top-level block, or None when the layout is not plain."""
    blocks: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        if not line or line[0] == " " or line[0] == "#":
            if blocks:
                blocks[-1][1].append(line)
            continue
        if line[0] == "-" and (len(line) == 1 or line[1] == " ") and blocks:
            blocks[-1][1].append(line)  # an indentless sequence under the last key
            continue
        match = _KEY_LINE.match(line)
        if match is None:
            return None
        blocks.append((match.group(1), [line]))
    return [(key, "\n".join(lines) + "\n") for key, lines in blocks] or None


def _parses(text: str) -> bool:
    from ruamel.yaml.error import YAMLError

    assert _RAW_PARSE is not None
    try:
        _RAW_PARSE(text)
    except YAMLError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def _parses_cached(text: str) -> bool:
    """``_parses`` for blocks, which repeat across versions (summaries, rationales)."""
    return _parses(text)


def _read_fast(raw: bytes, kind: str) -> Version | None:
    """The two-step read, or None when this version must take the full parse."""
    if _RAW_PARSE is None or len(raw) > MAX_FILE_BYTES:
        return None
    text, _problem = decode(raw)
    if text is None or any(marker in text for marker in _FALLBACK):
        return None
    blocks = _blocks(text)
    if blocks is None:
        return None
    if not _parses(text):
        return Version(False)
    for _key, block in blocks:
        if not _OPENERS.isdisjoint(block) and not _parses_cached(block):
            return None  # a quoted or flow scalar runs on at column 0: cut elsewhere
    wanted = GOVERNED[kind]
    return Version(True, raw, tuple((k, block) for k, block in blocks if k in wanted))


def read_version(raw: bytes, kind: str) -> Version:
    """One version of a ``kind`` file ("proposal" or "council")."""
    fast = _read_fast(raw, kind)
    if fast is not None:
        return fast
    data = parse_bytes(raw).data
    if not isinstance(data, dict):
        return Version(False, raw)
    return Version(True, raw, None, {key: data[key] for key in GOVERNED[kind] if key in data})


def _items(block: str) -> list[str] | None:
    """The items of a block sequence under a top-level key, dedented; None if not that.

    Items are cut at the ``- `` lines of the sequence's indentation; the caller trusts a
    cut as it trusts the blocks' (an item holding a quote or bracket must parse alone).
    """
    lines = block.split("\n")
    rest = lines[0].split(":", 1)[1].strip()
    if rest and not rest.startswith("#"):
        return None
    items: list[list[str]] = []
    indent = -1
    for line in lines[1:]:
        stripped = line.lstrip(" ")
        depth = len(line) - len(stripped)
        if not stripped or (stripped[0] == "#" and depth >= indent):
            if items:
                items[-1].append(line[indent:])
            continue
        is_item = stripped[0] == "-" and (len(stripped) == 1 or stripped[1] == " ")
        if indent < 0:
            if not is_item:
                return None
            indent = depth
        if depth == indent and is_item:
            items.append([line[indent:]])
        elif depth <= indent:
            return None  # a comment or text left of the items: let the full block decide
        else:
            items[-1].append(line[indent:])
    if not items:
        return None  # an empty value (null), not an empty list
    return ["\n".join(item) + "\n" for item in items]


class Snapshots:
    """Versions by blob: one ``cat-file --batch`` for all, each read at most once.

    Values are composed per top-level block, and per item of a block sequence, each
    distinct text once: history entries and members repeat across thousands of
    versions, so most are never composed twice.
    """

    def __init__(self, raw: dict[str, bytes]) -> None:
        self._raw = raw
        self._versions: dict[tuple[str, str], Version] = {}
        self._values: dict[str, Any] = {}
        self._data: dict[tuple[str, str], dict[str, Any]] = {}

    @classmethod
    def read(cls, repo: Path, shas: Iterable[str]) -> Snapshots:
        """All the blobs from one ``git cat-file --batch`` (a usage error when a partial
        clone cannot fetch them)."""
        return cls(gitio.read_blobs(repo, list(shas)))

    def get(self, sha: str, kind: str) -> Version:
        key = (sha, kind)
        version = self._versions.get(key)
        if version is None:
            version = self._versions[key] = read_version(self._raw[sha], kind)
        return version

    def data(self, sha: str, kind: str) -> dict[str, Any]:
        """The governed keys' values of a readable version."""
        key = (sha, kind)
        if key not in self._data:
            version = self.get(sha, kind)
            self._data[key] = self._compose(version, kind)
        return self._data[key]

    def _compose(self, version: Version, kind: str) -> dict[str, Any]:
        if version.values is not None:
            return version.values
        values: dict[str, Any] = {}
        for key, block in version.governed or ():
            if key in values:
                continue  # a duplicate key: the first one counts, as in a full parse
            value, ok = self._block_value(key, block)
            if not ok:
                data = parse_bytes(version.raw).data
                if not isinstance(data, dict):
                    return {}
                return {k: data[k] for k in GOVERNED[kind] if k in data}
            values[key] = value
        return values

    def _block_value(self, key: str, block: str) -> tuple[Any, bool]:
        items = _items(block)
        if items is None:
            data = self._compose_text(block)
            return (data.get(key), True) if isinstance(data, dict) else (None, False)
        found = []
        for item in items:
            data = self._values.get(item, _MISSING)
            if data is _MISSING:
                if not _OPENERS.isdisjoint(item) and not _parses(item):
                    return None, False  # cut inside a quoted or flow scalar
                data = self._compose_text(item)
            if not isinstance(data, list) or len(data) != 1:
                return None, False
            found.append(data[0])
        return found, True

    def _compose_text(self, text: str) -> Any:
        if text not in self._values:
            self._values[text] = parse_text(text).data
        return self._values[text]
