"""The editorial stage: what a careful editor would drop or fix, decided once for every output.

The model stays lossless.  ``mark`` only *marks* (nothing is deleted): chatter blocks and
empty areas get ``hidden`` set to the reason, an idea title's stray label prefix is
recorded in ``title_prefix``, and every decision is a warning with its code and
``file:line``.  It also checks the parse itself (``suspect-structure``): a parse that
looks wrong is never silent.  ``edition`` is the copy every renderer gets: what is
hidden left out, titles without their prefixes, the derived fields made again.

The rules, each a class of drift (DESIGN §2), never one file's quirk:

- **chatter** — the language model talking to its user, not the digest: a block before the
  first section, or among the last blocks after the digest's content, that opens with a
  greeting or an acknowledgement ("Tuyệt vời!", "Chào bạn", "Sure,"), speaks as "I" about
  the task ("Tôi đã phân tích …", "I have analysed …"), announces what follows ("Dưới
  đây là …", "Here is …"), is a bare output label ("**ĐẦU RA**", "OUTPUT:"), or — at the
  end — hopes or offers, to the reader or about the answer itself ("Hy vọng phân tích
  này hữu ích", "Nếu bạn cần …", "Let me know …").  A sentence in the digest's body that
  merely contains such a word is not looked at: only the edges are.
- **empty-area** — a topic (an area or any topic under it) under which no paper stands:
  "Other" with "(Trống)", "(Hiện tại không có bài báo …)".  Not counted, charted or shown.
- **prefix** — an idea title that opens with a label, "Moon-shot: …", "(Interdisciplinary):
  …", "[Khả thi cao] …": the label becomes the idea's label, the title starts after it.
- **suspect-structure** — an idea with fewer than three recognised fields, a title over 160
  characters, text a section's parser could not place, a highlights row with an empty cell.
"""
from __future__ import annotations

import re

from .derive import derive
from .model import Block, Digest, Idea, TopicNode, Warning_, plain

# --------------------------------------------------------------------------- chatter

_GREETING = (r"(?:tuyệt vời|chào bạn|xin chào|chào|chắc chắn rồi|chắc chắn|vâng|dạ|được rồi|được thôi|tất nhiên|"
             r"rất vui|cảm ơn bạn|cảm ơn|ok|okay|sure|certainly|great|hello|hi|absolutely|of course|alright)"
             r"\s*[!,.:]")
_I_TASK = (r"(?:tôi|mình|em)\s+(?:đã|sẽ|xin|có thể|vừa|đang|sẵn sàng)\b.{0,80}?"
           r"(?:phân tích|tổng hợp|đề xuất|trình bày|tóm tắt|xem xét|đọc)"
           r"|i(?:'ve| have|'ll| will|'m| am)\b.{0,60}?(?:analy[sz]|summari[sz]|review|read|prepar|compil)")
_PRESENTS = (r"(?:dưới đây là|sau đây là|đây là (?:kết quả|bản|phần)|kết quả (?:phân tích )?như sau|"
             r"here (?:is|are)|below (?:is|are)|the following (?:is|are))\b")
_LABEL = r"(?:đầu ra|kết quả|output|result|results|answer|trả lời)\s*:?"
_HOPE = (r"(?:hy vọng|hi vọng|mong rằng|mong là|chúc bạn|i hope|hope (?:this|that|it)|happy to help|"
         r"nếu bạn|bạn có muốn|hãy cho (?:tôi|mình) biết|cho (?:tôi|mình) biết|(?:tôi|mình) có thể (?:giúp|hỗ trợ)|"
         r"let me know|feel free|if you(?:'d| would)? (?:like|need|want)|would you like|do you want)")
_TO_READER = (r"\b(?:bạn|quý vị|anh chị|you|your)\b|(?:bản |kết quả |)phân tích này|thông tin này|tổng hợp này|"
              r"this (?:analysis|summary|overview|report|digest|helps|is helpful)")

CHATTER_OPENING = re.compile(rf"^\W*(?:{_GREETING}|{_I_TASK}|{_PRESENTS}|{_LABEL}\W*$)", re.IGNORECASE)
CHATTER_CLOSING = re.compile(rf"^\W*(?:{_HOPE})", re.IGNORECASE)
_READER_RE = re.compile(_TO_READER, re.IGNORECASE)


def is_opening_chatter(text: str) -> bool:
    """A block before the first section that talks to the user, not about the papers."""
    return bool(CHATTER_OPENING.match(text.strip()))


def is_closing_chatter(text: str) -> bool:
    """A block after the content that hopes or offers, to the reader or about the answer."""
    t = text.strip()
    if CHATTER_OPENING.match(t):
        return True
    m = CHATTER_CLOSING.match(t)
    return bool(m) and (m.group(0).lower().lstrip(" *_").startswith(("nếu bạn", "bạn", "hãy", "cho", "let",
                                                                    "feel", "if", "would", "do you"))
                        or bool(_READER_RE.search(t)))


# --------------------------------------------------------------------------- prefixes

# A label an idea may carry, as a whole phrase (or several, "Feasible, Interdisciplinary")
PREFIX_LABEL = (r"moon[- ]?shot|interdisciplinary|cross[- ]disciplinary|liên (?:lĩnh vực|ngành)|"
                r"khả thi(?: (?:cao|thấp|trung bình))?|(?:high|medium|low)[- ]feasibility|feasible|"
                r"(?:high|low)[- ]risk|ambitious|táo bạo|tham vọng|đột phá|breakthrough|blue[- ]sky|wild[- ]card|"
                r"quick[- ]win|dài hạn|ngắn hạn|long[- ]term|short[- ]term")
_PREFIX_RE = re.compile(
    r"^\s*(?:\((?P<p>[^()]{2,60})\)|\[(?P<b>[^\[\]]{2,60})\]|(?P<w>[^:()\[\]]{2,40}))\s*(?::\s*|(?<=[)\]])\s+)",
    re.IGNORECASE)
_LABELS_RE = re.compile(rf"^\s*(?:{PREFIX_LABEL})(?:\s*[,/&+]\s*(?:{PREFIX_LABEL}))*\s*$", re.IGNORECASE)


def title_prefix(title: str) -> tuple[str, str] | None:
    """("Moon-shot: ", "Moon-shot") when ``title`` opens with a label; None otherwise."""
    m = _PREFIX_RE.match(title)
    if not m:
        return None
    phrase = m.group("p") or m.group("b") or m.group("w")
    if not _LABELS_RE.match(phrase) or m.end() >= len(title.rstrip()):
        return None
    return m.group(0), phrase.strip()


# --------------------------------------------------------------------------- the marks


def _warn(digest: Digest, code: str, line: int, message: str) -> None:
    w = Warning_(code=code, file=digest.source, line=line, message=message)
    if not any((x.code, x.line, x.message) == (w.code, w.line, w.message) for x in digest.warnings):
        digest.warnings.append(w)


def _mark_chatter(digest: Digest) -> None:
    for b in digest.preamble:
        if b.hidden is None and is_opening_chatter(plain(b.runs)):
            b.hidden = "chatter"
            _warn(digest, "chatter", b.line, f"not shown: the model talking to its user, "
                                              f"not the digest (\"{_clip(plain(b.runs))}\")")
    if not digest.sections:
        return
    last = digest.sections[-1]
    tail: list[Block] = list(getattr(last, "blocks", [])) + list(last.other)
    for b in reversed(tail):  # from the very end back, while it is chatter
        if not is_closing_chatter(plain(b.runs)):
            break
        if b.hidden is None:
            b.hidden = "chatter"
            _warn(digest, "chatter", b.line, f"not shown: the model talking to its user, "
                                              f"not the digest (\"{_clip(plain(b.runs))}\")")


def _mark_empty(digest: Digest) -> None:
    tree = digest.topic_tree
    if tree is None:
        return

    def mentions_a_paper(node: TopicNode) -> bool:
        # an entry's id, or a reference in a name or a note ("(Duplicate of …) 2403.03507")
        return any(n.entries or any(r.ref for r in n.label) or any(r.ref for b in n.notes for r in b.runs)
                   for n in node.walk())

    def visit(node: TopicNode, depth: int) -> None:
        if node.hidden is None and not mentions_a_paper(node):
            node.hidden = "empty-area"
            what = "area" if depth == 1 else "topic"
            _warn(digest, "empty-area", node.line, f"not shown: the {what} \"{_clip(plain(node.label))}\" "
                                                   "has no paper")
            return
        for child in node.children:
            visit(child, depth + 1)

    for n in tree.nodes:
        visit(n, 1)


def _mark_prefixes(digest: Digest) -> None:
    for idea in digest.ideas.ideas if digest.ideas else []:
        found = title_prefix(plain(idea.title))
        if found and idea.title_prefix is None:
            idea.title_prefix = found[0]
            _warn(digest, "prefix", idea.line, f"the idea's title opens with the label \"{found[1]}\"; "
                                               "shown as its label")


KNOWN_FIELDS = ("motivation", "novelty", "approach", "dataset_metrics", "risk")
MAX_TITLE = 160


def _check_structure(digest: Digest) -> None:
    def suspect(line: int, message: str) -> None:
        _warn(digest, "suspect-structure", line, message)

    for idea in digest.ideas.ideas if digest.ideas else []:
        known = {f.key for f in idea.fields if f.key in KNOWN_FIELDS}
        if len(known) < 3:
            suspect(idea.line, f"an idea with {len(known)} recognised field(s) (motivation, novelty, approach, "
                               f"dataset, risk): its fields may have been read as its title or as other text")
        if len(plain(idea.title)) > MAX_TITLE:
            suspect(idea.line, f"an idea title of {len(plain(idea.title))} characters: its fields may have been "
                               "read as part of it")
    for g in digest.gaps.groups if digest.gaps else []:
        if len(plain(g.title)) > MAX_TITLE:
            suspect(g.line, f"a gap group title of {len(plain(g.title))} characters")
    if digest.topic_tree:
        for top in digest.topic_tree.nodes:
            for n in top.walk():
                if len(plain(n.label)) > MAX_TITLE:
                    suspect(n.line, f"a topic name of {len(plain(n.label))} characters")
    for s in digest.sections:
        if s.other:
            suspect(s.other[0].line, f"{len(s.other)} block(s) of {s.heading} that its parser could not place")
    if digest.highlights:
        known = {"rank", "paper", "keywords", "breakthrough", "impact"}
        for h in digest.highlights.rows:
            empty = [k for k in sorted(known) if not _filled(h, k)]
            if empty:
                suspect(h.line, f"a highlights row with empty cell(s): {', '.join(empty)}")


def _filled(h, key: str) -> bool:
    value = getattr(h, key)
    if key in ("rank", "paper", "keywords"):
        return bool(value) or value == 0
    return bool(plain(value).strip())


def _clip(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " …"


def mark(digest: Digest) -> Digest:
    """Mark what readers should not see and check the parse; idempotent, in place, lossless."""
    _mark_chatter(digest)
    _mark_empty(digest)
    _mark_prefixes(digest)
    _check_structure(digest)
    return digest


# --------------------------------------------------------------------------- the edition


def _shown(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.hidden is None]


def _shown_node(node: TopicNode) -> TopicNode:
    node.children = [_shown_node(c) for c in node.children if c.hidden is None]
    node.notes = _shown(node.notes)
    return node


def _edited_idea(idea: Idea) -> None:
    if not idea.title_prefix:
        return
    from .inline import slice_runs, strip_runs

    label = idea.title_prefix.strip().rstrip(":").strip().strip("()[]").strip()  # as written
    idea.title = strip_runs(slice_runs(idea.title, len(idea.title_prefix)))
    idea.label = label if not idea.label or idea.label.lower() == label.lower() else f"{label}, {idea.label}"
    idea.title_prefix = None


def edition(digest: Digest) -> Digest:
    """What readers see: a copy without what ``mark`` hid, titles without their label
    prefixes, and the derived fields (paper index, period) made again from it."""
    d = digest.model_copy(deep=True)
    d.preamble = _shown(d.preamble)
    for s in d.sections:
        s.other = _shown(s.other)
        if hasattr(s, "blocks"):
            s.blocks = _shown(s.blocks)
        if s.kind == "topic_tree":
            s.nodes = [_shown_node(n) for n in s.nodes if n.hidden is None]
        if s.kind == "ideas":
            for idea in s.ideas:
                _edited_idea(idea)
    return derive(d)
