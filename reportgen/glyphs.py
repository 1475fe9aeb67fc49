"""Pre-flight glyph check: every character of the digest against the bundled fonts.

A character no bundled font has would print as an empty box (or silently come from some
system font, or abort TeX); instead it is reported with its code point, Unicode name and
``file:line`` before anything is rendered (DESIGN §4), and printed as the visible
replacement character U+FFFD (``substitute_missing``) — never a silent box, never an
aborted build.

``FALLBACKS`` is the one list of fonts that cover what the text fonts lack — symbols,
emoji, other scripts a language model slips into a Vietnamese sentence — in the order every
engine falls back through them (CSS font stacks, the LaTeX fallbacks, Typst's font list).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from fontTools.ttLib import TTFont

from .model import Digest, Warning_, iter_text, plain
from .resources import asset_dir

TEXT_FONTS = (
    "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf",
    "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansMono-Regular.ttf",
)
# (family, file, short name for TeX macros), in fallback order
FALLBACKS = (
    ("Noto Sans Math", "NotoSansMath-Regular.ttf", "mathsym"),
    ("Noto Sans Symbols2", "NotoSansSymbols2-Regular.ttf", "symtwo"),
    ("Noto Emoji", "NotoEmoji-Regular.ttf", "emoji"),
    ("Noto Sans Thai", "NotoSansThai-Regular.ttf", "thai"),
    ("Noto Sans Arabic", "NotoSansArabic-Regular.ttf", "arabic"),
    ("Noto Sans Hebrew", "NotoSansHebrew-Regular.ttf", "hebrew"),
    ("Noto Sans CJK SC", "NotoSansCJKsc-Regular.otf", "cjk"),
)
# The fonts the report and reading list draw text with: the text fonts, then the fallbacks.
REPORT_FONTS = TEXT_FONTS + tuple(file for _, file, _ in FALLBACKS)
REPLACEMENT = "\ufffd"


@lru_cache(maxsize=32)
def _cmap(name: str) -> frozenset[int]:
    with TTFont(asset_dir("fonts") / name, lazy=True) as f:
        return frozenset(f.getBestCmap())


@lru_cache(maxsize=8)
def coverage(fonts: tuple[str, ...] = REPORT_FONTS) -> frozenset[int]:
    """Code points that at least one of ``fonts`` maps to a glyph."""
    return frozenset().union(*(_cmap(name) for name in fonts))


def _ignorable(ch: str) -> bool:
    # line breaks and joiners are layout, not ink; variation selectors pick a glyph style
    return ch in "\n\t\u200b\u200c\u200d\u2060\ufeff" or 0xFE00 <= ord(ch) <= 0xFE0F


def _uncovered(chars, fonts: tuple[str, ...]) -> set[str]:
    """The characters of ``chars`` that none of ``fonts`` has.  A font's table is read only while
    some character is left: a Vietnamese digest seldom needs the CJK font, whose table alone
    takes longer to read than all the others."""
    left = {ch for ch in chars if ord(ch) >= 0x80 and not _ignorable(ch)}
    for name in fonts:
        if not left:
            break
        table = _cmap(name)
        left = {ch for ch in left if ord(ch) not in table}
    return left


def _first_lines(digest: Digest) -> dict[str, int]:
    """Every non-ASCII character of the digest -> the line it first stands on, in order."""
    first: dict[str, int] = {}
    for item in iter_text(digest):
        text = plain(item.runs) if item.kind == "runs" else item.text
        for ch in text:
            if ord(ch) >= 0x80 and ch not in first:
                first[ch] = item.line
    return first


def check_glyphs(digest: Digest, fonts: tuple[str, ...] = REPORT_FONTS) -> list[Warning_]:
    first = _first_lines(digest)
    lost = _uncovered(first, fonts)
    return [Warning_(code="missing-glyph", file=digest.source, line=line,
                     message=f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')} ({ch}) is in no bundled "
                             f"font; printed as {REPLACEMENT}")
            for ch, line in first.items() if ch in lost]


def missing(digest: Digest, fonts: tuple[str, ...] = REPORT_FONTS) -> set[str]:
    return _uncovered(_first_lines(digest), fonts)


def substitute_missing(digest: Digest, fonts: tuple[str, ...] = REPORT_FONTS) -> Digest:
    """``digest`` with every character no bundled font has replaced by U+FFFD (a copy; the
    digest itself when there is none): what the engines print, visibly, instead of a box."""
    lost = missing(digest, fonts)
    if not lost:
        return digest
    table = {ord(ch): REPLACEMENT for ch in lost}

    def clean(x):
        if isinstance(x, str):
            return x.translate(table)
        if isinstance(x, list):
            return [clean(v) for v in x]
        if isinstance(x, dict):
            return {k: clean(v) for k, v in x.items()}
        return x

    return Digest.model_validate(clean(digest.model_dump()))
