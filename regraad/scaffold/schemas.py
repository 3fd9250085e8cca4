"""``regraad schema``: the JSON Schemas as shipped, printed or exported to a folder, with
their titles and descriptions in English or bokmål (``schema_language``)."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import UsageError
from ..i18n import _
from ..load.kinds import KINDS_BY_NAME
from ..load.schemacheck import SchemaStore
from ..output.files import guard, write_files
from .schema_language import SOURCE_LANGUAGE, check_language, localized


def schema_text(
    kind: str | None, store: SchemaStore | None = None, lang: str = SOURCE_LANGUAGE
) -> str:
    """One kind's schema as JSON text, or a list of the kinds when ``kind`` is None."""
    check_language(lang)
    store = store or SchemaStore()
    if kind is None:
        return "\n".join(sorted(KINDS_BY_NAME)) + "\n"
    if kind not in KINDS_BY_NAME:
        raise UsageError(
            _("unknown document kind '{kind}'").format(kind=kind),
            _("kinds: {kinds}").format(kinds=", ".join(sorted(KINDS_BY_NAME))),
        )
    name = KINDS_BY_NAME[kind].schema_file
    schema = localized({name: store.raw[name]}, lang)[name]
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def export(
    directory: Path,
    kind: str | None = None,
    store: SchemaStore | None = None,
    root: Path | None = None,
    lang: str = SOURCE_LANGUAGE,
) -> list[Path]:
    """Write the schema files (with common.schema.json, which they reference) atomically,
    with their annotations in ``lang``.

    Never into ``root``'s data/ or a .git folder, and never over a file regraad did not
    write (one that already holds the schema is fine): all are checked before any is written.
    """
    check_language(lang)
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
    schemas = localized({name: store.raw[name] for name in names}, lang)
    files = [
        (
            directory / name,
            (json.dumps(schemas[name], indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
        )
        for name in names
    ]
    return write_files(root, files, "--out")
