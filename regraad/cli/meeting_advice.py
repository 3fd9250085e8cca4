"""The options of ``meeting decide note`` that record a decision as the council's advice."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from ..i18n import _
from .options import one_line

NOTE_HELP = _(
    "A plain decision, neither a proposal step nor an election (a task for RegUt, a date "
    "agreed): under --item, or under a new item titled --title, placed before Eventuelt. "
    "On throughput positions, agreements or a local activity the council only advises: "
    "record it with --recommends and --to."
)

Advice = enum.Enum(  # type: ignore[misc]
    "Advice",
    {k: k for k in ("positions", "agreement", "local-activity", "rotation", "other")},
    type=str,
)

Recommends = Annotated[
    Advice | None,
    typer.Option(
        "--recommends",
        help=_(
            "The decision is the council's advice on this (the trusts decide positions, "
            "agreements and local activities)."
        ),
    ),
]
RecommendsTo = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="WHO",
        help=_("Who decides on the advice: a trust id, RegUt or a directors' meeting."),
        callback=one_line,
    ),
]
