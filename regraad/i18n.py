"""Messages through gettext: bokmål and English catalogues.

Source strings are English. The language follows ``--lang``, then ``REGRAAD_LANG``,
then the usual ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG`` variables; Norwegian
locales (nb, no, nn) select bokmål, anything else English.
"""

from __future__ import annotations

import gettext as _gettext
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


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message
