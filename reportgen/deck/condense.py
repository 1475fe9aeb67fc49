"""Condensing by rule: the few words a slide shows, taken from what the digest already marks.

No language model and no guessing: every rule picks a part the digest itself sets apart, and
never cuts inside a word; an ellipsis stands only where a clause was cut off. The full text
always goes to the speaker notes. The rules, each with the README's before/after example:

- ``lead``        the bold lead of a block: "**Hiệu quả và khả năng mở rộng:** tiếp tục …" ->
                  "Hiệu quả và khả năng mở rộng"
- ``label``       a name without its bracketed translation: "Tiền huấn luyện (Pre-training) &
                  Quản lý Dữ liệu (Data Curation)" -> "Tiền huấn luyện & Quản lý Dữ liệu"
- ``head``        what stands before " – " or a "Name:": "DocTags: một định dạng … – Suy nghĩ"
                  -> "DocTags"
- ``clause``      the first sentence, then its first clauses up to a budget of words, cut at a
                  comma, semicolon or dash with "…": "Các LLM hiện tại mạnh về ngôn ngữ, nhưng
                  yếu về suy luận nhiều bước, và …" -> "Các LLM hiện tại mạnh về ngôn ngữ …"
- ``phrase``      a one-liner: the first sentence without its bracketed asides, cut at a
                  clause, else at a conjunction ("và", "nhưng", "and", "but"), else before a
                  phrase ("cho", "với", "for", "with" …), within a budget, four words at least;
                  None when nothing shorter keeps a whole phrase
- ``short_title`` a title without its asides, cut before its first "for/with/via/cho/với/…"
                  when too long: "AI Scientist with TEXTGRAD-powered Hypothesis Generation and
                  Experimentation" -> "AI Scientist"
"""
from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ỸĐ0-9\"“(])")
_CLAUSE_CUT = re.compile(r"\s*(?:[,;]|\s[–—-]\s|:\s)\s*")
_BRACKETED = re.compile(r"\s*\([^()]*\)")


def words(text: str) -> int:
    """How many words a text shows (what the slide budget counts; an ellipsis is none)."""
    return sum(1 for w in text.split() if w.strip("…·—–-"))


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    return _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


def clause(text: str, budget: int) -> str:
    """At most ``budget`` words of ``text``: its first sentence whole when it fits, else its
    first clauses that fit, ending in "…"; when even the first clause is longer, it whole
    (a cut inside a clause would change what it says)."""
    sentence = first_sentence(text)
    if words(sentence) <= budget:
        return sentence
    kept = shortest = ""
    for m in _CLAUSE_CUT.finditer(sentence):
        candidate = sentence[:m.start()].rstrip(" ,;:–—-")
        if words(candidate) < 4:  # "Nhìn chung, …" says nothing: a clause worth showing has a few words
            continue
        if words(candidate) > budget:
            shortest = shortest or candidate
            break
        kept = candidate
    if kept:
        return kept + " …"
    return (shortest + " …") if shortest else sentence


def label(text: str) -> str:
    """A topic or group name without its bracketed asides and trailing colon; the whole name
    when that would leave nothing."""
    short = _BRACKETED.sub(" ", text)
    short = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", short)).strip(" :")
    return short or text.strip(" :")


def head(text: str) -> str | None:
    """The name or technique a line opens with: the part before " – " or ": " when short (1–8
    words), else None."""
    m = re.match(r"^\s*(.+?)\s*(?:\s[–—]\s|:\s)", text)
    if not m:
        return None
    part = m.group(1).strip(" *")
    return part if 1 <= words(part) <= 8 and part.count("(") == part.count(")") else None


_CONJUNCTION = re.compile(r"\s(?:và|nhưng|hoặc|hay|song|and|but|or|while|whereas)\s", re.IGNORECASE)
# the last resort of a one-liner: before a preposition that opens a phrase ("… cho các miền …")
_PHRASE_CUT = re.compile(r"\s(?:cho|với|bằng|trong|trên|qua|từ|để|nhằm|của|khi|mà|for|with|by|in|on|via|using|to|from|when|which|that)\s",
                         re.IGNORECASE)
_TITLE_CUT = re.compile(r"\s(?:for|with|via|using|from|towards|through|cho|với|bằng|dựa trên|thông qua|từ|nhằm)\s",
                        re.IGNORECASE)


def phrase(text: str, budget: int) -> str | None:
    """A one-liner of at most ``budget`` words (see the module docstring), or None."""
    t = label(first_sentence(text)).rstrip()
    if words(t) <= budget:
        return t
    c = clause(t, budget)
    if words(c) <= budget + 1:  # the "…" is no word
        return c
    for boundary in (_CONJUNCTION, _PHRASE_CUT):
        best = None
        for m in boundary.finditer(t):
            head_ = t[:m.start()].rstrip(" ,;:–—-")
            if words(head_) > budget:
                break
            if words(head_) >= 4:
                best = head_
        if best:
            return best + " …"
    return None


def short_title(text: str, budget: int = 8) -> str:
    """A title of at most ``budget`` words when a boundary allows (the whole title otherwise)."""
    t = label(text)
    head_ = head(t)
    if words(t) <= budget:
        return t
    if head_ and 2 <= words(head_) <= budget:
        return head_
    m = _TITLE_CUT.search(t)
    if m and 2 <= words(t[:m.start()]) <= budget:
        return t[:m.start()]
    return t
