"""What the document renderers share: numbering, chapters, first mentions, counts,
reading entries and one walk over inline runs.

Everything here is the same for the HTML, LaTeX (and any other) document renderer, so
it is computed once, here, not once per template.  Nothing here knows a markup
language: ``RunWriter`` walks the runs and asks its subclass for each piece.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel

from .. import arxiv
from ..labels import Labels
from ..model import Digest, Run, Runs, TopicNode, plain
from ..typography import LONG_TOKEN, curly_runs


@dataclass
class NumberedTopic:
    """A topic node with its outline number ("2.1.3") and depth (1 = area)."""

    number: str
    depth: int
    node: TopicNode
    children: list["NumberedTopic"] = field(default_factory=list)


# Words joined by hyphens or slashes ("mô-đun", "Mamba-2", "huấn luyện/tinh"): kept on
# one line by every renderer, so copy-paste and search find them whole.  The text itself is
# unchanged (no U+2011 non-breaking hyphen, which search would not match).
_HYPHENATED_RE = re.compile(r"[^\W_]+(?:[-/][^\W_]+)+")


def unbreakable_spans(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, keep on one line) pairs: the hyphen- and slash-joined words
    are the pieces to keep whole — but not one longer than ``typography.LONG_TOKEN`` (a path,
    a URL), which would run off the line."""
    out, pos = [], 0
    for m in _HYPHENATED_RE.finditer(text):
        if len(m.group(0)) > LONG_TOKEN:
            continue
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    if pos < len(text) or not out:
        out.append((text[pos:], False))
    return out


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


def mention_anchor(pid: str, place: str) -> str:
    """The anchor (HTML id, LaTeX label) of a paper's first mention in a place: a section
    kind ("highlights"), or a kind and a part of it ("topic_tree.2": the second area)."""
    return "p-" + re.sub(r"[^\w.-]", "-", arxiv.base_id(pid)) + "-" + re.sub(r"[^\w.-]", "-", place)


def area_place(number: str) -> str:
    """The place of a topic numbered "2.1.3": its area, "topic_tree.2" (the index lists the
    page of every area that mentions a paper)."""
    return "topic_tree." + number.split(".")[0]


@dataclass
class FirstMentions:
    """Which places have anchored each paper so far.  The first mention of a paper in a place
    (a section, or an area of the topic tree) gets an anchor the paper index points to, so
    the index lists every page that speaks of the paper; every renderer asks the same way."""

    anchors: dict[str, list[str]] = field(default_factory=dict)  # base id -> places anchored

    def first(self, pid: str, place: str | None) -> bool:
        """True once per (paper, place): this mention gets the anchor."""
        if not place:
            return False
        done = self.anchors.setdefault(arxiv.base_id(pid), [])
        if place in done:
            return False
        done.append(place)
        return True

    def index_links(self, pid: str) -> list[tuple[str, list[str]]]:
        """(section kind, its anchors) for each section that anchored ``pid``, in order: the
        topic tree's areas grouped under one kind."""
        groups: dict[str, list[str]] = {}
        for place in self.anchors.get(arxiv.base_id(pid), []):
            groups.setdefault(place.split(".")[0], []).append(mention_anchor(pid, place))
        return list(groups.items())


def cover_counts(digest: Digest) -> dict[str, int]:
    """The counts a report's cover shows (``derive.counts``, the one count of every output)."""
    from ..derive import counts

    c = counts(digest)
    return {"papers": c.papers, "areas": c.areas, "highlights": c.highlights, "ideas": c.ideas}


def logo_bytes(path: str) -> bytes:
    """The logo's bytes (its type was checked with the settings); unreadable: one clear error."""
    from pathlib import Path

    from ..errors import InputError

    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the logo: {e.strerror}", str(path)) from None


def qr_svg(url: str) -> str:
    """A vector QR code for ``url`` (segno), a standalone SVG sized by its user (the reading
    list's templates)."""
    import segno

    svg = segno.make(url, error="m", micro=False).svg_inline(border=0, omitsize=True, dark="#000")
    if "xmlns=" not in svg[:200]:  # inline SVG in HTML needs none; an image of its own does
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return svg


def keywords(digest: Digest, limit: int = 12) -> list[str]:
    """The highlights' keywords, sorted and distinct: a document's metadata keywords."""
    return sorted({kw for h in (digest.highlights.rows if digest.highlights else []) for kw in h.keywords})[:limit]


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres; the running header and footer sit inside them."""
    top: float
    right: float
    bottom: float
    left: float

    def css(self) -> str:
        return f"{self.top:g}mm {self.right:g}mm {self.bottom:g}mm {self.left:g}mm"

    def text_height(self, paper: str) -> float:
        """The height of the text area on ``paper`` ("a4" or "letter"), in millimetres."""
        return PAPER_HEIGHT_MM[paper] - self.top - self.bottom


PAPER_HEIGHT_MM = {"a4": 297.0, "letter": 279.4}


# The report's text area, the same in every engine (tests check that nothing prints outside it
# but the running header and footer).
REPORT_MARGINS = Margins(top=22, right=19, bottom=20, left=19)


# A block whose text is at most this long (about six lines of body text) is kept whole on one
# page; anything longer may break across pages, its heading kept with its first lines.  Only a
# block provably short may refuse to break: a longer one pushed whole to the next page leaves a
# page empty, and one taller than a page runs off it (issue 15).
SHORT_CHARS = 480


def text_length(obj) -> int:
    """The characters of text in ``obj``: a string, runs, a model object or a list of them."""
    if obj is None:
        return 0
    if isinstance(obj, str):
        return len(obj)
    if isinstance(obj, Run):
        return len(obj.text)
    if isinstance(obj, (list, tuple)):
        return sum(text_length(o) for o in obj)
    if isinstance(obj, BaseModel):
        return sum(text_length(getattr(obj, name)) for name in type(obj).model_fields
                   if name not in ("line", "hidden"))
    return 0


def is_short(*parts) -> bool:
    """Whether ``parts`` together are short enough to be kept on one page (``SHORT_CHARS``)."""
    return sum(text_length(p) for p in parts) <= SHORT_CHARS


T = TypeVar("T")


class RunWriter(FirstMentions, Generic[T]):
    """Runs and paper ids -> one markup language.  The walk is the same for every
    document renderer (curly quotes, a paper reference, a link, code, then italic and
    bold around it); a subclass says how each piece is written.  The first mention of a
    paper in a section gets the anchor the paper index points to (``FirstMentions``)."""

    def paper(self, pid: str, section: str | None = None) -> T:
        raise NotImplementedError

    def text(self, text: str) -> T:
        raise NotImplementedError

    def link(self, href: str, text: str) -> T:
        raise NotImplementedError

    def code(self, text: str) -> T:
        raise NotImplementedError

    def italic(self, inner: T) -> T:
        raise NotImplementedError

    def bold(self, inner: T) -> T:
        raise NotImplementedError

    def join(self, parts: list[T]) -> T:
        raise NotImplementedError

    def runs(self, runs: Runs, section: str | None = None) -> T:
        out = []
        for r in curly_runs(runs):
            if r.ref:
                piece = self.paper(r.ref, section)
            elif r.href:
                piece = self.link(r.href, r.text)
            elif r.code:
                piece = self.code(r.text)
            else:
                piece = self.text(r.text)
            if r.italic:
                piece = self.italic(piece)
            if r.bold:
                piece = self.bold(piece)
            out.append(piece)
        return self.join(out)
