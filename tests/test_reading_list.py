"""`reportgen reading-list`: the printable PDF and the BibLaTeX / RIS / CSL-JSON exports."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import REFERENCE, ROOT, corpus_params
from pdfcheck import fidelity, link_uris, needs_pdftotext, pdf_text

from reportgen import arxiv
from reportgen.pipeline import build_one, load, load_text
from reportgen.settings import Settings
from reportgen.latex import escape
from reportgen.model import plain
from reportgen.formats.bibliography import to_biblatex, to_csljson, to_ris
from reportgen.renderers.common import reading_entries

# ------------------------------------------------------------------ exports


@corpus_params()
def test_biblatex_parses_and_fields_round_trip(path):
    import bibtexparser

    d = load(path)
    entries = reading_entries(d, include_highlights=True)
    lib = bibtexparser.parse_string(to_biblatex(entries))
    assert not lib.failed_blocks
    assert [e.key for e in lib.entries] == [f"arxiv{arxiv.base_id(x.paper).replace('.', '_')}" for x in entries]
    for parsed, e in zip(lib.entries, entries):
        f = {k: v.value for k, v in parsed.fields_dict.items()}
        assert parsed.entry_type == "online"
        assert f["eprint"] == arxiv.base_id(e.paper) and f["eprinttype"] == "arxiv"
        assert f["url"] == f"https://arxiv.org/abs/{arxiv.base_id(e.paper)}"
        assert f["title"] == escape(plain(e.name).strip() or f"arXiv:{e.paper}")
        assert f["annotation"] == escape(plain(e.reason).strip())
    # raw UTF-8, no TeX accents
    assert "\\'" not in to_biblatex(entries) and "ư" in to_biblatex(reading_entries(load(REFERENCE)))


def test_biblatex_keys_are_stable_and_specials_escaped():
    import bibtexparser

    text = ("1. **TOPIC_TREE**\n\n* A\n    * 2406.17557 | x\n\n6. **READING_LIST**\n\n"
            "* 2406.17557 – Web_Data 100% · lý do {khó} & $x^2$ # ~ \\input{/etc/passwd}\n")
    d = load_text(text, "s.md")
    bib = to_biblatex(reading_entries(d))
    assert bib == to_biblatex(reading_entries(load_text(text, "s.md")))
    f = bibtexparser.parse_string(bib).entries[0].fields_dict
    assert f["title"].value == r"Web\_Data 100\%"
    assert r"\{khó\} \& \$x\textasciicircum{}2\$ \# \textasciitilde{} \textbackslash{}input\{/etc/passwd\}" \
        in f["annotation"].value


@corpus_params()
def test_ris_parses(path):
    import rispy

    entries = reading_entries(load(path), include_highlights=True)
    records = rispy.loads(to_ris(entries))
    assert len(records) == len(entries)
    for r, e in zip(records, entries):
        assert r["type_of_reference"] == "UNPB"
        assert r["id"] == e.key and r["urls"] == [arxiv.url(e.paper)]
        assert r["title"] == (plain(e.name).strip() or f"arXiv:{e.paper}")
        assert r["notes"][0] == " ".join(plain(e.reason).split())


@corpus_params()
def test_csl_json_is_valid_and_citeproc_formats_every_item(path):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    entries = reading_entries(load(path), include_highlights=True)
    items = json.loads(to_csljson(entries))
    assert len(items) == len(entries) == len({i["id"] for i in items})
    for item in items:  # structural check against CSL-JSON's schema rules
        assert isinstance(item["id"], str) and item["type"] == "article"
        assert all(isinstance(item[k], str) for k in ("title", "URL", "DOI", "note", "publisher", "number"))
        parts = item["issued"]["date-parts"]
        assert isinstance(parts, list) and all(isinstance(x, int) for x in parts[0]) and 1 <= parts[0][1] <= 12
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    rendered = [str(b) for b in bib.bibliography()]
    assert len(rendered) == len(items)
    for item in items:
        assert any((item["URL"] in r or item["DOI"] in r) and item["title"][:20] in r for r in rendered), item["id"]


# ------------------------------------------------------------------ the PDF


# Typst (the default; also what --engine latex typesets the list with) and WeasyPrint
ENGINES = pytest.mark.parametrize("engine", ["typst", "html"])


@pytest.fixture
def reading_pdfs(made):
    """Each corpus file's reading list, with and without the highlights, by engine, built once per session."""
    def get(path, include, engine="typst"):
        result = made("reading-list", path, Settings(engine=engine, include=("highlights",) if include else ()))
        assert [w for w in result.warnings if w.code in ("engine", "missing-glyph", "too-long")] == []
        return result.output

    return get


@ENGINES
@pytest.mark.parametrize("include", [False, True], ids=["list", "with-highlights"])
@corpus_params()
def test_every_id_is_a_link_and_at_most_two_pages(path, include, engine, reading_pdfs):
    from pypdf import PdfReader

    pdf = reading_pdfs(path, include, engine)
    entries = reading_entries(load(path), include)
    # up to a dozen entries (every corpus list) fit one page: tightened, never spilled onto a second
    assert len(PdfReader(str(pdf)).pages) == (1 if len(entries) <= 12 else 2)
    uris = link_uris(pdf)
    assert {arxiv.url(e.paper) for e in entries} <= uris
    assert len({e.paper for e in entries}) == len(entries)  # no duplicates with the highlights
    if include:
        d = load(path)
        assert {h.paper for h in d.highlights.rows} <= {e.paper for e in entries}


def test_a_list_too_long_for_one_page_takes_two_at_the_loosest_layout_that_fits():
    from stress import many_readings

    from reportgen.engines.weasy import html_to_pdf
    from reportgen.formats import FORMATS
    from reportgen.pipeline import for_format, render
    from reportgen.renderers.html import render_reading_list
    from reportgen.settings import Density

    fmt = FORMATS["reading-list"]
    d = load_text(many_readings(16), "sixteen.md")
    r = render(fmt, d, Settings())
    assert r.details["pages"] == 2 and [w.message for w in r.warnings] == []
    # no layout fits one page, and every layout looser than the one used takes more than two
    settings = for_format(fmt, Settings())
    pages = {x: html_to_pdf(render_reading_list(d, settings, x.value)).pages for x in Density}
    used = Density(r.details["density"])
    assert min(pages.values()) == 2
    assert all(pages[x] > 2 for x in list(Density)[:list(Density).index(used)])


@needs_pdftotext
@ENGINES
@corpus_params()
def test_text_fidelity_of_the_reading_list(path, engine, reading_pdfs):
    d = load(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    section = "\n".join(lines[d.reading_list.line:d.reflection.line - 1])
    text = pdf_text(reading_pdfs(path, False, engine))
    token, flat, missing = fidelity(section, text)
    assert flat == 100.0 and token >= 99.9, missing
    for e in reading_entries(d):
        assert e.paper in text


@ENGINES
def test_qr_codes_decode_to_the_paper_urls(engine, reading_pdfs, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is in the test extra")
    from PIL import Image
    import shutil

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed; CI installs it")
    pdf = reading_pdfs(REFERENCE, True, engine)
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(tmp_path / "p")], check=True)
    found = set()
    for png in sorted(tmp_path.glob("p-*.png")):
        found |= {r.text for r in zxingcpp.read_barcodes(Image.open(png)) if r.format == zxingcpp.BarcodeFormat.QRCode}
    assert found == {arxiv.url(e.paper) for e in reading_entries(load(REFERENCE), True)}


@ENGINES
def test_header_has_period_and_babel_date(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719792000")  # 2024-07-01
    out = build_one("reading-list", REFERENCE, tmp_path / "h.pdf", engine=engine).output
    if __import__("shutil").which("pdftotext"):
        text = pdf_text(out)
        assert "Tháng 6/2024" in text and "ngày 1 tháng 7 năm 2024" in text


def test_latex_engine_typesets_the_list_with_typst(reading_pdfs, made):
    """The reading list has no LaTeX template: with --engine latex it is Typst's page."""
    latex = made("reading-list", REFERENCE, Settings(engine="latex")).output.read_bytes()
    assert latex == reading_pdfs(REFERENCE, False, "typst").read_bytes()


def test_a_long_list_gets_denser_until_it_fits_two_pages(tmp_path):
    from pypdf import PdfReader

    from reportgen.formats import FORMATS
    from reportgen.model import ReadingItem, Run

    d = load(REFERENCE)
    extra = [ReadingItem(paper=f"2406.{10000 + i}", name=[Run(text=f"Bài {i}")],
                         reason=[Run(text="Một lý do đọc bài này, ngắn gọn nhưng đủ để chiếm hai dòng trên trang in "
                                          "khi cộng thêm mã QR và hai dòng ghi chú.")]) for i in range(12)]
    d.reading_list.items.extend(extra)
    from reportgen.pipeline import make

    result = make(FORMATS["reading-list"], d, Settings(), tmp_path / "long.pdf")
    assert result.details["density"] != "normal" and len(PdfReader(str(result.output)).pages) <= 2


def test_cli_formats_and_default_names(tmp_path):
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    for fmt, suffix in [("bib", ".bib"), ("ris", ".ris"), ("csljson", ".json")]:
        r = subprocess.run([sys.executable, "-m", "reportgen", "reading-list", str(REFERENCE), "--format", fmt],
                           capture_output=True, text=True, cwd=tmp_path, env=env)
        assert r.returncode == 0, r.stderr
        assert (tmp_path / "output" / f"{REFERENCE.stem}{suffix}").stat().st_size > 500
    bad = subprocess.run([sys.executable, "-m", "reportgen", "reading-list", str(REFERENCE), "--include", "everything"],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
