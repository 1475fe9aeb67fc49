"""Reading back the PDFs we make: text layer, fonts, outline, links.

The fidelity score follows ../shared/tools/fidelity.py (DESIGN §6): the
Vietnamese words of the source must be in the extracted text as whole tokens.
"""
from __future__ import annotations

import collections
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject

PUNCT = "*|`\"'“”‘’()[]{}<>.,;:!?…"

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) is not installed; CI installs it")


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def _is_vi(w: str) -> bool:
    for ch in w:
        o = ord(ch)
        if ch in "đĐ":
            return True
        if ch.isalpha() and (0xC0 <= o <= 0x24F or 0x1EA0 <= o <= 0x1EF9) and o not in (0xD7, 0xF7):
            return True
    return False


def vi_words(text: str) -> list[str]:
    return [w for w in (t.strip(PUNCT) for t in unicodedata.normalize("NFC", text).split()) if w and _is_vi(w)]


def words(text: str) -> list[str]:
    """Every token with a letter in it (for a source with no Vietnamese word: an English section)."""
    return [w for w in (t.strip(PUNCT) for t in unicodedata.normalize("NFC", text).split())
            if any(ch.isalpha() for ch in w)]


def fidelity(source: str, extracted: str) -> tuple[float, float, list]:
    """(token fidelity %, whitespace-insensitive fidelity %, missing tokens).  The source's
    Vietnamese words are counted; a source in English (some months write whole sections so)
    has its words counted instead, so the score never divides by zero."""
    need = collections.Counter(vi_words(source) or words(source))
    ext = unicodedata.normalize("NFC", extracted)
    have = collections.Counter(w.strip(PUNCT) for w in ext.split())
    total = sum(need.values())
    tok = sum(min(c, have.get(w, 0)) for w, c in need.items())
    flat = re.sub(r"\s+", "", ext)
    sub = sum(c for w, c in need.items() if w in flat)
    missing = [(w, c - have.get(w, 0)) for w, c in need.items() if have.get(w, 0) < c]
    return 100 * tok / total, 100 * sub / total, missing


def fonts(path: Path) -> dict[str, bool]:
    """BaseFont name -> embedded, for every font on every page."""
    found: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        res = page.get("/Resources")
        if not res:
            continue
        res = res.get_object()
        for font in (res.get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) for every bookmark."""
    reader = PdfReader(str(path))
    out = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return out


def link_uris(path: Path) -> set[str]:
    uris = set()
    for page in PdfReader(str(path)).pages:
        for a in page.get("/Annots") or []:
            a = a.get_object()
            action = a.get("/A")
            if a.get("/Subtype") == "/Link" and action is not None and "/URI" in action:
                uris.add(str(action["/URI"]))
    return uris


def internal_links(path: Path) -> int:
    n = 0
    for page in PdfReader(str(path)).pages:
        for a in page.get("/Annots") or []:
            a = a.get_object()
            if a.get("/Subtype") == "/Link" and ("/Dest" in a or ("/A" in a and "/D" in a["/A"])):
                n += 1
    return n


def page_references(path: Path) -> list[tuple[int, str, int]]:
    """(page it is on, the text inside the link, 1-based page its destination is on) for
    every internal link whose text ends with a number: the contents and the paper index.
    A destination may be named (WeasyPrint, LaTeX, Typst's headings) or explicit (Typst's
    links to a located element: ``[page, /XYZ, x, y, zoom]``)."""
    import pdfplumber

    reader = PdfReader(str(path))
    dests = reader.named_destinations
    page_of = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, 1)}

    def target(dest) -> int | None:
        if isinstance(dest, str):
            return reader.get_destination_page_number(dests[dest]) + 1 if dest in dests else None
        if isinstance(dest, ArrayObject) and len(dest) and hasattr(dest[0], "idnum"):
            return page_of.get(dest[0].idnum)
        return None

    # (page, destination) -> the words inside its link: a link drawn as several annotations (Typst
    # gives each styled piece of a link its own, WeasyPrint a link's inner boxes) is read whole
    found: dict = {}
    words_of: dict[int, list] = {}
    with pdfplumber.open(str(path)) as pdf:
        for number, (page, plumb) in enumerate(zip(reader.pages, pdf.pages), 1):
            words = words_of[number] = plumb.extract_words()
            height = float(page.mediabox.height)
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                dest = annot.get("/Dest")
                dest = dest.get_object() if dest is not None else None  # Typst writes its arrays as objects
                dest_page = target(dest)
                if dest_page is None:
                    continue
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                top, bottom = height - max(y0, y1), height - min(y0, y1)
                inside = {i for i, w in enumerate(words) if w["x0"] >= min(x0, x1) - 1 and w["x1"] <= max(x0, x1) + 1
                          and top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1}
                key = (number, str(dest) if isinstance(dest, str) else (dest[0].idnum, *map(str, dest[2:])))
                found.setdefault(key, (dest_page, set()))[1].update(inside)
    refs = []
    for (number, _), (dest_page, inside) in found.items():
        text = " ".join(words_of[number][i]["text"] for i in sorted(inside, key=lambda i: (
            round(words_of[number][i]["top"]), words_of[number][i]["x0"])))
        if re.search(r"\d+$", text):
            refs.append((number, text, dest_page))
    return refs


def footers(path: Path) -> list[str]:
    """The "Trang N / M" (or "Page N / M") line of every page, "" where there is none."""
    pages = pdf_text(path).split("\f")[:-1]
    return [next(iter(re.findall(r"(?:Trang|Page) \d+ / \d+", p)[-1:]), "") for p in pages]
