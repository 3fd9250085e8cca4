"""Every message is in the catalogues, translated, and used as LANG and --lang say."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from regraad.i18n import LOCALE_DIR, detect_language

from .conftest import PROJECT

_PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _source_messages() -> set[str]:
    """Messages in the code and in the templates regraad render fills."""
    found = set()
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    sources = [
        extract_from_dir(
            str(PROJECT / "regraad"), method_map=[("**.py", "python")], keywords=keywords
        ),
        extract_from_dir(
            str(PROJECT / "templates"),
            method_map=[("**.j2", "jinja2")],
            options_map={
                "**.j2": {
                    "extensions": "jinja2.ext.i18n",
                    "trim_blocks": "True",
                    "lstrip_blocks": "True",
                }
            },
            keywords=keywords,
        ),
    ]
    for source in sources:
        for _file, _line, message, _comments, _ctx in source:
            found.add(message if isinstance(message, str) else message[0])
    return found


def _catalogue(lang: str):  # type: ignore[no-untyped-def]
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "regraad.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_catalogues_hold_every_message_in_the_source() -> None:
    for lang in ("nb", "en"):
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(lang) if m.id}
        missing = sorted(_source_messages() - ids)
        assert not missing, f"{lang}: run `make i18n`; missing {missing[:5]}"


def test_bokmal_is_complete_and_keeps_placeholders() -> None:
    for message in _catalogue("nb"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strs), f"untranslated: {ids[0]!r}"
        want = sorted(_PLACEHOLDER.findall(ids[-1]))
        for text in strs:
            assert sorted(_PLACEHOLDER.findall(text)) == want, f"placeholders differ: {ids[0]!r}"


def test_compiled_catalogue_matches_the_po_file() -> None:
    with (LOCALE_DIR / "nb" / "LC_MESSAGES" / "regraad.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in _catalogue("nb"):
        if message.id and isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, "run `make i18n`"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "no_NO"}, "nb"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "nb_NO.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"REGRAAD_LANG": "nb", "LANG": "en_US"}, "nb"),
    ],
)
def test_language_follows_the_environment(env: dict[str, str], expected: str) -> None:
    assert detect_language(env) == expected


def _validate(env_lang: str, *extra: str) -> str:
    env = {"PATH": "/usr/bin:/bin", "LANG": env_lang}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "regraad",
            "--root",
            str(PROJECT),
            *extra,
            "validate",
            "--rule",
            "F-FAGKONTAKT",
            "--as-of",
            "2026-11-22",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_same_findings_in_both_languages() -> None:
    norsk = _validate("nb_NO.UTF-8")
    english = _validate("nb_NO.UTF-8", "--lang", "en")
    assert "advarsel F-FAGKONTAKT" in norsk and "warning F-FAGKONTAKT" in english
    locations = [ln.split(" ")[0] for ln in norsk.splitlines() if "F-FAGKONTAKT" in ln]
    assert locations == [ln.split(" ")[0] for ln in english.splitlines() if "F-FAGKONTAKT" in ln]
    assert len(locations) == 36
