"""Deck renderer, step 1: ``Digest`` -> a pure slide model (pandoc's
``documentToPresentation``).

Nothing here touches python-pptx.  The plan says what goes on which slide, in
which box, at which explicit font size, and what the speaker notes say; the
writer (``pptx_writer.py``) only puts it into a template.

Every text frame is measured with ``textfit`` (the metric twin of the font the
deck declares) and never overflows: a slide's body gets the largest size from
its maximum down to ``BODY_MIN`` (16 pt) at which it fits; what does not fit at
16 pt continues on the next slide, titled "<title> (tiếp)".  Continuation
slides of one run share one size, their content balanced between them; a
paragraph taller than a whole slide is split between words; a sub-area
heading whose items continue is repeated on the next slide.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from .. import arxiv
from ..labels import Labels
from ..model import Block, Digest, Runs, TopicNode, plain
from ..textfit import Metrics, Span, metrics, pt
from ..textfit import Para as MPara
from ..transforms import number_topics, papers_per_area
from ..typography import curly_quotes, curly_runs

EMU_PER_IN = 914400
BODY_MIN = 16.0  # the floor for body text
BODY_MAX = 24.0
TITLE_MAX = 32.0
TITLE_MIN = 20.0
TITLE_SPACING = 1.1  # line spacing of titles (multiple of single): stacked diacritics never clip
BODY_SPACING = 1.0
TAG_SIZE = 16.0
CHART_SIZE = 16.0
NOTES_SIZE = 12.0
INSET_X = 91440  # text frame insets, set explicitly on every frame (EMU)
INSET_Y = 45720
BULLET_INDENT = 274320  # 0.3 in: hanging indent of a bullet
TAG_PAD_X = INSET_X  # a tag's padding is its text frame's insets
TAG_PAD_Y = INSET_Y
TAG_GAP = 91440

LANG_TAGS = {"vi": "vi-VN", "en": "en-US"}


# --------------------------------------------------------------------------- the slide model


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    x: int
    y: int
    w: int
    h: int

    def inner(self) -> tuple[float, float]:
        """Width and height available to text (insets removed), in points."""
        return pt(self.w - 2 * INSET_X), pt(self.h - 2 * INSET_Y)


@dataclass
class TextRun:
    text: str
    bold: bool = False
    italic: bool = False
    link: Optional[str] = None  # URL: arXiv ids link to https://arxiv.org/abs/ID


@dataclass
class Paragraph:
    runs: list[TextRun]
    size: float
    level: int = 0
    bullet: bool = False
    space_before: float = 0.0  # pt
    align: str = "l"  # l, ctr
    line_spacing: float = BODY_SPACING

    @property
    def margin(self) -> int:
        """Left margin of the text (EMU): one bullet indent per level, plus the bullet's own."""
        return BULLET_INDENT * (self.level + (1 if self.bullet else 0))

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    def measured(self) -> MPara:
        return MPara(tuple(Span(r.text, r.bold, r.italic) for r in self.runs), self.size, pt(self.margin),
                     self.space_before, self.line_spacing)


@dataclass
class Frame:
    """A text frame: a placeholder of the layout (role title, subtitle, body)
    or a shape of our own (role tag, text)."""

    role: str
    box: Box
    paragraphs: list[Paragraph]
    anchor: str = "t"  # t, ctr, b

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass
class ChartPlan:
    box: Box
    title: str
    categories: list[str]
    values: list[int]
    size: float = CHART_SIZE


@dataclass
class Picture:
    """An image placed on a slide (the organisation's logo on the title slide)."""

    path: str
    box: "Box"


@dataclass
class Slide:
    kind: str  # title, agenda, overview, area, highlight, contributions, gaps, idea, reading, takeaways, other, closing
    layout: str  # a role of LAYOUT_ROLES; the writer maps it to a layout name
    frames: list[Frame]
    notes: str = ""
    chart: Optional[ChartPlan] = None
    papers: list[str] = field(default_factory=list)  # arXiv ids on the slide or in its notes
    continued: bool = False
    pictures: list[Picture] = field(default_factory=list)

    @property
    def title(self) -> str:
        return next((f.text for f in self.frames if f.role == "title"), "")

    @property
    def text(self) -> str:
        return "\n".join(f.text for f in self.frames)


@dataclass
class Deck:
    lang: str  # vi-VN or en-US
    font: str  # the declared font: Arial or Calibri
    width: int
    height: int
    title: str
    subject: str
    keywords: str
    author: str
    slides: list[Slide] = field(default_factory=list)
    accent: Optional[str] = None  # "RRGGBB": the chart's bars and the tags' text (config: accent)


# The layouts a deck uses, by role.  Boxes are looked up per "role.placeholder".
LAYOUT_ROLES = ("title", "content", "chart", "closing")


@dataclass(frozen=True)
class Geometry:
    """Where the template puts things: slide size, declared font and the boxes
    of the placeholders the plan fills ("content.title", "content.body", …)."""

    width: int
    height: int
    font: str
    boxes: dict

    def box(self, key: str) -> Box:
        return self.boxes[key]


def _in(x: float) -> int:
    return int(round(x * EMU_PER_IN))


# The bundled template's geometry (tools/make_deck_template.py writes the same numbers);
# the writer reads the real one from whatever template it is given.
DEFAULT_GEOMETRY = Geometry(
    width=12192000, height=6858000, font="Arial",
    boxes={
        "title.title": Box(_in(0.9), _in(1.3), _in(11.533), _in(2.5)),
        "title.subtitle": Box(_in(0.9), _in(4.0), _in(11.533), _in(2.7)),
        "content.title": Box(_in(0.6), _in(0.35), _in(12.133), _in(1.25)),
        "content.body": Box(_in(0.6), _in(1.75), _in(12.133), _in(5.2)),
        "chart.title": Box(_in(0.6), _in(0.35), _in(12.133), _in(1.25)),
        "chart.chart": Box(_in(0.6), _in(1.75), _in(12.133), _in(5.2)),
        "closing.title": Box(_in(0.9), _in(1.2), _in(11.533), _in(1.8)),
        "closing.body": Box(_in(0.9), _in(3.2), _in(11.533), _in(3.5)),
    })


# --------------------------------------------------------------------------- items and pagination


@dataclass(eq=False)
class Item:
    """A paragraph of a paginated body, before its size is known."""

    runs: list[TextRun]
    level: int = 0
    bullet: bool = True
    heading: bool = False  # kept with the next item; repeated ("… (tiếp)") when its items continue
    context: Optional["Item"] = None  # the heading this item belongs under
    notes: Optional[str] = None  # the full text for the notes when the slide shows less
    ids: list[str] = field(default_factory=list)  # ids named in the notes text only
    align: str = "l"

    def paragraph(self, size: float, first: bool) -> Paragraph:
        gap = 0.0 if first else (0.45 if self.level == 0 else 0.2) * size
        return Paragraph(self.runs, size, self.level, self.bullet, gap, self.align)

    @property
    def note_text(self) -> str:
        return self.notes if self.notes is not None else _run_text(self.runs)


def _run_text(runs: Sequence[TextRun]) -> str:
    return "".join(r.text for r in runs).strip()


def _split_runs(runs: list[TextRun], at: int) -> tuple[list[TextRun], list[TextRun]]:
    """Split runs at character offset ``at`` (a space, which is dropped)."""
    left, right, pos = [], [], 0
    for r in runs:
        end = pos + len(r.text)
        if end <= at:
            left.append(r)
        elif pos >= at:
            right.append(r)
        else:
            k = at - pos
            left.append(TextRun(r.text[:k], r.bold, r.italic, r.link))
            right.append(TextRun(r.text[k:], r.bold, r.italic, r.link))
        pos = end
    left = _rstrip(left)
    right = _lstrip(right)
    return left, right


def _rstrip(runs: list[TextRun]) -> list[TextRun]:
    runs = [TextRun(r.text, r.bold, r.italic, r.link) for r in runs]
    while runs and not runs[-1].text.rstrip():
        runs.pop()
    if runs:
        runs[-1].text = runs[-1].text.rstrip()
    return runs


def _lstrip(runs: list[TextRun]) -> list[TextRun]:
    runs = [TextRun(r.text, r.bold, r.italic, r.link) for r in runs]
    while runs and not runs[0].text.lstrip():
        runs.pop(0)
    if runs:
        runs[0].text = runs[0].text.lstrip()
    return runs


class Paginator:
    """Puts items into as few body frames as fit at ``BODY_MIN``, balanced,
    then picks the largest common size for them."""

    def __init__(self, m: Metrics, cont: str):
        self.m = m
        self.cont = cont
        self._heights: dict = {}  # (id(item), size, first, width) -> (item, height); the item keeps its id alive
        self._conts: dict = {}

    def _cont_heading(self, h: Item) -> Item:
        c = self._conts.get(id(h))
        if c is None or c[0] is not h:
            item = Item(h.runs + [TextRun(" " + self.cont, h.runs[-1].bold if h.runs else True)], h.level,
                        h.bullet, heading=True, notes="", align=h.align)
            c = self._conts[id(h)] = (h, item)
        return c[1]

    def _para_height(self, it: Item, size: float, first: bool, width: float) -> float:
        key = (id(it), size, first, width)
        hit = self._heights.get(key)
        if hit is None or hit[0] is not it:
            hit = self._heights[key] = (it, self.m.para_height(it.paragraph(size, first).measured(), width, first))
        return hit[1]

    def page_items(self, items: Sequence[Item]) -> list[Item]:
        """The items of one page, with the heading repeated when the page starts under it."""
        if items and items[0].context is not None:
            return [self._cont_heading(items[0].context), *items]
        return list(items)

    def height(self, items: Sequence[Item], size: float, width: float) -> float:
        return sum(self._para_height(it, size, k == 0, width) for k, it in enumerate(self.page_items(items)))

    def _split_long(self, it: Item, size: float, width: float, height: float) -> list[Item]:
        """An item taller than a whole frame: cut between words into pieces that fit."""
        pieces: list[Item] = []
        runs = it.runs
        first = True
        while True:
            cur = Item(runs, it.level, it.bullet if first else False, False, it.context, it.notes, it.ids, it.align)
            if self.height([cur], size, width) <= height:
                pieces.append(cur)
                return pieces
            text = "".join(r.text for r in runs)
            spaces = [i for i, ch in enumerate(text) if ch == " "]
            lo, hi, best = 0, len(spaces) - 1, None
            while lo <= hi:  # the longest head that fits
                mid = (lo + hi) // 2
                head, _ = _split_runs(runs, spaces[mid])
                probe = Item(head, it.level, cur.bullet, False, it.context)
                if self.height([probe], size, width) <= height:
                    best, lo = mid, mid + 1
                else:
                    hi = mid - 1
            if best is None:  # not even one word: give up splitting (hard-wrapped by characters)
                pieces.append(cur)
                return pieces
            head, runs = _split_runs(runs, spaces[best])
            pieces.append(Item(head, it.level, cur.bullet, False, it.context, it.notes, it.ids, it.align))
            first = False

    @staticmethod
    def _keeps(it: Item, nxt: Optional[Item]) -> bool:
        """Does heading ``it`` stay with ``nxt`` (its first item or sub-heading)?"""
        return it.heading and nxt is not None and (nxt.context is it or nxt.level > it.level)

    def _carry(self, cur: list[Item], it: Item, size: float, width: float, capacity: float) -> list[Item]:
        """Headings at the end of a full page that belong to ``it``: taken off ``cur``
        to start the next page with it (unless that would not fit)."""
        carry: list[Item] = []
        while len(cur) > 1 and self._keeps(cur[-1], (carry or [it])[0]):
            carry.insert(0, cur.pop())
        if carry and self.height(carry + [it], size, width) > capacity:
            cur.extend(carry)
            carry = []
        return carry

    def _greedy(self, items: Sequence[Item], size: float, width: float, capacity: float) -> list[list[Item]]:
        pages: list[list[Item]] = []
        cur: list[Item] = []
        for k, it in enumerate(items):
            trial = cur + [it]
            nxt = items[k + 1] if k + 1 < len(items) else None
            if self._keeps(it, nxt):
                need = self.height(trial + [nxt], size, width)  # keep a heading with its first item
            else:
                need = self.height(trial, size, width)
            if cur and need > capacity:
                carry = self._carry(cur, it, size, width, capacity)
                pages.append(cur)
                cur = carry + [it]
            else:
                cur = trial
        if cur:
            pages.append(cur)
        return pages

    def paginate(self, items: Sequence[Item], box: Box, max_size: float,
                 min_size: float = BODY_MIN) -> tuple[list[list[Item]], float]:
        width, height = box.inner()
        flat: list[Item] = []
        for it in items:
            if self.height([it], min_size, width) > height:
                flat.extend(self._split_long(it, min_size, width, height))
            else:
                flat.append(it)
        pages = self._greedy(flat, min_size, width, height)
        if len(pages) > 1:
            # Same number of pages, less ragged: (a) the smallest capacity that still
            # needs no more pages (lowest tallest page, so maybe a larger size);
            # (b) pages filled towards an even share of what remains (no near-empty
            # last page).  Keep whichever allows the larger size; (b) on a tie.
            lo, hi = 0.0, height
            for _ in range(12):
                mid = (lo + hi) / 2
                trial = self._greedy(flat, min_size, width, mid)
                if len(trial) <= len(pages) and all(self.height(p, min_size, width) <= height for p in trial):
                    hi = mid
                else:
                    lo = mid
            candidates = [self._greedy(flat, min_size, width, hi), self._even(flat, min_size, width, height,
                                                                               len(pages))]
            best = None
            for cand in candidates:
                if cand is None or len(cand) > len(pages):
                    continue
                size = self._common_size(cand, width, height, max_size, min_size)
                if size is not None and (best is None or size >= best[1]):
                    best = (cand, size)
            if best is not None:
                return [self.page_items(p) for p in best[0]], best[1]
        size = self._common_size(pages, width, height, max_size, min_size)
        if size is None:  # cannot happen: every item fits a page alone, carried headings are checked
            raise AssertionError("paginated content does not fit at the minimum size")
        return [self.page_items(p) for p in pages], size

    def _common_size(self, pages, width: float, height: float, max_size: float, min_size: float) -> float | None:
        size = max_size
        while size >= min_size:
            if all(self.height(p, size, width) <= height for p in pages):
                return size
            size -= 1
        return None

    def _even(self, items: Sequence[Item], size: float, width: float, height: float,
              n: int) -> list[list[Item]] | None:
        """``n`` pages, each filled to about an even share of what is left."""
        own = [self._para_height(it, size, False, width) for it in items]
        pages: list[list[Item]] = []
        i = 0
        while i < len(items):
            left = n - len(pages)
            if left <= 0:
                return None
            target = sum(own[i:]) / left
            cur: list[Item] = []
            while i < len(items):
                trial = cur + [items[i]]
                h_trial = self.height(trial, size, width)
                if cur and h_trial > height:
                    break
                if cur and left > 1 and abs(h_trial - target) > abs(self.height(cur, size, width) - target):
                    break
                cur = trial
                i += 1
            if i < len(items):  # headings go with their first item
                carry = self._carry(cur, items[i], size, width, height)
                i -= len(carry)
            pages.append(cur)
        if any(self.height(p, size, width) > height for p in pages):
            return None
        return pages


# --------------------------------------------------------------------------- the planner


@dataclass
class DeckOptions:
    lang: str = "vi"
    organisation: Optional[str] = None
    date: Optional[_dt.date] = None
    accent: Optional[str] = None  # "#RRGGBB"
    logo: Optional[str] = None  # a PNG or JPEG file, on the title slide


class _Planner:
    def __init__(self, digest: Digest, geometry: Geometry, options: DeckOptions):
        self.d = digest
        self.g = geometry
        self.o = options
        self.L = Labels(options.lang)
        self.m = metrics(geometry.font)
        self.pager = Paginator(self.m, self.L["deck.cont"])
        self.slides: list[Slide] = []

    # ---------------------------------------------------------------- runs

    def runs(self, runs: Runs, bold: bool = False, italic: bool = False) -> list[TextRun]:
        out = []
        for r in curly_runs(runs):
            text = r.text.replace("\n", " ")
            if not text:
                continue
            link = arxiv.url(r.ref) if r.ref else r.href
            out.append(TextRun(text, r.bold or bold, r.italic or italic, link))
        return out

    def text(self, s: str, bold: bool = False, italic: bool = False) -> TextRun:
        return TextRun(curly_quotes(s), bold, italic)

    def id_runs(self, ids: Sequence[str], bold: bool = True) -> list[TextRun]:
        out: list[TextRun] = []
        for k, pid in enumerate(ids):
            if k:
                # not ", ": LibreOffice may start a line with the comma after a linked id
                out.append(TextRun(" · ", bold))
            out.append(TextRun(pid, bold, False, arxiv.url(pid)))
        return out

    # ---------------------------------------------------------------- frames

    def title_frame(self, runs: list[TextRun], box: Box, *, variants: Sequence[list[TextRun]] = (),
                    align: str = "l", anchor: str = "b", max_size: float = TITLE_MAX) -> Frame:
        """A title at the largest size from ``max_size`` to 20 pt (one size for
        ``variants`` too, e.g. the "(tiếp)" titles of the same run); shortened
        with "…" if it fits at none (the notes hold it whole)."""
        width, height = box.inner()

        def ok(rs, size):
            p = Paragraph(rs, size, line_spacing=TITLE_SPACING).measured()
            return self.m.frame_height([p], width) <= height

        candidates = [runs, *variants]
        size = max_size
        while size >= TITLE_MIN:
            if all(ok(rs, size) for rs in candidates):
                break
            size -= 1
        else:
            size = BODY_MIN
            runs = self._shorten(runs, lambda rs: ok(rs, size))
        return Frame("title", box, [Paragraph(runs, size, align=align, line_spacing=TITLE_SPACING)], anchor)

    def _shorten(self, runs: list[TextRun], ok: Callable[[list[TextRun]], bool]) -> list[TextRun]:
        text = _run_text(runs)
        words = text.split(" ")
        while len(words) > 1:
            words.pop()
            cut = len(" ".join(words))
            head, _ = _split_runs(runs, cut)
            head = head + [TextRun("…", head[-1].bold if head else False)]
            if ok(head):
                return head
        return [TextRun("…")]

    def frame_at_largest(self, role: str, make: Callable[[float], list[Paragraph]], box: Box, max_size: float,
                         min_size: float = BODY_MIN, anchor: str = "t") -> Optional[Frame]:
        width, height = box.inner()
        size = max_size
        while size >= min_size:
            paras = make(size)
            if self.m.frame_height([p.measured() for p in paras], width) <= height:
                return Frame(role, box, paras, anchor)
            size -= 1
        return None

    def paged(self, kind: str, title: list[TextRun], items: Sequence[Item], *, max_size: float = BODY_MAX,
              notes_head: str = "", body: Optional[Box] = None, extra_first: Sequence[Frame] = (),
              extra_ids: Sequence[str] = ()) -> list[Slide]:
        """Slides for a title and its items: one, or as many as 16 pt needs."""
        body = body or self.g.box("content.body")
        if not items:
            items = [Item([TextRun("—")], bullet=False)]
        pages, size = self.pager.paginate(items, body, max_size)
        cont_title = title + [TextRun(" " + self.L["deck.cont"], title[-1].bold if title else False)]
        variants = [cont_title] if len(pages) > 1 else []
        out = []
        for k, page in enumerate(pages):
            t = self.title_frame(title if k == 0 else cont_title, self.g.box("content.title"), variants=variants)
            paras = [it.paragraph(size, n == 0) for n, it in enumerate(page)]
            frames = [t, *(extra_first if k == 0 else ()), Frame("body", body, paras)]
            notes = [_run_text(title if k == 0 else cont_title)]
            if k == 0 and notes_head:
                notes.append(notes_head)
            notes += [it.note_text for it in page if it.note_text]
            ids = _ids_of(frames) + [i for it in page for i in it.ids] + (list(extra_ids) if k == 0 else [])
            out.append(self.slide(kind, "content", frames, notes, ids, continued=k > 0))
        return out

    def slide(self, kind: str, layout: str, frames: list[Frame], notes: list[str], ids: Sequence[str],
              chart: Optional[ChartPlan] = None, continued: bool = False) -> Slide:
        ids = _unique([arxiv.base_id(i) for i in ids] + [arxiv.base_id(i) for n in notes for i in arxiv.find_ids(n)])
        text = "\n".join(n for n in notes if n)
        if ids:
            text += f"\n\n{self.L['deck.links']}:\n" + "\n".join(f"{i}  {arxiv.url(i)}" for i in ids)
        s = Slide(kind, layout, frames, text, chart, ids, continued)
        self.slides.append(s)
        return s

    # ---------------------------------------------------------------- slides

    def plan(self) -> Deck:
        d, L = self.d, self.L
        self.title_slide()
        self.agenda()
        self.overview()
        if d.topic_tree:
            self.areas()
        if d.highlights:
            self.highlights()
        if d.contributions:
            self.contributions()
        if d.gaps:
            self.gaps()
        if d.ideas:
            self.ideas()
        if d.reading_list:
            self.reading_list()
        if d.reflection:
            self.takeaways()
        for s in d.sections:
            if s.kind == "unknown":
                self.other(s)
        self.closing()
        self.others_to_notes()
        period = L.period(d.period)
        title = f"{L['deck.kind']} — {period}" if period else L["deck.kind"]
        keywords = ", ".join(plain(n.label) for n in (d.topic_tree.nodes if d.topic_tree else []))
        return Deck(LANG_TAGS[self.o.lang], self.g.font, self.g.width, self.g.height, title, d.title or "",
                    keywords, self.o.organisation or "reportgen", self.slides,
                    self.o.accent.lstrip("#").upper() if self.o.accent else None)

    def title_slide(self) -> None:
        d, L = self.d, self.L
        period = L.period(d.period)
        t_runs = [[TextRun(L["deck.kind"], True)]] + ([[TextRun(period, True)]] if period else [])
        tbox = self.g.box("title.title")
        title = self.frame_at_largest(
            "title", lambda s: [Paragraph(r, s, align="ctr", line_spacing=TITLE_SPACING) for r in t_runs],
            tbox, 40, TITLE_MIN, anchor="b") or self.title_frame(t_runs[0], tbox, align="ctr")
        counts = self.count_line()
        date = L.date(self.o.date or _dt.date.today())
        lines = [x for x in (self.o.organisation, date, counts) if x]
        sub = self.frame_at_largest(
            "subtitle", lambda s: [Paragraph([TextRun(x, k == 0 and bool(self.o.organisation))], s, align="ctr",
                                             space_before=0 if k == 0 else 0.3 * s)
                                   for k, x in enumerate(lines)],
            self.g.box("title.subtitle"), 24) or Frame("subtitle", self.g.box("title.subtitle"), [])
        notes = [L["deck.kind"], period, *lines]
        if d.title:
            notes.insert(0, d.title)
        if d.preamble:
            notes += ["", L["preamble"] + ":"] + [_run_text(self.runs(b.runs)) for b in d.preamble]
        slide = self.slide("title", "title", [title, sub], notes, [])
        if self.o.logo:
            slide.pictures.append(Picture(self.o.logo, self.logo_box(self.o.logo, tbox)))

    def logo_box(self, path: str, title: Box) -> Box:
        """Top right, above the title box, at most 2.5 x 0.8 in, the image's own proportions."""
        from PIL import Image

        with Image.open(path) as im:
            ratio = im.width / im.height if im.height else 1.0
        margin = _in(0.3)
        room = title.y - 2 * margin  # above the title, in the bundled layout 0.7 in
        h = min(_in(0.8), room) if room >= _in(0.35) else _in(0.6)
        w = min(_in(2.5), int(h * ratio))
        h = int(w / ratio)
        y = margin if room >= _in(0.35) else self.g.height - margin - h  # a template titled at the top: below
        return Box(self.g.width - margin - w, y, w, h)

    def count_line(self) -> str:
        d, L = self.d, self.L
        parts = [f"{L.number(len(d.papers))} {L['count.papers']}"]
        if d.topic_tree:
            parts.append(f"{len(d.topic_tree.nodes)} {L['count.areas']}")
        if d.highlights:
            parts.append(f"{len(d.highlights.rows)} {L['count.highlights']}")
        if d.ideas:
            parts.append(f"{len(d.ideas.ideas)} {L['count.ideas']}")
        return " · ".join(parts)

    def agenda(self) -> None:
        d, L = self.d, self.L
        rows: list[tuple[str, str]] = [(L["deck.overview"], self.count_line())]
        if d.topic_tree:
            n_topics = sum(1 for top in d.topic_tree.nodes for _ in top.walk())
            rows.append((L.section("topic_tree"), f"{len(d.topic_tree.nodes)} {L['count.areas']}, "
                                                  f"{n_topics} {L['count.topics']}"))
        for kind, count, unit in (
                ("highlights", len(d.highlights.rows) if d.highlights else None, "count.highlights"),
                ("contributions", len(d.contributions.items) if d.contributions else None, "count.contributions"),
                ("gaps", len(d.gaps.groups) if d.gaps else None, "count.groups"),
                ("ideas", len(d.ideas.ideas) if d.ideas else None, "count.ideas"),
                ("reading_list", len(d.reading_list.items) if d.reading_list else None, "count.papers")):
            if count is not None:
                rows.append((L.section(kind), f"{count} {L[unit]}"))
        if d.reflection:
            rows.append((L["deck.takeaways"], ""))
        for s in d.sections:
            if s.kind == "unknown":
                rows.append((s.heading, ""))
        rows.append((L["deck.discussion"], ""))
        items = [Item([TextRun(name, True)] + ([TextRun(" — " + what)] if what else [])) for name, what in rows]
        self.paged("agenda", [TextRun(L["deck.agenda"], True)], items, max_size=28)

    def overview(self) -> None:
        d, L = self.d, self.L
        per_area = papers_per_area(d)
        areas = f", {len(per_area)} {L['count.areas']}" if per_area else ""
        title = [TextRun(f"{L['deck.overview']}: {L.number(len(d.papers))} {L['count.papers']}{areas}", True)]
        box = self.g.box("chart.chart")
        notes = [L["chart.title"] + ":"] + [f"{k}. {name}: {n}" for k, (name, n) in enumerate(per_area, 1)]
        if not per_area:
            self.paged("overview", title, [Item([TextRun(self.count_line())], bullet=False)])
            return
        cats = [self.chart_label(f"{k}. {curly_quotes(name)}", box) for k, (name, _) in enumerate(per_area, 1)]
        chart = ChartPlan(box, L["chart.title"], cats, [n for _, n in per_area])
        t = self.title_frame(title, self.g.box("chart.title"))
        self.slide("overview", "chart", [t], [_run_text(title)] + notes, [], chart=chart)

    def chart_label(self, text: str, box: Box) -> str:
        """A category label short enough for two lines in a third of the chart's width."""
        width = pt(box.w) * 0.33
        m = self.m
        if len(m.wrap([text], width, CHART_SIZE)) <= 2:
            return text
        words = text.split(" ")
        while len(words) > 1:
            words.pop()
            cand = " ".join(words).rstrip(",;:&–—-") + " …"
            if len(m.wrap([cand], width, CHART_SIZE)) <= 2:
                return cand
        return text[:20] + "…"

    # ---------------------------------------------------------------- topic tree

    def label_runs(self, node: TopicNode) -> list[TextRun]:
        code = [TextRun(node.code + " ", True)] if node.code else []
        return code + self.runs(node.label, bold=True)

    def entry_runs(self, e) -> list[TextRun]:
        text = self.runs(e.text)
        if not e.papers:
            return text
        # no brackets: a viewer may break a line between "(" and a linked id
        return text + ([TextRun(" ")] if text else []) + self.id_runs(e.papers, bold=False)

    def node_items(self, node: TopicNode, level: int, top: bool, context: Optional[Item]) -> list[Item]:
        label = self.label_runs(node)
        simple = not node.children and len(node.entries) <= 1 and not node.notes
        if simple:
            runs = label + ([TextRun(": ")] + self.entry_runs(node.entries[0]) if node.entries else [])
            return [Item(runs, level, True, context=context)]
        if top:
            head = Item(label, 0, False, heading=True)
            ctx, child_level = head, 0
        else:
            head = Item(label, level, True, heading=True, context=context)
            ctx, child_level = context, min(level + 1, 2)
        out = [head]
        for e in node.entries:
            out.append(Item(self.entry_runs(e), child_level, True, context=ctx))
        for b in node.notes:
            out.append(Item(self.runs(b.runs, italic=True), child_level, True, context=ctx))
        for c in node.children:
            out.extend(self.node_items(c, child_level, False, ctx))
        return out

    def areas(self) -> None:
        tree = self.d.topic_tree
        for nt in number_topics(tree.nodes):
            node = nt.node
            items: list[Item] = []
            for e in node.entries:
                items.append(Item(self.entry_runs(e), 0, True))
            for b in node.notes:
                items.append(Item(self.runs(b.runs, italic=True), 0, True))
            for c in node.children:
                items.extend(self.node_items(c, 0, True, None))
            title = [TextRun(f"{nt.number}. ", True)] + self.runs(node.label, bold=True)
            papers = node.papers()
            head = f"{len(papers)} {self.L['count.papers']}"
            self.paged("area", title, items, max_size=22, notes_head=head)
        if tree.other:
            self.notes_blocks(tree.other)

    # ---------------------------------------------------------------- highlights, contributions, gaps

    def tags(self, words: Sequence[str], box: Box) -> tuple[list[Frame], int]:
        """Keyword tags flowing left to right inside ``box``; returns them and the height used."""
        m = self.m
        lh = m.line_height(TAG_SIZE)
        frames: list[Frame] = []
        x, y, row_h = box.x, box.y, 0
        max_w = box.w
        for w in words:
            w = curly_quotes(w.strip())
            if not w:
                continue
            inner_w = min(m.width(w, TAG_SIZE) + 2, pt(max_w - 2 * TAG_PAD_X))
            lines = len(m.wrap([w], inner_w, TAG_SIZE))
            tw = int((inner_w + 1) * 12700) + 2 * TAG_PAD_X
            th = int((lines * lh + 1) * 12700) + 2 * TAG_PAD_Y
            if x > box.x and x + tw > box.x + max_w:
                x, y, row_h = box.x, y + row_h + TAG_GAP // 2, 0
            frames.append(Frame("tag", Box(x, y, tw, th), [Paragraph([TextRun(w)], TAG_SIZE, align="ctr")], "ctr"))
            x += tw + TAG_GAP
            row_h = max(row_h, th)
        used = (y + row_h - box.y) if frames else 0
        return frames, used

    def highlights(self) -> None:
        L = self.L
        body = self.g.box("content.body")
        for h in self.d.highlights.rows:
            title: list[TextRun] = []
            if h.rank is not None:
                title.append(TextRun(f"#{h.rank} · ", True))
            if h.paper:
                title.append(TextRun(h.paper, True, False, arxiv.url(h.paper)))
                info = self.d.paper(arxiv.base_id(h.paper))
                if info and info.short_name:
                    title.append(TextRun(" — " + curly_quotes(info.short_name), True))
            if not title:
                title = [TextRun(L.section("highlights"), True)]
            tags, used = self.tags(h.keywords, body)
            box = body
            if tags:
                gap = used + TAG_GAP * 2
                box = Box(body.x, body.y + gap, body.w, body.h - gap)
            items = []
            for key, runs in (("breakthrough", h.breakthrough), ("impact", h.impact)):
                if runs:
                    items.append(Item([TextRun(L[key] + ": ", True)] + self.runs(runs), 0, False))
            for x in h.extra:
                items.append(Item(self.runs(x), 0, False))
            head = []
            if h.rank is not None:
                head.append(f"{L['rank']} {h.rank}")
            if h.keywords:
                head.append(f"{L['keywords']}: {', '.join(h.keywords)}")
            self.paged("highlight", title, items, max_size=24, notes_head="\n".join(head), body=box,
                       extra_first=tags)

    def contributions(self) -> None:
        L = self.L
        items = []
        for c in self.d.contributions.items:
            runs = (self.id_runs(c.papers) + [TextRun(" — ")] if c.papers else []) + self.runs(c.technique)
            notes = _run_text(runs)
            if c.commentary:
                notes += f"\n   {c.commentary_label or L['commentary']}: {_run_text(self.runs(c.commentary))}"
            ids = [r.ref for r in c.commentary if r.ref]
            items.append(Item(runs, 0, True, notes=notes, ids=ids))
        self.paged("contributions", [TextRun(L.section("contributions"), True)], items, max_size=20)
        if self.d.contributions.other:
            self.notes_blocks(self.d.contributions.other)

    def block_items(self, blocks: Sequence[Block], base: int = 0, context: Optional[Item] = None) -> list[Item]:
        out = []
        for b in blocks:
            runs = self.runs(b.runs)
            if not runs:
                continue
            if b.ordered is not None:
                runs = [TextRun(f"{b.ordered}. ")] + runs
            level = min(base + b.level, 2)
            out.append(Item(runs, level, b.bullet and b.ordered is None, context=context))
        return out

    def gaps(self) -> None:
        items = []
        for g in self.d.gaps.groups:
            ctx = None
            if g.title or g.text:
                runs = self.runs(g.title, bold=True)
                if g.text:
                    runs += [TextRun(" ")] + self.runs(g.text)
                ctx = Item(runs, 0, False, heading=bool(g.items))
                items.append(ctx)
            items.extend(self.block_items(g.items, 0, ctx))
        self.paged("gaps", [TextRun(self.L.section("gaps"), True)], items, max_size=22)
        if self.d.gaps.other:
            self.notes_blocks(self.d.gaps.other)

    # ---------------------------------------------------------------- ideas, reading list, reflection

    def ideas(self) -> None:
        L = self.L
        for idea in self.d.ideas.ideas:
            number = f" {idea.number}" if idea.number is not None else ""
            title = [TextRun(f"{L['idea']}{number}: ", True)] + self.runs(idea.title, bold=True)
            items: list[Item] = []
            for f in idea.fields:
                name = L.field(f.key, f.label) if f.key != "other" else f.label
                if f.key == "risk" and idea.label:
                    name = f"{name} ({idea.label})"
                runs = [TextRun(name + ":", True)]
                if f.text:
                    runs += [TextRun(" ")] + self.runs(f.text)
                head = Item(runs, 0, False, heading=bool(f.steps or f.blocks))
                items.append(head)
                for st in f.steps:
                    num = f"{st.number}. " if st.number is not None else ""
                    items.append(Item([TextRun(num)] + self.runs(st.runs), 1, not num, heading=bool(st.substeps),
                                      context=head))
                    items.extend(self.block_items(st.substeps, 2, head))
                items.extend(self.block_items(f.blocks, 1, head))
            if idea.label and not idea.field("risk"):
                items.append(Item([TextRun(L["field.risk"] + ": ", True), TextRun(idea.label)], 0, False))
            self.paged("idea", title, items, max_size=22)
        if self.d.ideas.other:
            self.notes_blocks(self.d.ideas.other)

    def reading_list(self) -> None:
        items = []
        for it in self.d.reading_list.items:
            runs = [TextRun(it.paper, True, False, arxiv.url(it.paper))]
            if it.name:
                runs += [TextRun(" · ", True)] + self.runs(it.name, bold=True)
            if it.reason:
                runs += [TextRun(" — ")] + self.runs(it.reason)
            items.append(Item(runs, 0, True))
        self.paged("reading", [TextRun(self.L.section("reading_list"), True)], items, max_size=22)
        if self.d.reading_list.other:
            self.notes_blocks(self.d.reading_list.other)

    def takeaways(self) -> None:
        r = self.d.reflection
        items = self.block_items(r.blocks) + self.block_items(r.other)
        self.paged("takeaways", [TextRun(self.L["deck.takeaways"], True)], items, max_size=22)

    def other(self, s) -> None:
        title = [TextRun(s.heading, True)] + ([TextRun(" ")] + self.runs(s.suffix, bold=True) if s.suffix else [])
        self.paged("other", title, self.block_items(s.blocks) + self.block_items(s.other), max_size=22)

    def closing(self) -> None:
        L = self.L
        title = self.title_frame([TextRun(L["deck.discussion"], True)], self.g.box("closing.title"), align="ctr",
                                 max_size=40)
        ideas = self.d.ideas.ideas if self.d.ideas else []
        lines: list[list[TextRun]] = []
        for idea in ideas:
            num = f" {idea.number}" if idea.number is not None else ""
            label = f" ({idea.label})" if idea.label else ""
            lines.append([TextRun(f"{L['idea']}{num}: ")] + self.runs(idea.title) + [TextRun(label)])
        box = self.g.box("closing.body")
        frame = None
        keep = len(lines)
        while frame is None:
            shown = lines[:keep]

            def make(size, shown=shown):
                paras = [Paragraph([TextRun(L["deck.discussion_prompt"])], size, align="ctr")]
                if shown:
                    paras.append(Paragraph([TextRun(L["deck.ideas_prompt"], True)], size, align="ctr",
                                           space_before=0.8 * size))
                    paras += [Paragraph(r, size, align="ctr", space_before=0.2 * size) for r in shown]
                return paras

            frame = self.frame_at_largest("body", make, box, 28)
            if frame is None:
                if keep == 0:
                    frame = Frame("body", box, make(BODY_MIN)[:1])
                keep -= 1
        notes = [L["deck.discussion"], L["deck.discussion_prompt"]]
        if lines:
            notes += [L["deck.ideas_prompt"]] + [_run_text(r) for r in lines]
        self.slide("closing", "closing", [title, frame], notes, [])

    # ---------------------------------------------------------------- text no slide shows

    def notes_blocks(self, blocks: Sequence[Block]) -> None:
        """Text the reader could not place: into the notes of the section's last slide."""
        s = self.slides[-1]
        extra = "\n".join(_run_text(self.runs(b.runs)) for b in blocks)
        self._append_notes(s, f"{self.L['section.other']}:\n{extra}")

    def _append_notes(self, s: Slide, text: str) -> None:
        new_ids = [i for i in _unique(arxiv.base_id(x) for x in arxiv.find_ids(text)) if i not in s.papers]
        head, sep, links = s.notes.partition(f"\n\n{self.L['deck.links']}:\n")
        s.papers += new_ids
        body = head + "\n\n" + text
        all_links = "\n".join(f"{i}  {arxiv.url(i)}" for i in s.papers)
        s.notes = body + (f"\n\n{self.L['deck.links']}:\n{all_links}" if s.papers else "")

    def others_to_notes(self) -> None:
        """The "other" text of sections the deck shows no slide for (highlights' and
        the overview's) goes to the notes of the overview slide."""
        d = self.d
        target = next((s for s in self.slides if s.kind == "overview"), self.slides[0])
        if d.highlights and d.highlights.other:
            extra = "\n".join(_run_text(self.runs(b.runs)) for b in d.highlights.other)
            hl = next((s for s in self.slides if s.kind == "highlight"), target)
            self._append_notes(hl, f"{self.L['section.other']}:\n{extra}")


def _ids_of(frames: Sequence[Frame]) -> list[str]:
    out = []
    for f in frames:
        for p in f.paragraphs:
            for r in p.runs:
                if r.link and r.link.startswith("https://arxiv.org/abs/"):
                    out.append(r.link.rsplit("/abs/", 1)[1])
                out.extend(arxiv.find_ids(r.text))
    return out


def _unique(xs) -> list:
    return list(dict.fromkeys(xs))


def plan_deck(digest: Digest, geometry: Geometry = DEFAULT_GEOMETRY, options: DeckOptions | None = None) -> Deck:
    """The whole deck as data: slides, frames, sizes, notes.  Pure: the same
    digest, geometry and options give the same plan."""
    options = options or DeckOptions()
    if options.lang not in LANG_TAGS:
        raise ValueError(options.lang)
    return _Planner(digest, geometry, options).plan()
