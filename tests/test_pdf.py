"""`regraad render --format pdf` and `regraad report --format pdf`: A4, tagged PDFs read back.

The PDFs are read back with pypdf: page size, the plan's sections in the order of its
HTML page, the running header (trust, specialty, revision) and the page numbers on every
page, table heads never alone at a page foot, the report's summary on its first page, and
no request made for anything a page names outside it.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import html5lib
import pytest
from pypdf import PdfReader

from regraad.cli.app import main

from .conftest import AS_OF, EXAMPLE_DATA, git

A4 = (595.28, 841.89)  # points


def weasyprint_loads() -> None:
    """WeasyPrint needs Pango from the system (``.ci/run`` installs it with apt): a
    machine without it skips the PDF tests; in CI (``CI`` set) a missing Pango fails."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"WeasyPrint does not load: {exc}; .ci/run installs Pango with apt")
        pytest.skip(
            f"WeasyPrint does not load (apt install libpango-1.0-0 libpangoft2-1.0-0): {exc}"
        )


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(path: Path) -> list[str]:
    """The text of each page, whitespace folded."""
    return [flat(page.extract_text()) for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The example committed in a git repository, radiology rendered as PDF in English
    and as HTML beside it; (the root, the short revision)."""
    weasyprint_loads()
    root = tmp_path_factory.mktemp("pdf") / "root"
    shutil.copytree(EXAMPLE_DATA, root / "data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Example dataset")
    short = git(root, "rev-parse", "HEAD").strip()[:10]
    common = ["render", "--as-of", AS_OF, "-s", "radiologi", "--lang", "en"]
    assert main(["--root", str(root), *common, "-f", "pdf", "-o", str(root / "pdf")]) == 0
    assert main(["--root", str(root), *common, "-o", str(root / "html")]) == 0
    yield root, short


def test_pdf_writes_one_a4_pdf_per_plan_and_annex(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _short = site
    written = sorted(p.name for p in (root / "pdf" / "radiologi").iterdir())
    assert written == [
        "fagavtale-hmr--stolav.pdf",
        "fagavtale-hnt--stolav.pdf",
        "plan-hmr.pdf",
        "plan-hnt.pdf",
    ]
    assert not (root / "pdf" / "style.css").exists()  # nothing but the documents
    for name in written:
        reader = PdfReader(root / "pdf" / "radiologi" / name)
        assert len(reader.pages) > 0, name
        for page in reader.pages:
            box = page.mediabox
            assert abs(float(box.width) - A4[0]) < 1 and abs(float(box.height) - A4[1]) < 1
        # tagged for screen readers: a structure tree and the document's language
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog, name
        assert catalog.get("/Lang") == "en", name


def test_plan_pdf_has_the_sections_of_its_page_in_order(site: tuple[Path, str]) -> None:
    root, _short = site
    tree = html5lib.parse(
        (root / "html" / "radiologi" / "plan-hnt.html").read_bytes(),
        treebuilder="etree",
        namespaceHTMLElements=False,
    )
    headings = [flat("".join(h.itertext())) for h in tree.iter("h2")]
    assert len(headings) >= 6
    text = " ".join(pages(root / "pdf" / "radiologi" / "plan-hnt.pdf"))
    at = 0
    for heading in headings:
        found = text.find(heading, at)
        assert found >= 0, f"{heading!r} missing or out of order"
        at = found + len(heading)
    # and the figures: the plan's length and a goal of the radiology goal set
    assert "60 months" in text
    assert "RAD-001" in text


def test_every_page_has_the_running_header_and_its_number(site: tuple[Path, str]) -> None:
    root, short = site
    plan = pages(root / "pdf" / "radiologi" / "plan-hnt.pdf")
    assert len(plan) > 1
    for number, text in enumerate(plan, start=1):
        assert f"Helse Nord-Trøndelag HF · Radiology · revision {short}" in text
        assert f"page {number} of {len(plan)}" in text
    annex = pages(root / "pdf" / "radiologi" / "fagavtale-hnt--stolav.pdf")
    for number, text in enumerate(annex, start=1):
        assert re.search(rf"HNT – St\. ?Olav\S* · Radiology · revision {short}", text), text[:200]
        assert f"page {number} of {len(annex)}" in text


def test_no_table_head_is_left_alone_at_a_page_foot(site: tuple[Path, str]) -> None:
    """The goals table runs over several pages: wherever its head is, a goal follows."""
    root, _short = site
    plan = pages(root / "pdf" / "radiologi" / "plan-hnt.pdf")
    heads = 0
    for text in plan:
        body = text.rsplit("Helse Nord-Trøndelag HF · Radiology", 1)[0]
        for found in re.finditer(r"Goal Learning goal Where it is reached Coverage at home", body):
            heads += 1
            assert re.search(r"\b(RAD|FKM)-\d+", body[found.end() :]), body[-300:]
    assert heads > 2  # repeated on each page the table runs over


def test_report_pdf_keeps_the_summary_on_its_first_page(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, short = site
    target = root / "out" / "report-hmn.pdf"
    code, out, err = run(
        capsys, root, "report", "-r", "hmn", "--as-of", AS_OF, "--lang", "en", "-f", "pdf",
        "-o", str(target),
    )  # fmt: skip
    assert code == 0, err
    assert out.strip() == str(target)
    report = pages(target)
    first = report[0]
    for part in ("Summary", "Needs the RHF's attention", "Key numbers", "Validation findings"):
        assert part in first
    assert "page 1 of" in first and f"revision {short}" in first
    # the summary ends on page 1: the first specialty's section starts page 2
    assert "Anaesthesiology" in report[1]
    assert "Key numbers" not in " ".join(report[1:])
    box = PdfReader(target).pages[0].mediabox
    assert abs(float(box.height) - A4[1]) < 1


def test_report_pdf_default_name_and_no_stdout(
    site: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _short = site
    code, out, _err = run(capsys, root, "report", "-r", "hmn", "--as-of", AS_OF, "-f", "pdf")
    assert code == 0
    assert out.strip() == str(root / "site" / "report-hmn.pdf")
    assert PdfReader(root / "site" / "report-hmn.pdf").pages
    code, out, err = run(capsys, root, "report", "-r", "hmn", "-f", "pdf", "-o", "-")
    assert code == 2 and out == ""
    assert "stdout" in err


class _Counter(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_pdf_fetches_nothing_a_page_names(
    data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A template naming an image and a stylesheet on a server, and a local file: the
    PDF is made without a single request and without reading the file."""
    weasyprint_loads()
    server = HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        secret = data_root / "secret.png"
        shutil.copy(Path(__file__).parent / "test_pdf.py", secret)
        shipped = (Path(__file__).parent.parent / "templates" / "plan.html.j2").read_text()
        marker = "{% block main %}"
        assert marker in shipped
        (data_root / "templates").mkdir()
        (data_root / "templates" / "plan.html.j2").write_text(
            shipped.replace(
                marker,
                marker
                + f'<img src="{url}/logo.png" alt="logo"><img src="{secret.as_uri()}" alt="x">'
                + f'<link rel="stylesheet" href="{url}/print.css">',
                1,
            )
        )
        out = data_root / "pdf"
        code, _out, err = run(
            capsys, data_root, "render", "--as-of", AS_OF, "-f", "pdf", "-s", "radiologi",
            "-t", "hnt", "-o", str(out),
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0, err
    assert _Counter.hits == []
    assert len(PdfReader(out / "radiologi" / "plan-hnt.pdf").pages) > 0


def test_without_weasyprint_a_clear_message_and_nothing_written(
    data_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No Pango (WeasyPrint fails to load): exit 1 naming what to install, no traceback."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint -> ImportError
    out = data_root / "pdf"
    code, stdout, err = run(
        capsys, data_root, "render", "--as-of", AS_OF, "-f", "pdf", "-s", "radiologi", "-o",
        str(out),
    )  # fmt: skip
    assert code == 1
    assert "libpango-1.0-0" in err and "WeasyPrint" in err
    assert "Traceback" not in err and stdout == ""
    assert not out.exists()


def test_pdf_is_in_the_documents_language(
    data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bokmål by default: the running header and headings in bokmål."""
    weasyprint_loads()
    out = data_root / "pdf"
    code, _out, err = run(
        capsys, data_root, "render", "--as-of", AS_OF, "-f", "pdf", "-s", "radiologi", "-t",
        "hnt", "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    plan = pages(out / "radiologi" / "plan-hnt.pdf")
    assert "Utdanningsplan: Radiologi" in plan[0]
    assert all("Helse Nord-Trøndelag HF · Radiologi" in text for text in plan)
    assert PdfReader(out / "radiologi" / "plan-hnt.pdf").trailer["/Root"].get("/Lang") == "nb"
