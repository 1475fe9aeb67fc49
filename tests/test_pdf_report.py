"""`reportgen pdf` with the HTML engine, on every corpus file, read back from the PDF."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import REFERENCE, ROOT, corpus_params
from pagecheck import chapter_heads, layout_problems
from wordcount import visible_source
from pdfcheck import (fidelity, fonts, footers, internal_links, link_uris, needs_pdftotext, outline, page_references,
                      pdf_text)

from reportgen import arxiv
from reportgen.editorial import edition
from reportgen.pipeline import build_one, for_format, load
from reportgen.errors import StrictWarnings
from reportgen.labels import Labels

BUNDLED_FAMILIES = {"Noto-Serif", "Noto-Sans", "Noto-Sans-Mono", "Noto-Sans-Math", "Noto-Sans-Symbols2",
                    "Noto-Emoji"}


@pytest.fixture
def rendered(made):
    """Each corpus file rendered once per session (conftest.made), shared by the tests below."""
    def get(path):
        result = made("report", path)
        # WeasyPrint said nothing: no CSS it ignored, no glyph it missed, no URL it refused
        assert [w for w in result.warnings if w.code in ("engine", "missing-glyph")] == []
        return result.output

    return get


@corpus_params()
def test_every_page_holds_text_inside_its_area_and_no_page_is_nearly_empty(path, rendered):
    assert layout_problems(rendered(path)) == []


@corpus_params()
def test_an_idea_begins_a_page_only_when_a_third_of_one_is_not_left(path, rendered):
    starts = chapter_heads(rendered(path), Labels("vi").section("ideas"))
    assert len(starts) == len(load(path).ideas.ideas)
    # each idea after the first: at the top of a page, or with a third of the text area below it
    # (0.28: the heading sits a little under where the idea's block begins)
    assert [round(left, 2) for _, left in starts[1:] if left < 0.28] == []


def test_ideas_follow_each_other_when_there_is_room(rendered):
    # on the reference digest the second idea begins on the page where the first ends
    starts = chapter_heads(rendered(REFERENCE), Labels("vi").section("ideas"))
    assert any(page == before for (before, _), (page, _) in zip(starts, starts[1:])), starts


@needs_pdftotext
@corpus_params()
def test_text_layer_holds_every_vietnamese_word(path, rendered):
    text = pdf_text(rendered(path))
    token, flat, missing = fidelity(visible_source(path, load(path)), text)  # all but what the editor hid
    assert flat == 100.0, f"words missing from the text layer: {missing[:20]}"
    assert token >= 99.9, f"token fidelity {token:.2f}%: {missing[:20]}"
    # no word broken at its hyphen ("mô-" / "đun"): no line ends in letter + hyphen
    assert [ln for ln in text.splitlines() if re.search(r"\w-$", ln)] == []


@corpus_params()
def test_only_bundled_fonts_embedded_and_subset(path, rendered):
    found = fonts(rendered(path))
    assert found
    for name, embedded in found.items():
        prefix, _, family = name.lstrip("/").partition("+")
        assert re.fullmatch(r"[A-Z]{6}", prefix), f"{name} is not a subset"
        base = re.sub(r"-(Bold|Italic|BoldItalic|Bold-Italic)$", "", family.replace("-Bold-Italic", "-BoldItalic"))
        base = re.sub(r"-(Bold|Italic)$", "", base)
        assert base in BUNDLED_FAMILIES, f"{name}: not a bundled font"
        assert embedded, f"{name} is not embedded"


@corpus_params()
def test_outline_has_the_seven_sections_two_levels(path, rendered):
    marks = outline(rendered(path))
    labels = Labels("vi")
    top = [title for level, title, _ in marks if level == 1]
    for kind in ("reflection", "topic_tree", "highlights", "contributions", "gaps", "ideas", "reading_list"):
        assert any(t.endswith(labels.section(kind)) for t in top), f"{kind} not in outline {top}"
    d = edition(load(path))  # the areas readers see: an empty one is not in the report
    areas = [title for level, title, _ in marks if level == 2 and title.startswith("2.")]
    assert len(areas) == len(d.topic_tree.nodes)
    assert max(level for level, _, _ in marks) == 2
    # bookmarks read "2.1 Title", not "2.1Title"
    assert all(re.match(r"^\d+(\.\d+)? \S", t) for _, t, _ in marks)


@corpus_params()
def test_every_distinct_id_is_an_arxiv_link(path, rendered):
    uris = link_uris(rendered(path))
    d = load(path)
    missing = [p.id for p in d.papers if arxiv.url(p.id) not in uris]
    assert not missing, f"ids without a link annotation: {missing[:10]}"
    assert internal_links(rendered(path)) > len(d.papers)  # table of contents + paper index


@needs_pdftotext
@corpus_params()
def test_table_of_contents_numbers_are_the_real_pages(path, rendered):
    pdf = rendered(path)
    real = {title.split(" ", 1)[0]: page for _, title, page in outline(pdf)}
    toc_text = subprocess.run(["pdftotext", "-f", "2", "-l", "3", "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
    printed = {}
    for line in toc_text.splitlines():
        m = re.match(r"^\s*(\d+(?:\.\d+)?)\s+.*?(?:\.\s*){3,}(\d+)\s*$", line)
        if m:
            printed[m.group(1)] = int(m.group(2))
    assert len(printed) >= 10, toc_text[:500]
    for number, page in printed.items():
        assert real[number] == page, f"TOC says {number} is on page {page}, it is on {real[number]}"


@needs_pdftotext
def test_paper_index_page_numbers_point_at_mentions(rendered):
    """The index says TEXTGRAD is in the highlights on page N: page N shows that card."""
    pdf = rendered(REFERENCE)
    text = pdf_text(pdf)
    pages = text.split("\f")
    index_text = "\n".join(pages[-4:])
    m = re.search(r"2406\.07496\s+TEXTGRAD\s+[^\n]*?Nổi bật (\d+)", index_text)
    assert m, index_text[:2000]
    assert "TEXTGRAD" in pages[int(m.group(1)) - 1] and "2406.07496" in pages[int(m.group(1)) - 1]


@corpus_params()
def test_every_printed_page_number_is_its_link_destination(path, rendered):
    """Contents and paper index: each number printed in a link is the page the link goes to
    (they are filled in after layout, reportgen/pagerefs.py)."""
    refs = page_references(rendered(path))
    d = load(path)
    assert len(refs) >= len(d.papers) + 8, refs[:5]  # every paper has at least one mention; 8 chapters
    wrong = [(on, text, dest) for on, text, dest in refs if int(text.split()[-1]) != dest]
    assert wrong == [], wrong[:10]
    assert {on for on, _, _ in refs if on == 2}, "the contents on page 2 link nowhere"


@needs_pdftotext
@corpus_params()
def test_every_page_but_the_cover_says_page_n_of_m(path, rendered):
    """The parts laid out on their own (contents, index) are numbered in sequence with the rest."""
    lines = footers(rendered(path))
    total = len(lines)
    assert lines[0] == ""  # the cover
    assert lines[1:] == [f"Trang {n} / {total}" for n in range(2, total + 1)]


def test_one_layout_and_the_parts_again_is_all_it_takes(tmp_path, monkeypatch):
    """The point of filling numbers after layout: the reference digest is laid out once, then
    only its contents and index again (no full second layout), and that is accepted."""
    from reportgen.engines import weasy

    layouts, kept = [], []
    real_layout, real_relayout = weasy._Engine.layout, weasy._relayout_parts
    monkeypatch.setattr(weasy._Engine, "layout", lambda self, html: layouts.append(len(html)) or real_layout(self, html))
    monkeypatch.setattr(weasy, "_relayout_parts", lambda *a: kept.append(real_relayout(*a)) or kept[-1])
    build_one("report", REFERENCE, tmp_path / "r.pdf")
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
    out = build_one("report", REFERENCE, tmp_path / "r.pdf").output
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
    a = build_one("report", REFERENCE, tmp_path / "a.pdf").output.read_bytes()
    b = build_one("report", REFERENCE, tmp_path / "b.pdf").output.read_bytes()
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
    out = build_one("report", src, tmp_path / "inj.pdf").output
    text = pdf_text(out)
    for literal in ['<img src="file:///etc/passwd">', "<script>alert(1)</script>", "url(file:///etc/hostname)",
                    '@import url("file:///etc/passwd");']:
        assert literal.replace("\"", "”")[:12] in text.replace("“", "”") or literal[:12] in text, literal
    assert "root:" not in text
    assert asked and all(u.startswith("file://") and "/fonts/" in u for u in asked), asked


def test_missing_glyph_is_reported_and_strict_fails_without_writing(tmp_path):
    src = tmp_path / "g.md"
    src.write_text(INJECTION.replace("Kết thúc.", "Kết thúc 𓀀 ."), encoding="utf-8")
    result = build_one("report", src, tmp_path / "g.pdf")
    w = [w for w in result.warnings if w.code == "missing-glyph"]
    assert len(w) == 1 and "U+13000 EGYPTIAN HIEROGLYPH A001" in w[0].message and w[0].line == 8
    assert "Kết thúc \ufffd ." in pdf_text(result.output)  # visible, not an empty box
    target = tmp_path / "strict.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(StrictWarnings):
        build_one("report", src, target, strict=True)
    assert target.read_bytes() == b"previous"


def test_english_labels_letter_paper_and_template_override(tmp_path):
    out = build_one("report", REFERENCE, tmp_path / "en.pdf", lang="en", paper="letter").output
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
    out2 = build_one("report", REFERENCE, tmp_path / "u.pdf", template_dir=str(tmp_path / "tpl")).output
    assert any("Noto-Serif" not in f for f in fonts(out2))
    if __import__("shutil").which("pdftotext"):
        assert "USER TEMPLATE" in pdf_text(out2)


def test_cli_pdf_end_to_end(tmp_path):
    r = subprocess.run([sys.executable, "-m", "reportgen", "pdf", str(REFERENCE), "-o", str(tmp_path / "x.pdf")],
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
    out = build_one("report", REFERENCE, tmp_path / "l.pdf", logo=str(tmp_path / "logo.png"), accent="#8A2B2B").output
    pages = PdfReader(str(out)).pages
    assert len(pages[0].images) == 1  # the logo (WeasyPrint shares one resource dict between pages)
    from reportgen.formats import FORMATS
    from reportgen.renderers.html import render_report
    from reportgen.settings import Settings

    html = render_report(load(REFERENCE), for_format(FORMATS["report"], Settings(accent="#8A2B2B"))).html
    assert "#8A2B2B" in html and "#2B5D8A" not in html.upper().replace("#8A2B2B", "")
