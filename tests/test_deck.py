"""`reportgen slides` (issue 6) on every corpus file: the deck is reopened with
python-pptx and checked against its plan, re-measured with the fonts' metric
twins, and converted by LibreOffice to PDF, whose text and glyph boxes are
checked too.  LibreOffice tests skip (with the reason) where soffice is missing.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import CORPUS, REFERENCE, ROOT, corpus_params
from lxml import etree
from wordcount import model_words

from reportgen import arxiv
from reportgen.editorial import edition
from reportgen.pipeline import build_one, load
from reportgen.errors import InputError
from reportgen.labels import build_date
from reportgen.model import plain
from reportgen.deck.package import package_problems
from reportgen.deck.plan import plan_deck
from reportgen.deck.slides import BODY_MIN
from reportgen.deck.template import Template, bundled_template
from reportgen.settings import Settings
from reportgen.textfit import METRIC_TWINS, Para, Span, largest_size, metrics


def shown(path):
    """What the deck shows of a digest: the edition (the editor's choices made)."""
    return edition(load(path))

EPOCH = "1718000000"  # 2024-06-10
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EMU_PT = 12700
WORD_RE = re.compile(r"\w+")


def q(ns, tag):
    return f"{{{ns}}}{tag}"


@pytest.fixture(scope="session")
def decks(tmp_path_factory):
    """Every corpus digest built once, with a fixed SOURCE_DATE_EPOCH: path -> (pptx, plan)."""
    out = tmp_path_factory.mktemp("decks")
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        built = {}
        geometry = Template().geometry
        for path in CORPUS:
            target = out / f"{path.stem}.pptx"
            build_one("deck", path, target, organisation="Phòng thí nghiệm AI")
            plan = plan_deck(shown(path), geometry, Settings(lang="vi", organisation="Phòng thí nghiệm AI"),
                             build_date())
            built[path] = (target, plan)
        return built
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def _open(path):
    from pptx import Presentation

    return Presentation(str(path))


def _runs(slide_or_notes):
    return slide_or_notes._element.iter(q(A, "r"))


# --------------------------------------------------------------------------- the deck against its plan


@corpus_params()
def test_slide_count_and_layouts_match_the_plan(decks, path):
    pptx, plan = decks[path]
    prs = _open(pptx)
    assert len(prs.slides) == len(plan.slides)
    from reportgen.deck.template import LAYOUT_NAMES

    assert [s.slide_layout.name for s in prs.slides] == [LAYOUT_NAMES[s.layout][0] for s in plan.slides]
    assert [s.shapes.title.text_frame.text if s.shapes.title else "" for s in prs.slides] == \
        [s.title for s in plan.slides]
    kinds = [s.kind for s in plan.slides]
    assert kinds[0] == "title" and "overview" in kinds[:3] and "divider" in kinds
    # the briefing, then the appendix: the detail of every section on hidden slides
    d = shown(path)
    hidden = [s for s in plan.slides if s.hidden]
    assert sum(1 for s in hidden if s.kind == "highlight") == len(d.highlights.rows)
    assert sum(1 for s in hidden if s.kind == "idea" and not s.continued) == len(d.ideas.ideas)
    assert sum(1 for s in hidden if s.kind == "area" and not s.continued) == len(d.topic_tree.nodes)
    assert [sl._element.get("show") == "0" for sl in prs.slides] == [s.hidden for s in plan.slides]
    # 16:9
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)


@corpus_params()
def test_every_slide_has_notes_with_its_arxiv_links(decks, path):
    prs = _open(decks[path][0])
    for k, slide in enumerate(prs.slides, 1):
        assert slide.has_notes_slide, f"slide {k} has no notes"
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.strip(), f"slide {k}: empty notes"
        on_slide = "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
        for pid in arxiv.find_ids(on_slide):
            assert f"https://arxiv.org/abs/{arxiv.base_id(pid)}" in notes, f"slide {k}: {pid} has no link in the notes"


@corpus_params()
def test_notes_hold_the_full_text(decks, path):
    """Every word of the digest is on a slide or in the notes, except the source's own
    structural labels (section names, column headers, field labels, area codes), which
    the deck replaces with its localized ones."""
    d = shown(path)
    prs = _open(decks[path][0])
    words = set()
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_text_frame:
                words.update(WORD_RE.findall(sh.text_frame.text))
            if sh.has_chart:
                words.update(w for c in sh.chart.plots[0].categories for w in WORD_RE.findall(c))
        words.update(WORD_RE.findall(slide.notes_slide.notes_text_frame.text))
    structural = set()
    for s in d.sections:
        structural.update(WORD_RE.findall(s.heading + " " + plain(s.suffix)))
    structural.update(w for c in d.highlights.columns for w in WORD_RE.findall(c))
    for idea in d.ideas.ideas:
        structural.update(WORD_RE.findall(f"{idea.prefix or ''} " + " ".join(f.label for f in idea.fields)))
    structural.update(w for n in d.topic_tree.nodes for w in WORD_RE.findall(n.code or ""))
    missing = {w for w in model_words(d) if w not in words} - structural
    assert not missing, f"words of the digest on no slide and in no notes: {sorted(missing)[:20]}"


@corpus_params()
def test_every_paper_id_is_on_a_slide_or_in_the_notes(decks, path):
    d = shown(path)
    prs = _open(decks[path][0])
    text = []
    for slide in prs.slides:
        text += [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        text.append(slide.notes_slide.notes_text_frame.text)
    found = {arxiv.base_id(i) for i in arxiv.find_ids("\n".join(text))}
    missing = [p.id for p in d.papers if p.id not in found]
    assert not missing, missing


@corpus_params()
def test_paper_ids_on_slides_link_to_arxiv(decks, path):
    prs = _open(decks[path][0])
    n = 0
    for k, slide in enumerate(prs.slides, 1):
        targets = {rel.rId: rel.target_ref for rel in slide.part.rels.values() if rel.is_external}
        for r in _runs(slide):
            text = r.findtext(q(A, "t")) or ""
            if arxiv.ID_RE.fullmatch(text.strip()):
                link = r.find(f"{q(A, 'rPr')}/{q(A, 'hlinkClick')}")
                assert link is not None, f"slide {k}: {text} is not a link"
                assert targets[link.get(q(R, "id"))] == f"https://arxiv.org/abs/{text.strip()}"
                n += 1
    assert n > 50


@corpus_params()
def test_lang_fonts_and_nfc_on_every_run(decks, path):
    prs = _open(decks[path][0])
    for k, slide in enumerate(prs.slides, 1):
        for part in (slide, slide.notes_slide):
            for r in _runs(part):
                rpr = r.find(q(A, "rPr"))
                assert rpr is not None and rpr.get("lang") == "vi-VN", f"slide {k}: run without lang"
                for slot in ("latin", "ea", "cs"):
                    el = rpr.find(q(A, slot))
                    assert el is not None and el.get("typeface") == "Arial", f"slide {k}: a:{slot} missing"
                text = r.findtext(q(A, "t"))
                assert unicodedata.is_normalized("NFC", text)


# --------------------------------------------------------------------------- no overflow


def _frame_paras(shape):
    """The paragraphs of a shape's text frame as textfit sees them, read back from the XML."""
    txbody = shape.text_frame._txBody
    fonts = set()
    paras = []
    for p in txbody.findall(q(A, "p")):
        ppr = p.find(q(A, "pPr"))
        runs = p.findall(q(A, "r"))
        if not runs:
            continue
        sizes = {int(r.find(q(A, "rPr")).get("sz")) / 100 for r in runs}
        assert len(sizes) == 1, "one size a paragraph"
        spans = []
        for r in runs:
            rpr = r.find(q(A, "rPr"))
            fonts.add(rpr.find(q(A, "latin")).get("typeface"))
            spans.append(Span(r.findtext(q(A, "t")), rpr.get("b") == "1", rpr.get("i") == "1"))
        spacing = ppr.find(f"{q(A, 'lnSpc')}/{q(A, 'spcPct')}")
        before = ppr.find(f"{q(A, 'spcBef')}/{q(A, 'spcPts')}")
        paras.append(Para(tuple(spans), sizes.pop(), int(ppr.get("marL", "0")) / EMU_PT,
                          int(before.get("val")) / 100 if before is not None else 0.0,
                          int(spacing.get("val")) / 100000 if spacing is not None else 1.0))
    return paras, fonts


@corpus_params()
def test_no_text_frame_is_taller_than_its_box(decks, path):
    """Every text frame, re-measured from the saved XML with the declared font's metric
    twin, fits its box; autofit is off and word wrap on everywhere; body text ≥ 16 pt."""
    prs = _open(decks[path][0])
    checked = 0
    for k, slide in enumerate(prs.slides, 1):
        for sh in slide.shapes:
            if not sh.has_text_frame:
                continue
            body_pr = sh.text_frame._txBody.find(q(A, "bodyPr"))
            assert body_pr.find(q(A, "noAutofit")) is not None and body_pr.get("wrap") == "square"
            paras, fonts = _frame_paras(sh)
            if not paras:
                continue
            assert len(fonts) == 1 and fonts <= set(METRIC_TWINS)
            m = metrics(fonts.pop())
            ins = [int(body_pr.get(x)) / EMU_PT for x in ("lIns", "rIns", "tIns", "bIns")]
            width = sh.width / EMU_PT - ins[0] - ins[1]
            height = sh.height / EMU_PT - ins[2] - ins[3]
            need = m.frame_height(paras, width)
            assert need <= height + 0.01, f"slide {k} ({sh.name}): text needs {need:.1f} pt, box has {height:.1f}"
            assert min(p.size for p in paras) >= BODY_MIN, f"slide {k} ({sh.name}): text under 16 pt"
            checked += 1
    assert checked >= 2 * len(prs.slides)


@corpus_params()
def test_continuation_slides_are_titled_tiep(decks, path):
    plan = decks[path][1]
    for prev, s in zip(plan.slides, plan.slides[1:]):
        if s.continued:
            assert s.title.endswith("(tiếp)") and s.kind == prev.kind, s.title


# --------------------------------------------------------------------------- package, template, determinism


@corpus_params()
def test_package_has_no_dangling_parts_and_a_registered_notes_master(decks, path):
    blob = decks[path][0].read_bytes()
    assert package_problems(blob) == []
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        pres = etree.fromstring(z.read("ppt/presentation.xml"))
        lst = pres.find(q(P, "notesMasterIdLst"))
        assert lst is not None and len(lst) == 1
        assert sum(1 for n in z.namelist() if n.startswith("ppt/notesSlides/notesSlide")) == \
            sum(1 for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))


def test_overview_chart_is_a_native_bar_chart(decks):
    from pptx.enum.chart import XL_CHART_TYPE

    pptx, plan = decks[REFERENCE]
    prs = _open(pptx)
    d = shown(REFERENCE)
    charts = [sh.chart for s in prs.slides for sh in s.shapes if sh.has_chart]
    assert len(charts) == 1
    chart = charts[0]
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(chart.plots[0].series[0].values) == [len(n.papers()) for n in d.topic_tree.nodes]
    assert len(chart.plots[0].categories) == len(d.topic_tree.nodes)
    with zipfile.ZipFile(pptx) as z:
        assert any(n.startswith("ppt/embeddings/") and n.endswith(".xlsx") for n in z.namelist())


def test_same_input_and_epoch_give_the_same_bytes(tmp_path, monkeypatch, decks):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    a = build_one("deck", REFERENCE, tmp_path / "a.pptx", organisation="Phòng thí nghiệm AI").output.read_bytes()
    assert a == decks[REFERENCE][0].read_bytes()
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 6, 10, 6, 13, 20)}
        core = z.read("docProps/core.xml").decode()
        assert core.count("2024-06-10T06:13:20Z") == 3  # created, modified, last printed
        for name in z.namelist():
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(z.read(name))) as x:
                    assert "2024-06-10T06:13:20Z" in x.read("docProps/core.xml").decode()


def test_bundled_template_is_what_the_writer_expects():
    blob = bundled_template().read_bytes()
    assert package_problems(blob) == []
    t = Template()
    assert len(t.prs.slides) == 0 and t.geometry.font == "Arial"
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert etree.fromstring(z.read("ppt/presentation.xml")).find(q(P, "notesMasterIdLst")) is not None
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "make_deck_template.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def _lab_template(tmp_path: Path, font: str = "Calibri", drop: str | None = None) -> Path:
    """A lab's template: the bundled one with Calibri theme fonts, a narrower content
    box, layouts in another order; optionally one layout renamed away."""
    from pptx import Presentation

    prs = Presentation(str(bundled_template()))
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    theme._blob = theme.blob.replace(b'typeface="Arial"', f'typeface="{font}"'.encode())
    for layout in prs.slide_layouts:
        if layout.name == "Content":
            body = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 1)
            body.width = int(body.width * 0.7)
        if drop and layout.name == drop:
            layout._element.cSld.set("name", drop + " (old)")
    out = tmp_path / "lab.pptx"
    prs.save(str(out))
    return out


def test_a_lab_template_is_mapped_by_layout_name(tmp_path):
    lab = _lab_template(tmp_path)
    out = build_one("deck", REFERENCE, tmp_path / "lab-deck.pptx", deck_template=str(lab)).output
    prs = _open(out)
    t = Template(lab)
    assert t.geometry.font == "Calibri"
    fonts = {r.find(f"{q(A, 'rPr')}/{q(A, 'latin')}").get("typeface") for s in prs.slides for r in _runs(s)}
    assert fonts == {"Calibri"}
    narrow = t.geometry.box("content.body").w
    for s in prs.slides:
        if s.slide_layout.name == "Content":
            body = next((ph for ph in s.placeholders if ph.placeholder_format.idx == 1), None)
            if body is None:  # a table slide: the table stands where the body would
                continue
            assert body.width == narrow
            paras, _ = _frame_paras(body)
            assert metrics("Calibri").frame_height(paras, body.width / EMU_PT - 14.4) <= body.height / EMU_PT - 7.2
    assert package_problems(out.read_bytes()) == []


def test_a_template_missing_layouts_is_an_error_listing_them(tmp_path):
    lab = _lab_template(tmp_path, drop="Chart")
    with pytest.raises(InputError) as e:
        build_one("deck", REFERENCE, tmp_path / "x.pptx", deck_template=str(lab))
    assert "'Chart'" in str(e.value) and "Chart (old)" in str(e.value)
    assert not (tmp_path / "x.pptx").exists()
    from typer.testing import CliRunner

    from reportgen.cli import app

    r = CliRunner().invoke(app, ["slides", str(REFERENCE), "-o", str(tmp_path / "y.pptx"), "--template", str(lab)])
    assert r.exit_code == 2 and "lacks the slide layout" in r.output


def test_english_labels_and_lang(tmp_path):
    out = build_one("deck", REFERENCE, tmp_path / "en.pptx", lang="en").output
    prs = _open(out)
    langs = {r.find(q(A, "rPr")).get("lang") for s in prs.slides for r in _runs(s)}
    assert langs == {"en-US"}
    titles = [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title]
    assert "Appendix" in titles and "Discussion" in titles and any(t.endswith("(cont.)") for t in titles)
    assert any(t.startswith("Overview: 101 papers") for t in titles)


def test_cli_slides(tmp_path):
    from typer.testing import CliRunner

    from reportgen.cli import app

    r = CliRunner().invoke(app, ["slides", str(REFERENCE), "-o", str(tmp_path / "d.pptx"), "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "d.pptx").is_file()
    r = CliRunner().invoke(app, ["slides", str(REFERENCE), "-o", str(tmp_path / "e.pptx"), "--lang", "fr"])
    assert r.exit_code == 2 and not (tmp_path / "e.pptx").exists()


def test_plan_is_pure():
    d = shown(REFERENCE)
    assert plan_deck(d, settings=Settings(), date=build_date()) == plan_deck(d, settings=Settings(), date=build_date())


# --------------------------------------------------------------------------- textfit


def test_textfit_wraps_at_spaces_and_breaks_long_tokens():
    m = metrics("Arial")
    text = "Xu hướng xây dựng các bộ dữ liệu tiền huấn luyện mở"
    lines = m.wrap([text], 120, 16)
    assert len(lines) > 1 and " ".join(lines).split() == text.split()  # whole words only
    assert all(m.width(line, 16) <= 120 for line in lines)
    long = m.wrap(["x" * 200], 100, 16)
    assert len(long) > 3 and "".join(long) == "x" * 200
    assert m.line_count(["a b c"], 1000, 16) == 1


def test_textfit_uses_the_metric_twins():
    text = "Điểm nổi bật SOTA"
    arial, calibri = metrics("Arial").width(text, 20), metrics("Calibri").width(text, 20)
    assert calibri < arial  # Calibri (Carlito) is narrower
    assert metrics("Arial").width(text, 20, bold=True) > arial
    assert largest_size(text, 200, 30, 40, 10) is not None
    assert largest_size(text * 20, 100, 20, 24, 16) is None


# --------------------------------------------------------------------------- LibreOffice


def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def pdfs(decks, tmp_path_factory):
    """Every deck converted to PDF by LibreOffice in one call, with the bundled fonts
    visible to it (Liberation Sans answers for Arial)."""
    exe = _soffice()
    if not exe:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs libreoffice-impress")
    work = tmp_path_factory.mktemp("lo")
    conf = work / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<dir>{ROOT / "fonts"}</dir><cachedir>{work / "fc-cache"}</cachedir></fontconfig>')
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(work))
    files = [str(p) for p, _ in decks.values()]
    # the hidden appendix slides too (LibreOffice leaves hidden slides out of a PDF by default)
    pdf_filter = 'pdf:impress_pdf_Export:{"ExportHiddenSlides":{"type":"boolean","value":"true"}}'
    r = subprocess.run([exe, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--norestore",
                        "--convert-to", pdf_filter, "--outdir", str(work / "pdf"), *files],
                       capture_output=True, text=True, timeout=900, env=env, stdin=subprocess.DEVNULL)
    out = {}
    for path, (pptx, _) in decks.items():
        pdf = work / "pdf" / (pptx.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice did not convert {pptx.name}: {r.stdout[-1000:]} {r.stderr[-1000:]}"
        out[path] = pdf
    return out


def _norm_text(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", s))


_PAGES: dict = {}


def _pages(pdf_path: Path) -> list[dict]:
    """The PDF's pages read once with pdfplumber: size, text and glyph boxes."""
    if pdf_path not in _PAGES:
        import pdfplumber

        with pdfplumber.open(pdf_path) as pdf:
            _PAGES[pdf_path] = [{"width": pg.width, "height": pg.height, "text": pg.extract_text() or "",
                                 "chars": [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for c in pg.chars]}
                                for pg in pdf.pages]
    return _PAGES[pdf_path]


@corpus_params()
def test_libreoffice_opens_and_converts_the_deck(pdfs, decks, path):
    """LibreOffice converted it (no repair: it would not convert a deck it could not
    open), one page a slide, and each page's text holds its slide's text."""
    pptx, plan = decks[path]
    prs = _open(pptx)
    pages = _pages(pdfs[path])
    assert len(pages) == len(plan.slides)
    for k, (slide, page) in enumerate(zip(prs.slides, pages), 1):
        got = _norm_text(page["text"])
        for sh in slide.shapes:
            if not sh.has_text_frame:
                continue
            for token in sh.text_frame.text.split():
                assert _norm_text(token) in got, f"slide {k}: {token!r} not in the PDF's text"


@corpus_params()
def test_no_character_lies_outside_its_slide(pdfs, path):
    """Glyph boxes within the page, and — with the bundled template — within the
    content area (0.6 in margins, nothing under the body box's bottom at 6.95 in)."""
    for k, page in enumerate(_pages(pdfs[path]), 1):
        assert page["chars"], f"slide {k} has no text"
        for text, x0, x1, top, bottom in page["chars"]:
            where = f"slide {k}: {text!r} at ({x0:.1f}, {bottom:.1f}) pt"
            assert 0 <= x0 and x1 <= page["width"] and 0 <= top and bottom <= page["height"], where + " off the slide"
            assert x0 >= 0.6 * 72 - 1 and x1 <= 12.733 * 72 + 1, where + " beyond the side margins"
            assert bottom <= 6.95 * 72 + 1, where + " below the body box"


def test_the_deck_modules_and_template_ship_in_the_wheel():
    """pyproject lists every subpackage (the deck lives in reportgen.renderers) and the
    bundled template sits under templates/, which ships as reportgen/templates."""
    import tomllib

    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(conf["tool"]["setuptools"]["packages"])
    subpackages = {"reportgen." + p.parent.relative_to(ROOT / "reportgen").as_posix().replace("/", ".")
                   for p in (ROOT / "reportgen").rglob("__init__.py") if p.parent != ROOT / "reportgen"}
    assert subpackages <= listed, f"not in [tool.setuptools] packages: {sorted(subpackages - listed)}"
    assert bundled_template().resolve().is_relative_to((ROOT / "templates").resolve())
    assert "python-pptx" in " ".join(conf["project"]["dependencies"])
