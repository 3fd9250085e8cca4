"""Messages through gettext: bokmål and English catalogues.

Source strings are English. The language follows ``--lang``, then ``REGRAAD_LANG``,
then the usual ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG`` variables; Norwegian
locales (nb, no, nn) select bokmål, anything else English.

Numbers and dates shown to people go through ``format_number``, ``format_percent`` and
``format_date``, in the current language unless one is named: bokmål writes "1 234,5",
"94 %" and "22. november 2026", English "1,234.5", "94 %" and "22 November 2026". The
CLI and the rendered documents share them; JSON, YAML and commit trailers keep ISO dates
and plain numbers.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import math
import os
from pathlib import Path

DOMAIN = "regraad"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("nb", "en")

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def detect_language(environ: dict[str, str] | None = None) -> str:
    """The language the environment asks for, as ``nb`` or ``en``."""
    env = os.environ if environ is None else environ
    for var in ("REGRAAD_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        first = value.split(":")[0].split(".")[0].lower()
        if first.startswith(("nb", "no", "nn")):
            return "nb"
        if first not in ("c", "posix"):
            return "en"
    return "en"


def set_language(lang: str | None = None) -> str:
    """Install the catalogue for ``lang`` (or the detected one); return the code used."""
    global _translation, _language
    code = (lang or detect_language()).lower()
    if code.startswith(("no", "nn")):
        code = "nb"
    if code not in LANGUAGES:
        code = "en"
    _translation = _gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[code], fallback=True
    )
    _language = code
    return code


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def plural_count(value: float) -> int:
    """The count ``ngettext`` chooses the form by for ``value``: a whole number as it is;
    a fraction as 2, since English and bokmål write "0.8 months", "1,5 måneder"."""
    number = float(value)
    return int(number) if number.is_integer() else 2


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "nb": (
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

# (thousands separator, decimal mark); bokmål groups with a no-break space.
NUMBER_MARKS: dict[str, tuple[str, str]] = {"nb": ("\u00a0", ","), "en": (",", ".")}


def format_date(value: str | dt.date | None, lang: str | None = None) -> str:
    """An ISO date in the language's long form: "1. mars 2026", "1 March 2026"; anything
    that is not an ISO date is returned as written."""
    if value is None or value == "":
        return ""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)  # not a date after all: shown as written
    code = lang or _language
    month = MONTH_NAMES.get(code, MONTH_NAMES["en"])[day.month - 1]
    if code == "nb":
        return f"{day.day}. {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def format_number(value: float | None, lang: str | None = None, decimals: int = 2) -> str:
    """A number with the language's separators, at most ``decimals`` decimals and no
    trailing zeros: "1 234,5" / "1,234.5", "8"."""
    if value is None:
        return ""
    thousands, mark = NUMBER_MARKS.get(lang or _language, NUMBER_MARKS["en"])
    number = float(value)
    if not math.isfinite(number):
        return str(value)
    text = f"{number:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(",", "\0").replace(".", mark).replace("\0", thousands)


def format_percent(share: float | None, lang: str | None = None, decimals: int = 0) -> str:
    """A share (0.94) as a percentage, "94 %", with a no-break space in both languages;
    "-" when there is no share."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "-"
    return format_number(100 * share, lang, decimals) + "\u00a0%"
