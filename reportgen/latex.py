"""The one LaTeX escaper: every piece of user text that reaches TeX (the LaTeX
engine, BibLaTeX exports) goes through ``escape``; trusted TeX is marked with
``NoEscape`` (PyLaTeX's idea: escaping as a type)."""
from __future__ import annotations

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
}


class NoEscape(str):
    """A string that is already TeX: passed through ``escape`` unchanged."""


def escape(text: str) -> str:
    """User text -> TeX that typesets it literally.  Every special is replaced,
    so ``^^`` sequences, ``\\input`` and ``\\catcode`` tricks become plain text."""
    if isinstance(text, NoEscape):
        return text
    return "".join(_SPECIALS.get(ch, ch) for ch in text)
