"""Any script a language model may slip into a Vietnamese sentence renders as itself, from the
bundled fonts, in every engine; a character no bundled font has is a warning and a visible
U+FFFD — never an aborted build, never a silent box (issue 15)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata

import pytest
from conftest import ROOT
from pdfcheck import fonts, needs_pdftotext, pdf_text

from reportgen.glyphs import check_glyphs
from reportgen.pipeline import build_one, load_text

WORDS = {  # one word each, as digests from other months hold them
    "Chinese": "对比", "Japanese": "日本語", "Korean": "한국어", "Thai": "ภาษาไทย", "Cyrillic": "русский",
    "Greek": "ελληνικά", "Arabic": "العربية", "Hebrew": "עברית", "emoji": "🚀", "emoji2": "🤖",
    # a phrase of several right-to-left words: its words in reading order, its Arabic letters joined
    "Arabic phrase": "اللغة العربية", "Hebrew phrase": "שלום עולם",
}
TEXT = f"""\
1.  **TOPIC_TREE**
    *   **I. Đa ngôn ngữ**
        *   2406.17557 | Mô hình học {WORDS['Chinese']} trong tiếng Việt, với tiếng Nhật {WORDS['Japanese']} và tiếng Hàn {WORDS['Korean']}.
        *   2406.11794 | Dữ liệu tiếng Thái {WORDS['Thai']}, tiếng Nga {WORDS['Cyrillic']}, tiếng Hy Lạp {WORDS['Greek']}.
        *   2405.21060 | Văn bản tiếng Ả Rập {WORDS['Arabic']} và tiếng Do Thái {WORDS['Hebrew']}, kèm {WORDS['emoji']} và {WORDS['emoji2']}.
        *   2405.00001 | Cụm từ "{WORDS['Hebrew phrase']}" và {WORDS['Arabic phrase']} trong câu.
2.  **SOTA_HIGHLIGHTS**

    | Rank | PaperID | Keywords | Đột phá | Ảnh hưởng |
    |---|---|---|---|---|
    | 1 | 2405.21060 | SSM, Mamba-2 | Nhanh hơn {WORDS['Chinese']}. | Thay thế {WORDS['emoji']}. |

6.  **READING_LIST**
    *   **2405.21060 – Mamba-2 · Lý thuyết và tốc độ {WORDS['Japanese']}.**
7.  **META_REFLECTION**
    *   Hiệu quả là chủ đề chung của tháng.
"""

ENGINES = [pytest.param(("typst", None), id="typst"), pytest.param(("html", None), id="html")] + [
    pytest.param(("latex", e), id=e, marks=pytest.mark.skipif(shutil.which(e) is None,
                                                              reason=f"{e} is not installed; CI installs TeX Live"))
    for e in ("xelatex", "lualatex")]


def _words_in(text: str) -> list[str]:
    # NFKC: TeX's PDFs name shaped Arabic by its presentation forms (ﻟﻌﺮ…), which fold back to the letters
    flat = unicodedata.normalize("NFKC", text)
    return [name for name, word in WORDS.items() if unicodedata.normalize("NFKC", word) not in flat]


def test_check_finds_every_script_in_the_bundled_fonts(tmp_path):
    assert check_glyphs(load_text(TEXT, "scripts.md")) == []
    src = tmp_path / "lost.md"
    src.write_text(TEXT.replace("kèm", "kèm 𓀀"), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "reportgen", "check", str(src)], capture_output=True, text=True,
                       cwd=ROOT)
    out = r.stdout + r.stderr
    # only the one character no bundled font has is reported, with its line
    lines = [line.strip() for line in out.splitlines() if "[missing-glyph]" in line]
    assert lines == ["lost.md:5: warning [missing-glyph]: U+13000 EGYPTIAN HIEROGLYPH A001 (𓀀) is in no bundled font; "
                     "printed as \ufffd"], out


@needs_pdftotext
@pytest.mark.parametrize("engine", ENGINES)
def test_every_script_renders_as_itself_in_every_engine(engine, tmp_path):
    src = tmp_path / "scripts.md"
    src.write_text(TEXT, encoding="utf-8")
    kind, tex = engine
    result = build_one("report", src, tmp_path / "r.pdf", engine=kind, **({"latex_engine": tex} if tex else {}))
    # no glyph the engine had to draw as .notdef (WeasyPrint says so; TeX stops on a lost character)
    assert [w for w in result.warnings if w.code in ("engine", "missing-glyph")] == []
    assert _words_in(pdf_text(result.output)) == []
    # each script from its bundled font (WeasyPrint names a font by family, TeX by PostScript name)
    embedded = {re.sub(r"[^a-z0-9]|regular$", "", re.sub(r"-identity-[hv]$", "", name.split("+")[-1].lower())) for name in fonts(result.output)}
    assert {"notosanscjksc", "notosansthai", "notosansarabic", "notosanshebrew", "notoemoji"} <= embedded, embedded


@needs_pdftotext
def test_the_reading_list_too(tmp_path):
    src = tmp_path / "scripts.md"
    src.write_text(TEXT, encoding="utf-8")
    result = build_one("reading-list", src, tmp_path / "r.pdf")
    assert [w for w in result.warnings if w.code in ("engine", "missing-glyph")] == []
    assert WORDS["Japanese"] in pdf_text(result.output)


@needs_pdftotext
@pytest.mark.parametrize("engine", ENGINES)
def test_a_character_no_font_has_is_a_visible_replacement_in_every_engine(engine, tmp_path):
    src = tmp_path / "lost.md"
    src.write_text(TEXT.replace("kèm", "kèm 𓀀"), encoding="utf-8")
    kind, tex = engine
    result = build_one("report", src, tmp_path / "r.pdf", engine=kind, **({"latex_engine": tex} if tex else {}))
    w = [w for w in result.warnings if w.code == "missing-glyph"]
    assert len(w) == 1 and "U+13000" in w[0].message and w[0].file == "lost.md" and w[0].line == 5
    assert "kèm \ufffd" in pdf_text(result.output)
