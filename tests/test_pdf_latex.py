"""`reportgen pdf --engine latex` under XeLaTeX and LuaLaTeX, on every corpus file."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from conftest import REFERENCE, ROOT, corpus_params
from pagecheck import chapter_heads, layout_problems
from wordcount import visible_source
from pdfcheck import fidelity, fonts, link_uris, needs_pdftotext, outline, pdf_text

from reportgen import arxiv
from reportgen.pipeline import build_one, for_format, load
from reportgen.labels import Labels

ENGINES = [pytest.param(e, marks=pytest.mark.skipif(shutil.which(e) is None,
                                                     reason=f"{e} is not installed; CI installs TeX Live"))
           for e in ("xelatex", "lualatex")]
needs_xelatex = pytest.mark.skipif(shutil.which("xelatex") is None, reason="xelatex is not installed; CI installs it")


@pytest.fixture(scope="module")
def typeset(tmp_path_factory):
    out = tmp_path_factory.mktemp("tex")
    cache = {}

    def get(path, engine):
        if (path, engine) not in cache:
            result = build_one("report", path, out / f"{path.stem}-{engine}.pdf", engine="latex", latex_engine=engine)
            cache[(path, engine)] = result
        return cache[(path, engine)]

    return get


@needs_pdftotext
@pytest.mark.parametrize("engine", ENGINES)
@corpus_params()
def test_fidelity_fonts_outline_links_no_overfull(path, engine, typeset):
    result = typeset(path, engine)
    pdf = result.output
    # the text layer: every Vietnamese word as a whole token
    text = pdf_text(pdf)
    token, flat, missing = fidelity(visible_source(path, load(path)), text)  # all but what the editor hid
    assert flat == 100.0 and token >= 99.9, missing[:20]
    assert [ln for ln in text.splitlines() if re.search(r"\w-$", ln)] == []  # no break at a hyphen
    # no line more than 1 pt too wide, no box taller than its room (parsed from the TeX log)
    assert [w.message for w in result.warnings if w.code == "overfull"] == []
    # nothing outside the text area but the running header and footer; no page with a line or
    # two while its chapter goes on
    assert layout_problems(pdf) == []
    # an idea begins a new page only when less than a third of one is left
    assert [round(left, 2) for _, left in chapter_heads(pdf, Labels("vi").section("ideas"))[1:] if left < 0.28] == []
    assert result.details["passes"] <= 4
    # only the bundled fonts, embedded and subset
    for name, embedded in fonts(pdf).items():
        assert re.match(r"/?[A-Z]{6}\+Noto(Serif|Sans|SansMono|SansMath|SansSymbols2|Emoji)-", name), name
        assert embedded
    # the same outline as the HTML engine: the seven sections, two levels
    marks = outline(pdf)
    labels = Labels("vi")
    top = [t for level, t, _ in marks if level == 1]
    for kind in ("reflection", "topic_tree", "highlights", "contributions", "gaps", "ideas", "reading_list"):
        assert any(t.endswith(labels.section(kind)) for t in top), (kind, top)
    assert max(level for level, _, _ in marks) == 2
    # an arXiv link on every distinct id
    uris = link_uris(pdf)
    d = load(path)
    assert not [p.id for p in d.papers if arxiv.url(p.id) not in uris]


@needs_pdftotext
@pytest.mark.skipif(shutil.which("lualatex") is None or shutil.which("xelatex") is None,
                    reason="needs both xelatex and lualatex; CI installs them")
@corpus_params()
def test_both_engines_agree_on_titles_and_ids(path, typeset):
    texts = {e: pdf_text(typeset(path, e).output) for e in ("xelatex", "lualatex")}
    ids = {e: set(arxiv.find_ids(t)) for e, t in texts.items()}
    assert ids["xelatex"] == ids["lualatex"] == {p.id for p in load(path).papers}
    titles = {e: [t for lv, t, _ in outline(typeset(path, e).output)] for e in texts}
    assert titles["xelatex"] == titles["lualatex"]


def test_paper_index_uses_pagerefs(typeset):
    if shutil.which("xelatex") is None or shutil.which("pdftotext") is None:
        pytest.skip("xelatex and pdftotext are installed in CI")
    pages = pdf_text(typeset(REFERENCE, "xelatex").output).split("\f")
    m = re.search(r"2406\.07496\s+TEXTGRAD\s+[^\n]*?Nổi bật (\d+)", "\n".join(pages[-4:]))
    assert m
    page = pages[int(m.group(1)) - 1]
    assert "TEXTGRAD" in page and "2406.07496" in page


INJECTION = r"""1.  **TOPIC_TREE**

    *   Chủ đề \input{/etc/passwd} và \write18{touch /tmp/pwned} và \catcode`\^^M=13
        *   2406.17557 | \def\x{y}\x ^^5cinput{/etc/hostname} $x^2$ & # % ~ _ {không cân bằng

7.  **META_REFLECTION**

    *   \csname @@end\endcsname Kết thúc.
"""


@needs_xelatex
@needs_pdftotext
def test_injection_strings_are_typeset_literally(tmp_path):
    src = tmp_path / "inj.md"
    src.write_text(INJECTION, encoding="utf-8")
    out = build_one("report", src, tmp_path / "inj.pdf", engine="latex").output
    text = pdf_text(out)
    for literal in [r"\input{/etc/passwd}", r"\write18{touch", r"\catcode`\^^M=13", r"\def\x{y}\x",
                    r"^^5cinput{/etc/hostname}", "$x^2$ & # % ~ _ {không cân bằng", r"\csname @@end\endcsname"]:
        assert literal in text, literal
    assert "root:" not in text
    assert not (tmp_path / "pwned").exists() and not __import__("os").path.exists("/tmp/pwned")


@needs_xelatex
def test_a_character_no_font_has_is_a_warning_and_a_visible_replacement(tmp_path):
    """Not an aborted build (it once was: \\tracinglostchars=3): a warning naming the code point
    and the digest's line, and U+FFFD on the page."""
    src = tmp_path / "lost.md"
    src.write_text(INJECTION.replace("Kết thúc.", "Kết thúc 𓀀."), encoding="utf-8")
    result = build_one("report", src, tmp_path / "lost.pdf", engine="latex")
    w = [w for w in result.warnings if w.code == "missing-glyph"]
    assert len(w) == 1 and "U+13000" in w[0].message and w[0].line == 8
    assert "Kết thúc \ufffd." in pdf_text(result.output)


def _cli(*args, env_path="/usr/bin:/bin", cwd=None):
    return subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True, text=True,
                          cwd=cwd, env={"PYTHONPATH": str(ROOT), "PATH": env_path})


@needs_xelatex
def test_engine_failure_shows_only_the_trimmed_log(tmp_path):
    tpl = tmp_path / "tpl" / "latex"
    tpl.mkdir(parents=True)
    (tpl / "report.tex.j2").write_text("\\section{x}\n\\undefinedmacro\n", encoding="utf-8")
    r = _cli("pdf", str(REFERENCE), "--engine", "latex", "--template-dir", str(tmp_path / "tpl"),
             "-o", str(tmp_path / "f.pdf"), env_path=__import__("os").environ["PATH"])
    assert r.returncode == 4
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Undefined control sequence" in lines[0] and "l." in lines[0]
    assert len(lines[0]) < 600 and "Traceback" not in r.stderr
    assert not (tmp_path / "f.pdf").exists()


def test_an_error_inside_a_package_is_found_and_trimmed():
    """A package's error is printed with its absolute path ("/usr/…/hyperref.sty:4872:"), not
    "./report.tex:N:"; it must still be the message shown (it once was "no error message")."""
    from reportgen.engines.latex import _has_error, _trim

    log = ("(/usr/share/texlive/texmf-dist/tex/latex/url/url.sty\n)\n"
           "/usr/share/texlive/texmf-dist/tex/latex/hyperref/hyperref.sty:4872: Font \\XeTeX\n"
           "Link@font=pzdr at 0.00002pt not loadable: Metric (TFM) file or installed font n\n"
           "ot found.\n<to be read again>\nl.4872   \\font\\XeTeXLink@font=pzdr at 1sp\\relax\n"
           "Here is how much of TeX's memory you used:\n No pages of output.\n")
    assert _has_error(log)
    trimmed = _trim(log)
    assert trimmed.startswith("/usr/share/texlive/texmf-dist/tex/latex/hyperref/hyperref.sty:4872: Font")
    assert "pzdr" in trimmed and trimmed.endswith("\\relax") and "memory" not in trimmed


def test_missing_tex_names_the_packages(tmp_path):
    r = _cli("pdf", str(REFERENCE), "--engine", "latex", "-o", str(tmp_path / "m.pdf"),
             env_path=str(tmp_path))  # a PATH with no TeX on it
    assert r.returncode == 3
    assert "texlive-xetex" in r.stderr and len(r.stderr.strip().splitlines()) == 1


@needs_xelatex
def test_logo_and_accent_reach_the_tex_cover(tmp_path):
    from PIL import Image
    from pypdf import PdfReader

    from reportgen.formats import FORMATS
    from reportgen.renderers.latex import render_latex
    from reportgen.settings import Settings

    Image.new("RGB", (120, 60), (138, 43, 43)).save(tmp_path / "logo.png")
    tex = render_latex(load(REFERENCE), for_format(FORMATS["report"], Settings(accent="#8A2B2B")), str(tmp_path / "logo.png"))
    assert r"\definecolor{accent}{HTML}{8A2B2B}" in tex and r"\includegraphics[height=20mm]{logo.png}" in tex
    out = build_one("report", REFERENCE, tmp_path / "l.pdf", engine="latex", logo=str(tmp_path / "logo.png")).output
    assert len(PdfReader(str(out)).pages[0].images) == 1


def test_overfull_boxes_are_placed_in_the_digest():
    from reportgen.engines.latex import Overfull, overfull_boxes

    log = "\n".join([
        "@rg chapter 1", "@rg line 12",
        "Overfull \\hbox (0.4pt too wide) in paragraph at lines 80--81",  # within the 1 pt tolerance
        "@rg chapter 6", "@rg line 301",
        "Overfull \\hbox (12.5pt too wide) in paragraph at lines 901--905",
        "[28] [29]",
        "@rg line 305",
        "Overfull \\vbox (325.0pt too high) has occurred while \\output is active",
    ])
    assert overfull_boxes(log) == [Overfull("hbox", 12.5, 301, "6"), Overfull("vbox", 325.0, 305, "6")]


@needs_xelatex
def test_an_overfull_box_is_a_warning_naming_chapter_and_digest_line_and_strict_fails(tmp_path):
    from reportgen.errors import StrictWarnings

    # a template in which every idea holds a line wider than the text area
    template = (ROOT / "templates" / "latex" / "report.tex.j2").read_text(encoding="utf-8")
    marker = "\\needspace{0.33\\textheight}\\subsection{((( link.title(idea.title) )))}"
    assert marker in template
    (tmp_path / "latex").mkdir()
    (tmp_path / "latex" / "report.tex.j2").write_text(
        template.replace(marker, marker + "\n\\noindent\\hbox to 1.2\\linewidth{\\hfil x}\\par", 1), encoding="utf-8")
    result = build_one("report", REFERENCE, tmp_path / "r.pdf", engine="latex", template_dir=str(tmp_path))
    over = [w for w in result.warnings if w.code == "overfull"]
    ideas = load(REFERENCE).ideas.ideas
    assert [w.line for w in over] == [idea.line for idea in ideas]
    assert all("wider than the text area in chapter 6 “Ý tưởng nghiên cứu”" in w.message for w in over), over
    with pytest.raises(StrictWarnings):
        build_one("report", REFERENCE, tmp_path / "s.pdf", engine="latex", template_dir=str(tmp_path), strict=True)
    assert not (tmp_path / "s.pdf").exists()
