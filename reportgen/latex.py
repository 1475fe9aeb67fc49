"""The one LaTeX escaper: every piece of user text that reaches TeX (the LaTeX
engine, BibLaTeX exports) goes through ``escape``; trusted TeX is marked with
``NoEscape`` (PyLaTeX's idea: escaping as a type)."""
from __future__ import annotations

import re
import unicodedata

from .typography import break_long

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    # not specials, but TeX (or the font's TeX ligatures) may turn them into curly quotes
    "`": r"\textasciigrave{}",
    "'": r"\textquotesingle{}",
    # LuaTeX rejects a literal U+FFFD in its input as "an invalid utf-8 sequence"
    "\ufffd": r"\char65533{}",
}


class NoEscape(str):
    """A string that is already TeX: passed through ``escape`` unchanged."""


def _escape(text: str) -> str:
    return "".join(_SPECIALS.get(ch, ch) for ch in text)


def _rtl_pattern() -> re.Pattern[str]:
    # A run of strong right-to-left letters of one script (Hebrew; Arabic and the rest), with
    # what may sit inside it: their marks, Arabic digits, spaces and punctuation between two of
    # its letters.  One script per run: LuaTeX sets each run in its script's font.
    hebrew, other, inner = [], [], []
    for cp in [*range(0x0590, 0x1100), *range(0xFB1D, 0xFE00), *range(0xFE70, 0xFF00)]:
        kind = unicodedata.bidirectional(chr(cp))
        if kind in ("R", "AL"):
            (hebrew if cp < 0x0600 or 0xFB1D <= cp < 0xFB50 else other).append(chr(cp))
        elif kind in ("NSM", "AN"):
            inner.append(chr(cp))
    i = re.escape("".join(inner))
    runs = []
    for name, letters in (("hebrew", hebrew), ("arabic", other)):
        s = re.escape("".join(letters))
        runs.append(f"(?P<{name}>[{s}][{s}{i}]*(?:[ \u00a0.,:;!?'\"()\\-]+[{s}][{s}{i}]*)*)")
    return re.compile("|".join(runs))


_RTL = _rtl_pattern()


def _escape_breaking(text: str) -> str:
    return "".join(break_long(text, _escape, r"\allowbreak{}"))


def escape(text: str, rtl: str | None = None) -> str:
    """User text -> TeX that typesets it literally.  Every special is replaced,
    so ``^^`` sequences, ``\\input`` and ``\\catcode`` tricks become plain text.

    With ``rtl`` (text to typeset, not a BibLaTeX field) a very long token may break
    (``typography.break_long``), and ``rtl`` names a macro ``\\RL{script}{run}`` that sets a run of Hebrew or Arabic right to
    left in its script's font: TeX lays every character out left to right, XeTeX does not
    reorder a phrase of several words, and LuaTeX's font fallback neither reorders nor joins
    Arabic letters (the report's engines define it; BibLaTeX exports pass none)."""
    if isinstance(text, NoEscape):
        return text
    if rtl is None:  # not typeset (BibLaTeX fields): as written
        return _escape(text)
    if not _RTL.search(text):
        return _escape_breaking(text)
    out, at = [], 0
    for m in _RTL.finditer(text):
        script = m.lastgroup
        out.append(_escape_breaking(text[at:m.start()]) + f"{rtl}{{{script}}}{{{_escape(m.group())}}}")
        at = m.end()
    return "".join(out) + _escape_breaking(text[at:])
