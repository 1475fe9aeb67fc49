"""What every engine's PDF report promises, checked on the PDF it made, on every corpus
digest: ``ReportPromises``, a test class each engine's own test file subclasses
(tests/test_pdf_typst.py for Typst, tests/test_pdf_report.py for WeasyPrint; nbconvert's
``tests/exporters/base.py`` pattern), using that module's ``rendered(path)`` fixture — so
both engines are held to the same words."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import stress
from conftest import REFERENCE, corpus_params
from pdfcheck import (fidelity, fonts, footers, internal_links, link_uris, needs_pdftotext, outline, page_references,
                      pdf_text)
from pagecheck import chapter_heads, layout_problems
from wordcount import visible_source

from reportgen import arxiv
from reportgen.editorial import edition
from reportgen.labels import Labels
from reportgen.pipeline import load

BUNDLED_FAMILIES = {"NotoSerif", "NotoSans", "NotoSansMono", "NotoSansMath", "NotoSansSymbols2", "NotoEmoji"}


def text_layer_holds_every_word(pdf, path) -> None:
    """Every Vietnamese word of the source but what the editor hid, as a whole token; no word
    broken at its hyphen ("mô-" / "đun": no line ends in letter + hyphen)."""
    text = pdf_text(pdf)
    token, flat, missing = fidelity(visible_source(path, load(path)), text)
    assert flat == 100.0, f"words missing from the text layer: {missing[:20]}"
    assert token >= 99.9, f"token fidelity {token:.2f}%: {missing[:20]}"
    assert [ln for ln in text.splitlines() if re.search(r"\w-$", ln)] == []


def only_bundled_fonts_embedded_and_subset(pdf) -> dict[str, bool]:
    found = fonts(pdf)
    assert found
    for name, embedded in found.items():
        prefix, _, family = name.lstrip("/").partition("+")
        assert re.fullmatch(r"[A-Z]{6}", prefix), f"{name} is not a subset"
        base = re.sub(r"(BoldItalic|Bold|Italic|Regular)$", "", family.replace("-", ""))
        assert base in BUNDLED_FAMILIES, f"{name}: not a bundled font"
        assert embedded, f"{name} is not embedded"
    return found


def outline_has_the_seven_sections_two_levels(pdf, path) -> None:
    marks = outline(pdf)
    labels = Labels("vi")
    top = [title for level, title, _ in marks if level == 1]
    for kind in ("reflection", "topic_tree", "highlights", "contributions", "gaps", "ideas", "reading_list"):
        assert any(t.endswith(labels.section(kind)) for t in top), f"{kind} not in outline {top}"
    d = edition(load(path))  # the areas readers see: an empty one is not in the report
    areas = [title for level, title, _ in marks if level == 2 and title.startswith("2.")]
    assert len(areas) == len(d.topic_tree.nodes)
    assert max(level for level, _, _ in marks) == 2
    assert all(re.match(r"^\d+(\.\d+)? \S", t) for _, t, _ in marks)  # "2.1 Title", not "2.1Title"


def every_distinct_id_is_an_arxiv_link(pdf, path) -> None:
    uris = link_uris(pdf)
    d = load(path)
    missing = [p.id for p in d.papers if arxiv.url(p.id) not in uris]
    assert not missing, f"ids without a link annotation: {missing[:10]}"
    assert internal_links(pdf) > len(d.papers)  # table of contents + paper index


def contents_numbers_are_the_real_pages(pdf) -> None:
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


def index_points_at_the_highlight(pdf) -> list[str]:
    """The reference's index says TEXTGRAD is in the highlights on page N: page N shows that
    card.  Returns the pages' text."""
    pages = pdf_text(pdf).split("\f")
    index_text = "\n".join(pages[-4:])
    m = re.search(r"2406\.07496\s+TEXTGRAD\s+[^\n]*?Nổi bật (\d+)", index_text)
    assert m, index_text[:2000]
    assert "TEXTGRAD" in pages[int(m.group(1)) - 1] and "2406.07496" in pages[int(m.group(1)) - 1]
    return pages


def every_printed_page_number_is_its_link_destination(pdf, path) -> None:
    """Contents and paper index: each number printed in a link is the page the link goes to."""
    refs = page_references(pdf)
    d = load(path)
    assert len(refs) >= len(d.papers) + 8, refs[:5]  # every paper has at least one mention; 8 chapters
    wrong = [(on, text, dest) for on, text, dest in refs if int(text.split()[-1]) != dest]
    assert wrong == [], wrong[:10]
    assert {on for on, _, _ in refs if on == 2}, "the contents on page 2 link nowhere"


def every_page_but_the_cover_says_page_n_of_m(pdf) -> None:
    lines = footers(pdf)
    total = len(lines)
    assert lines[0] == ""  # the cover
    assert lines[1:] == [f"Trang {n} / {total}" for n in range(2, total + 1)]


GLYPH_DIGEST = """\
1.  **TOPIC_TREE**

    *   Chủ đề
        *   2406.17557 | Văn bản.

7.  **META_REFLECTION**

    *   Kết thúc 𓀀 .
"""


def missing_glyph_is_reported_and_strict_writes_nothing(tmp_path, engine: str) -> None:
    from reportgen.errors import StrictWarnings
    from reportgen.pipeline import build_one

    src = tmp_path / "g.md"
    src.write_text(GLYPH_DIGEST, encoding="utf-8")
    result = build_one("report", src, tmp_path / "g.pdf", engine=engine)
    w = [w for w in result.warnings if w.code == "missing-glyph"]
    assert len(w) == 1 and "U+13000 EGYPTIAN HIEROGLYPH A001" in w[0].message and w[0].line == 8
    if shutil.which("pdftotext"):
        assert "Kết thúc \ufffd ." in pdf_text(result.output)  # visible, not an empty box
    target = tmp_path / "strict.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(StrictWarnings):
        build_one("report", src, target, engine=engine, strict=True)
    assert target.read_bytes() == b"previous"


class ReportPromises:
    """The shared promises as tests; the subclass's module provides ``rendered(path)`` -> the PDF."""

    engine = ""

    @needs_pdftotext
    @corpus_params()
    def test_text_layer_holds_every_vietnamese_word(self, path, rendered):
        text_layer_holds_every_word(rendered(path), path)

    @corpus_params()
    def test_only_bundled_fonts_embedded_and_subset(self, path, rendered):
        only_bundled_fonts_embedded_and_subset(rendered(path))

    @corpus_params()
    def test_outline_has_the_seven_sections_two_levels(self, path, rendered):
        outline_has_the_seven_sections_two_levels(rendered(path), path)

    @corpus_params()
    def test_every_distinct_id_is_an_arxiv_link(self, path, rendered):
        every_distinct_id_is_an_arxiv_link(rendered(path), path)

    @needs_pdftotext
    @corpus_params()
    def test_table_of_contents_numbers_are_the_real_pages(self, path, rendered):
        contents_numbers_are_the_real_pages(rendered(path))

    @needs_pdftotext
    def test_paper_index_page_numbers_point_at_mentions(self, rendered):
        index_points_at_the_highlight(rendered(REFERENCE))

    @corpus_params()
    def test_every_printed_page_number_is_its_link_destination(self, path, rendered):
        every_printed_page_number_is_its_link_destination(rendered(path), path)

    @needs_pdftotext
    @corpus_params()
    def test_every_page_but_the_cover_says_page_n_of_m(self, path, rendered):
        every_page_but_the_cover_says_page_n_of_m(rendered(path))

    def test_missing_glyph_is_reported_and_strict_fails_without_writing(self, tmp_path):
        missing_glyph_is_reported_and_strict_writes_nothing(tmp_path, self.engine)

    # --- page layout (issue 15): nothing outside the text area, no page wasted

    @corpus_params()
    def test_every_page_holds_text_inside_its_area_and_no_page_is_nearly_empty(self, path, rendered):
        assert layout_problems(rendered(path)) == []

    @corpus_params()
    def test_an_idea_begins_a_page_only_when_a_third_of_one_is_not_left(self, path, rendered):
        starts = chapter_heads(rendered(path), Labels("vi").section("ideas"))
        assert len(starts) == len(load(path).ideas.ideas)
        # each idea after the first: at the top of a page, or with a third of the text area below
        # it (0.28: the heading sits a little under where the idea's block begins)
        assert [round(left, 2) for _, left in starts[1:] if left < 0.28] == []

    def test_ideas_follow_each_other_when_there_is_room(self, rendered, tmp_path_factory):
        # ideas of a few lines each: the second begins on the page where the first does (the
        # third may fairly begin the next page, with less than a third of this one left)
        src = tmp_path_factory.mktemp("short-ideas") / "short-ideas.md"
        src.write_text(stress.short_ideas(), encoding="utf-8")
        assert len(load(src).ideas.ideas) >= 3
        starts = chapter_heads(rendered(src), Labels("vi").section("ideas"))
        assert len(starts) == len(load(src).ideas.ideas)
        assert starts[1][0] == starts[0][0], starts
