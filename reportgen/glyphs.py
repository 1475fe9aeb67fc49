"""Pre-flight glyph check: every character of the digest against the bundled fonts.

A character no bundled font has would print as an empty box (or silently come
from some system font); instead it is reported with its code point, Unicode
name and ``file:line`` before anything is rendered (DESIGN §4).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from fontTools.ttLib import TTFont

from .model import Digest, Warning_, iter_text, plain
from .resources import asset_dir

# The fonts the report and reading list draw text with (the fallback chain of the CSS).
REPORT_FONTS = (
    "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf",
    "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansMono-Regular.ttf",
    "NotoSansMath-Regular.ttf", "NotoSansSymbols2-Regular.ttf", "NotoEmoji-Regular.ttf",
)


@lru_cache(maxsize=8)
def coverage(fonts: tuple[str, ...] = REPORT_FONTS) -> frozenset[int]:
    """Code points that at least one of ``fonts`` maps to a glyph."""
    cps: set[int] = set()
    folder = asset_dir("fonts")
    for name in fonts:
        with TTFont(folder / name, lazy=True) as f:
            cps.update(f.getBestCmap())
    return frozenset(cps)


def _ignorable(ch: str) -> bool:
    # line breaks and joiners are layout, not ink; variation selectors pick a glyph style
    return ch in "\n\t\u200b\u200c\u200d\u2060\ufeff" or 0xFE00 <= ord(ch) <= 0xFE0F


def check_glyphs(digest: Digest, fonts: tuple[str, ...] = REPORT_FONTS) -> list[Warning_]:
    covered = coverage(fonts)
    seen: set[str] = set()
    out: list[Warning_] = []
    for item in iter_text(digest):
        text = plain(item.runs) if item.kind == "runs" else item.text
        for ch in text:
            if ord(ch) < 0x80 or ch in seen or ord(ch) in covered or _ignorable(ch):
                continue
            seen.add(ch)
            name = unicodedata.name(ch, "unnamed character")
            out.append(Warning_(code="missing-glyph", file=digest.source, line=item.line,
                                message=f"U+{ord(ch):04X} {name} ({ch}) is in no bundled font; "
                                        f"it would print as an empty box"))
    return out
