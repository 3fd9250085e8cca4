"""``regraad schema``: the JSON Schemas as shipped, printed or exported to a folder."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import UsageError
from ..i18n import _
from ..load.kinds import KINDS_BY_NAME
from ..load.schemacheck import SchemaStore
from ..output.files import guard, write_files


def schema_text(kind: str | None, store: SchemaStore | None = None) -> str:
    """One kind's schema as JSON text, or a list of the kinds when ``kind`` is None."""
    store = store or SchemaStore()
    if kind is None:
        return "\n".join(sorted(KINDS_BY_NAME)) + "\n"
    if kind not in KINDS_BY_NAME:
        raise UsageError(
            _("unknown document kind '{kind}'").format(kind=kind),
            _("kinds: {kinds}").format(kinds=", ".join(sorted(KINDS_BY_NAME))),
        )
    return (
        json.dumps(store.raw[KINDS_BY_NAME[kind].schema_file], indent=2, ensure_ascii=False) + "\n"
    )


def export(
    directory: Path,
    kind: str | None = None,
    store: SchemaStore | None = None,
    root: Path | None = None,
) -> list[Path]:
    """Write the schema files (with common.schema.json, which they reference) atomically.

    Never into ``root``'s data/ or a .git folder, and never over a file regraad did not
    write (one that already holds the schema is fine): all are checked before any is written.
    """
    store = store or SchemaStore()
    if kind is not None and kind not in KINDS_BY_NAME:
        schema_text(kind, store)  # raises the usage error
    names = (
        sorted(store.raw)
        if kind is None
        else [KINDS_BY_NAME[kind].schema_file, "common.schema.json"]
    )
    if directory.exists() and not directory.is_dir():
        raise UsageError(_("--out: {path} is not a folder").format(path=directory))
    guard(root, directory, "--out")
    files = [
        (
            directory / name,
            (json.dumps(store.raw[name], indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
        )
        for name in names
    ]
    return write_files(root, files, "--out")
