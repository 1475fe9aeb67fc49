"""Deck planning, step 1: ``Digest`` -> a pure slide model (pandoc's ``documentToPresentation``).

Nothing here touches python-pptx.  The plan says what goes on which slide, in which
box, at which explicit font size, and what the speaker notes say; the writer
(``writer.py``) only puts it into a template.

Every text frame is measured with ``textfit`` (the metric twin of the font the deck
declares) and never overflows: a slide's body gets the largest size from its maximum
down to ``BODY_MIN`` (16 pt) at which it fits; what does not fit at 16 pt continues on
the next slide, titled "<title> (tiếp)" (``paginate.py``).
"""
from __future__ import annotations

import datetime as _dt
from typing import Callable, Optional, Sequence

from .. import arxiv
from ..labels import Labels
from ..derive import counts
from ..model import Block, Digest, Runs, TopicNode, plain
from ..renderers.common import number_topics, papers_per_area
from ..settings import Settings
from ..textfit import largest, metrics, pt
from ..typography import curly_quotes, curly_runs
from .paginate import Item, Paginator, _run_text, _split_runs
from .slides import (BODY_MAX, BODY_MIN, CHART_SIZE, DEFAULT_ACCENT, DEFAULT_GEOMETRY, LANG_TAGS, TAG_GAP, TAG_PAD_X, TAG_PAD_Y,
                     TAG_SIZE, TITLE_MAX, TITLE_MIN, TITLE_SPACING, Box, ChartPlan, Deck, Frame, Geometry, Paragraph, inches,
                     Picture, Slide, TextRun)

class _Planner:
    def __init__(self, digest: Digest, geometry: Geometry, settings: Settings, date: _dt.date, logo: Optional[str]):
        self.d = digest
        self.g = geometry
        self.o = settings
        self.date = date
        self.logo = logo
        self.L = Labels(settings.lang)
        self.counts = counts(digest)
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
        size = largest(lambda s: all(ok(rs, s) for rs in candidates), max_size, TITLE_MIN)
        if size is None:
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
        size = largest(lambda s: self.m.frame_height([p.measured() for p in make(s)], width) <= height,
                       max_size, min_size)
        return None if size is None else Frame(role, box, make(size), anchor)

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
                    (self.o.accent or DEFAULT_ACCENT).lstrip("#").upper())

    def title_slide(self) -> None:
        d, L = self.d, self.L
        period = L.period(d.period)
        t_runs = [[TextRun(L["deck.kind"], True)]] + ([[TextRun(period, True)]] if period else [])
        tbox = self.g.box("title.title")
        title = self.frame_at_largest(
            "title", lambda s: [Paragraph(r, s, align="ctr", line_spacing=TITLE_SPACING) for r in t_runs],
            tbox, 40, TITLE_MIN, anchor="b") or self.title_frame(t_runs[0], tbox, align="ctr")
        counts = self.count_line()
        date = L.date(self.date)
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
        if self.logo:
            slide.pictures.append(Picture(self.logo, self.logo_box(self.logo, tbox)))

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

    def agenda(self) -> None:
        d, L = self.d, self.L
        rows: list[tuple[str, str]] = [(L["deck.overview"], self.count_line())]
        if d.topic_tree:
            rows.append((L.section("topic_tree"), f"{self.counts.areas} {L['count.areas']}, "
                                                  f"{self.counts.topics} {L['count.topics']}"))
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


def plan_deck(digest: Digest, geometry: Geometry = DEFAULT_GEOMETRY, settings: Settings | None = None,
              date: _dt.date | None = None, logo: Optional[str] = None) -> Deck:
    """The whole deck as data: slides, frames, sizes, notes.  Pure: the same digest,
    geometry, settings, date (shown on the title slide) and logo (a bitmap, or none)
    give the same plan."""
    settings = settings or Settings()
    return _Planner(digest, geometry, settings, date or _dt.date.today(), logo).plan()
