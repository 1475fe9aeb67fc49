"""Word accounting for the no-word-lost tests: the words of a digest's source
with markup stripped, and the words the model holds."""
from __future__ import annotations

import re
from collections import Counter

from reportgen.model import Digest, iter_text
from reportgen.reader import normalise

_WORD_RE = re.compile(r"\w+")
# What is markup, not prose: fences, heading hashes, one list marker a line.
_FENCE_RE = re.compile(r"^\s*(```+|~~~+)\s*[\w+-]*\s*$")
_LEAD_RE = re.compile(r"^\s*(?:#{1,6}\s+)?(?:[*+\-•]\s+|\d{1,3}[.)](?:\s+|$))?")


def source_words(text: str) -> Counter:
    words: Counter = Counter()
    for line in normalise(text).split("\n"):
        if _FENCE_RE.match(line):
            continue
        line = line.strip().strip("`")
        line = _LEAD_RE.sub("", line, count=1)
        words.update(_WORD_RE.findall(line))
    return words


def model_words(digest: Digest) -> Counter:
    words: Counter = Counter()
    for item in iter_text(digest):
        if item.kind == "runs":
            for r in item.runs:
                words.update(_WORD_RE.findall(r.text))
                if r.href and r.href != r.text:
                    words.update(_WORD_RE.findall(r.href))
        else:
            words.update(_WORD_RE.findall(item.text))
    return words


def hidden_lines(digest: Digest) -> set[int]:
    """The source lines of what the editorial stage keeps from readers (chatter, empty areas):
    a page shows everything else."""
    lines: set[int] = set()
    for b in digest.preamble:
        if b.hidden:
            lines.add(b.line)
    for s in digest.sections:
        for b in list(getattr(s, "blocks", [])) + list(s.other):
            if b.hidden:
                lines.add(b.line)
        if s.kind == "topic_tree":
            for top in s.nodes:
                for node in top.walk():
                    if node.hidden:
                        for n in node.walk():
                            lines.add(n.line)
                            lines.update(e.line for e in n.entries)
                            lines.update(b.line for b in n.notes)
    return lines


def visible_source(path, digest: Digest) -> str:
    """The source file without the lines the editor hid: what a page must hold, word for word."""
    hidden = hidden_lines(digest)
    text = path.read_text(encoding="utf-8").split("\n")
    return "\n".join(line for no, line in enumerate(text, 1) if no not in hidden)
