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

from . import arxiv
from .model import Digest, Mention, PaperInfo, Period, Warning_, iter_text, plain

_HEAD_RE = re.compile(r"^\s*(?P<head>[^:]{2,48}?)\s*:\s+\S")


def _short_head(text: str) -> str | None:
    """``"MAGPIE: Tự tổng hợp …"`` -> ``"MAGPIE"``; None when there is no short head."""
    m = _HEAD_RE.match(text)
    if not m:
        return None
    head = re.sub(r"[\"“”*]", "", m.group("head")).strip()
    return head if head and len(head.split()) <= 6 else None


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

    # Best short name: the reading list's, then a contribution's or highlight's head.
    names: dict[str, str] = {}
    if digest.reading_list:
        for it in digest.reading_list.items:
            name = plain(it.name).strip()
            if name:
                names.setdefault(arxiv.base_id(it.paper), name)
    if digest.contributions:
        for c in digest.contributions.items:
            head = _short_head(plain(c.technique))
            if head and len(c.papers) == 1:
                names.setdefault(arxiv.base_id(c.papers[0]), head)
    if digest.highlights:
        for h in digest.highlights.rows:
            head = _short_head(plain(h.breakthrough))
            if head and h.paper:
                names.setdefault(arxiv.base_id(h.paper), head)
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


def counts(digest: Digest) -> list[tuple[str, int]]:
    """What a digest holds, section by section (``reportgen check`` prints it)."""
    d = digest
    tree = d.topic_tree
    nodes = [n for top in (tree.nodes if tree else []) for n in top.walk()]
    return [
        ("topic areas", len(tree.nodes) if tree else 0),
        ("topics", len(nodes)),
        ("trend entries", sum(len(n.entries) for n in nodes)),
        ("highlights", len(d.highlights.rows) if d.highlights else 0),
        ("contributions", len(d.contributions.items) if d.contributions else 0),
        ("gap groups", len(d.gaps.groups) if d.gaps else 0),
        ("ideas", len(d.ideas.ideas) if d.ideas else 0),
        ("reading list", len(d.reading_list.items) if d.reading_list else 0),
        ("reflection paragraphs", len(d.reflection.blocks) if d.reflection else 0),
        ("distinct papers", len(d.papers)),
    ]
