"""`reportgen pdf --engine html` (WeasyPrint), on every corpus file, read back from the PDF.

The Typst engine (the default) keeps the same promises in tests/test_pdf_typst.py."""
from __future__ import annotations

import subprocess
import sys

import pytest
import report_promises as promise
from conftest import REFERENCE, ROOT
from pdfcheck import fonts, footers, needs_pdftotext, outline, page_references, pdf_text

from reportgen.pipeline import build_one, for_format, load
from reportgen.settings import Settings

HTML = Settings(engine="html")

@pytest.fixture
def rendered(made):
    """Each corpus file rendered once per session (conftest.made), shared by the tests below."""
    def get(path):
        result = made("report", path, HTML)
        # WeasyPrint said nothing: no CSS it ignored, no glyph it missed, no URL it refused
        assert [w for w in result.warnings if w.code in ("engine", "missing-glyph")] == []
        return result.output

    return get


class TestHTMLReport(promise.ReportPromises):
    """The promises every engine keeps (tests/report_promises.py), on every corpus digest."""

    engine = "html"


def test_one_layout_and_the_parts_again_is_all_it_takes(tmp_path, monkeypatch):
    """The point of filling numbers after layout: the reference digest is laid out once, then
    only its contents and index again (no full second layout), and that is accepted."""
    from reportgen.engines import weasy

    layouts, kept = [], []
    real_layout, real_relayout = weasy._Engine.layout, weasy._relayout_parts
    monkeypatch.setattr(weasy._Engine, "layout", lambda self, html: layouts.append(len(html)) or real_layout(self, html))
    monkeypatch.setattr(weasy, "_relayout_parts", lambda *a: kept.append(real_relayout(*a)) or kept[-1])
    build_one("report", REFERENCE, tmp_path / "r.pdf", engine="html")
    assert kept and kept[0] is not None
    assert len(layouts) == 1 + 2  # the whole, then the contents and the index on their own
    assert layouts[1] < layouts[0] / 3 and layouts[2] < layouts[0] / 3


def test_a_number_printed_outside_the_parts_is_filled_by_a_full_layout():
    """A template (say a user's) that prints a page number outside the contents and index:
    the parts cannot fill it, so the engine takes the full-layout path."""
    from reportgen.engines import weasy
    from reportgen.pagerefs import PagedHTML, page_ref, part_end, part_start

    html = f"{page_ref('x', 'See')}{part_start('toc', 'toc', 'x')}{page_ref('y', 'Y')}{part_end()}"
    assert weasy._relayout_parts(None, PagedHTML(html, lambda *a: ""), None, {}, 2) is None


def test_whole_document_laid_out_again_when_a_part_would_move_pages(tmp_path, monkeypatch):
    """If a part came out a page longer with the real numbers, the engine lays the whole
    document out with the numbers it read: still every number right, every page numbered."""
    from reportgen.engines import weasy

    calls = []
    monkeypatch.setattr(weasy, "_relayout_parts", lambda *a: calls.append(1))  # None: "would move pages"
    out = build_one("report", REFERENCE, tmp_path / "r.pdf", engine="html").output
    assert calls == [1]
    refs = page_references(out)
    assert refs and all(int(text.split()[-1]) == dest for _, text, dest in refs)
    lines = footers(out)
    assert lines[1:] == [f"Trang {n} / {len(lines)}" for n in range(2, len(lines) + 1)]


def test_metadata_language_and_title(rendered):
    from pypdf import PdfReader

    r = PdfReader(str(rendered(REFERENCE)))
    assert r.trailer["/Root"]["/Lang"] == "vi"
    meta = r.metadata
    assert "Tháng 6/2024" in meta.title and meta.subject and meta.keywords


def test_source_date_epoch_gives_identical_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    a = build_one("report", REFERENCE, tmp_path / "a.pdf", engine="html").output.read_bytes()
    b = build_one("report", REFERENCE, tmp_path / "b.pdf", engine="html").output.read_bytes()
    assert a == b
    from pypdf import PdfReader

    created = PdfReader(str(tmp_path / "a.pdf")).metadata.creation_date
    assert (created.year, created.month, created.day) == (2024, 6, 1)  # the epoch's date, not today's


INJECTION = """\
1.  **TOPIC_TREE**

    *   Chủ đề <img src="file:///etc/passwd"> và <script>alert(1)</script>
        *   2406.17557 | Văn bản với url(file:///etc/hostname) và http://127.0.0.1:9/x và <link rel=stylesheet href=http://127.0.0.1:9/s.css>

7.  **META_REFLECTION**

    *   <style>@import url("file:///etc/passwd");</style> Kết thúc.
"""


@needs_pdftotext
def test_markup_in_the_digest_is_text_and_nothing_is_fetched(tmp_path, monkeypatch):
    from reportgen.engines import weasy

    asked = []
    real = weasy.make_fetcher
    monkeypatch.setattr(weasy, "make_fetcher", lambda log: real(asked))
    src = tmp_path / "inj.md"
    src.write_text(INJECTION, encoding="utf-8")
    out = build_one("report", src, tmp_path / "inj.pdf", engine="html").output
    text = pdf_text(out)
    for literal in ['<img src="file:///etc/passwd">', "<script>alert(1)</script>", "url(file:///etc/hostname)",
                    '@import url("file:///etc/passwd");']:
        assert literal.replace("\"", "”")[:12] in text.replace("“", "”") or literal[:12] in text, literal
    assert "root:" not in text
    assert asked and all(u.startswith("file://") and "/fonts/" in u for u in asked), asked


def test_english_labels_letter_paper_and_template_override(tmp_path):
    out = build_one("report", REFERENCE, tmp_path / "en.pdf", engine="html", lang="en", paper="letter").output
    from pypdf import PdfReader

    r = PdfReader(str(out))
    assert r.trailer["/Root"]["/Lang"] == "en"
    assert abs(float(r.pages[0].mediabox.width) - 612) < 1  # US letter
    titles = [t for _, t, _ in outline(out)]
    assert any(t.endswith("Topic map") for t in titles) and any(t.endswith("Paper index") for t in titles)
    user = tmp_path / "tpl" / "report"
    user.mkdir(parents=True)
    (user / "report.css.j2").write_text('{% include "common/fonts.css.j2" %} html { font-family: "Noto Sans"; }'
                                        ' h1::before { content: "USER TEMPLATE "; }', encoding="utf-8")
    out2 = build_one("report", REFERENCE, tmp_path / "u.pdf", engine="html",
                     template_dir=str(tmp_path / "tpl")).output
    assert any("Noto-Serif" not in f for f in fonts(out2))
    if __import__("shutil").which("pdftotext"):
        assert "USER TEMPLATE" in pdf_text(out2)


def test_cli_pdf_end_to_end(tmp_path):
    r = subprocess.run([sys.executable, "-m", "reportgen", "pdf", str(REFERENCE), "--engine", "html", "-o",
                        str(tmp_path / "x.pdf")],
                       capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF-")
    bad = subprocess.run([sys.executable, "-m", "reportgen", "pdf", str(REFERENCE), "--engine", "nope"],
                         capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


def test_logo_and_accent_from_the_config(tmp_path):
    from PIL import Image
    from pypdf import PdfReader

    Image.new("RGB", (120, 60), (138, 43, 43)).save(tmp_path / "logo.png")
    out = build_one("report", REFERENCE, tmp_path / "l.pdf", engine="html", logo=str(tmp_path / "logo.png"),
                    accent="#8A2B2B").output
    pages = PdfReader(str(out)).pages
    assert len(pages[0].images) == 1  # the logo (WeasyPrint shares one resource dict between pages)
    from reportgen.formats import FORMATS
    from reportgen.renderers.html import render_report

    html = render_report(load(REFERENCE), for_format(FORMATS["report"], Settings(engine="html", accent="#8A2B2B"))).html
    assert "#8A2B2B" in html and "#2B5D8A" not in html.upper().replace("#8A2B2B", "")
