"""Files shipped with regraad: schemas, templates and the example dataset.

In a wheel they live in ``regraad/_shipped/``; in a source checkout at the top level.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / "_shipped" / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def schemas_dir() -> Path:
    return _shipped("schemas")


def templates_dir() -> Path:
    return _shipped("templates")


def example_root() -> Path:
    """A data root holding the example dataset (its ``data/`` folder)."""
    inside = _PACKAGE / "_shipped" / "data"
    return inside.parent if inside.is_dir() else _PACKAGE.parent
