"""Privacy rules: no national identity numbers anywhere, contact data only where it belongs.

Both read every file twice when it is loaded (``load.privacyscan``): its text as written,
so comments, keys and values are all covered, and every parsed key and string value, so
an escape, a continuation line or a folded block hides nothing; and both read the file
names under data/. Each reading is normalised first (``privacy.normalise``), so spaces,
dots, hyphens and zero-width characters between digits, and fullwidth digits, hide
nothing either. Neither prints what it found in full.

X-CONTACT is an error, not a warning: an address or a phone number in a note, in
minutes or in a comment is personal data that regraad cannot keep out of published
pages and pull-request comments the way it keeps the ``email`` and ``phone`` fields out
(``--include-contact``), and once committed it stays in git history. CI runs validate
without ``--strict``, so only an error stops it before it is merged. The patterns are
strict (``regraad.privacy.contact``) so that dates, ids, years and counts are never taken for
phone numbers.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from typing import Any

from ..findings import Finding, Severity
from ..i18n import N_, _
from ..privacy import contact, personnummer
from . import Context, rule

# The text before a value on its line: ``key: `` in a block or flow mapping, the value
# optionally quoted; ``key`` is the field the value belongs to.
_VALUE_OF = re.compile(
    r"(?:^|[{,])\s*(?:-\s+)*[\"']?(?P<key>[A-Za-z_][\w-]*)[\"']?\s*:\s+[\"']?$", re.MULTILINE
)


@rule(
    "X-PERSONNUMMER",
    "error",
    N_(
        "no Norwegian national identity number or D-number (11 digits, valid check digits) anywhere"
    ),
)
def check_personnummer(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    names = _FileNames(ds.paths)
    for start, _end, number in personnummer.find_spans(names.text):
        yield Finding(
            names.path_at(start),
            0,
            0,
            "X-PERSONNUMMER",
            Severity.ERROR,
            _("a national identity number or D-number ({masked}) is in the file name").format(
                masked=personnummer.mask(number)
            ),
            _("rename the file, and rewrite git history if it was ever committed"),
        )
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


@rule(
    "X-CONTACT",
    "error",
    N_("e-mail addresses and phone numbers only in email and phone fields, nowhere else"),
)
def check_contact(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    names = _FileNames(ds.paths)
    for hit in contact.find(names.text):
        if hit.kind == "email":
            message = _("an e-mail address ({masked}) in the file name")
        else:
            message = _("a phone number ({masked}) in the file name")
        yield Finding(
            names.path_at(hit.start),
            0,
            0,
            "X-CONTACT",
            Severity.ERROR,
            message.format(masked=hit.masked),
            _("rename the file; contact details go in a member's email or phone field"),
        )
    documents = {doc.path: doc for doc in ds.documents}
    for path in sorted(ds.texts):
        doc = documents.get(path)
        if doc is None or not isinstance(doc.data, dict):
            continue  # a file that does not parse is checked once it does
        text = ds.texts[path]
        hits = [contact.Hit(*hit) for hit in ds.contact_hits(path)]
        if not hits:
            continue
        fields = _field_values(doc.data)
        for hit in hits:
            if _in_its_field(text, hit, fields):
                continue
            line = text.count("\n", 0, hit.start) + 1
            col = hit.start - (text.rfind("\n", 0, hit.start) + 1) + 1
            if hit.kind == "email":
                message = _("an e-mail address ({masked}) outside an email field")
            else:
                message = _("a phone number ({masked}) outside a phone field")
            yield Finding(
                path,
                line,
                col,
                "X-CONTACT",
                Severity.ERROR,
                message.format(masked=hit.masked),
                _(
                    "contact details go in a member's email or phone field, which published "
                    "pages leave out; remove it here"
                ),
            )


class _FileNames:
    """Every file's path under the data root in one text, scanned in one pass: a line
    break ends every number, phone number, address and link at a path's end (a path
    holding a line break is only cut in two there, which hides nothing)."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = sorted(paths)
        self.text = "\n".join(self.paths)
        self.starts = list(itertools.accumulate((len(p) + 1 for p in self.paths[:-1]), initial=0))

    def path_at(self, at: int) -> str:
        return self.paths[bisect.bisect_right(self.starts, at) - 1]


def _field_values(data: Any) -> dict[str, set[str]]:
    """The values of the contact fields anywhere in a document, by field name."""
    found: dict[str, set[str]] = {name: set() for name in contact.CONTACT_FIELDS}
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if key in found and isinstance(item, str):
                    found[key].add(item.strip())
                else:
                    stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)
    return found


def _in_its_field(text: str, hit: contact.Hit, fields: dict[str, set[str]]) -> bool:
    """Whether ``hit`` is the whole value of a field meant for its kind of contact data:
    the text before it on its line is that field's key, and the document holds exactly
    that value in such a field."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    before = _VALUE_OF.search(text, line_start, hit.start)
    if before is None or contact.CONTACT_FIELDS.get(before["key"]) != hit.kind:
        return False
    return hit.text in fields[before["key"]]
