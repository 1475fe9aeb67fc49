"""Typographic text fixes shared by every renderer (never applied to the model)."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from .model import Runs

T = TypeVar("T")

# A token longer than LONG_TOKEN characters (a hash, a URL, a path) gets a break opportunity
# every LONG_PIECE characters: no engine breaks inside a word of its own accord, so one wider
# than the line runs off the page (TeX), or is broken by the slow overflow-wrap search
# (WeasyPrint: a 20,000-character token took a minute; TeX took longer).
LONG_TOKEN = 40
LONG_PIECE = 16
_LONG_RE = re.compile(r"\S{%d,}" % (LONG_TOKEN + 1))


def break_long(text: str, escape: Callable[[str], T], allow_break: T) -> list[T]:
    """``text`` escaped, in pieces: ``allow_break`` (the engine's break opportunity) between
    every LONG_PIECE characters of a token longer than LONG_TOKEN."""
    out: list[T] = []
    at = 0
    for m in _LONG_RE.finditer(text):
        if m.start() > at:
            out.append(escape(text[at:m.start()]))
        token = m.group()
        for i in range(0, len(token), LONG_PIECE):
            if i:
                out.append(allow_break)
            out.append(escape(token[i:i + LONG_PIECE]))
        at = m.end()
    if at < len(text) or not out:
        out.append(escape(text[at:]))
    return out

_OPENING_CONTEXT = set(" \t\n([{“‘—–-/") | {""}


def curly_quotes(text: str, prev: str = "") -> str:
    """Straight quotes -> “…” and ‘…’ (and ’ for apostrophes), Vietnamese style.

    ``prev`` is the character before ``text`` (the end of the previous run),
    so a quote opened in one run closes correctly in the next."""
    out = []
    for ch in text:
        if ch == '"':
            out.append("“" if prev in _OPENING_CONTEXT else "”")
        elif ch == "'":
            out.append("‘" if prev in _OPENING_CONTEXT else "’")
        else:
            out.append(ch)
        prev = ch
    return "".join(out)


def curly_runs(runs: Runs) -> Runs:
    """``curly_quotes`` over a field's runs; code and links are left as written."""
    out, prev = [], ""
    for r in runs:
        if not r.code and not r.href and ('"' in r.text or "'" in r.text):
            r = r.model_copy(update={"text": curly_quotes(r.text, prev)})
        out.append(r)
        if r.text:
            prev = r.text[-1]
    return out
