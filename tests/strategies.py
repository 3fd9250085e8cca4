"""Hypothesis strategies for the pipeline properties: YAML text full of traps, valid
documents of the example dataset mutated, and valid documents re-laid-out for fmt.

Everything is drawn from the shipped example dataset and the schemas, so the
generated data is close enough to real data to reach the schema check, the rules,
diff and render, and odd enough to reach the corners users do end up in.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from regraad.edit.yamledit import CommentedMap, dump_roundtrip, load_roundtrip
from regraad.git.gitio import blob_hash
from regraad.load.kinds import match_path
from regraad.load.schemacheck import SchemaStore
from regraad.load.sources import SourceFile, read_directory
from regraad.load.yamlparse import parse_text
from regraad.privacy import personnummer

from .conftest import CI_EXAMPLES, EXAMPLE_DATA

# --- the example dataset, read once ----------------------------------------------------

EXAMPLE_SOURCES: tuple[SourceFile, ...] = tuple(read_directory(EXAMPLE_DATA.parent))
DOCUMENTS: tuple[str, ...] = tuple(s.path for s in EXAMPLE_SOURCES if match_path(s.path))
EXAMPLE_TEXTS: dict[str, str] = {
    s.path: s.content.decode("utf-8") for s in EXAMPLE_SOURCES if s.content is not None
}
EXAMPLE_DOCS: dict[str, dict[str, Any]] = {
    path: parse_text(EXAMPLE_TEXTS[path]).data for path in DOCUMENTS
}

# Files of known kinds that the example dataset does not have.
NEW_PATHS = (
    "data/trusts/ny.yaml",
    "data/regions/ny.yaml",
    "data/goalsets/NY.yaml",
    "data/specialties/ny/specialty.yaml",
    "data/specialties/anestesiologi/proposals/2099-001.yaml",
    "data/specialties/anestesiologi/agreements/hmr--hnt.yaml",
    "data/specialties/anestesiologi/coverage/ny.yaml",
    "data/specialties/anestesiologi/meetings/2099-01-01-hmn.yaml",
)


def budget(ci_examples: int) -> int:
    """``ci_examples`` under the ci profile, proportionally more under a longer one."""
    current = settings.default
    assert current is not None
    return max(1, ci_examples * current.max_examples // CI_EXAMPLES)


def _schema_keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        props = node.get("properties")
        own = set(props) if isinstance(props, dict) else set()
        return own.union(*(_schema_keys(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_schema_keys(value) for value in node))
    return set()


SCHEMA_KEYS: tuple[str, ...] = tuple(sorted(_schema_keys(SchemaStore().raw)))


def _scalars(node: Any, key: str, into: dict[str, set[Any]]) -> None:
    if isinstance(node, dict):
        for k, value in node.items():
            _scalars(value, str(k), into)
    elif isinstance(node, list):
        for value in node:
            _scalars(value, key, into)
    else:
        into.setdefault(key, set()).add(node)


def _values_by_key() -> dict[str, tuple[Any, ...]]:
    found: dict[str, set[Any]] = {}
    for data in EXAMPLE_DOCS.values():
        _scalars(data, "", found)
    return {key: tuple(sorted(values, key=repr)) for key, values in found.items()}


# every scalar of the example dataset under the key that holds it: ids, references,
# dates, states... what a careless edit most often puts in the wrong place
VALUES_BY_KEY = _values_by_key()
ALL_VALUES: tuple[Any, ...] = tuple(
    sorted({v for values in VALUES_BY_KEY.values() for v in values}, key=repr)
)


def _valid_number(birth: str) -> str:
    for rest in range(100_000):
        number = f"{birth}{rest:05d}"
        if personnummer.is_valid(number):
            return number
    raise AssertionError(birth)


PERSONNUMMER = (_valid_number("010190"), _valid_number("410190"))  # fødselsnummer, D-number

# --- YAML text --------------------------------------------------------------------------

# Scalars that YAML 1.1 (or a careless reader) turns into something else, and text that
# looks the same as an id but is not.
TRAPS = (
    *("no", "NO", "No", "yes", "on", "off", "y", "n", "~", "null", "true", "False"),
    *("010", "0o17", "0x1F", "0b101", "1_000", "1:30", "190:20:30", "-0", "+12", "1e3"),
    *(".inf", "-.inf", ".nan", "3.", ".5", "2026-03-01", "2026-02-30", "2026-3-1"),
    *("2026-03-01T10:00:00Z", "2026-03-01 10:00", "=", "<<", "?", "-", ":", "|", ">"),
    *("'single'", '"double"', '"esc \\u00e9 \\x41 \\t"', '"\\ud800"', "'it''s'", '""'),
    *("ANE-001", "ANE‐001", "ANE−001", "АNE-001", "аnestesiologi", "hmr\u200b", "hm\u0301r"),
    *("\u202ehmr", "🙂", "ÆØÅ-01", "æøå", "ß", "İ", "\u00a0", "x\u2028y", "x\x85y"),
    *(PERSONNUMMER[0], PERSONNUMMER[1], "12345678901", "9" * 40, "-" * 3, "." * 3),
    *("a: b", "- x", "#c", "x #c", "[a, b]", "{a: 1}", "[", "{", "}", "]", "@x", "`x`"),
    *("%x", "&a", "*a", "!x", "!!str x", "'", '"', ""),
)

_KEYS = (
    *SCHEMA_KEYS,
    *("<<", "? x", "ID", "Id", "1", "no", "on", "'q'", '"q"', "ÆØÅ", "a b", "[a]", "{b}"),
    *("", "-x", "x:y", "!t", "&a", "*a", "id "),
)

# Put before a node: anchors, aliases and tags are layer-1 errors of their own.
_PROPERTIES = ("", "", "", "", "&a ", "!!str ", "!x ", "!!binary ", "!!python/object:os.system ")

scalars = st.one_of(
    st.sampled_from(TRAPS),
    st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=12),
    st.integers().map(str),
    st.sampled_from([str(v) for v in ALL_VALUES if isinstance(v, str) and "\n" not in v]),
)

Node = tuple[str, Any]


def _scalar_nodes() -> st.SearchStrategy[Node]:
    plain = st.tuples(st.sampled_from(_PROPERTIES), scalars).map(lambda ps: ("scalar", "".join(ps)))
    alias = st.just(("scalar", "*a"))
    block = st.tuples(
        st.sampled_from(["|", ">", "|-", ">-", "|+", "|2", ">9"]),
        st.lists(scalars, min_size=0, max_size=3),
    ).map(lambda hl: ("block", hl))
    return st.one_of(plain, plain, plain, alias, block)


def _collections(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    keys = st.sampled_from(_KEYS)
    return st.one_of(
        st.lists(st.tuples(keys, children), max_size=5).map(lambda kv: ("map", kv)),
        st.lists(children, max_size=5).map(lambda items: ("seq", items)),
        st.lists(scalars, max_size=4).map(lambda items: ("flowseq", items)),
        st.lists(st.tuples(keys, scalars), max_size=4).map(lambda kv: ("flowmap", kv)),
    )


trees = st.recursive(_scalar_nodes(), _collections, max_leaves=30)
root_trees = st.one_of(
    st.lists(st.tuples(st.sampled_from(_KEYS), trees), max_size=8).map(lambda kv: ("map", kv)),
    trees,
)


def _inline(node: Node) -> str | None:
    kind, payload = node
    if kind == "scalar":
        return str(payload)
    if kind == "flowseq":
        return "[" + ", ".join(payload) + "]"
    if kind == "flowmap":
        return "{" + ", ".join(f"{k}: {v}" for k, v in payload) + "}"
    return None


def render_tree(node: Node, indent: int = 0) -> list[str]:
    """The block-style lines of a generated tree, at ``indent`` spaces."""
    pad = " " * indent
    kind, payload = node
    inline = _inline(node)
    if inline is not None:
        return [pad + inline]
    if kind == "block":
        header, lines = payload
        return [pad + header, *(pad + "  " + line for line in lines)]
    if not payload:
        return [pad + ("{}" if kind == "map" else "[]")]
    out: list[str] = []
    if kind == "map":
        for key, value in payload:
            text = _inline(value)
            if text is not None:
                out.append(f"{pad}{key}: {text}")
            elif value[0] == "block":
                nested = render_tree(value, indent + 2)
                out.append(f"{pad}{key}: {nested[0].strip()}")
                out.extend(nested[1:])
            else:
                out.append(f"{pad}{key}:")
                out.extend(render_tree(value, indent + 2))
        return out
    for item in payload:
        nested = render_tree(item, indent + 2)
        out.append(pad + "- " + nested[0][indent + 2 :])
        out.extend(nested[1:])
    return out


SNIPPETS = (
    *('"', "'", "[", "]", "{", "}", "- ", "  ", "\t", "#", ": ", "|", ">-\n", "\n", "\n  "),
    *("&a ", "*a", "!!str ", "? ", "---\n", "...\n", "%YAML 1.1\n", "<<: *a\n", "\x00"),
    *("\x1b", "\u2028", "\x85", "\ufeff", "\r", "<<<<<<< HEAD\n", "=======\n", ">>>>>>> x\n"),
    *("id: x\n", "\nid: x\n", "  - x\n", " # c\n", "\n#x\n", "no", "010", PERSONNUMMER[0]),
)


def _lines_at(text: str, rnd: random.Random, insert: str) -> str:
    lines = text.split("\n")
    at = rnd.randrange(len(lines) + 1)
    return "\n".join([*lines[:at], insert, *lines[at:]])


def _tab(text: str, rnd: random.Random) -> str:
    lines = text.split("\n")
    indented = [i for i, line in enumerate(lines) if line.startswith("  ")]
    if indented:
        i = rnd.choice(indented)
        lines[i] = "\t" + lines[i][2:]
    return "\n".join(lines)


def _duplicate_line(text: str, rnd: random.Random) -> str:
    lines = text.split("\n")
    i = rnd.randrange(len(lines))
    return "\n".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])


def _nested(text: str, rnd: random.Random) -> str:
    depth = rnd.choice([10, 100, 1000])
    opener, closer = rnd.choice([("[", "]"), ("{a: ", "}"), ("- ", "")])
    if opener == "- ":
        return text + "\nx:\n" + "".join("  " * i + "-\n" for i in range(depth))
    return text + "\nx: " + opener * depth + closer * rnd.choice([depth, depth - 1])


_MESS: tuple[Callable[[str, random.Random], str], ...] = (
    lambda t, r: "\ufeff" + t,
    lambda t, r: t.replace("\n", "\r\n"),
    lambda t, r: t.replace("\n", "\r"),
    _tab,
    lambda t, r: _lines_at(t, r, r.choice(["<<<<<<< HEAD", "=======", ">>>>>>> theirs"])),
    lambda t, r: _lines_at(t, r, r.choice(["---", "...", "%YAML 1.1", "--- !x", "# c"])),
    lambda t, r: t + "\n---\nid: x\n",
    _duplicate_line,
    lambda t, r: t[: r.randrange(len(t) + 1)],
    _nested,
    lambda t, r: t + "\nlong: " + "x" * r.choice([80, 5000, 100_000]),
)


def _edited(text: str, rnd: random.Random) -> str:
    for _ in range(rnd.randint(1, 4)):
        at = rnd.randrange(len(text) + 1)
        if rnd.random() < 0.3:  # a span deleted
            text = text[:at] + text[at + rnd.randint(1, 40) :]
        else:
            text = text[:at] + rnd.choice(SNIPPETS) + text[at:]
    return text


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    """Text an editor, a merge or a copy-paste could leave in a data file."""
    source = draw(st.sampled_from(["grammar", "grammar", "example", "arbitrary"]))
    rnd = draw(st.randoms(use_true_random=False))
    if source == "arbitrary":
        text = draw(st.text(max_size=300))
    elif source == "example":
        text = _edited(EXAMPLE_TEXTS[draw(st.sampled_from(DOCUMENTS))], rnd)
    else:
        text = "\n".join(render_tree(draw(root_trees))) + "\n"
    for mess in draw(st.lists(st.sampled_from(_MESS), max_size=3)):
        text = mess(text, rnd)
    return text


@st.composite
def yaml_bytes(draw: st.DrawFn) -> bytes:
    """The bytes of a data file: mostly UTF-8 text, sometimes not UTF-8 at all."""
    how = draw(st.sampled_from(["utf-8"] * 6 + ["utf-16", "latin-1", "binary"]))
    if how == "binary":
        return draw(st.binary(max_size=300))
    text = draw(yaml_texts())
    if how == "latin-1":
        return text.encode("latin-1", "replace")
    return text.encode(how, "surrogatepass")


# --- valid documents, mutated -----------------------------------------------------------

Spot = tuple[str | int, ...]


def _spots(node: Any, at: Spot = ()) -> Iterator[Spot]:
    yield at
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _spots(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _spots(value, (*at, i))


def _at(node: Any, spot: Spot) -> Any:
    for part in spot:
        node = node[part]
    return node


def _key_name(spot: Spot) -> str:
    return next((str(part) for part in reversed(spot) if isinstance(part, str)), "")


_LOOKALIKE = str.maketrans("aeopcxyAEOKMTHBC-0", "аеорсхуАЕОКМТНВС‐O")


def lookalike(value: str) -> str:
    """``value`` with its first look-alike letter swapped (Cyrillic, a Unicode hyphen)."""
    for i, char in enumerate(value):
        swapped = char.translate(_LOOKALIKE)
        if swapped != char:
            return value[:i] + swapped + value[i + 1 :]
    return value + "\u200b"


_ODD_NUMBERS = (0, -1, -12, 2**31, 2**63, 10**30, -(10**30))
_ODD_STRINGS = (
    *("", " ", "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "2026-3-1", "1:30"),
    *("no", "on", "null", "x" * 5000, "<script>alert(1)</script>", "{{ 7*7 }}", "../../x"),
    *("javascript:alert(1)", "a\nb", "\t", "\u202e", *PERSONNUMMER),
)


def replacements(old: Any, key: str) -> st.SearchStrategy[Any]:
    """What a careless edit puts in place of ``old`` (held under ``key``): most often
    another value seen under the same key, which keeps the schema happy and leaves the
    rules to judge it, else a value of another type or at an edge."""
    same_key = st.sampled_from(VALUES_BY_KEY.get(key) or ALL_VALUES)
    odd: list[st.SearchStrategy[Any]] = [
        st.sampled_from(ALL_VALUES),
        st.sampled_from(_ODD_NUMBERS),
        st.sampled_from(_ODD_STRINGS),
        st.none(),
        st.booleans(),
        st.floats(),
        st.text(max_size=20),
        st.just([]),
        st.just({}),
        st.just([old]),
        st.just({"id": old}),
    ]
    if isinstance(old, str):
        odd.append(st.just(lookalike(old)))
    if isinstance(old, int) and not isinstance(old, bool):
        odd.append(st.sampled_from([-old, old * 1000, old + 1]))
    return st.integers(0, 9).flatmap(lambda n: same_key if n < 7 else st.one_of(odd))


def _with_ids(items: list[Any]) -> list[int]:
    return [i for i, item in enumerate(items) if isinstance(item, dict) and "id" in item]


@st.composite
def mutated_data(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` after one to three careless edits."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        spot = draw(st.sampled_from(list(_spots(data))))
        node = _at(data, spot)
        actions = ["replace"] if spot else []
        if isinstance(node, dict):
            actions += ["add-key", "rename-key"] + (["drop-key"] * 2 if node else [])
        if isinstance(node, list):
            actions += ["empty", "duplicate", "drop-item", "reverse"] if node else ["grow"]
            if len(_with_ids(node)) >= 2:
                actions += ["swap-ids", "same-id"]
        if not actions:
            continue
        action = draw(st.sampled_from(actions))
        if action == "replace":
            parent = _at(data, spot[:-1])
            parent[spot[-1]] = draw(replacements(node, _key_name(spot)))
        elif action == "drop-key":
            del node[draw(st.sampled_from(sorted(node)))]
        elif action == "add-key":
            name = draw(st.one_of(st.sampled_from(SCHEMA_KEYS), st.text(min_size=1, max_size=12)))
            node[name] = draw(replacements(None, name))
        elif action == "rename-key":
            if node:
                old = draw(st.sampled_from(sorted(node)))
                node[draw(st.sampled_from(SCHEMA_KEYS))] = node.pop(old)
        elif action == "empty":
            node.clear()
        elif action == "duplicate":
            node.append(copy.deepcopy(node[draw(st.integers(0, len(node) - 1))]))
        elif action == "drop-item":
            del node[draw(st.integers(0, len(node) - 1))]
        elif action == "reverse":
            node.reverse()
        elif action == "grow":
            node.append(draw(replacements(None, _key_name(spot))))
        else:
            a, b = draw(st.lists(st.sampled_from(_with_ids(node)), min_size=2, max_size=2))
            if action == "swap-ids":
                node[a]["id"], node[b]["id"] = node[b]["id"], node[a]["id"]
            else:
                node[a]["id"] = node[b]["id"]
    return data


def _identity_changed(path: str, data: dict[str, Any], new_path: str) -> dict[str, Any]:
    """``data`` with the fields that must follow the file's place made to follow it."""
    matched = match_path(new_path)
    assert matched is not None
    kind, params = matched
    return {**data, **{f: params[group] for group, f in kind.identity}}


@dataclass
class Edit:
    """Changes to the example dataset: new bytes per path, None for a deleted file."""

    changes: dict[str, bytes | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what was done, shown with a failure


def _renamed(path: str, rnd: random.Random) -> str:
    stem, _, _ = path.rpartition(".")
    folder, _, name = stem.rpartition("/")
    if "--" in name:
        home, _, host = name.partition("--")
        return f"{folder}/{host}--{home}.yaml"  # an agreement turned around
    return f"{folder}/{rnd.choice(['ny', name + '-2', 'zz'])}.yaml"


@st.composite
def dataset_edits(draw: st.DrawFn) -> Edit:
    """One or two documents of the example dataset edited, deleted, copied or moved."""
    edit = Edit()
    rnd = draw(st.randoms(use_true_random=False))
    paths = draw(st.lists(st.sampled_from(DOCUMENTS), min_size=1, max_size=2, unique=True))
    for path in paths:
        how = draw(st.sampled_from(["mutate"] * 6 + ["delete", "copy", "move", "move-as-is"]))
        data = EXAMPLE_DOCS[path]
        edit.notes.append(f"{how} {path}")
        if how == "mutate":
            edit.changes[path] = dump_roundtrip(draw(mutated_data(data))).encode("utf-8")
            continue
        if how == "delete":
            edit.changes[path] = None
            continue
        target = _renamed(path, rnd)
        if target in EXAMPLE_TEXTS or match_path(target) is None:
            continue
        if how == "move-as-is":  # moved without updating the id inside
            edit.changes[target] = EXAMPLE_TEXTS[path].encode("utf-8")
        else:
            moved = _identity_changed(path, data, target)
            edit.changes[target] = dump_roundtrip(moved).encode("utf-8")
        if how != "copy":
            edit.changes[path] = None
    return edit


def apply_edit(edit: Edit) -> list[SourceFile]:
    """The example dataset's files with ``edit`` applied, as the loader reads them."""
    out = []
    for source in EXAMPLE_SOURCES:
        if source.path not in edit.changes:
            out.append(source)
            continue
        content = edit.changes[source.path]
        if content is not None:
            out.append(SourceFile(source.path, blob_hash(content), content))
    for path, content in edit.changes.items():
        if path not in EXAMPLE_TEXTS and content is not None:
            out.append(SourceFile(path, blob_hash(content), content))
    return out


# --- valid documents, laid out differently ----------------------------------------------

_KEY_LINE = re.compile(r"\s*(- |[^\s#\-\[{].*?:(\s|$))")


def _shuffle(node: Any, rnd: random.Random) -> None:
    if isinstance(node, CommentedMap):
        order = list(node)
        rnd.shuffle(order)
        for key in order:
            node.move_to_end(key)
        for value in node.values():
            _shuffle(value, rnd)
    elif isinstance(node, list):
        for value in node:
            _shuffle(value, rnd)


@dataclass
class Relaid:
    path: str
    text: str
    comments: list[str]  # the comments inserted, each must survive fmt


@st.composite
def relaid_documents(draw: st.DrawFn) -> Relaid:
    """A valid example document with keys reordered, comments and blank lines added,
    maybe CRLF line endings and a BOM: the same data in another layout."""
    path = draw(st.sampled_from(DOCUMENTS))
    rnd = draw(st.randoms(use_true_random=False))
    text = EXAMPLE_TEXTS[path]
    if draw(st.booleans()):
        tree = load_roundtrip(text)
        _shuffle(tree, rnd)
        text = dump_roundtrip(tree)
    lines = text.split("\n")
    inserted: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        # before a line that starts a key or a list item: outside block scalars and
        # multi-line flow collections, where a comment would change the data
        starts = [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]
        if not starts:
            break
        i = rnd.choice(starts)
        indent = len(lines[i]) - len(lines[i].lstrip(" "))
        if draw(st.booleans()):
            words = draw(st.text(st.characters(codec="utf-8", categories=["L", "N"]), max_size=8))
            comment = f"# c{len(inserted)} {words}".rstrip()
            lines.insert(i, " " * rnd.randint(0, indent) + comment)
            inserted.append(comment)
        else:
            lines.insert(i, "")
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return Relaid(path, text, inserted)
