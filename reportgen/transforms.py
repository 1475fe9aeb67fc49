"""Transforms: what every output needs, computed once from the model.

- the paper index (every id -> every place it is mentioned, and its best
  short name);
- the period (year, month) and a default title;
- cross-reference warnings (ids the topic tree never mentions, duplicates).

Renderers read these from the ``Digest``; none of them recomputes them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import arxiv
from .labels import Labels
from .model import Digest, Mention, PaperInfo, Period, Run, Runs, TopicNode, Warning_, iter_text, plain

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


# --------------------------------------------------------------------------- for renderers


@dataclass
class NumberedTopic:
    """A topic node with its outline number ("2.1.3") and depth (1 = area)."""

    number: str
    depth: int
    node: TopicNode
    children: list["NumberedTopic"] = field(default_factory=list)


def number_topics(nodes: list[TopicNode], prefix: str = "", depth: int = 1) -> list[NumberedTopic]:
    out = []
    for i, node in enumerate(nodes, start=1):
        number = f"{prefix}{i}"
        out.append(NumberedTopic(number, depth, node, number_topics(node.children, number + ".", depth + 1)))
    return out


def papers_per_area(digest: Digest) -> list[tuple[str, int]]:
    """(area label, distinct papers) for each top-level topic, in tree order."""
    tree = digest.topic_tree
    return [(plain(n.label), len(n.papers())) for n in (tree.nodes if tree else [])]


@dataclass
class ReadingEntry:
    """One paper of the printable reading list / bibliography."""

    paper: str
    name: Runs  # short name (may be empty)
    reason: Runs  # why to read it (the highlight's breakthrough for added highlights)
    origin: str  # "reading_list" or "highlights"
    line: int = 0

    @property
    def key(self) -> str:
        """A citation key stable across runs: ``arxiv2405_21060``."""
        return "arxiv" + re.sub(r"[^0-9A-Za-z]+", "_", arxiv.base_id(self.paper))


def reading_entries(digest: Digest, include_highlights: bool = False) -> list[ReadingEntry]:
    """The reading list, then (optionally) the highlights it does not already hold."""
    out: list[ReadingEntry] = []
    seen: set[str] = set()
    for it in digest.reading_list.items if digest.reading_list else []:
        key = arxiv.base_id(it.paper)
        if key in seen:
            continue
        seen.add(key)
        out.append(ReadingEntry(it.paper, it.name, it.reason, "reading_list", it.line))
    if include_highlights and digest.highlights:
        for h in digest.highlights.rows:
            if not h.paper or arxiv.base_id(h.paper) in seen:
                continue
            seen.add(arxiv.base_id(h.paper))
            info = digest.paper(arxiv.base_id(h.paper))
            name = [Run(text=info.short_name)] if info and info.short_name else \
                [Run(text=", ".join(h.keywords[:3]))] if h.keywords else []
            out.append(ReadingEntry(h.paper, name, h.breakthrough, "highlights", h.line))
    return out


def chapters(digest: Digest, labels: Labels) -> list[dict]:
    """The report's chapters, numbered, each with its second-level entries
    (these two levels make the table of contents and the PDF outline)."""
    out: list[dict] = []

    def add(kind, section, title, subs=()):
        n = len(out) + 1
        out.append(dict(kind=kind, section=section, title=title, number=str(n), id=f"ch-{kind}-{n}",
                        subs=[dict(id=i, number=f"{n}.{k}", title=t) for k, (i, t) in enumerate(subs, 1)]))

    if digest.reflection or digest.preamble or digest.highlights:
        subs = [("glance", labels["at_a_glance"])] if digest.highlights and digest.highlights.rows else []
        add("summary", digest.reflection, labels.section("reflection"), subs)
    for s in digest.sections:
        if s.kind == "reflection":
            continue
        if s.kind == "topic_tree":
            # the report's own number ("2.1") stands for the source's code ("I.")
            subs = [(f"t-{i}", plain(n.label)) for i, n in enumerate(s.nodes, 1)]
        elif s.kind == "gaps":
            subs = [(f"g-{i}", plain(g.title)) for i, g in enumerate(s.groups, 1) if g.title]
        elif s.kind == "ideas":
            subs = [(f"i-{i}", plain(idea.title)) for i, idea in enumerate(s.ideas, 1)]
        else:
            subs = []
        title = s.heading.replace("_", " ").title() if s.kind == "unknown" else labels.section(s.kind)
        add(s.kind, s, title, subs)
    if digest.papers:
        add("index", None, labels.section("index"))
    return out


def short_name_unless_said(digest: Digest, pid: str, runs: Runs) -> str | None:
    """The paper's short name, unless ``runs`` already open with it (then it would stutter)."""
    info = digest.paper(arxiv.base_id(pid))
    if not info or not info.short_name:
        return None
    said = re.sub(r"[\"“”*]", "", plain(runs)).lstrip()
    return None if said.startswith(info.short_name) else info.short_name


def mention_anchor(pid: str, section: str) -> str:
    """The anchor (HTML id, LaTeX label) of a paper's first mention in a section."""
    return "p-" + re.sub(r"[^\w.-]", "-", arxiv.base_id(pid)) + "-" + section


@dataclass
class FirstMentions:
    """Which sections have anchored each paper so far.  The first mention of a paper in a
    section gets the anchor the paper index points to; every renderer asks the same way."""

    anchors: dict[str, list[str]] = field(default_factory=dict)  # base id -> sections anchored

    def first(self, pid: str, section: str | None) -> bool:
        """True once per (paper, section): this mention gets the anchor."""
        if not section:
            return False
        done = self.anchors.setdefault(arxiv.base_id(pid), [])
        if section in done:
            return False
        done.append(section)
        return True

    def index_links(self, pid: str) -> list[tuple[str, str]]:
        """(section kind, anchor) for every section that anchored ``pid``, in order."""
        return [(s, mention_anchor(pid, s)) for s in self.anchors.get(arxiv.base_id(pid), [])]
