"""Inline markup -> runs: the only place that knows markdown's inline syntax.

Handles ``**bold**``, ``*italic*``, ``***both***``, `` `code` ``, links
``[text](url)``, ``<url>`` and bare ``https://…``, backslash escapes, and
arXiv ids anywhere (a code span holding just an id is a plain reference: the
model writes ids in backticks as often as not).

Emphasis follows CommonMark's flanking rules, with one change for this input:
a single ``*`` between two letters or digits is literal (``A*N^-α``), since the
digests use it for multiplication far more often than for intraword italics, and so is
one after a lone capital inside bold (``S*``, ``A*``: names with a star, "**S* với …**").
Unmatched delimiters stay literal text, so no character is ever dropped.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import arxiv
from .model import Run, Runs

_LINK_RE = re.compile(r"\[([^\[\]]*)\]\((<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK_RE = re.compile(r"<(https?://[^<>\s]+)>")
_BARE_URL_RE = re.compile(r"https?://[^\s<>()\[\]`*]+[^\s<>()\[\]`*.,;:!?'\"]")
_ESCAPABLE = set("\\`*_{}[]()#+-.!|<>~")
_PLAIN_RUN_RE = re.compile(r"(?:[^\\`\[<*h]|h(?!ttps?://))+")  # text _tokenize copies as it is
_WORD_END_RE = re.compile(r"\w")


@dataclass
class _Tok:
    kind: str  # "text", "code", "link", "delim"
    text: str
    href: str | None = None
    # for delimiters
    count: int = 0
    can_open: bool = False
    can_close: bool = False
    # resolved effects, in order: list of ("open"|"close", "bold"|"italic")
    before: list | None = None
    after: list | None = None


def _is_ws(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_punct(ch: str) -> bool:
    return ch != "" and unicodedata.category(ch)[0] in "PS"


def _tokenize(s: str) -> list[_Tok]:
    toks: list[_Tok] = []
    buf: list[str] = []
    i, n = 0, len(s)

    def flush():
        if buf:
            toks.append(_Tok("text", "".join(buf)))
            buf.clear()

    while i < n:
        # speed: copy a run of characters no branch below acts on in one step (char by char, the
        # reader took 1.2x as long); an "h" acts only where "http://" or "https://" starts
        m = _PLAIN_RUN_RE.match(s, i)
        if m:
            buf.append(m.group())
            i = m.end()
            continue
        ch = s[i]
        if ch == "\\" and i + 1 < n and s[i + 1] in _ESCAPABLE:
            buf.append(s[i + 1])
            i += 2
            continue
        if ch == "`":
            j = i
            while j < n and s[j] == "`":
                j += 1
            ticks = s[i:j]
            end = s.find(ticks, j)
            # the closing run must be exactly as long
            while end != -1 and end + len(ticks) < n and s[end + len(ticks)] == "`":
                end = s.find(ticks, end + len(ticks) + 1)
            if end == -1:
                buf.append(ticks)
                i = j
                continue
            flush()
            body = s[j:end]
            if len(body) >= 2 and body[0] == " " and body[-1] == " " and body.strip():
                body = body[1:-1]
            toks.append(_Tok("code", body))
            i = end + len(ticks)
            continue
        if ch == "[":
            m = _LINK_RE.match(s, i)
            if m:
                flush()
                href = m.group(2)
                if href.startswith("<"):
                    href = href[1:-1]
                toks.append(_Tok("link", m.group(1), href=href))
                i = m.end()
                continue
        if ch == "<":
            m = _AUTOLINK_RE.match(s, i)
            if m:
                flush()
                toks.append(_Tok("link", m.group(1), href=m.group(1)))
                i = m.end()
                continue
        # not glued to a word, as in GFM: "TOPIhttps://x" made "TOPI" and "https" two words, one a link
        if ch == "h" and s.startswith(("http://", "https://"), i) and not (i and _WORD_END_RE.match(s, i - 1)):
            m = _BARE_URL_RE.match(s, i)
            if m:
                flush()
                toks.append(_Tok("link", m.group(0), href=m.group(0)))
                i = m.end()
                continue
        if ch == "*":
            j = i
            while j < n and s[j] == "*":
                j += 1
            flush()
            prev = s[i - 1] if i > 0 else ""
            nxt = s[j] if j < n else ""
            left = not _is_ws(nxt) and (not _is_punct(nxt) or _is_ws(prev) or _is_punct(prev))
            right = not _is_ws(prev) and (not _is_punct(prev) or _is_ws(nxt) or _is_punct(nxt))
            if j - i == 1 and prev.isalnum() and nxt.isalnum():
                left = right = False  # A*N: multiplication, not emphasis
            before = s[i - 2] if i > 1 else ""
            if (j - i == 1 and prev.isupper() and (_is_ws(before) or before in "(\"“'") and (_is_ws(nxt) or _is_punct(nxt))
                    and s.count("**", 0, i) % 2 == 1):
                left = right = False  # "**… S* với …**": a name with a star inside bold, not emphasis
            toks.append(_Tok("delim", s[i:j], count=j - i, can_open=left, can_close=right))
            i = j
            continue
        buf.append(ch)
        i += 1
    flush()
    return toks


def _resolve_emphasis(toks: list[_Tok]) -> None:
    """Match delimiter runs (a simplified CommonMark 'process emphasis')."""
    for t in toks:
        if t.kind == "delim":
            t.before, t.after = [], []
    remaining = {id(t): t.count for t in toks if t.kind == "delim"}
    openers: list[_Tok] = []
    for t in toks:
        if t.kind != "delim":
            continue
        if t.can_close:
            while remaining[id(t)] and openers:
                # nearest opener with delimiters left
                k = len(openers) - 1
                while k >= 0 and not remaining[id(openers[k])]:
                    k -= 1
                if k < 0:
                    break
                op = openers[k]
                use = 2 if remaining[id(op)] >= 2 and remaining[id(t)] >= 2 else 1
                style = "bold" if use == 2 else "italic"
                remaining[id(op)] -= use
                remaining[id(t)] -= use
                op.after.insert(0, ("open", style))  # inner opens come last
                t.before.append(("close", style))
                # openers between op and t can no longer match
                del openers[k + 1:]
                if not remaining[id(op)]:
                    openers.pop(k)
        if t.can_open and remaining[id(t)]:
            openers.append(t)
    for t in toks:
        if t.kind == "delim":
            t.count = remaining[id(t)]  # literal asterisks left over


def _split_ids(run: Run) -> Runs:
    """Split a text run so each arXiv id becomes its own reference run."""
    out: Runs = []
    pos = 0
    for m in arxiv.ID_RE.finditer(run.text):
        if not arxiv.is_valid(m.group(0)):
            continue
        if m.start() > pos:
            out.append(run.model_copy(update={"text": run.text[pos:m.start()]}))
        out.append(run.model_copy(update={"text": m.group(0), "ref": m.group(0)}))
        pos = m.end()
    if pos == 0:
        return [run]
    if pos < len(run.text):
        out.append(run.model_copy(update={"text": run.text[pos:]}))
    return out


def parse_inline(s: str) -> Runs:
    """Parse one paragraph of inline markdown into runs."""
    toks = _tokenize(s)
    _resolve_emphasis(toks)
    runs: Runs = []
    bold = italic = 0

    def emit(text: str, **kw):
        if not text:
            return
        style = dict(bold=bold > 0, italic=italic > 0, **kw)
        if runs and not kw and runs[-1].href is None and runs[-1].ref is None and not runs[-1].code \
                and runs[-1].bold == style["bold"] and runs[-1].italic == style["italic"]:
            runs[-1] = runs[-1].model_copy(update={"text": runs[-1].text + text})
        else:
            runs.append(Run(text=text, **style))

    for t in toks:
        if t.kind == "text":
            emit(t.text)
        elif t.kind == "code":
            if arxiv.ID_RE.fullmatch(t.text.strip()) and arxiv.is_valid(t.text.strip()):
                emit(t.text.strip(), ref=t.text.strip())
            else:
                emit(t.text, code=True)
        elif t.kind == "link":
            emit(t.text, href=t.href)
        else:  # delimiter
            for eff, style in t.before:
                if style == "bold":
                    bold -= 1
                else:
                    italic -= 1
            emit("*" * t.count)
            for eff, style in t.after:
                if style == "bold":
                    bold += 1
                else:
                    italic += 1
    out: Runs = []
    for r in runs:
        out.extend(_split_ids(r) if r.ref is None and r.href is None and not r.code else [r])
    return out


# --------------------------------------------------------------------------- run helpers


def slice_runs(runs: Runs, start: int, end: int | None = None) -> Runs:
    """The runs covering plain-text offsets [start, end)."""
    out: Runs = []
    pos = 0
    for r in runs:
        r_start, r_end = pos, pos + len(r.text)
        pos = r_end
        lo = max(start, r_start)
        hi = r_end if end is None else min(end, r_end)
        if lo >= hi:
            continue
        if lo == r_start and hi == r_end:
            out.append(r)
        else:
            piece = r.text[lo - r_start:hi - r_start]
            # a cut reference is no longer a whole id
            ref = r.ref if piece == r.ref else None
            out.append(r.model_copy(update={"text": piece, "ref": ref}))
    return out


def strip_runs(runs: Runs, chars: str | None = None) -> Runs:
    """Like ``str.strip`` over the concatenated text of ``runs``."""
    text = "".join(r.text for r in runs)
    stripped_left = len(text) - len(text.lstrip(chars))
    right = len(text.rstrip(chars))
    if right <= stripped_left:
        return []
    return slice_runs(runs, stripped_left, right)


def unwrap_emphasis(runs: Runs) -> Runs:
    """Drop bold/italic that covers a whole field: the digests bold entire list
    items for layout, which is structure, not emphasis."""
    visible = [r for r in runs if r.text.strip()]
    if not visible:
        return runs
    if all(r.bold for r in visible):
        runs = [r.model_copy(update={"bold": False}) if r.bold else r for r in runs]
    if all(r.italic for r in visible):
        runs = [r.model_copy(update={"italic": False}) if r.italic else r for r in runs]
    return runs


def join_runs(parts: list[Runs], sep: str = " ") -> Runs:
    out: Runs = []
    for i, p in enumerate(parts):
        if i and sep:
            out.append(Run(text=sep))
        out.extend(p)
    return out
