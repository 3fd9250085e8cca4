"""X-PERSONNUMMER: no national identity or D-number anywhere in the data.

The raw text of every file is scanned, so values, keys and comments are all covered;
the number itself is never printed.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import N_, _
from . import Context, rule


@rule(
    "X-PERSONNUMMER",
    "error",
    N_(
        "no Norwegian national identity number or D-number (11 digits, valid check digits) anywhere"
    ),
)
def check_personnummer(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    for path in sorted(ds.texts):
        for line, col, masked in ds.personnummer_hits(path):
            yield Finding(
                path,
                line,
                col,
                "X-PERSONNUMMER",
                Severity.ERROR,
                _("a national identity number or D-number ({masked}) is in the data").format(
                    masked=masked
                ),
                _("remove it, and rewrite git history if it was ever committed"),
            )
