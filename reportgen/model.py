"""The digest model: format-free typed classes for everything reportgen renders.

Nothing here knows HTML, LaTeX or PPTX.  The reader (``reader.py``) builds a
``Digest`` from text; ``derive.py`` derives what is the same for every
output (paper index, period, title).  The same classes validate the JSON that
``reportgen parse`` writes, so a digest made by another program can be
rendered too.

Prose is never a string with markdown in it: it is a list of ``Run``s, each a
piece of text with flat style flags, parsed once by the reader.
"""
from __future__ import annotations

from typing import Annotated, Iterator, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


# --------------------------------------------------------------------------- inline


class Run(_Model):
    """A piece of inline text with its style.

    ``ref`` is the arXiv id when the run is a paper reference; ``href`` the
    target of a link.  Styles are flat flags, so ``**2406.07496**`` is one run
    with ``bold`` and ``ref`` set.
    """

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: Optional[str] = None
    ref: Optional[str] = None


Runs = list[Run]


def plain(runs: Runs) -> str:
    """The text of ``runs`` without any style."""
    return "".join(r.text for r in runs)


# --------------------------------------------------------------------------- blocks


class Block(_Model):
    """A paragraph or list item kept as it stood: reflection, preamble, notes,
    unplaced text.  ``level`` is the list depth (0 = prose paragraph or a
    top-level item), ``ordered`` the item number of an ordered list item,
    ``bullet`` whether it was a bullet item."""

    runs: Runs
    level: int = 0
    bullet: bool = False
    ordered: Optional[int] = None
    line: int = 0
    # Set by the editorial stage: why readers are not shown this block (the warning code,
    # e.g. "chatter"); the block stays in the model.
    hidden: Optional[str] = None


# --------------------------------------------------------------------------- topic tree


class TrendEntry(_Model):
    """A leaf of the topic tree: ``2406.17557, 2406.11794 | trend sentence``."""

    papers: list[str]
    text: Runs
    line: int = 0


class TopicNode(_Model):
    code: Optional[str] = None  # "I.", "A.", "1." — kept as written
    label: Runs
    children: list["TopicNode"] = Field(default_factory=list)
    entries: list[TrendEntry] = Field(default_factory=list)
    notes: list[Block] = Field(default_factory=list)  # "(Không có paper nào …)"
    line: int = 0
    hidden: Optional[str] = None  # set by the editorial stage ("empty-area"): kept, not shown

    def walk(self) -> Iterator["TopicNode"]:
        yield self
        for child in self.children:
            yield from child.walk()

    def papers(self) -> list[str]:
        """Distinct ids under this node, in order of first mention."""
        seen: dict[str, None] = {}
        for node in self.walk():
            for entry in node.entries:
                for pid in entry.papers:
                    seen.setdefault(pid, None)
        return list(seen)


# --------------------------------------------------------------------------- sections


class _Section(_Model):
    number: Optional[int] = None  # as numbered in the source (may be missing/renumbered)
    heading: str  # the title as written, e.g. "SOTA_HIGHLIGHTS"
    suffix: Runs = Field(default_factory=list)  # text after the title, e.g. "(Top papers đáng đọc)"
    line: int = 0
    other: list[Block] = Field(default_factory=list)  # text the reader could not place


class TopicTreeSection(_Section):
    kind: Literal["topic_tree"] = "topic_tree"
    nodes: list[TopicNode] = Field(default_factory=list)


class Highlight(_Model):
    rank: Optional[int] = None
    paper: Optional[str] = None
    keywords: list[str] = Field(default_factory=list)
    breakthrough: Runs = Field(default_factory=list)
    impact: Runs = Field(default_factory=list)
    extra: list[Runs] = Field(default_factory=list)  # cells beyond the known columns
    line: int = 0


class HighlightsSection(_Section):
    kind: Literal["highlights"] = "highlights"
    columns: list[str] = Field(default_factory=list)  # header cells as written
    rows: list[Highlight] = Field(default_factory=list)


class Contribution(_Model):
    papers: list[str]
    technique: Runs
    commentary: Runs = Field(default_factory=list)
    commentary_label: Optional[str] = None  # "Suy nghĩ" when the source labels it
    line: int = 0


class ContributionsSection(_Section):
    kind: Literal["contributions"] = "contributions"
    items: list[Contribution] = Field(default_factory=list)


class GapGroup(_Model):
    title: Runs
    text: Runs = Field(default_factory=list)  # text on the title line after the title
    items: list[Block] = Field(default_factory=list)
    line: int = 0


class GapsSection(_Section):
    kind: Literal["gaps"] = "gaps"
    groups: list[GapGroup] = Field(default_factory=list)


IdeaFieldKey = Literal["motivation", "novelty", "approach", "dataset_metrics", "risk", "other"]


class Step(_Model):
    """One numbered step of an idea's approach, with any sub-bullets."""

    runs: Runs
    number: Optional[int] = None
    substeps: list[Block] = Field(default_factory=list)
    line: int = 0


class IdeaField(_Model):
    key: IdeaFieldKey
    label: str  # as written: "Motivation", "Key novelty", "Động lực", …
    text: Runs = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    blocks: list[Block] = Field(default_factory=list)  # un-numbered sub-bullets
    line: int = 0


class Idea(_Model):
    number: Optional[int] = None
    prefix: Optional[str] = None  # "Idea", "Ý tưởng" — the word before the number
    title: Runs
    label: Optional[str] = None  # "Khả thi cao", "Moon-shot", …
    fields: list[IdeaField] = Field(default_factory=list)
    line: int = 0
    # Set by the editorial stage: the start of the title, as written, that is a label, not
    # title ("Moon-shot: ", "(Interdisciplinary): "); readers see it as the idea's label.
    title_prefix: Optional[str] = None

    def field(self, key: IdeaFieldKey) -> Optional[IdeaField]:
        for f in self.fields:
            if f.key == key:
                return f
        return None


class IdeasSection(_Section):
    kind: Literal["ideas"] = "ideas"
    ideas: list[Idea] = Field(default_factory=list)


class ReadingItem(_Model):
    paper: str
    name: Runs = Field(default_factory=list)
    reason: Runs = Field(default_factory=list)
    line: int = 0


class ReadingListSection(_Section):
    kind: Literal["reading_list"] = "reading_list"
    items: list[ReadingItem] = Field(default_factory=list)


class ReflectionSection(_Section):
    kind: Literal["reflection"] = "reflection"
    blocks: list[Block] = Field(default_factory=list)


class UnknownSection(_Section):
    kind: Literal["unknown"] = "unknown"
    blocks: list[Block] = Field(default_factory=list)


Section = Annotated[
    Union[
        TopicTreeSection,
        HighlightsSection,
        ContributionsSection,
        GapsSection,
        IdeasSection,
        ReadingListSection,
        ReflectionSection,
        UnknownSection,
    ],
    Field(discriminator="kind"),
]

# The seven known sections, in their canonical order.
SECTION_KINDS = (
    "topic_tree",
    "highlights",
    "contributions",
    "gaps",
    "ideas",
    "reading_list",
    "reflection",
)

# --------------------------------------------------------------------------- derived


class Mention(_Model):
    """One place an arXiv id is mentioned."""

    section: str  # a section kind, "preamble", or "unknown"
    where: str  # tree path or field, e.g. "I. LLMs › A. Pre-training" or "breakthrough"
    line: int = 0


class PaperInfo(_Model):
    id: str
    short_name: Optional[str] = None
    mentions: list[Mention] = Field(default_factory=list)

    @property
    def url(self) -> str:
        return f"https://arxiv.org/abs/{self.id}"


class Period(_Model):
    year: int
    month: int


class Warning_(_Model):
    """A problem the reader noticed and worked around: reported, never fatal
    (``--strict`` makes it so)."""

    code: str  # unplaced, malformed-id, not-in-tree, duplicate, missing-section, …
    message: str
    file: str = ""
    line: int = 0

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: warning [{self.code}]: {self.message}"


# --------------------------------------------------------------------------- the digest


class Digest(_Model):
    """A whole digest.  ``sections`` keeps source order, unknown sections
    included; the properties give the seven known ones by kind."""

    source: str = ""  # file name it was read from
    preamble: list[Block] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    # Derived by derive.derive(); recomputed on load, never trusted from input.
    period: Optional[Period] = None
    title: Optional[str] = None
    papers: list[PaperInfo] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)

    def section(self, kind: str):
        for s in self.sections:
            if s.kind == kind:
                return s
        return None

    @property
    def topic_tree(self) -> Optional[TopicTreeSection]:
        return self.section("topic_tree")

    @property
    def highlights(self) -> Optional[HighlightsSection]:
        return self.section("highlights")

    @property
    def contributions(self) -> Optional[ContributionsSection]:
        return self.section("contributions")

    @property
    def gaps(self) -> Optional[GapsSection]:
        return self.section("gaps")

    @property
    def ideas(self) -> Optional[IdeasSection]:
        return self.section("ideas")

    @property
    def reading_list(self) -> Optional[ReadingListSection]:
        return self.section("reading_list")

    @property
    def reflection(self) -> Optional[ReflectionSection]:
        return self.section("reflection")

    def paper(self, pid: str) -> Optional[PaperInfo]:
        """The index entry of ``pid`` (a versioned id finds its paper: 2406.17557v2)."""
        from .arxiv import base_id

        pid = base_id(pid)
        for p in self.papers:
            if p.id == pid:
                return p
        return None


# Fields that derive.derive() fills in; stripped from JSON input and
# recomputed.  (Warnings stay: the reader's describe the original text.)
DERIVED_FIELDS = ("period", "title", "papers")


# --------------------------------------------------------------------------- walking


class TextItem(BaseModel):
    """One piece of source-derived text and where it stands.

    ``kind`` is "runs" (prose), "text" (a label, code, keyword, heading, …) or
    "id" (a paper id held in a field rather than in prose).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    section: str
    where: str
    line: int
    kind: Literal["runs", "text", "id"]
    runs: Runs = Field(default_factory=list)
    text: str = ""


def iter_text(digest: Digest) -> Iterator[TextItem]:
    """Every piece of text the digest holds that came from the source, once
    each, in source order, with its place.  The paper index and the
    no-word-lost test are both built on this walk, so a field added to the
    model and forgotten here shows up as lost words."""

    def runs(section, where, line, rs):
        return TextItem(section=section, where=where, line=line, kind="runs", runs=rs)

    def text(section, where, line, s, kind="text"):
        return TextItem(section=section, where=where, line=line, kind=kind, text=s)

    def blocks(section, where, bs):
        for b in bs:
            yield runs(section, where, b.line, b.runs)

    yield from blocks("preamble", "preamble", digest.preamble)
    for s in digest.sections:
        k = s.kind
        yield text(k, "heading", s.line, s.heading)
        if s.suffix:
            yield runs(k, "heading", s.line, s.suffix)
        if isinstance(s, TopicTreeSection):
            def walk(node: TopicNode, path: list[str]):
                here = path + [((node.code + " ") if node.code else "") + plain(node.label)]
                where = " › ".join(here)
                if node.code:
                    yield text(k, where, node.line, node.code)
                yield runs(k, where, node.line, node.label)
                for e in node.entries:
                    for pid in e.papers:
                        yield text(k, where, e.line, pid, "id")
                    yield runs(k, where, e.line, e.text)
                yield from blocks(k, where, node.notes)
                for c in node.children:
                    yield from walk(c, here)
            for n in s.nodes:
                yield from walk(n, [])
        elif isinstance(s, HighlightsSection):
            for c in s.columns:
                yield text(k, "columns", s.line, c)
            for h in s.rows:
                if h.rank is not None:
                    yield text(k, "rank", h.line, str(h.rank))
                if h.paper:
                    yield text(k, "paper", h.line, h.paper, "id")
                for kw in h.keywords:
                    yield text(k, "keywords", h.line, kw)
                yield runs(k, "breakthrough", h.line, h.breakthrough)
                yield runs(k, "impact", h.line, h.impact)
                for x in h.extra:
                    yield runs(k, "extra", h.line, x)
        elif isinstance(s, ContributionsSection):
            for c in s.items:
                for pid in c.papers:
                    yield text(k, "paper", c.line, pid, "id")
                yield runs(k, "technique", c.line, c.technique)
                if c.commentary_label:
                    yield text(k, "commentary", c.line, c.commentary_label)
                yield runs(k, "commentary", c.line, c.commentary)
        elif isinstance(s, GapsSection):
            for g in s.groups:
                where = plain(g.title) or "gaps"
                yield runs(k, where, g.line, g.title)
                yield runs(k, where, g.line, g.text)
                yield from blocks(k, where, g.items)
        elif isinstance(s, IdeasSection):
            for idea in s.ideas:
                where = f"idea {idea.number}" if idea.number is not None else plain(idea.title)
                if idea.prefix:
                    yield text(k, where, idea.line, idea.prefix)
                if idea.number is not None:
                    yield text(k, where, idea.line, str(idea.number))
                yield runs(k, where, idea.line, idea.title)
                if idea.label:
                    yield text(k, where, idea.line, idea.label)
                for f in idea.fields:
                    fw = f"{where} › {f.key}"
                    yield text(k, fw, f.line, f.label)
                    yield runs(k, fw, f.line, f.text)
                    for st in f.steps:
                        yield runs(k, fw, st.line, st.runs)
                        yield from blocks(k, fw, st.substeps)
                    yield from blocks(k, fw, f.blocks)
        elif isinstance(s, ReadingListSection):
            for it in s.items:
                yield text(k, "paper", it.line, it.paper, "id")
                yield runs(k, "name", it.line, it.name)
                yield runs(k, "reason", it.line, it.reason)
        elif isinstance(s, (ReflectionSection, UnknownSection)):
            yield from blocks(k, k, s.blocks)
        yield from blocks(k, "other", s.other)
