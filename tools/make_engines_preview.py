"""Render docs/engines-preview.png: the same six pages of the reference digest's report from
each engine, one row per engine (Typst, HTML, LaTeX), to compare them side by side.

    python tools/make_engines_preview.py [--dpi 30]

Builds the report with each engine (SOURCE_DATE_EPOCH fixed; the LaTeX row only where
xelatex is installed), finds the pages by the PDF outline — the cover, the contents, the
first page of the highlights, of the second topic area, of the ideas and of the index —
rasterises them with ``pdftoppm`` and tiles them with Pillow (48 colours: a small file).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

OUT = ROOT / "docs" / "engines-preview.png"
ENGINES = [("typst", "Typst"), ("html", "HTML (WeasyPrint)"), ("latex", "LaTeX (XeLaTeX)")]
WHAT = "cover, contents, highlights, topic map, ideas, index"


def pages_of(pdf: Path) -> list[int]:
    from pdfcheck import outline

    marks = outline(pdf)

    def first(prefix: str) -> int:
        return next(page for _, title, page in marks if title.startswith(prefix))

    return [1, 2, first("3 "), first("2.2 "), first("6 "), first("8 ")]


def main() -> None:
    from PIL import Image, ImageDraw, ImageFont

    from reportgen.pipeline import build_one

    ap = argparse.ArgumentParser()
    ap.add_argument("--dpi", type=int, default=30)
    args = ap.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1718000000")
    ref = ROOT / "examples" / "digest-2024-06.md"
    work = Path(tempfile.mkdtemp(prefix="engines-preview-"))
    rows = []
    for engine, name in ENGINES:
        if engine == "latex" and shutil.which("xelatex") is None:
            print("xelatex is not installed: no LaTeX row")
            continue
        pdf = build_one("report", ref, work / f"{engine}.pdf", engine=engine).output
        pages = pages_of(pdf)
        images = []
        for page in pages:
            prefix = work / f"{engine}-{page}"
            subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile",
                            str(pdf), str(prefix)], check=True)
            images.append(Image.open(f"{prefix}.png").convert("RGB"))
        rows.append((name, pages, images))
    w, h = rows[0][2][0].size
    gap, label = 6, 22
    sheet = Image.new("RGB", (w * 6 + gap * 7, (h + label + gap) * len(rows) + gap), (230, 230, 230))
    font = ImageFont.truetype(str(ROOT / "fonts" / "NotoSans-Bold.ttf"), 14)
    for r, (name, pages, images) in enumerate(rows):
        y = gap + r * (h + label + gap)
        ImageDraw.Draw(sheet).text((8, y + 2), f"{name}: pages {', '.join(map(str, pages))} ({WHAT})",
                                   fill=(20, 50, 79), font=font)
        for c, im in enumerate(images):
            sheet.paste(im.resize((w, h)), (gap + c * (w + gap), y + label))
    sheet.quantize(colors=48, method=Image.Quantize.MEDIANCUT).save(OUT, optimize=True)
    shutil.rmtree(work, ignore_errors=True)
    print(f"{OUT} ({OUT.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
