"""Finding the data root: ``--root``, then ``REGRAAD_ROOT``, then walking up from here."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UsageError
from ..i18n import _

_MARKERS = ("regions", "trusts", "specialties", "goalsets")


def is_data_root(path: Path) -> bool:
    data = path / "data"
    return data.is_dir() and any((data / m).is_dir() for m in _MARKERS)


def find_root(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The data root to work on; a usage error (exit 2) when there is none."""
    if explicit is None and os.environ.get("REGRAAD_ROOT"):
        explicit = Path(os.environ["REGRAAD_ROOT"])
    if explicit is not None:
        if not is_data_root(explicit):
            raise UsageError(
                _(
                    "{path} is not a data root (no data/ folder with regions, trusts or "
                    "specialties)"
                ).format(path=explicit),
                _("run regraad init DIR to create one"),
            )
        return explicit.resolve()
    here = (cwd or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if is_data_root(candidate):
            return candidate
    raise UsageError(
        _("no data root found in {path} or any folder above it").format(path=here),
        _("run regraad from a data repository, or pass --root DIR"),
    )
