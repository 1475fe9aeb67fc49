"""Stress digests, made from the reference digest by rule (issue 15): each takes one thing a
digest may hold to an extreme the corpus never reaches, so the layout tests do not depend on
the corpus being polite.  Nothing is stored: every variant is the reference with one part
grown, built here from the reference's own sentences.
"""
from __future__ import annotations

import re
from itertools import cycle, islice

from conftest import REFERENCE


def reference() -> str:
    return REFERENCE.read_text(encoding="utf-8")


def _sentences(text: str) -> list[str]:
    """Plain Vietnamese sentences of the digest's reflection and gaps: filler that reads
    like the digest (no markup, no table pipes, no ids)."""
    body = text[text.index("4.  **GAPS_AND_OPPORTUNITIES**"):]
    body = re.sub(r"\*\*|`|\|", "", body)
    body = re.sub(r"^\s*(?:\d+\.|\*)\s*", "", body, flags=re.M)
    body = re.sub(r"\b\d{4}\.\d{4,5}\b", "", body)
    out = [" ".join(s.split()) for s in re.split(r"(?<=[.!?])\s+", body)]
    return [s for s in out if len(s.split()) >= 6 and not re.search(r"[A-Z_]{8,}", s)]


def _filler(text: str, words: int) -> str:
    out, n = [], 0
    for s in cycle(_sentences(text)):
        out.append(s)
        n += len(s.split())
        if n >= words:
            return " ".join(out)
    raise AssertionError("unreachable")


def _fake_ids(n: int) -> list[str]:
    # distinct, well-formed new-style arXiv ids no real digest of the month holds
    return [f"2406.{90000 + k:05d}" for k in range(n)]


def idea_steps(n: int = 150) -> str:
    """The first idea's approach with ``n`` numbered steps."""
    text = reference()
    start = text.index("*   **Approach:**", text.index("5.  **FUTURE_IDEAS**"))
    steps = re.compile(r"(?:\n        \d+\.\s+.*)+")
    m = steps.match(text, text.index("\n", start))
    old = re.findall(r"^\s+\d+\.\s+(.*)$", m.group(), flags=re.M)
    new = "".join(f"\n        {k}.  {s}" for k, s in enumerate(islice(cycle(old), n), 1))
    return text[:m.start()] + new + text[m.end():]


def short_ideas(words: int = 12) -> str:
    """The reference with each idea cut to a few lines: its steps dropped, every field's text
    its first ``words`` words (the ideas chapter then fits one page, so the ideas must follow
    each other on it, not each begin a page)."""
    text = reference()
    start, end = text.index("5.  **FUTURE_IDEAS**"), text.index("6.  **READING_LIST**")
    lines = []
    for line in text[start:end].splitlines():
        if re.match(r"\s+\d+\.\s", line):
            continue
        m = re.match(r"(\s*\*\s+\*\*[^*]+:\*\*)(.*)$", line)
        lines.append(m.group(1) + " " + " ".join(m.group(2).split()[:words]) if m else line)
    return text[:start] + "\n".join(lines) + "\n" + text[end:]


def long_reason(words: int = 3000) -> str:
    """The first reading-list entry's reason grown to ``words`` words."""
    text = reference()
    at = text.index("6.  **READING_LIST**")
    m = re.compile(r"^(\s*\*\s+\*\*\d{4}\.\d{4,5} – [^·\n]+· )(.*?)(\*\*)$", re.M).search(text, at)
    return text[:m.end(2)] + " " + _filler(text, words) + text[m.end(2):]


def long_cell(words: int = 800) -> str:
    """The first highlight's "Đột phá" cell grown to ``words`` words."""
    text = reference()
    at = text.index("2.  **SOTA_HIGHLIGHTS**")
    row = re.compile(r"^(\s*\| 1\s+\|[^|\n]+\|[^|\n]+\|)([^|\n]+)(\|)", re.M).search(text, at)
    return text[:row.end(2)] + " " + _filler(text, words) + " " + text[row.end(2):]


def big_area(n: int = 400) -> str:
    """The first topic (a leaf of area I) holding ``n`` trend entries, each its own paper."""
    text = reference()
    m = re.compile(r"^( {16}\*   )(\d{4}\.\d{4,5}(?:, \d{4}\.\d{4,5})*) \| (.*)$", re.M).search(text)
    texts = [t for t in re.findall(r"^ {16}\*   [\d., ]+ \| (.*)$", text, flags=re.M)]
    lines = [f"{m.group(1)}{pid} | {t}" for pid, t in zip(_fake_ids(n), cycle(texts))]
    return text[:m.start()] + "\n".join(lines) + text[m.end():]


def deep_tree(depth: int = 40) -> str:
    """A topic tree 40 levels deep under area I, an entry at every level."""
    text = reference()
    at = text.index("\n", text.index("*   I. "))
    texts = cycle(re.findall(r"^ {16}\*   [\d., ]+ \| (.*)$", text, flags=re.M))
    ids = iter(_fake_ids(depth))
    lines = []
    for level in range(1, depth + 1):
        pad = "    " * (level + 1)
        lines.append(f"{pad}*   {level}. Tầng {level} của cây chủ đề")
        lines.append(f"{pad}    *   {next(ids)} | {next(texts)}")
    return text[:at] + "\n" + "\n".join(lines) + text[at:]


def many_readings(n: int = 500) -> str:
    """A reading list of ``n`` entries, each its own paper."""
    text = reference()
    at = text.index("6.  **READING_LIST**")
    end = text.index("7.  **META_REFLECTION**")
    reasons = cycle(re.findall(r"^\s*\*\s+\*\*\d{4}\.\d{4,5} – ([^\n]+)\*\*$", text[at:end], flags=re.M))
    items = [f"    *   **{pid} – {next(reasons)}**" for pid in _fake_ids(n)]
    return text[:at] + "6.  **READING_LIST**\n\n" + "\n".join(items) + "\n\n" + text[end:]


def long_other(words: int = 2500) -> str:
    """The reading list ending in an entry of ``words`` words with no paper: the section's
    "other" text, in a box (the LaTeX report once cut such a box off at the page foot)."""
    text = reference()
    at = text.index("7.  **META_REFLECTION**")
    return text[:at] + "    *   Ghi chú thêm: " + _filler(text, words) + "\n\n" + text[at:]


HASH_CHARS = 20_000


def no_spaces(chars: int = HASH_CHARS) -> str:
    """A reflection paragraph with one ``chars``-character token in it: a hash, no space to
    break at."""
    text = reference()
    at = text.index("7.  **META_REFLECTION**")
    m = re.compile(r"^(\s*\*\s+)(.*)$", re.M).search(text, at)
    return text[:m.end(1)] + f"Mã băm đầy đủ: {hash_token(chars)}. " + text[m.end(1):]


def hash_token(chars: int = HASH_CHARS) -> str:
    import hashlib

    out, k = [], 0
    while sum(map(len, out)) < chars:
        out.append(hashlib.sha256(str(k).encode()).hexdigest())
        k += 1
    return "".join(out)[:chars]


VARIANTS = {
    "idea-150-steps": idea_steps,
    "reason-3000-words": long_reason,
    "cell-800-words": long_cell,
    "area-400-entries": big_area,
    "tree-40-levels": deep_tree,
    "reading-500-items": many_readings,
    "token-20000-chars": no_spaces,
    "other-2500-words": long_other,
}
