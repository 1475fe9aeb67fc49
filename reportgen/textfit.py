"""Text measurement for the deck: will this text fit this box at this size?

PowerPoint cannot embed fonts here, so the deck declares a font every viewer
has (Arial or Calibri) and we measure with its *metric twin* bundled in
``fonts/`` (Liberation Sans for Arial, Carlito for Calibri): same advance
widths, so a line that fits here fits in PowerPoint, Keynote and LibreOffice.

Widths come from the fonts' ``hmtx`` and ``cmap`` tables (fontTools), per
style (regular, bold, italic, bold italic).  Lines are wrapped greedily and
only at spaces, as the viewers do for Vietnamese (each syllable is a word; no
hyphenation); a single token wider than the line is broken between
characters, as the viewers do too.  A line is ``size × line spacing ×
line factor`` points high, the factor being the font's own
ascent + descent + line gap, but never under 1.2 (PowerPoint's "single"),
so the estimate errs on the tall side.  Widths get a 2 % safety margin.

Units: points throughout (1 pt = 12 700 EMU).  Everything is cached per font.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence, Union

from .resources import asset_dir

EMU_PER_PT = 12700
#: the fonts a deck may declare, and the file stem of their bundled metric twin
METRIC_TWINS = {"Arial": "LiberationSans", "Calibri": "Carlito"}
#: PowerPoint's "single" line is about 1.2 × the size; never measure less
MIN_LINE_FACTOR = 1.2
#: measured widths are multiplied by this (rounding, renderer differences)
WIDTH_SAFETY = 1.02
# Characters the metric twin lacks (✨, ∇, …) are drawn by the viewer from some
# fallback font: measure them with these, else as this many em.
_FALLBACK_FILES = ("NotoSansSymbols2-Regular", "NotoSansMath-Regular", "NotoEmoji-Regular", "NotoSans-Regular")
_UNKNOWN_EM = 1.2
_ZERO_WIDTH = {0x200B, 0x200C, 0x200D, 0x2060, 0xFE0E, 0xFE0F, 0xFEFF}
_BREAKS = " \t\n"  # break opportunities: Vietnamese words are separated by spaces


def pt(emu: int | float) -> float:
    return emu / EMU_PER_PT


def emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph in one style."""

    text: str
    bold: bool = False
    italic: bool = False


SpanLike = Union[Span, str]


@dataclass(frozen=True)
class Para:
    """A paragraph to measure: its spans, size (pt), left margin of its text
    (pt), space before it (pt) and line spacing (a multiple of single)."""

    spans: tuple[Span, ...]
    size: float
    indent: float = 0.0
    space_before: float = 0.0
    line_spacing: float = 1.0


class _Face:
    """Advance widths (em) of one font file, read once."""

    def __init__(self, path):
        import logging

        from fontTools.ttLib import TTFont

        # fontTools logs "'created' timestamp seems very low" for some of these files: not ours to report
        log = logging.getLogger("fontTools.ttLib.tables._h_e_a_d")
        level = log.level
        log.setLevel(logging.ERROR)
        try:
            font = TTFont(str(path), lazy=True)
            upm = font["head"].unitsPerEm
        finally:
            log.setLevel(level)
        hmtx = font["hmtx"].metrics
        self.widths: dict[int, float] = {cp: hmtx[g][0] / upm for cp, g in font.getBestCmap().items()}
        hhea = font["hhea"]
        self.line_factor = (hhea.ascent - hhea.descent + hhea.lineGap) / upm
        font.close()


@lru_cache(maxsize=None)
def _face_file(stem: str) -> _Face:
    return _Face(asset_dir("fonts") / f"{stem}.ttf")


def _style(bold: bool, italic: bool) -> str:
    return {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic",
            (True, True): "BoldItalic"}[(bold, italic)]


def _twin(font: str) -> str:
    try:
        return METRIC_TWINS[font]
    except KeyError:
        raise ValueError(f"no metric twin for font {font!r} (choose {', '.join(METRIC_TWINS)})") from None


class Metrics:
    """Widths of text in one declared font, all four styles, with caches."""

    def __init__(self, font: str = "Arial"):
        stem = _twin(font)
        self.font = font
        self._stem = stem
        self._faces: dict[tuple[bool, bool], _Face] = {}  # loaded when first needed
        self.line_factor = max(MIN_LINE_FACTOR, self._face(False, False).line_factor)
        self._char: dict[tuple[str, bool, bool], float] = {}
        self._word: dict[tuple[str, bool, bool], float] = {}
        self._layouts: dict = {}

    def _face(self, bold: bool, italic: bool) -> _Face:
        face = self._faces.get((bold, italic))
        if face is None:
            face = self._faces[(bold, italic)] = _face_file(f"{self._stem}-{_style(bold, italic)}")
        return face

    def char_em(self, ch: str, bold: bool = False, italic: bool = False) -> float:
        key = (ch, bold, italic)
        w = self._char.get(key)
        if w is None:
            cp = ord(ch)
            w = self._face(bold, italic).widths.get(cp)
            if w is None:
                if cp in _ZERO_WIDTH or unicodedata.combining(ch):
                    w = 0.0
                else:
                    w = next((f.widths[cp] for f in map(_face_file, _FALLBACK_FILES) if cp in f.widths),
                             _UNKNOWN_EM)
            self._char[key] = w
        return w

    def word_em(self, word: str, bold: bool = False, italic: bool = False) -> float:
        key = (word, bold, italic)
        w = self._word.get(key)
        if w is None:
            w = sum(self.char_em(c, bold, italic) for c in word)
            self._word[key] = w
        return w

    def width(self, text: str, size: float, bold: bool = False, italic: bool = False) -> float:
        """Width of ``text`` on one line, in points (with the safety margin)."""
        return self.word_em(text, bold, italic) * size * WIDTH_SAFETY

    def line_height(self, size: float, spacing: float = 1.0) -> float:
        return size * spacing * self.line_factor

    # ------------------------------------------------------------------ wrapping

    def _pieces(self, spans: Sequence[Span]):
        """The paragraph as a list of words; a word is a list of (text, bold,
        italic) pieces (a word may change style mid-way, "**2406.1**,"), each
        word followed by the em width of the spaces after it."""
        words: list[list[tuple[str, bool, bool]]] = []
        gaps: list[float] = []
        cur: list[tuple[str, bool, bool]] = []
        gap = 0.0
        for sp in spans:
            text = sp.text
            start = 0
            for i, ch in enumerate(text):
                if ch in _BREAKS:
                    if i == start and not cur and not words:
                        start = i + 1  # leading white space: the deck strips it anyway
                        continue
                    if i > start:
                        if gap and cur:
                            words.append(cur)
                            gaps.append(gap)
                            cur, gap = [], 0.0
                        cur.append((text[start:i], sp.bold, sp.italic))
                    gap += self.char_em(" ", sp.bold, sp.italic)
                    start = i + 1
            if start < len(text):
                if gap and cur:
                    words.append(cur)
                    gaps.append(gap)
                    cur, gap = [], 0.0
                cur.append((text[start:], sp.bold, sp.italic))
        if cur:
            words.append(cur)
            gaps.append(gap)
        return words, gaps

    def wrap(self, spans: Iterable[SpanLike], width: float, size: float) -> list[str]:
        """The lines of a paragraph wrapped into ``width`` points at ``size``."""
        return [text for text, _ in self._wrap(_spans(spans), width, size)]

    def _wrap(self, spans: Sequence[Span], width: float, size: float) -> list[tuple[str, float]]:
        limit = width / (size * WIDTH_SAFETY)  # in em
        words, gaps = self._pieces(spans)
        lines: list[tuple[str, float]] = []
        line_text: list[str] = []
        line_w = 0.0
        pending_gap = 0.0
        for word, gap in zip(words, gaps):
            w = sum(self.word_em(t, b, i) for t, b, i in word)
            text = "".join(t for t, _, _ in word)
            if line_text and line_w + pending_gap + w <= limit:
                line_text.append(" " + text)
                line_w += pending_gap + w
            elif w <= limit:
                if line_text:
                    lines.append(("".join(line_text), line_w))
                line_text, line_w = [text], w
            else:  # a token wider than the line: break it between characters
                if line_text:  # it starts a new line (the taller guess)
                    lines.append(("".join(line_text), line_w))
                    line_text, line_w = [], 0.0
                for t, b, i in word:
                    for ch in t:
                        cw = self.char_em(ch, b, i)
                        if line_w + cw > limit and line_w > 0:
                            lines.append(("".join(line_text), line_w))
                            line_text, line_w = [], 0.0
                        line_text.append(ch)
                        line_w += cw
            pending_gap = gap
        if line_text or not lines:
            lines.append(("".join(line_text), line_w))
        return lines

    def _widths(self, spans: tuple[Span, ...]):
        """(word widths, gap widths, words) in em, cached: a paragraph is measured at
        several sizes and widths, and em widths do not depend on either."""
        hit = self._layouts.get(spans)
        if hit is None:
            words, gaps = self._pieces(spans)
            widths = [sum(self.word_em(t, b, i) for t, b, i in word) for word in words]
            hit = self._layouts[spans] = (widths, gaps, words)
        return hit

    def line_count(self, spans: Iterable[SpanLike], width: float, size: float) -> int:
        """How many lines ``wrap`` would give, without building them."""
        spans = _spans(spans)
        limit = width / (size * WIDTH_SAFETY)
        widths, gaps, words = self._widths(spans)
        if any(w > limit for w in widths):  # a token to break between characters: the slow path
            return len(self._wrap(spans, width, size))
        lines, line_w, pending, started = 0, 0.0, 0.0, False
        for w, gap in zip(widths, gaps):
            if started and line_w + pending + w <= limit:
                line_w += pending + w
            else:
                if started:
                    lines += 1
                line_w, started = w, True
            pending = gap
        return lines + 1

    def para_lines(self, para: Para, width: float) -> int:
        return self.line_count(para.spans, width - para.indent, para.size)

    def para_height(self, para: Para, width: float, first: bool = False) -> float:
        """Height of ``para`` in a frame ``width`` points wide (inner width)."""
        h = self.para_lines(para, width) * self.line_height(para.size, para.line_spacing)
        return h if first else h + para.space_before

    def frame_height(self, paras: Sequence[Para], width: float) -> float:
        """Height of a text frame's paragraphs; the first one's space before is not counted
        (the deck never sets one)."""
        return sum(self.para_height(p, width, first=(k == 0)) for k, p in enumerate(paras))


@lru_cache(maxsize=None)
def metrics(font: str = "Arial") -> Metrics:
    """The (cached) measurer of a declared font."""
    return Metrics(font)


def _spans(text_runs: Iterable[SpanLike]) -> tuple[Span, ...]:
    if isinstance(text_runs, str):
        return (Span(text_runs),)
    return tuple(Span(r) if isinstance(r, str) else r for r in text_runs)


def fits(text_runs: Iterable[SpanLike], box_w: float, box_h: float, size: float, *, font: str = "Arial",
         line_spacing: float = 1.0, max_lines: int | None = None) -> bool:
    """Does one paragraph of ``text_runs`` fit a box of inner size ``box_w`` × ``box_h`` points at ``size``?"""
    m = metrics(font)
    n = m.line_count(text_runs, box_w, size)
    if max_lines is not None and n > max_lines:
        return False
    return n * m.line_height(size, line_spacing) <= box_h + 1e-6


def largest(fits_at, max_size: float, min_size: float, step: float = 1.0) -> float | None:
    """The one size search: the largest size from ``max_size`` down to ``min_size`` (by
    ``step``) for which ``fits_at(size)`` holds, or None when none does.  Every fitting
    loop of the deck (titles, bodies, paginated runs) is this one."""
    size = max_size
    while size >= min_size - 1e-9:
        if fits_at(size):
            return size
        size -= step
    return None


def largest_size(text_runs: Iterable[SpanLike], box_w: float, box_h: float, max_size: float, min_size: float, *,
                 step: float = 1.0, font: str = "Arial", line_spacing: float = 1.0,
                 max_lines: int | None = None) -> float | None:
    """The largest size from ``max_size`` down to ``min_size`` (by ``step``) at which
    ``text_runs`` fits, or None when it does not fit even at ``min_size``."""
    spans = _spans(text_runs)
    return largest(lambda size: fits(spans, box_w, box_h, size, font=font, line_spacing=line_spacing,
                                     max_lines=max_lines), max_size, min_size, step)
