"""Reading a report's pages back as geometry (pdfplumber): where every character sits, how
many lines of body text each page holds.  The checks of issue 15: nothing prints outside
the text area but the running header and footer, no page is empty, no page carries fewer
than three body lines unless it ends a chapter."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pdfcheck import outline

from reportgen.renderers.common import REPORT_MARGINS

MM = 72 / 25.4
H_TOLERANCE = 1.5  # pt: italic overhang, a glyph's side bearing
V_TOLERANCE = 4.0  # pt: descenders of the last line, accents of the first
FOOTER_RE = re.compile(r"^(?:Trang|Page) \d+ / \d+$")


@dataclass
class Page:
    number: int
    body_lines: int = 0
    outside: list[str] = field(default_factory=list)  # what prints where nothing may
    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)


def _lines(chars: list[dict]) -> list[tuple[float, str]]:
    """Characters grouped into lines by baseline (rounded), left to right."""
    rows: dict[int, list[dict]] = {}
    for ch in chars:
        rows.setdefault(round(ch["bottom"]), []).append(ch)
    merged: list[list[dict]] = []
    for key in sorted(rows):
        if merged and key - round(merged[-1][0]["bottom"]) <= 2:
            merged[-1].extend(rows[key])
        else:
            merged.append(list(rows[key]))
    out = []
    for row in merged:
        row.sort(key=lambda c: c["x0"])
        text, last = "", None
        for c in row:
            if last is not None and c["x0"] - last > 1.0:
                text += " "
            text += c["text"]
            last = c["x1"]
        out.append((min(c["top"] for c in row), text.strip()))
    return [(top, text) for top, text in out if text]


def pages(pdf: Path, cover: bool = True) -> list[Page]:
    """Every page after the cover, its characters sorted into body, header band, footer band
    and outside."""
    import pdfplumber

    m = REPORT_MARGINS
    out = []
    with pdfplumber.open(str(pdf)) as doc:
        for number, page in enumerate(doc.pages, 1):
            if cover and number == 1:
                continue
            w, h = float(page.width), float(page.height)
            left, right = m.left * MM - H_TOLERANCE, w - m.right * MM + H_TOLERANCE
            top, bottom = m.top * MM - V_TOLERANCE, h - m.bottom * MM + V_TOLERANCE
            p = Page(number)
            body, head, foot = [], [], []
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                inside_x = ch["x0"] >= left and ch["x1"] <= right
                if not inside_x:
                    p.outside.append(ch["text"])
                elif ch["top"] >= top and ch["bottom"] <= bottom:
                    body.append(ch)
                elif ch["bottom"] <= top + V_TOLERANCE:
                    head.append(ch)
                elif ch["top"] >= bottom - V_TOLERANCE:
                    foot.append(ch)
                else:
                    p.outside.append(ch["text"])  # across the text area's edge
            p.body_lines = len(_lines(body))
            p.header = [t for _, t in _lines(head)]
            p.footer = [t for _, t in _lines(foot)]
            out.append(p)
    return out


def layout_problems(pdf: Path) -> list[str]:
    """What a reader would see as broken: characters outside the text area or spilling into the
    header or footer band, pages with no body text, pages with fewer than three body lines
    that do not end a chapter."""
    found = pages(pdf)
    chapter_starts = {page for level, _, page in outline(pdf) if level == 1}
    last = max((p.number for p in found), default=0)
    problems = []
    for p in found:
        if p.outside:
            problems.append(f"page {p.number}: {len(p.outside)} character(s) outside the text area: "
                            f"{''.join(p.outside)[:40]!r}")
        if len(p.header) > 1:
            problems.append(f"page {p.number}: text in the header band: {p.header}")
        if len(p.footer) != 1 or not FOOTER_RE.match(p.footer[0]):
            problems.append(f"page {p.number}: the footer band holds {p.footer}")
        if p.body_lines == 0:
            problems.append(f"page {p.number}: no body text")
        elif p.body_lines < 3 and p.number + 1 not in chapter_starts and p.number != last:
            problems.append(f"page {p.number}: {p.body_lines} body line(s) and the chapter goes on")
    return problems


def chapter_heads(pdf: Path, title: str) -> list[tuple[int, float]]:
    """(page, fraction of the text area left below it) for each second-level heading of the
    chapter called ``title``, from the PDF outline's destinations."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    m = REPORT_MARGINS
    found: list[tuple[int, float]] = []

    def walk(items, inside):
        current = None
        for item in items:
            if isinstance(item, list):
                if inside is None and current == title:
                    for sub in item:
                        if not isinstance(sub, list):
                            page = reader.get_destination_page_number(sub)
                            height = float(reader.pages[page].mediabox.height)
                            top, bottom = height - m.top * MM, m.bottom * MM
                            y = min(float(sub.top if sub.top is not None else height), top)
                            found.append((page + 1, (y - bottom) / (top - bottom)))
                continue
            current = str(item.title).split(" ", 1)[-1]
        return found

    return walk(reader.outline, None)


def body_text(pdf: Path) -> str:
    """The text inside the text area of every page after the cover (no running header or
    footer), page after page."""
    import pdfplumber

    m = REPORT_MARGINS
    out = []
    with pdfplumber.open(str(pdf)) as doc:
        for page in doc.pages[1:]:
            w, h = float(page.width), float(page.height)
            area = page.crop((0, m.top * MM - V_TOLERANCE, w, h - m.bottom * MM + V_TOLERANCE))
            out.append(area.extract_text() or "")
    return "\n".join(out)
