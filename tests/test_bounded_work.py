"""Bounded work: a hostile spreadsheet or template is refused in moments, in little memory,
naming what it went over, and nothing is written; control characters from the data are
shown, never written raw, in rendered pages."""

from __future__ import annotations

import importlib
import io
import json
import signal
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import html5lib
import pytest
from openpyxl import Workbook

from regraad.cli.app import main

from .conftest import AS_OF, PROJECT
from .repostate import Snapshot

SHEET = "xl/worksheets/sheet1.xml"
COUNCIL = "data/specialties/radiologi/councils/hmn.yaml"
INDEX = "index.html.j2"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- spreadsheets --------------------------------------------------------------------------------


def _deflated_run(head: bytes, unit: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """``head + unit * times + tail`` deflated without deflating all of it: after a full
    flush the compressor starts afresh, so every repeat of ``unit`` packs to the same
    bytes. (packed, crc32, unpacked size), as a zip member needs them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(tail, crc)
    return first + block * times + last, crc, len(head) + len(unit) * times + len(tail)


def _write_zip(path: Path, members: dict[str, tuple[bytes, int, int]]) -> None:
    """A zip archive of deflated members (packed, crc32, size), written by hand."""
    body, directory = bytearray(), bytearray()
    for name, (packed, crc, size) in members.items():
        raw, offset = name.encode(), len(body)
        sizes = (crc, len(packed), size, len(raw))
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, *sizes, 0)
        body += raw + packed
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, *sizes, 0, 0, 0, 0, 0, offset
        )
        directory += raw
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    path.write_bytes(bytes(body + directory + end))


def zip_bomb(path: Path, megabytes: int = 480) -> Path:
    """A valid xlsx workbook of about 1.5 MB whose sheet unpacks to ``megabytes`` MB of
    rows (checksums right, so every part reads whole)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Tittel"])
    saved = io.BytesIO()
    book.save(saved)
    members = {}
    with zipfile.ZipFile(saved) as archive:
        for info in archive.infolist():
            raw = archive.read(info)
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            members[info.filename] = (
                packer.compress(raw) + packer.flush(),
                zlib.crc32(raw),
                len(raw),
            )
    row = b'<row><c t="inlineStr"><is><t>ANE-001</t></is></c></row>'
    head = (
        b'<?xml version="1.0"?><worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    unit = row * ((1 << 20) // len(row))
    members[SHEET] = _deflated_run(head, unit, megabytes, b"</sheetData></worksheet>")
    _write_zip(path, members)
    return path


MEASURE = """
import json, resource, sys, time
from regraad.cli.app import main
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.monotonic()
code = main(sys.argv[1:])
seconds = time.monotonic() - start
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps({"code": code, "seconds": seconds, "grown_mb": grown}))
"""


def test_an_xlsx_zip_bomb_is_refused_in_under_two_seconds_and_200_mb(
    repo: Path, tmp_path: Path
) -> None:
    bomb = zip_bomb(tmp_path / "maal.xlsx")
    assert bomb.stat().st_size < 1_600_000
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo(SHEET).file_size > 500_000_000
        with archive.open(SHEET) as sheet:  # a real workbook: it reads
            assert sheet.read(200).startswith(b"<?xml")
    before = Snapshot.of(repo)
    args = ["--root", str(repo), "import", "goals", "anestesiologi", str(bomb), "--apply"]
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT,
        check=False,
    )
    measured = json.loads(proc.stdout.strip().splitlines()[-1])
    assert measured["code"] == 1, proc.stderr
    assert "maal.xlsx is too large to import" in proc.stderr
    assert "xl/worksheets/sheet1.xml unpacks to 503.3 MB, more than 20 MB" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert measured["seconds"] < 2, measured
    assert measured["grown_mb"] < 200, measured
    assert Snapshot.of(repo) == before


def test_a_csv_over_the_size_limit_is_refused_before_it_is_read(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    big = tmp_path / "maal.csv"
    with big.open("wb") as handle:
        handle.write(b"ID;Tittel\nANE-001;")
        handle.write(b"x" * 21_000_000)
        handle.write(b"\n")
    spec = data_root / "data/specialties/anestesiologi/specialty.yaml"
    before = spec.read_bytes()
    code, _out, err = run(
        capsys, data_root, "import", "goals", "anestesiologi", str(big), "--apply"
    )
    assert code == 1, err
    assert "maal.csv is too large to import: the file is 21 MB, more than 20 MB" in err
    assert spec.read_bytes() == before


def test_a_csv_of_more_rows_than_the_limit_is_refused(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    rows = tmp_path / "maal.csv"
    lines = ["ID;Tittel"] + [f"ANE-{n:05d};Mål {n}" for n in range(1, 10_001)]
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _out, err = run(capsys, data_root, "import", "goals", "anestesiologi", str(rows))
    assert code == 1, err
    assert "maal.csv is too large to import: more than 10,000 rows" in err


def test_a_sheet_reaching_past_the_row_limit_is_refused(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    """One stray cell far down makes openpyxl yield every row up to it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Tittel"])
    sheet.cell(row=1_048_576, column=2, value="x")
    book.save(tmp_path / "maal.xlsx")
    code, _out, err = run(
        capsys, data_root, "import", "goals", "anestesiologi", str(tmp_path / "maal.xlsx")
    )
    assert code == 1, err
    assert "maal.xlsx is too large to import: more than 10,000 rows" in err


def test_a_row_wider_than_excel_allows_is_refused_before_openpyxl_reads_it(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    """openpyxl builds a whole row in memory before it yields it: counted first."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Tittel"])
    book.save(tmp_path / "base.xlsx")
    members: dict[str, bytes] = {}
    with zipfile.ZipFile(tmp_path / "base.xlsx") as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[SHEET] = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData><row>" + b"<c/>" * 20_000 + b"</row></sheetData></worksheet>"
    )
    with zipfile.ZipFile(tmp_path / "maal.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    code, _out, err = run(
        capsys, data_root, "import", "goals", "anestesiologi", str(tmp_path / "maal.xlsx")
    )
    assert code == 1, err
    assert "maal.xlsx is too large to import: a row of more than 16,384 cells" in err


# -- templates -----------------------------------------------------------------------------------


class RenderHung(BaseException):
    """Raised by the test's own alarm: not an Exception, so nothing in regraad takes it."""


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fails a render that does not stop by itself within 60 s (as before the limits)."""

    def hung(_signum: int, _frame: object) -> None:
        raise RenderHung("the render did not stop within 60 s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def short_time_limit(monkeypatch: pytest.MonkeyPatch, seconds: float = 1.0) -> None:
    """The page time limit shortened, so the test need not wait the real 10 s."""
    try:
        bounds = importlib.import_module("regraad.render.bounds")
    except ImportError:  # before the limits: nothing to shorten, the alarm fails the test
        return
    monkeypatch.setattr(bounds, "MAX_SECONDS", seconds)


def render_override(
    capsys: pytest.CaptureFixture[str], root: Path, out: Path, main_block: str, name: str = INDEX
) -> tuple[int, str, float]:
    templates = root / "templates"
    templates.mkdir(exist_ok=True)
    (templates / name).write_text(
        '{% extends "base.html.j2" %}\n{% block main %}\n' + main_block + "\n{% endblock %}\n",
        encoding="utf-8",
    )
    start = time.monotonic()
    code, printed, err = run(
        capsys, root, "render", "--as-of", AS_OF, "-s", "radiologi", "--out", str(out)
    )
    return code, printed + err, time.monotonic() - start


def assert_refused(code: int, output: str, out: Path, *words: str) -> None:
    assert code == 1, output
    assert "templates/index.html.j2" in output
    assert "a page may take at most 10" in output and "nothing was written" in output
    for word in words:
        assert word in output
    assert "Traceback" not in output
    assert not out.exists()


def test_doubling_a_text_with_tilde_is_refused_long_before_it_is_large(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    ordinary = tmp_path / "ordinary"  # what templates do is not refused
    code, output, _seconds = render_override(
        capsys,
        data_root,
        ordinary,
        "{% set ns = namespace(v='ab') %}{% for i in range(3) %}{% set ns.v = ns.v ~ ns.v %}"
        "{% endfor %}<p>{{ ns.v }} {{ 'x'|center(5) }} {{ '%03d'|format(7) }} "
        "{{ ['a', 'b']|join('-') }} {{ '{:>4}'.format('z') }} {{ ('ab' * 2)|replace('a', 'c') }}"
        " {{ [1, 2]|sum }}</p>",
    )
    assert code == 0, output
    page = (ordinary / "index.html").read_text(encoding="utf-8")
    assert "<p>abababababababab   x   007 a-b    z cbcb 3</p>" in page
    out = tmp_path / "site"
    code, output, seconds = render_override(
        capsys,
        data_root,
        out,
        "{% set ns = namespace(v='x') %}{% for i in range(28) %}"
        "{% set ns.v = ns.v ~ ns.v %}{% endfor %}<p>{{ ns.v|length }}</p>",
    )
    assert_refused(code, output, out, "a text or list longer than 1,000,000 is not allowed")
    assert seconds < 30


def test_nested_range_loops_stop_at_the_time_limit(
    capsys: pytest.CaptureFixture[str],
    data_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    alarm: None,
) -> None:
    short_time_limit(monkeypatch)
    out = tmp_path / "site"
    code, output, seconds = render_override(
        capsys,
        data_root,
        out,
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    )
    assert_refused(code, output, out, "took longer than 1 seconds")
    assert seconds < 20


def test_a_template_that_includes_itself_is_refused_not_a_crash(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    code, output, _seconds = render_override(
        capsys, data_root, out, '{% include "index.html.j2" %}'
    )
    assert_refused(code, output, out, "include or call themselves too deeply")


GROWTH = [
    "{{ 'x'|center(1000000000) }}",
    "{{ 'x'.ljust(1000000000) }}",
    "{{ '%1000000000s'|format('x') }}",
    "{{ '%1000000000s' % 'x' }}",
    "{{ '{:>1000000000}'.format('x') }}",
    "{{ ('x' * 1000000)|replace('x', 'x' * 1000) }}",
    "{{ (['x' * 1000000] * 1000)|join }}",
    "{{ ['x' * 1000000] * 1000 }}",
    "{{ [1]|batch(1000000000, 'x')|list|length }}",
    "{{ lipsum(100000, false, 999, 1000)|length }}",
    "{% set ns = namespace(v='x') %}{% for i in range(40) %}{% set ns.v = ns.v + ns.v %}"
    "{% endfor %}",
    "{% set l = ['x'] %}{% for i in range(40) %}{{ l.extend(l) or '' }}{% endfor %}",
    "{% set d = {} %}{% for i in range(100000) %}{{ d.update({i: 'x' * 1000000}) or '' }}"
    "{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "{% macro m() %}{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}"
    "{% endfor %}{% endmacro %}{% set captured = m() %}",
]


@pytest.mark.parametrize("payload", GROWTH)
def test_text_and_lists_a_template_makes_are_bounded(
    capsys: pytest.CaptureFixture[str],
    data_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    alarm: None,
    payload: str,
) -> None:
    short_time_limit(monkeypatch, 5.0)
    out = tmp_path / "site"
    code, output, seconds = render_override(capsys, data_root, out, payload)
    assert_refused(code, output, out)
    assert seconds < 20


def test_a_macro_that_calls_itself_twice_stops_at_the_time_limit(
    capsys: pytest.CaptureFixture[str],
    data_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    alarm: None,
) -> None:
    short_time_limit(monkeypatch)
    out = tmp_path / "site"
    code, output, _seconds = render_override(
        capsys,
        data_root,
        out,
        "{% macro m(d) %}{% if d < 40 %}{{ m(d + 1) }}{{ m(d + 1) }}{% endif %}{% endmacro %}"
        "{{ m(0) }}",
    )
    assert_refused(code, output, out, "took longer than 1 seconds")


# -- control characters in pages -----------------------------------------------------------------

HOSTILE_NAME = r"Maria \e]8;;https://evil.example/\e\\Skjetne\e]8;;\e\\ \0 \u202e end"
RAW = ("\x1b", "\x00", "\u202e")


def html_tree(path: Path) -> ET.Element:
    parser = html5lib.HTMLParser(
        tree=html5lib.getTreeBuilder("etree", ET), strict=True, namespaceHTMLElements=False
    )
    root: ET.Element = parser.parse(path.read_bytes())
    return root


def test_control_characters_from_the_data_are_shown_escaped_in_every_page(
    capsys: pytest.CaptureFixture[str], data_root: Path, tmp_path: Path
) -> None:
    council = data_root / COUNCIL
    text = council.read_text(encoding="utf-8")
    assert "name: Maria Skjetne" in text
    council.write_text(text.replace("name: Maria Skjetne", f'name: "{HOSTILE_NAME}"'), "utf-8")
    for fmt in ("html", "md"):
        out = tmp_path / fmt
        args = ("render", "--as-of", AS_OF, "-s", "radiologi", "--format", fmt, "--out", str(out))
        code, _printed, err = run(capsys, data_root, *args)
        assert code == 0, err
        pages = sorted(p for p in out.rglob(f"*.{fmt}"))
        shown = [p for p in pages if "Maria" in p.read_text(encoding="utf-8")]
        assert shown, "the member's name is on no page"
        for page in pages:
            content = page.read_text(encoding="utf-8")
            assert not any(ch in content for ch in RAW), page
            if fmt == "html":
                html_tree(page)  # strict HTML5: no control character in the input stream
        content = shown[0].read_text(encoding="utf-8")
        if fmt == "md":  # Markdown escapes the backslash, the bracket and the colon
            content = content.replace("\\\\", "\\").replace("\\]", "]").replace("\\:", ":")
        assert "\\x1b]8;;https://evil.example/\\x1b\\Skjetne" in content
        assert "\\x00" in content and "\\u202e" in content


def test_the_limits_module_is_what_the_renderer_uses() -> None:
    """The hooks the limits rely on are Jinja's internals: a Jinja that renamed them would
    leave loops and blocks unbounded, so this fails first."""
    sandbox = importlib.import_module("regraad.render.sandbox")
    env = sandbox.Sandbox()
    source = env.compile(
        "{% for x in y %}{{ x ~ x }}{% endfor %}{% set c %}{{ y }}{% endset %}", raw=True
    )
    assert "environment.bounded_iter" in source
    assert "environment.bounded_join" in source
    assert "environment.output_buffer()" in source
