"""`reportgen pdf` with the Typst engine (the default), on every corpus file, read back from
the PDF: the promises of the HTML engine's tests (tests/test_pdf_report.py), and Typst's own
(data not markup, bundled fonts only, a warm compiler, nothing outside the text area)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
import report_promises as promise
from conftest import EPOCH, REFERENCE, ROOT, corpus_params
from pdfcheck import fidelity, fonts, footers, needs_pdftotext, outline, pdf_text

from reportgen.errors import EngineFailed
from reportgen.labels import Labels
from reportgen.pipeline import build_one, load, load_text
from reportgen.settings import Settings

TYPST = Settings(engine="typst")
MM = 72 / 25.4


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def rendered(made):
    """Each corpus file's report, made once per session (conftest.made) and shared."""
    def get(path):
        result = made("report", path, TYPST)
        # Typst said nothing, and no character is missing from the fonts
        assert [str(w) for w in result.warnings if w.code in ("engine", "missing-glyph")] == []
        return result.output

    return get


def test_typst_is_the_default_engine():
    assert Settings().engine == "typst"


class TestTypstReport(promise.ReportPromises):
    """The promises every engine keeps (tests/report_promises.py), on every corpus digest."""

    engine = "typst"


@corpus_params()
def test_the_ids_are_set_in_the_monospace_font_named_for_them(path, rendered):
    """Typst would take its embedded DejaVu Sans Mono for raw text and ids if not told."""
    assert any("NotoSansMono" in name for name in fonts(rendered(path)))


@needs_pdftotext
def test_every_page_the_index_lists_mentions_the_paper(rendered):
    """Besides the highlight's page: every page the index lists for TEXTGRAD mentions it, each
    page once."""
    pages = promise.index_points_at_the_highlight(rendered(REFERENCE))
    where = re.search(r"2406\.07496\s+TEXTGRAD\s+([^\n]*)", "\n".join(pages[-4:])).group(1)
    for group in re.findall(r"[^\d·]+((?:\d+(?:, )?)+)", where):
        numbers = [int(n) for n in group.split(", ")]
        assert len(numbers) == len(set(numbers)), where  # a page said once
        assert all("2406.07496" in pages[n - 1] for n in numbers), where


@corpus_params()
def test_running_header_names_the_current_chapter(path, rendered):
    import pdfplumber

    pdf = rendered(path)
    marks = [(page, title.split(" ", 1)[1]) for level, title, page in outline(pdf) if level == 1]
    with pdfplumber.open(str(pdf)) as doc:
        for number, page in enumerate(doc.pages[2:], 3):
            current = [title for first, title in marks if first <= number][-1]
            head = " ".join(w["text"] for w in page.extract_words() if w["bottom"] < 22 * MM - 2)
            assert head.endswith(current), (number, head, current)


def _outside_text_area(pdf_path, margins=(22 * MM, 19 * MM, 20 * MM, 19 * MM), skip=1):
    """Characters and drawings beyond the text area (top, right, bottom, left margins), but for
    the running header and footer lines: (page, what, where)."""
    import pdfplumber

    top_m, right_m, bottom_m, left_m = margins
    out = []
    with pdfplumber.open(str(pdf_path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            if number <= skip:
                continue
            w, h = float(page.width), float(page.height)
            # a line of the body begins inside the text area (its descenders may reach 0.3 em below:
            # Typst's last baseline is the text area's foot); anything else is a margin's
            body = [c for c in page.chars if top_m - 2 <= c["top"] <= h - bottom_m]
            for c in body:
                if c["text"].strip() and (c["x0"] < left_m - 0.5 or c["x1"] > w - right_m + 0.5
                                          or c["bottom"] > h - bottom_m + 0.35 * c["size"]):
                    out.append((number, c["text"], (round(c["x0"]), round(c["top"]))))
            for kind in ("rects", "lines", "curves"):
                for g in getattr(page, kind):
                    if g["x0"] < left_m - 1.5 or g["x1"] > w - right_m + 1.5 or g["top"] < top_m - 2 \
                            or g["bottom"] > h - bottom_m + 2:
                        out.append((number, kind, (round(g["x0"]), round(g["top"]))))
            # the margins hold the header (a line at the top) and the footer (a line at the foot), nothing else
            margin_lines = {round(c["top"]) for c in page.chars if c["top"] < top_m - 2 or c["top"] > h - bottom_m}
            if len(margin_lines) > 2:
                out.append((number, "margin text", sorted(margin_lines)))
    return out


@corpus_params()
def test_nothing_is_drawn_outside_the_text_area(path, rendered):
    assert _outside_text_area(rendered(path)) == []


LONG = " ".join(["Một khối văn bản rất dài về mô-đun học sâu và dữ liệu huấn luyện"] * 260)


def test_long_blocks_break_across_pages_and_stay_inside(tmp_path):
    """An idea field, an "other" block, a contribution and a reading reason of several pages
    each: they break across pages (no overflow past the foot), every word is printed."""
    text = REFERENCE.read_text(encoding="utf-8")
    text = text.replace("**Motivation:**", f"**Motivation:** {LONG}", 1)
    src = tmp_path / "long.md"
    src.write_text(text, encoding="utf-8")
    d = load(src)
    reading = next(it for it in d.reading_list.items if it.reason)
    reading.reason[-1].text += " " + LONG
    contribution = next(c for c in d.contributions.items if c.commentary)
    contribution.commentary[-1].text += " " + LONG
    from reportgen.model import Block, Run

    d.reading_list.other.append(Block(runs=[Run(text=LONG)]))  # text the reader could not place
    from reportgen.formats import FORMATS
    from reportgen.pipeline import make

    result = make(FORMATS["report"], d, TYPST, tmp_path / "long.pdf")
    assert [w for w in result.warnings if w.code == "engine"] == []
    assert _outside_text_area(result.output) == []
    if __import__("shutil").which("pdftotext"):
        token, flat, missing = fidelity("\n".join([LONG] * 4), pdf_text(result.output))  # all four
        assert flat == 100.0 and not missing


@needs_pdftotext
@corpus_params()
def test_no_page_holds_one_stray_line(path, rendered):
    """Typst's widow and orphan control: no page of the report (the cover aside) carries a
    single line of text between its header and footer."""
    import pdfplumber

    with pdfplumber.open(str(rendered(path))) as pdf:
        for number, page in enumerate(pdf.pages[1:], 2):
            h = float(page.height)
            lines = {round(c["top"]) for c in page.chars if 22 * MM - 2 <= c["top"] and c["bottom"] <= h - 20 * MM + 2}
            assert len(lines) >= 2, f"page {number} holds {len(lines)} line(s)"


def test_metadata_language_title_keywords_and_date(rendered):
    from pypdf import PdfReader

    r = PdfReader(str(rendered(REFERENCE)))
    assert r.trailer["/Root"]["/Lang"] == "vi"
    meta = r.metadata
    assert "Tháng 6/2024" in meta.title and meta.subject == Labels("vi")["report_kind"]
    assert "Mamba-2" in meta.keywords and meta.author == "reportgen"
    created = meta.creation_date
    assert (created.year, created.month, created.day) == (2024, 6, 10)  # SOURCE_DATE_EPOCH's day


@pytest.mark.skipif(__import__("shutil").which("qpdf") is None, reason="qpdf is not installed; CI installs it")
def test_qpdf_finds_the_pdf_sound(rendered, made):
    """pdfinfo may print "Suspects object is wrong type" on Typst PDFs (DESIGN §7): qpdf checks them."""
    for pdf in (rendered(REFERENCE), made("reading-list", REFERENCE, TYPST).output):
        r = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert r.returncode == 0 and "No syntax or stream encoding errors" in r.stdout, r.stdout[-500:]


def test_source_date_epoch_gives_identical_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    a = build_one("report", REFERENCE, tmp_path / "a.pdf", engine="typst").output.read_bytes()
    from reportgen.engines import typst as engine

    engine._COMPILERS.clear()  # a cold compiler too: the same bytes
    b = build_one("report", REFERENCE, tmp_path / "b.pdf", engine="typst").output.read_bytes()
    assert a == b
    from pypdf import PdfReader

    created = PdfReader(str(tmp_path / "a.pdf")).metadata.creation_date
    assert (created.year, created.month, created.day) == (2024, 6, 1)


# Typst markup, code and math in the digest: text, by construction (the data is JSON, never markup)
HOSTILE_TYPST = [
    '#read("/etc/passwd")', '#import "/etc/hostname": *', '#set page(fill: red)', "$x^2 + y_1$", "@ch-index-8",
    "<rg-chapter>", "`raw` and ```typ #eval(\"1\")```", "\\#escaped \\\\ back", "*not bold* _not italic_",
    '#{ panic("boom") }', "#image(\"/etc/passwd\")", '#link("file:///etc/hostname")[x]', "// not a comment",
    "/* nor this */", "= Not a heading", "- not a list", "#let x = 1", "~ non-breaking?",
]
INJECTION = "1.  **TOPIC_TREE**\n\n    *   Chủ đề #strong[đậm] $E = m c^2$ @label\n" \
            "        *   2406.17557 | " + " và ".join(HOSTILE_TYPST[:9]) + "\n\n" \
            "7.  **META_REFLECTION**\n\n    *   " + " và ".join(HOSTILE_TYPST[9:]) + " Kết thúc.\n"


@needs_pdftotext
def test_typst_markup_in_the_digest_is_text(tmp_path):
    src = tmp_path / "inj.md"
    src.write_text(INJECTION, encoding="utf-8")
    result = build_one("report", src, tmp_path / "inj.pdf", engine="typst")
    assert [w for w in result.warnings if w.code == "engine"] == []
    flat = re.sub(r"\s+", "", pdf_text(result.output)).replace("“", '"').replace("”", '"')
    digest = load(src)
    from reportgen.model import iter_text, plain

    for item in iter_text(digest):  # every piece of text of the digest, as written, character for character
        if item.where == "heading":
            continue  # "TOPIC_TREE" as written: the report titles its chapters itself
        text = plain(item.runs) if item.kind == "runs" else item.text
        assert re.sub(r"\s+", "", text).replace("“", '"').replace("”", '"') in flat, text
    assert "root:" not in flat and "#strong[" in flat and "$E=mc^2$" in flat
    from outputs import paints

    assert not paints("application/pdf", result.output.read_bytes(), "#FF0000")  # no set rule ran


def test_a_typst_error_is_one_line_engine_failed(tmp_path):
    """A broken (user) template: EngineFailed, one line, the error and where it stands."""
    folder = tmp_path / "tpl" / "typst"
    folder.mkdir(parents=True)
    (folder / "report.typ").write_text('#import "common.typ": *\n#let x = (1, 2\n', encoding="utf-8")
    with pytest.raises(EngineFailed) as e:
        build_one("report", REFERENCE, tmp_path / "x.pdf", engine="typst", template_dir=str(tmp_path / "tpl"))
    message = str(e.value)
    assert "\n" not in message and "Typst failed" in message and "report.typ" in message and len(message) < 400
    assert not (tmp_path / "x.pdf").exists()
    r = subprocess.run([sys.executable, "-m", "reportgen", "pdf", str(REFERENCE), "-o", str(tmp_path / "y.pdf"),
                        "--template-dir", str(tmp_path / "tpl")], capture_output=True, text=True, cwd=tmp_path,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 4 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_packages_are_refused_before_anything_is_fetched(tmp_path):
    folder = tmp_path / "tpl" / "typst"
    folder.mkdir(parents=True)
    (folder / "report.typ").write_text('#import "@preview/cetz:0.3.0": canvas\n#import "common.typ": *\nx\n',
                                       encoding="utf-8")
    with pytest.raises(EngineFailed, match="package"):
        build_one("report", REFERENCE, tmp_path / "x.pdf", engine="typst", template_dir=str(tmp_path / "tpl"))


def test_a_user_template_wins_and_typst_warnings_are_reported(tmp_path):
    folder = tmp_path / "tpl" / "typst"
    folder.mkdir(parents=True)
    (folder / "report.typ").write_text('#import "common.typ": *\n#show: setup\n'
                                       'USER TEMPLATE #data.period #text(font: "No Such Font")[x]\n', encoding="utf-8")
    result = build_one("report", REFERENCE, tmp_path / "u.pdf", engine="typst", template_dir=str(tmp_path / "tpl"))
    engine = [w for w in result.warnings if w.code == "engine"]
    assert engine and "No Such Font" in engine[0].message.replace("no such font", "No Such Font")
    if __import__("shutil").which("pdftotext"):
        assert "USER TEMPLATE Tháng 6/2024" in pdf_text(result.output)


def test_english_labels_and_letter_paper(tmp_path):
    from pypdf import PdfReader

    out = build_one("report", REFERENCE, tmp_path / "en.pdf", engine="typst", lang="en", paper="letter").output
    r = PdfReader(str(out))
    assert r.trailer["/Root"]["/Lang"] == "en"
    assert abs(float(r.pages[0].mediabox.width) - 612) < 1 and abs(float(r.pages[0].mediabox.height) - 792) < 1
    titles = [t for _, t, _ in outline(out)]
    assert any(t.endswith("Topic map") for t in titles) and any(t.endswith("Paper index") for t in titles)
    assert _outside_text_area(out) == []
    if __import__("shutil").which("pdftotext"):
        lines = footers(out)
        text = pdf_text(out)
        assert "Page 2 of" in text and "Contents" in text and "Trang" not in text
        assert len(lines) == len(r.pages)


def test_logo_accent_and_organisation(tmp_path):
    from PIL import Image
    from pypdf import PdfReader

    Image.new("RGB", (120, 60), (138, 43, 43)).save(tmp_path / "logo.png")
    out = build_one("report", REFERENCE, tmp_path / "l.pdf", engine="typst", logo=str(tmp_path / "logo.png"),
                    accent="#8A2B2B", organisation="Phòng thí nghiệm X").output
    r = PdfReader(str(out))
    assert len(r.pages[0].images) == 1 and r.metadata.author == "Phòng thí nghiệm X"
    from outputs import paints

    data = out.read_bytes()
    assert paints("application/pdf", data, "#8A2B2B") and not paints("application/pdf", data, "#2B5D8A")
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="30" height="10">'
                                       '<rect width="30" height="10" fill="#8A2B2B"/></svg>', encoding="utf-8")
    result = build_one("report", REFERENCE, tmp_path / "s.pdf", engine="typst", logo=str(tmp_path / "logo.svg"))
    assert [w for w in result.warnings if w.code in ("logo", "engine")] == []  # Typst draws SVG logos
    if __import__("shutil").which("pdftotext"):
        assert "Phòng thí nghiệm X" in pdf_text(out).split("\f")[0]


def test_one_warm_compiler_per_process(tmp_path, monkeypatch):
    """``--watch`` and ``build`` keep one compiler: a second report, reading list or digest
    reuses it (the fonts and Typst's caches stay loaded)."""
    import typst

    from reportgen.engines import typst as engine

    made = []
    real = typst.Compiler
    monkeypatch.setattr(typst, "Compiler", lambda *a, **k: made.append(1) or real(*a, **k))
    engine._COMPILERS.clear()
    build_one("report", REFERENCE, tmp_path / "a.pdf", engine="typst")
    build_one("reading-list", REFERENCE, tmp_path / "b.pdf", engine="typst")
    build_one("report", REFERENCE, tmp_path / "c.pdf", engine="typst", lang="en")
    assert made == [1]


def test_cli_pdf_end_to_end(tmp_path):
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": EPOCH}
    r = subprocess.run([sys.executable, "-m", "reportgen", "pdf", str(REFERENCE), "-o", str(tmp_path / "x.pdf")],
                       capture_output=True, text=True, cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF-")


def test_engine_choices_in_the_help():
    r = subprocess.run([sys.executable, "-m", "reportgen", "pdf", "--help"], capture_output=True, text=True,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert "--engine <typst|html|latex>" in r.stdout


def test_an_empty_digest_is_one_clear_line(tmp_path):
    (tmp_path / "e.md").write_text("", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "reportgen", "pdf", str(tmp_path / "e.md")], capture_output=True,
                       text=True, cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert not (tmp_path / "output").exists() or not list((tmp_path / "output").iterdir())


def test_load_text_renders_through_typst_in_process():
    from reportgen.formats import FORMATS
    from reportgen.pipeline import render

    import io

    from pypdf import PdfReader

    rendered = render(FORMATS["report"], load_text(REFERENCE.read_text(encoding="utf-8"), "x.md"), TYPST)
    assert rendered.data.startswith(b"%PDF-") and rendered.details["pages"] >= 10
    # the page count the reading list's density choice relies on is the PDF's own
    assert rendered.details["pages"] == len(PdfReader(io.BytesIO(rendered.data)).pages)
