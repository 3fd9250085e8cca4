"""Every message is in the catalogues, translated, and used as LANG and --lang say."""

from __future__ import annotations

import gettext
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from regraad.i18n import (
    LOCALE_DIR,
    detect_language,
    format_date,
    format_number,
    format_percent,
    set_language,
)

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
    assert len(locations) == 35  # the hospital specialties that name no fagkontakt RegUt


# -- the command line in both languages --------------------------------------------------------

_WALK = """
import json, sys
import typer
from regraad.cli.app import build_app
from regraad.cli.framework import help_record

def walk(command, ctx, path, out):
    params = {}
    for param in command.get_params(ctx):
        record = help_record(param, ctx)
        if record is not None:
            params[param.name] = {"help": param.help or "", "record": record[1]}
    out[path] = {"help": command.help or "", "full": command.get_help(ctx), "params": params}
    for name, sub in getattr(command, "commands", {}).items():
        walk(sub, sub.context_class(sub, info_name=name, parent=ctx), f"{path} {name}", out)

root = typer.main.get_command(build_app())
out = {}
walk(root, root.context_class(root, info_name="regraad"), "regraad", out)
json.dump(out, sys.stdout)
"""


Tree = dict[str, dict[str, Any]]


def _help_tree(lang: str) -> Tree:
    """Every command's help, as regraad builds it in ``lang``, by command path."""
    proc = subprocess.run(
        [sys.executable, "-c", _WALK],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "REGRAAD_LANG": lang, "COLUMNS": "80"},
        check=True,
    )
    tree: Tree = json.loads(proc.stdout)
    return tree


def _paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]


def _prose(help_text: str) -> tuple[list[str], set[str]]:
    """A help text's prose paragraphs (translated), and its literal lines: the indented
    lines of verbatim (``\\b``) blocks, commands and data formats the same in any language."""
    prose: list[str] = []
    literal: set[str] = set()
    for paragraph in _paragraphs(help_text):
        lines = paragraph.split("\n")
        if lines[0].strip() == "\b":
            for line in lines[1:]:
                if line.startswith(" "):
                    literal.add(line.strip())
                else:
                    prose.append(line)
        else:
            prose.append(" ".join(paragraph.split()))
    return prose, literal


def _wordy(text: str) -> bool:
    return re.search(r"[^\W\d_]{2,}", text) is not None


@pytest.fixture(scope="module")
def helps() -> tuple[Tree, Tree]:
    return _help_tree("en"), _help_tree("nb")


def test_every_command_help_is_in_bokmal(
    helps: tuple[Tree, Tree],
) -> None:
    """No command's description, and no paragraph of it, is left in English."""
    english, norsk = helps
    assert set(english) == set(norsk)
    assert len(english) > 30  # every command and subcommand was walked
    untranslated = []
    for path, en in english.items():
        en_prose, _literal = _prose(en["help"])
        nb_prose, _nb_literal = _prose(norsk[path]["help"])
        untranslated += [f"{path}: {p!r}" for p in en_prose if _wordy(p) and p in nb_prose]
    assert not untranslated, "\n".join(untranslated)


def test_every_option_and_argument_help_is_in_bokmal(
    helps: tuple[Tree, Tree],
) -> None:
    """Each parameter's text, with what the framework adds ([default: …], [required]),
    differs between the languages."""
    english, norsk = helps
    untranslated = []
    for path, en in english.items():
        for name, param in en["params"].items():
            nb = norsk[path]["params"][name]
            for key in ("help", "record"):
                if _wordy(param[key]) and param[key] == nb[key]:
                    untranslated.append(f"{path} {name}: {param[key]!r}")
    assert not untranslated, "\n".join(untranslated)


# Words that mark a line as English; none is a bokmål word.
_ENGLISH = re.compile(
    r"\b(the|and|of|is|are|this|that|with|from|into|each|every|only|when|which|or|not|"
    r"message|exit|usage|options?|arguments?|commands?|examples?|default|required|"
    r"env|try|help)\b",
    re.IGNORECASE,
)
# What reads the same in any language: quoted text, options, metavars and choices, paths.
_CODE = re.compile(
    r"«[^»]*»|'[^']*'|\"[^\"]*\"|`[^`]*`|(?<!\w)--?[\w-]+|\b[A-Z][A-Z0-9_-]+\b|"
    r"\[[\w|-]+\]|\S*/\S*"
)


def test_help_pages_have_no_english_left(
    helps: tuple[Tree, Tree],
) -> None:
    """Rendered --help in bokmål, the framework's parts included ("Usage:", "Options:",
    "[default: …]", "Show this message and exit."): apart from example commands, literal
    lines and code (options, metavars, quoted values, paths), no line has English in it."""
    english, norsk = helps
    left = []
    for path, page in norsk.items():
        literal = _prose(english[path]["help"])[1]
        for line in (ln.strip() for ln in page["full"].splitlines()):
            if line.startswith("regraad ") or line in literal:
                continue
            if _ENGLISH.search(_CODE.sub(" ", line)):
                left.append(f"{path}: {line!r}")
    assert not left, "\n".join(left)
    assert norsk["regraad validate"]["full"].startswith("Bruk: regraad validate [VALG] [PATH]...")
    pages = "".join(page["full"] for page in english.values())
    assert not re.search(r"<[a-z]", pages)  # metavars are words, not <str>, <path>, <list[Path]>


def _run(*args: str, lang: str = "nb_NO.UTF-8", cwd: Path | None = None) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "regraad", *args],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "LANG": lang},
        cwd=cwd,
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_lang_on_the_command_line_chooses_the_help_language() -> None:
    code, out, _err = _run("--lang", "nb", "propose", "--help", lang="en_GB.UTF-8")
    assert code == 0
    assert out.startswith("Bruk: regraad propose [VALG] KOMMANDO [ARGUMENTER]...")
    assert "Meld inn endringsforslag" in out
    code, out, _err = _run("--lang=en", "propose", "--help")
    assert code == 0
    assert out.startswith("Usage: regraad propose [OPTIONS] COMMAND [ARGS]...")


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--bogus"),
        ("validate", "--format", "yaml"),
        ("propose", "advance"),
        ("council", "add", "urologi", "--region", "hso", "--name", "X"),
        ("valdate",),
        ("schema", "coverage", "extra"),
        ("estimate", "--years", "many"),
        ("estimate", "--years", "99"),
        ("validate", "--strict=yes"),
        ("--lang", "de", "validate"),
    ],
)
def test_usage_errors_in_both_languages(args: tuple[str, ...], tmp_path: Path) -> None:
    """The framework's usage errors (usage line, where to get help, the error) read in the
    user's language, every line of them, with the same exit code."""
    nb_code, _out, norsk = _run(*args, cwd=tmp_path)
    en_code, _out, english = _run(*args, lang="en_GB.UTF-8", cwd=tmp_path)
    assert nb_code == en_code == 2
    assert "feil: " in norsk and "error: " in english
    assert "Traceback" not in norsk + english
    for nb_line, en_line in zip(norsk.splitlines(), english.splitlines(), strict=True):
        assert nb_line != en_line or not _wordy(nb_line), nb_line


def test_numbers_dates_and_percentages_follow_the_language() -> None:
    assert format_number(1234.5, "nb") == "1\u00a0234,5"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_number(7.25, "en", 1) == "7.2" and format_number(8.0, "nb") == "8"
    assert format_percent(0.9375, "nb") == format_percent(0.9375, "en") == "94\u00a0%"
    assert format_date("2026-11-22", "nb") == "22. november 2026"
    assert format_date("2026-11-22", "en") == "22 November 2026"
    assert format_date("sometime", "nb") == "sometime"
    set_language("nb")
    assert (format_number(7.5), format_date("2026-03-01")) == ("7,5", "1. mars 2026")


def _break(root: Path) -> None:
    """Three kinds of error in a copy of the example: YAML, schema, a rule."""
    region = root / "data" / "regions" / "hv.yaml"
    region.write_text(region.read_text().replace("name:", "name: X\nname:", 1))
    trust = root / "data" / "trusts" / "ahus.yaml"
    trust.write_text(trust.read_text() + "colour: blue\n")
    hmr = root / "data" / "trusts" / "hmr.yaml"
    hmr.write_text(hmr.read_text().replace("region: hmn", "region: hmx"))


_FINDING = re.compile(r"^(\S+):(\d+):(\d+) (\S+) (\S+) (.*)$")


def _findings(out: str) -> list[tuple[str, ...]]:
    return [m.groups() for m in map(_FINDING.match, out.splitlines()) if m]


def test_validate_gives_the_same_findings_in_bokmal_and_english(data_root: Path) -> None:
    """The must-show: LANG=nb_NO.UTF-8 regraad validate and --lang en report the same
    findings (rule, file, line, column), worded in each language."""
    _break(data_root)
    nb_code, norsk, _err = _run("--root", str(data_root), "validate", "--as-of", "2026-11-22")
    en_code, english, _err = _run(
        "--root", str(data_root), "--lang", "en", "validate", "--as-of", "2026-11-22"
    )
    assert nb_code == en_code == 1
    nb, en = _findings(norsk), _findings(english)
    assert [f[:3] + f[4:5] for f in nb] == [f[:3] + f[4:5] for f in en]
    rules = {f[4] for f in nb}
    assert {"YAML-DUPLICATE-KEY", "SCHEMA", "REF"} <= rules
    assert {f[3] for f in nb} <= {"feil", "advarsel"} and {f[3] for f in en} <= {"error", "warning"}
    assert all(n[5] != e[5] for n, e in zip(nb, en, strict=True))
    assert ("data/trusts/hmr.yaml", "5", "9", "feil", "REF", "ukjent region 'hmx'") in nb
    assert ("data/trusts/hmr.yaml", "5", "9", "error", "REF", "unknown region 'hmx'") in en
    assert "tips: " in norsk and "hint: " in english
