"""Typographic text fixes shared by every renderer (never applied to the model)."""
from __future__ import annotations

from .model import Runs

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
