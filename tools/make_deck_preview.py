"""Render docs/deck-preview.png: four slides of the reference digest's briefing (the visible deck).

    python tools/make_deck_preview.py

Builds the deck (SOURCE_DATE_EPOCH fixed), converts it with LibreOffice
(``soffice --headless --convert-to pdf``, bundled fonts visible through a
private fontconfig file), rasterises four pages with ``pdftoppm`` and tiles
them 2 × 2 with Pillow.  Needs soffice and poppler-utils.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "deck-preview.png"
KINDS = ("overview", "highlight", "idea", "takeaways")  # the first visible slide of each kind


def main() -> None:
    from PIL import Image

    from reportgen.deck.plan import plan_deck
    from reportgen.deck.template import Template
    from reportgen.labels import build_date
    from reportgen.pipeline import build_one, load
    from reportgen.settings import Settings

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1718000000")
    ref = ROOT / "examples" / "digest-2024-06.md"
    org = "Phòng thí nghiệm AI"
    work = Path(tempfile.mkdtemp(prefix="deck-preview-"))
    deck = build_one("deck", ref, work / "deck.pptx", organisation=org).output
    from reportgen.editorial import edition

    plan = plan_deck(edition(load(ref)), Template().geometry, Settings(organisation=org), build_date())
    shown = [s for s in plan.slides if not s.hidden]  # LibreOffice's PDF holds the shown slides only
    pages = [next(k for k, s in enumerate(shown, 1) if s.kind == kind) for kind in KINDS]
    conf = work / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<dir>{ROOT / "fonts"}</dir></fontconfig>')
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(work))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(work), str(deck)], check=True, capture_output=True, env=env, timeout=300)
    tiles = []
    for n in pages:
        subprocess.run(["pdftoppm", "-r", "64", "-f", str(n), "-l", str(n), "-png", "-singlefile",
                        str(work / "deck.pdf"), str(work / f"p{n}")], check=True)
        tiles.append(Image.open(work / f"p{n}.png").convert("RGB"))
    w, h = tiles[0].size
    gap = 12
    sheet = Image.new("RGB", (2 * w + 3 * gap, 2 * h + 3 * gap), (200, 204, 210))
    for k, im in enumerate(tiles):
        sheet.paste(im, (gap + (k % 2) * (w + gap), gap + (k // 2) * (h + gap)))
    sheet = sheet.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    OUT.parent.mkdir(exist_ok=True)
    sheet.save(OUT, optimize=True)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} kB), slides {pages}")


if __name__ == "__main__":
    main()
