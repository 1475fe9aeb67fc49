"""What both deck planners share: runs as slide text, titles and bodies fitted at the largest
size that fits, paginated bodies, tags, notes with their arXiv links.

``Builder`` is the base of the briefing (``briefing.py``: the visible slides, condensed for a
meeting) and of the detail (``detail.py``: the digest in full, the hidden appendix).  Every
size search is ``textfit.largest``; every measure is the metric twin of the declared font.
"""
from __future__ import annotations

import datetime as _dt
from typing import Callable, Optional, Sequence

from .. import arxiv
from ..derive import counts
from ..labels import Labels
from ..model import Block, Digest, Runs
from ..settings import Settings
from ..textfit import largest, metrics, pt
from ..typography import curly_quotes, curly_runs
from .paginate import Item, Paginator, _run_text, _split_runs
from .slides import (BODY_MAX, BODY_MIN, CHART_SIZE, TAG_GAP, TAG_PAD_X, TAG_PAD_Y, TAG_SIZE, TITLE_MAX, TITLE_MIN,
                     TITLE_SPACING, Box, ChartPlan, Frame, Geometry, Paragraph, Slide, TablePlan, TextRun, inches)


class Builder:
    #: the floors of this builder's slides (the briefing's are higher)
    title_min = TITLE_MIN
    body_min = BODY_MIN
    #: what its slides are: hidden (the appendix) or shown, and their PowerPoint section
    hidden = False

    def __init__(self, digest: Digest, geometry: Geometry, settings: Settings, date: _dt.date,
                 logo: Optional[str], slides: list[Slide]):
        self.d = digest
        self.g = geometry
        self.o = settings
        self.date = date
        self.logo = logo
        self.L = Labels(settings.lang)
        self.counts = counts(digest)
        self.m = metrics(geometry.font)
        self.pager = Paginator(self.m, self.L["deck.cont"])
        self.slides = slides  # shared: the briefing's, then the appendix's
        self.section = ""

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

    def title_frame(self, runs: list[TextRun], box: Box, *, variants: Sequence[list[TextRun]] = (),
                    align: str = "l", anchor: str = "b", max_size: float = TITLE_MAX) -> Frame:
        """A title at the largest size from ``max_size`` down to the builder's floor (one size
        for ``variants`` too, e.g. the "(tiếp)" titles of the same run); shortened with "…" if
        it fits at none (the notes hold it whole)."""
        width, height = box.inner()

        def ok(rs, size):
            p = Paragraph(rs, size, line_spacing=TITLE_SPACING).measured()
            return self.m.frame_height([p], width) <= height

        candidates = [runs, *variants]
        size = largest(lambda s: all(ok(rs, s) for rs in candidates), max_size, self.title_min)
        if size is None:
            size = self.title_min
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
                         min_size: float | None = None, anchor: str = "t") -> Optional[Frame]:
        width, height = box.inner()
        min_size = self.body_min if min_size is None else min_size
        size = largest(lambda s: self.m.frame_height([p.measured() for p in make(s)], width) <= height,
                       max_size, min_size)
        return None if size is None else Frame(role, box, make(size), anchor)

    def paged(self, kind: str, title: list[TextRun], items: Sequence[Item], *, max_size: float = BODY_MAX,
              notes_head: str = "", body: Optional[Box] = None, extra_first: Sequence[Frame] = (),
              extra_ids: Sequence[str] = ()) -> list[Slide]:
        """Slides for a title and its items: one, or as many as the body floor needs."""
        body = body or self.g.box("content.body")
        if not items:
            items = [Item([TextRun("—")], bullet=False)]
        pages, size = self.pager.paginate(items, body, max_size, self.body_min)
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
            ids = ids_of(frames) + [i for it in page for i in it.ids] + (list(extra_ids) if k == 0 else [])
            out.append(self.slide(kind, "content", frames, notes, ids, continued=k > 0))
        return out

    def slide(self, kind: str, layout: str, frames: list[Frame], notes: list[str], ids: Sequence[str],
              chart: Optional[ChartPlan] = None, continued: bool = False, table: Optional[TablePlan] = None) -> Slide:
        """A slide, its notes (the full text it stands for) ending with the arXiv link of every
        id it names; added to the deck in this builder's section."""
        ids = _unique([arxiv.base_id(i) for i in ids] + [arxiv.base_id(i) for n in notes for i in arxiv.find_ids(n)])
        text = "\n".join(n for n in notes if n)
        if ids:
            text += f"\n\n{self.L['deck.links']}:\n" + "\n".join(f"{i}  {arxiv.url(i)}" for i in ids)
        s = Slide(kind, layout, frames, text, chart, ids, continued, table=table, hidden=self.hidden,
                  section=self.section)
        self.slides.append(s)
        return s

    def logo_box(self, path: str, title: Box) -> Box:
        """Top right, above the title box, at most 2.5 x 0.8 in, the image's own proportions."""
        from PIL import Image

        with Image.open(path) as im:
            ratio = im.width / im.height if im.height else 1.0
        margin = inches(0.3)
        room = title.y - 2 * margin  # above the title, in the bundled layout 0.7 in
        h = min(inches(0.8), room) if room >= inches(0.35) else inches(0.6)
        w = min(inches(2.5), int(h * ratio))
        h = int(w / ratio)
        y = margin if room >= inches(0.35) else self.g.height - margin - h  # a template titled at the top: below
        return Box(self.g.width - margin - w, y, w, h)

    def count_line(self) -> str:
        d, L, c = self.d, self.L, self.counts
        parts = [f"{L.number(c.papers)} {L['count.papers']}"]
        if d.topic_tree:
            parts.append(f"{c.areas} {L['count.areas']}")
        if d.highlights:
            parts.append(f"{c.highlights} {L['count.highlights']}")
        if d.ideas:
            parts.append(f"{c.ideas} {L['count.ideas']}")
        return " · ".join(parts)

    def chart_label(self, text: str, box: Box, size: float = CHART_SIZE, lines: int = 2) -> str:
        """A category label short enough for ``lines`` lines in a third of the chart's width,
        cut between words ("… ")."""
        width = pt(box.w) * 0.33
        m = self.m
        if len(m.wrap([text], width, size)) <= lines:
            return text
        words = text.split(" ")
        while len(words) > 1:
            words.pop()
            cand = " ".join(words).rstrip(",;:&–—-") + " …"
            if len(m.wrap([cand], width, size)) <= lines:
                return cand
        return words[0] + " …"

    tag_size = TAG_SIZE

    def tags(self, words: Sequence[str], box: Box) -> tuple[list[Frame], int]:
        """Keyword tags flowing left to right inside ``box``; returns them and the height used."""
        m = self.m
        TAG_SIZE = self.tag_size  # noqa: N806 (this builder's tag size)
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

    def _append_notes(self, s: Slide, text: str) -> None:
        new_ids = [i for i in _unique(arxiv.base_id(x) for x in arxiv.find_ids(text)) if i not in s.papers]
        head, sep, links = s.notes.partition(f"\n\n{self.L['deck.links']}:\n")
        s.papers += new_ids
        body = head + "\n\n" + text
        all_links = "\n".join(f"{i}  {arxiv.url(i)}" for i in s.papers)
        s.notes = body + (f"\n\n{self.L['deck.links']}:\n{all_links}" if s.papers else "")


def ids_of(frames: Sequence[Frame]) -> list[str]:
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
