"""Model derivation: the fields of a ``Digest`` that follow from its text, computed once.

- the paper index (every id -> every place it is mentioned, and its best
  short name);
- the period (year, month) and a default title;
- cross-reference warnings (ids the topic tree never mentions, duplicates).

The pipeline runs ``derive`` once per digest, after the reader (which only reads) and
before the editorial stage; renderers read these fields, none recomputes them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from . import arxiv
from .model import Digest, Mention, PaperInfo, Period, Warning_, iter_text, plain

# ---- short names: one rule, used by every output (README "Short names")

_BRACKETS = {"(": ")", "[": "]", "{": "}", "“": "”"}


def balanced(text: str) -> bool:
    """No bracket or curly quote left open or closed alone, and straight quotes paired."""
    stack = []
    for ch in text:
        if ch in _BRACKETS:
            stack.append(_BRACKETS[ch])
        elif ch in _BRACKETS.values():
            if not stack or stack.pop() != ch:
                return False
    return not stack and text.count('"') % 2 == 0


def is_name(text: str) -> bool:
    """Could ``text`` be what a paper is called?  Short (1–6 words, ≤ 48 characters), whole
    (brackets and quotes balanced), one name (no keyword list), with a capital or a digit."""
    words = text.split()
    return (0 < len(words) <= 6 and len(text) <= 48 and balanced(text) and not re.search(r"[,;]\s|:$", text)
            and any(c.isupper() or c.isdigit() for c in text))


def _head(text: str) -> str | None:
    """``"MAGPIE: Tự tổng hợp …"`` -> ``"MAGPIE"``: what stands before the first ": ", when it
    is a name; a bracket still open there is cut off ("TinyLlama (3-stage training: …)" ->
    "TinyLlama"), so a name never ends inside one."""
    m = re.search(r":(?:\s|$)", text)
    if not m:
        return None
    head = re.sub(r"[\"“”*]", "", text[:m.start()]).strip()
    opened = [k for k, ch in enumerate(head) if ch in "([{"]
    while head and not balanced(head) and opened:
        head = head[:opened.pop()].rstrip(" -–—")
    head = _name_in(head)
    return head if head and is_name(head) else None


_VI_LETTER = re.compile(r"[À-ÖØ-öø-ɏḀ-ỿĐđ]")  # a Latin letter with diacritics: Vietnamese prose, not a name


def _name_in(head: str) -> str | None:
    """A head that describes in Vietnamese and ends with the name ("Quy trình tạo dữ liệu
    3D-GRAND") -> the name ("3D-GRAND"); a head with no Vietnamese word is kept whole."""
    words = head.split()
    if not any(_VI_LETTER.search(w) for w in words):
        return head
    tail = []
    for w in reversed(words):
        if _VI_LETTER.search(w) or not (w[:1].isupper() or w[:1].isdigit()):
            break
        tail.insert(0, w)
    return " ".join(tail) or None


# Terms of the field, not names of papers, however they are spelled
GENERIC_TERMS = frozenset("""ai llm llms lm lms slm mllm mllms vlm vlms lmm lmms lrm moe rag rl rlhf sft dpo ppo grpo
qat ptq ssm kv cot mcts nlp cv asr tts gan vae vit dit gnn cnn rnn sota api gpu cpu npu 3d 4d 2d""".split())


def _coined(word: str) -> bool:
    """A coined name (DEJAVU, GaLore, U-IO2, Depth Anything V2): a capital inside a word or a
    digit; not title-case dictionary words ("Monocular Depth"), a task ("Image-to-3D") or a
    term of the field ("LLM", "MoE")."""
    if re.search(r"\w-to-\w", word, re.IGNORECASE):
        return False
    return any((any(c.isupper() for c in w[1:]) or any(c.isdigit() for c in w))
               and w.strip("()[]").lower() not in GENERIC_TERMS for w in word.split())


def _tidy(name: str) -> str:
    """A reading-list name as a short name: "Step-Video-T2V: A 30B Parameter … Model" -> its
    head; a name cut open ("LucidDreamer (Dreaming") -> the part before the bracket."""
    name = " ".join(name.split()).strip(" *")
    head = _head(name)
    if head and len(name) > 30:
        return head
    if not balanced(name):
        for opener in "([{“":
            if opener in name:
                name = name[:name.index(opener)].rstrip(" -–—:")
    return name


def _word(word: str, flags: int = 0) -> re.Pattern:
    """``word`` as a whole word (not inside a longer one)."""
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", flags)


def short_names(digest: Digest) -> dict[str, str]:
    """Base id -> the paper's short name.  In order, the first that applies:

    1. its reading-list name (its head when it is a long "Name: subtitle");
    2. its highlight's first keyword, when that keyword names the paper: a name (``is_name``)
       that is coined (a capital inside a word, or a digit: DEJAVU, GaLore, MiniMax-01) or one
       capitalised word written so in what the digest says about this paper (its trend entries,
       highlight, contributions, reading reason: "Mamba"), no other highlight's keyword, and
       said about at most one other paper (a term many papers share is a topic, not a name);
    3. the "Name:" that opens its highlight's breakthrough;
    4. the "Name:" that opens its contribution, when it is the one such head the paper has
       (two contributions of one paper name two techniques, not the paper).
    """
    from collections import defaultdict

    about: dict[str, list[str]] = defaultdict(list)  # base id -> what the digest writes about it
    tree = digest.topic_tree
    for top in tree.nodes if tree else []:
        for n in top.walk():
            for e in n.entries:
                for pid in e.papers:
                    about[arxiv.base_id(pid)].append(plain(e.text))
    rows = digest.highlights.rows if digest.highlights else []
    for h in rows:
        if h.paper:
            about[arxiv.base_id(h.paper)] += [plain(h.breakthrough), plain(h.impact)]
    contributions = digest.contributions.items if digest.contributions else []
    for c in contributions:
        for pid in c.papers:
            about[arxiv.base_id(pid)] += [plain(c.technique), plain(c.commentary)]
    for it in digest.reading_list.items if digest.reading_list else []:
        about[arxiv.base_id(it.paper)].append(plain(it.reason))

    names: dict[str, str] = {}
    for it in digest.reading_list.items if digest.reading_list else []:
        name = _tidy(plain(it.name))
        if name:
            names.setdefault(arxiv.base_id(it.paper), name)
    keyword_uses = Counter(kw.lower() for h in rows for kw in dict.fromkeys(h.keywords))
    written = {pid: "\n".join(texts) for pid, texts in about.items()}  # a word never spans two texts
    for h in rows:
        if not h.paper or not h.keywords:
            continue
        key, kw = arxiv.base_id(h.paper), h.keywords[0].strip()
        if not is_name(kw) or keyword_uses[kw.lower()] != 1:
            continue
        # one plain word ("Mamba", "Molmo") must be written so, capitalised, about the paper
        single = len(kw.split()) == 1 and _word(kw).search(written.get(key, "")) is not None
        if not (_coined(kw) or single):
            continue
        said, others = _word(kw, re.IGNORECASE), 0  # the other papers it is said about: at most one
        for pid, text in written.items():
            if pid != key and said.search(text):
                others += 1
                if others > 1:
                    break
        if others <= 1:
            names.setdefault(key, kw)
    for h in rows:  # the highlight speaks of the paper itself: its "Name:" first
        head = _head(plain(h.breakthrough))
        if head and h.paper:
            names.setdefault(arxiv.base_id(h.paper), head)
    heads: dict[str, set[str]] = defaultdict(set)
    for c in contributions:
        head = _head(plain(c.technique))
        if head and len(c.papers) == 1:
            heads[arxiv.base_id(c.papers[0])].add(head)
    for key, found in heads.items():
        if len(found) == 1:
            names.setdefault(key, next(iter(found)))
    return names


def paper_index(digest: Digest) -> list[PaperInfo]:
    papers: dict[str, PaperInfo] = {}

    def mention(pid: str, section: str, where: str, line: int) -> None:
        key = arxiv.base_id(pid)
        info = papers.setdefault(key, PaperInfo(id=key))
        info.mentions.append(Mention(section=section, where=where, line=line))

    for item in iter_text(digest):
        if item.kind == "id":
            mention(item.text, item.section, item.where, item.line)
        elif item.kind == "runs":
            for r in item.runs:
                if r.ref:
                    mention(r.ref, item.section, item.where, item.line)

    names = short_names(digest)
    for key, info in papers.items():
        info.short_name = names.get(key)
    return [papers[k] for k in sorted(papers, key=_id_sort_key)]


def _id_sort_key(pid: str):
    ym = arxiv.year_month(pid) or (0, 0)
    return (ym, pid)


_TEXT_PERIOD_RES = [
    re.compile(r"tháng\s+(?P<m>\d{1,2})\s*(?:/|-|năm)\s*(?P<y>(?:19|20)\d{2})", re.IGNORECASE),
    re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})\b"),
    re.compile(r"\b(?P<m>\d{1,2})/(?P<y>(?:19|20)\d{2})\b"),
]


def period(digest: Digest) -> Period | None:
    """The month the digest covers: the most common month of its new-style
    ids (the bulk of a month's papers carry that month), else a date in the
    text ("tháng 06/2024", "2023-10")."""
    months = Counter()
    for info in digest.papers or paper_index(digest):
        ym = arxiv.year_month(info.id)
        if ym and "/" not in info.id:
            months[ym] += len(info.mentions)
    if months:
        (y, m), _ = months.most_common(1)[0]
        return Period(year=y, month=m)
    for item in iter_text(digest):
        s = plain(item.runs) if item.kind == "runs" else item.text
        for rx in _TEXT_PERIOD_RES:
            mt = rx.search(s)
            if mt and 1 <= int(mt.group("m")) <= 12:
                return Period(year=int(mt.group("y")), month=int(mt.group("m")))
    return None


def default_title(p: Period | None) -> str:
    return f"Tổng quan nghiên cứu arXiv tháng {p.month}/{p.year}" if p else "Tổng quan nghiên cứu arXiv"


def cross_warnings(digest: Digest) -> list[Warning_]:
    out: list[Warning_] = []
    src = digest.source
    tree = digest.topic_tree
    in_tree = {arxiv.base_id(pid) for n in (tree.nodes if tree else []) for pid in n.papers()}
    checks = []
    if digest.reading_list:
        checks.append(("reading list", [(it.paper, it.line) for it in digest.reading_list.items]))
    if digest.highlights:
        checks.append(("highlights", [(h.paper, h.line) for h in digest.highlights.rows if h.paper]))
    for where, ids in checks:
        seen: dict[str, int] = {}
        for pid, line in ids:
            key = arxiv.base_id(pid)
            if tree is not None and key not in in_tree:
                out.append(Warning_(code="not-in-tree", file=src, line=line,
                                    message=f"{pid} in the {where} is never mentioned in the topic tree"))
            if key in seen:
                out.append(Warning_(code="duplicate", file=src, line=line,
                                    message=f"{pid} appears twice in the {where} (first at line {seen[key]})"))
            seen.setdefault(key, line)
    if digest.highlights:
        ranks: dict[int, int] = {}
        for h in digest.highlights.rows:
            if h.rank is not None and h.rank in ranks:
                out.append(Warning_(code="duplicate", file=src, line=h.line,
                                    message=f"rank {h.rank} appears twice in the highlights"))
            if h.rank is not None:
                ranks.setdefault(h.rank, h.line)
    return out


def derive(digest: Digest) -> Digest:
    """Fill in the derived fields; idempotent (a JSON round trip gives the same)."""
    digest.papers = paper_index(digest)
    digest.period = period(digest)
    digest.title = default_title(digest.period)
    have = {(w.code, w.line, w.message) for w in digest.warnings}
    for w in cross_warnings(digest):
        if (w.code, w.line, w.message) not in have:
            digest.warnings.append(w)
            have.add((w.code, w.line, w.message))
    return digest


@dataclass(frozen=True)
class Counts:
    """What a digest holds — the one count every output and ``check`` show.  Pass it the
    edition (``editorial.edition``): a hidden empty area is no area."""

    areas: int  # top-level topics
    topics: int  # topics that carry trend entries (the tree's leaves; areas and headings are not topics)
    entries: int  # trend entries
    papers: int  # distinct papers
    highlights: int
    contributions: int
    gap_groups: int
    ideas: int
    reading: int
    reflection: int

    def table(self) -> list[tuple[str, int]]:
        """(label, count) rows, as ``reportgen check`` prints them."""
        return [("topic areas", self.areas), ("topics", self.topics), ("trend entries", self.entries),
                ("highlights", self.highlights), ("contributions", self.contributions),
                ("gap groups", self.gap_groups), ("ideas", self.ideas), ("reading list", self.reading),
                ("reflection paragraphs", self.reflection), ("distinct papers", self.papers)]


def counts(digest: Digest) -> Counts:
    d = digest
    tree = d.topic_tree
    nodes = [n for top in (tree.nodes if tree else []) for n in top.walk()]
    return Counts(
        areas=len(tree.nodes) if tree else 0,
        topics=sum(1 for n in nodes if n.entries),
        entries=sum(len(n.entries) for n in nodes),
        papers=len(d.papers),
        highlights=len(d.highlights.rows) if d.highlights else 0,
        contributions=len(d.contributions.items) if d.contributions else 0,
        gap_groups=len(d.gaps.groups) if d.gaps else 0,
        ideas=len(d.ideas.ideas) if d.ideas else 0,
        reading=len(d.reading_list.items) if d.reading_list else 0,
        reflection=len(d.reflection.blocks) if d.reflection else 0,
    )
