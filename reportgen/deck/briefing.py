"""The briefing: the visible slides, sized to the meeting and condensed for it.

A lab meeting of M minutes gets about one slide per two minutes (``bounds``), whatever the
digest's length; every slide holds at most ``WORDS_MAX`` words besides its title, in type of
20 pt and more (titles 28 pt and more, two lines at most), taken from what the digest marks
(``condense.py``).  The speaker notes of each slide hold the full text of what it sums up,
with the arXiv links; the detail follows as the hidden appendix (``detail.py``).

The budget (``allocate``), in order:

1. always: title, overview (counts and the chart), takeaways, discussion, and the appendix
   divider when there is an appendix;
2. one slide each for the contributions (a table of the strongest few), the gaps (their
   group titles) and the reading list (short names and ids), when the digest has them;
3. one slide per idea (its title, motivation, novelty, risk);
4. the highlights one slide each when that still leaves room for the areas at four a slide,
   else a table of at most six a slide;
5. the areas share what is left: one slide each at most, four a slide at least;
6. over the upper bound, in turn: ideas two a slide; areas six a slide; the contributions
   table only in the appendix; the highlights as tables (eight rows a slide); the gaps, then
   the reading list only in the appendix; areas eight a slide (names and counts); under the
   lower bound: an agenda slide.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median
from typing import Optional, Sequence

from .. import arxiv
from ..model import Block, Runs, TopicNode, plain
from ..renderers.common import number_topics, papers_per_area
from ..typography import curly_quotes
from . import condense
from .frames import Builder, ids_of
from .paginate import _run_text
from .slides import (BRIEF_BODY_MAX, BRIEF_BODY_MIN, BRIEF_TITLE_MIN, INSET_X, INSET_Y, TAG_GAP, TITLE_SPACING,
                     WORDS_MAX, Box, ChartPlan, Frame, Paragraph, Picture, TablePlan, TextRun)

TITLE_MAX_BRIEF = 36.0
LEAD_WORDS = 12  # a one-liner: a clause of at most this many words
# Words a slide of each kind aims at (never above WORDS_MAX): lists of names and points stay
# near 30, so the deck's median does; a table or an idea may take a little more.
AIM = {"area": 30, "gaps": 40, "reading": 30, "takeaways": 40, "agenda": 36, "highlight": 28, "idea": 34,
       "closing": 36, "contributions": 38, "highlights": 38}


# --------------------------------------------------------------------------- the budget


def bounds(minutes: int) -> tuple[int, int]:
    """(fewest, most) visible slides for a meeting: 20 min -> 8–12, 40 -> 14–24, 60 -> 20–32."""
    low = round(0.3 * minutes + 2)
    high = round(0.6 * minutes) if minutes <= 40 else round(24 + 0.4 * (minutes - 40))
    return low, max(high, low)


@dataclass(frozen=True)
class Budget:
    target: int
    low: int
    high: int
    areas_per_slide: int
    highlights_each: bool  # one slide each, or tables of ``table_rows``
    ideas_per_slide: int
    contributions: bool  # the contributions table is shown (else only in the appendix)
    agenda: bool
    gaps: bool = True
    reading: bool = True
    table_rows: int = 6

    def slides(self, n_areas: int, n_highlights: int, n_ideas: int, fixed: int) -> int:
        hl = n_highlights if self.highlights_each else math.ceil(n_highlights / self.table_rows)
        return (fixed + (math.ceil(n_areas / self.areas_per_slide) if n_areas else 0) + hl
                + math.ceil(n_ideas / self.ideas_per_slide) + int(self.agenda) + int(self.contributions)
                + int(self.gaps) + int(self.reading))


def allocate(minutes: int, n_areas: int, n_highlights: int, n_ideas: int, *, gaps: bool, reading: bool,
             contributions: bool, appendix: bool) -> Budget:
    """The documented rule (module docstring): how many slides each section gets."""
    low, high = bounds(minutes)
    target = min(max(round(minutes / 2), low), high)
    fixed = 4 + int(appendix)  # title, overview, takeaways, discussion (+ the appendix divider)
    area_min = math.ceil(n_areas / 4) if n_areas else 0
    rest = target - fixed - int(contributions) - int(gaps) - int(reading) - n_ideas
    each = n_highlights > 0 and rest - n_highlights >= area_min
    hl = n_highlights if each else math.ceil(n_highlights / 6)
    room = max(rest - hl, area_min)
    per = max(1, math.ceil(n_areas / room)) if n_areas and room else 4
    budget = Budget(target, low, high, min(per, 4), each, 1, contributions, False, gaps, reading)
    total = lambda b: b.slides(n_areas, n_highlights, n_ideas, fixed)  # noqa: E731
    for change in (dict(ideas_per_slide=2), dict(areas_per_slide=max(per, 6)), dict(contributions=False),
                   dict(highlights_each=False, table_rows=8), dict(gaps=False), dict(reading=False),
                   dict(areas_per_slide=max(per, 8))):
        if total(budget) <= high:
            break
        budget = Budget(**{**budget.__dict__, **change})
    if total(budget) < low:
        budget = Budget(**{**budget.__dict__, "agenda": True})
    return budget


# --------------------------------------------------------------------------- the planner


class Briefing(Builder):
    title_min = BRIEF_TITLE_MIN
    body_min = BRIEF_BODY_MIN
    tag_size = BRIEF_BODY_MIN

    def plan(self, appendix: bool) -> None:
        d, L = self.d, self.L
        tree = d.topic_tree
        self.areas_nt = number_topics(tree.nodes) if tree else []
        self.budget = allocate(self.o.minutes, len(self.areas_nt), len(d.highlights.rows) if d.highlights else 0,
                               len(d.ideas.ideas) if d.ideas else 0, gaps=bool(d.gaps and d.gaps.groups),
                               reading=bool(d.reading_list and d.reading_list.items),
                               contributions=bool(d.contributions and d.contributions.items), appendix=appendix)
        self.section = L["deck.section.overview"]
        self.title_slide()
        if self.budget.agenda:
            self.agenda()
        self.overview()
        self.section = L["deck.section.areas"]
        self.areas()
        self.section = L["deck.section.highlights"]
        if d.highlights and d.highlights.rows:
            self.highlights()
        if self.budget.contributions:
            self.contributions()
        self.section = L["deck.section.ideas"]
        if d.gaps and d.gaps.groups and self.budget.gaps:
            self.gaps()
        if d.ideas and d.ideas.ideas:
            self.ideas()
        self.section = L["deck.section.wrapup"]
        if d.reading_list and d.reading_list.items and self.budget.reading:
            self.reading_list()
        self.takeaways()
        self.discussion()
        self.dropped_to_notes()
        if appendix:
            self.section = L["deck.appendix"]
            self.divider()

    def dropped_to_notes(self) -> None:
        """What the budget kept off the briefing, and what no slide shows (unknown sections, text
        a parser could not place), goes into the notes of the slide nearest to it: nothing is
        lost even without the appendix."""
        d, L = self.d, self.L
        by_kind = {}
        for sl in self.slides:
            by_kind.setdefault(sl.kind, sl)
        near = lambda *kinds: next((by_kind[k] for k in kinds if k in by_kind), self.slides[-1])  # noqa: E731
        if d.contributions and d.contributions.items and not self.budget.contributions:
            self._append_notes(near("highlight", "highlights", "overview"),
                               L.section("contributions") + ":\n" + "\n".join(self.contribution_notes()))
        if d.gaps and d.gaps.groups and not self.budget.gaps:
            self._append_notes(near("idea", "takeaways"), L.section("gaps") + ":\n" + "\n".join(self.gap_notes()))
        if d.reading_list and d.reading_list.items and not self.budget.reading:
            self._append_notes(near("takeaways"), L.section("reading_list") + ":\n" + "\n".join(self.reading_notes()))
        for s in d.sections:
            extra = self.block_notes(s.other) if s.other and s.kind != "reflection" else []
            if s.kind == "unknown":
                extra = [s.heading] + self.block_notes(s.blocks) + extra
            if extra:
                self._append_notes(near("takeaways"), L["section.other"] + ":\n" + "\n".join(extra))

    # ---------------------------------------------------------------- fitting

    def fitted(self, kind: str, title: list[TextRun], lines: Sequence[Paragraph], notes: list[str],
               ids: Sequence[str] = (), *, extra: Sequence[Frame] = (), box: Optional[Box] = None,
               words_used: int = 0, layout: str = "content", title_box: str = "content.title",
               align: str = "l") -> None:
        """A slide with ``title`` and as many of ``lines`` as the words budget and the box hold at
        20 pt or more (the rest is in the notes, which hold everything)."""
        box = box or self.g.box(f"{layout}.body")
        kept: list[Paragraph] = []
        used = words_used
        aim = min(AIM.get(kind, WORDS_MAX), WORDS_MAX)
        for p in lines:
            n = condense.words(p.text)
            if kept and used + n > aim:
                break
            kept.append(p)
            used += n
        frame = None
        while frame is None:
            chosen = kept

            def make(size, chosen=chosen):
                return [Paragraph(p.runs, size, p.level, p.bullet, 0 if k == 0 else 0.35 * size, p.align or align)
                        for k, p in enumerate(chosen)]

            frame = self.frame_at_largest("body", make, box, BRIEF_BODY_MAX)
            if frame is None:
                if len(kept) <= 1:
                    frame = Frame("body", box, make(BRIEF_BODY_MIN))  # one line: it fits (measured below)
                kept = kept[:-1]
        t = self.title_frame(title, self.g.box(title_box), max_size=TITLE_MAX_BRIEF, align=align)
        frames = [t, *extra, frame]
        self.slide(kind, layout, frames, [_run_text(title)] + notes, list(ids) + ids_of(frames))

    def line(self, runs: list[TextRun], bullet: bool = True, level: int = 0, align: str = "l") -> Paragraph:
        return Paragraph(runs, BRIEF_BODY_MAX, level, bullet, 0, align)

    def name_run(self, pid: str, bold: bool = True) -> TextRun:
        """The paper's short name; its id, as a link, when it has none."""
        name = self.name(pid)
        return TextRun(curly_quotes(name), bold, False, arxiv.url(pid) if name == arxiv.base_id(pid) else None)

    def name(self, pid: str) -> str:
        info = self.d.paper(pid)
        return info.short_name if info and info.short_name else arxiv.base_id(pid)

    def plain_runs(self, runs: Runs) -> str:
        return _run_text(self.runs(runs))

    # ---------------------------------------------------------------- overview

    def title_slide(self) -> None:
        d, L = self.d, self.L
        period = L.period(d.period)
        t_runs = [[TextRun(L["deck.kind"], True)]] + ([[TextRun(period, True)]] if period else [])
        tbox = self.g.box("title.title")
        title = self.frame_at_largest(
            "title", lambda s: [Paragraph(r, s, align="ctr", line_spacing=TITLE_SPACING) for r in t_runs],
            tbox, 44, BRIEF_TITLE_MIN, anchor="b") or self.title_frame(t_runs[0], tbox, align="ctr")
        date = L.date(self.date)
        lines = [x for x in (self.o.organisation, date, self.count_line()) if x]
        sub = self.frame_at_largest(
            "subtitle", lambda s: [Paragraph([TextRun(x, k == 0 and bool(self.o.organisation))], s, align="ctr",
                                             space_before=0 if k == 0 else 0.3 * s)
                                   for k, x in enumerate(lines)],
            self.g.box("title.subtitle"), 28) or Frame("subtitle", self.g.box("title.subtitle"), [])
        notes = [L["deck.kind"], period, *lines]
        if d.title:
            notes.insert(0, d.title)
        if d.preamble:
            notes += ["", L["preamble"] + ":"] + [self.plain_runs(b.runs) for b in d.preamble]
        slide = self.slide("title", "title", [title, sub], notes, [])
        if self.logo:
            slide.pictures.append(Picture(self.logo, self.logo_box(self.logo, tbox)))

    def agenda(self) -> None:
        """What the meeting goes through, each part with its count (topics are the tree's
        entry-bearing leaves, ``derive.counts``)."""
        L, d, c = self.L, self.d, self.counts
        rows = [(L["deck.overview"], "")]
        if d.topic_tree:
            rows.append((L.section("topic_tree"), f"{c.areas} {L['count.areas']}, {c.topics} {L['count.topics']}"))
        for kind, n, unit in (("highlights", c.highlights, "count.highlights"), ("ideas", c.ideas, "count.ideas"),
                              ("reading_list", c.reading, "count.papers")):
            if n:
                rows.append((L.section(kind), f"{n} {L[unit]}"))
        rows += [(L["deck.takeaways"], ""), (L["deck.discussion"], "")]
        lines = [self.line([TextRun(name, True)] + ([TextRun(" — " + what)] if what else [])) for name, what in rows]
        self.fitted("agenda", [TextRun(L["deck.agenda"], True)], lines, [f"{n} {w}".strip() for n, w in rows])

    def overview(self) -> None:
        d, L = self.d, self.L
        per_area = papers_per_area(d)
        areas = f", {len(per_area)} {L['count.areas']}" if per_area else ""
        title = [TextRun(f"{L['deck.overview']}: {L.number(len(d.papers))} {L['count.papers']}{areas}", True)]
        notes = [self.count_line(), L["chart.title"] + ":"] + [f"{k}. {name}: {n}" for k, (name, n) in
                                                               enumerate(per_area, 1)]
        if not per_area:
            self.fitted("overview", title, [self.line([TextRun(self.count_line())], bullet=False)], notes)
            return
        box = self.g.box("chart.chart")
        size = self.chart_size(len(per_area), box)
        cats = [self.chart_label(f"{k}. {curly_quotes(condense.label(name))}", box, size, lines=2 if size >= 14 else 1)
                for k, (name, _) in enumerate(per_area, 1)]
        chart = ChartPlan(box, L["chart.title"], cats, [n for _, n in per_area], size)
        t = self.title_frame(title, self.g.box("chart.title"), max_size=TITLE_MAX_BRIEF)
        self.slide("overview", "chart", [t], [_run_text(title)] + notes, [], chart=chart)

    def chart_size(self, n: int, box: Box) -> float:
        """Category labels small enough that every area is labelled (LibreOffice drops every
        other label when they do not fit): about 60 % of a bar's slot, 11–16 pt."""
        slot = (box.h / 12700) * 0.8 / max(n, 1)
        return max(11.0, min(16.0, round(slot * 0.6)))

    # ---------------------------------------------------------------- areas

    def area_lines(self, node: TopicNode) -> list[tuple[str, int]]:
        """(short label, papers) of an area's sub-areas; its own papers when it has none."""
        return [(condense.label(plain(c.label)), len(c.papers())) for c in node.children]

    def areas(self) -> None:
        L = self.L
        nts = self.areas_nt
        if not nts:
            return
        per = self.budget.areas_per_slide
        for start in range(0, len(nts), per):
            group = nts[start:start + per]
            notes = [line for nt in group for line in self.area_notes(nt.node, nt.number)]
            if len(group) == 1:
                nt = group[0]
                node = nt.node
                title = [TextRun(f"{nt.number}. {condense.label(plain(node.label))}", True)]
                lines = [self.line([TextRun(label, True), TextRun(f" — {n}")]) for label, n in self.area_lines(node)
                         if n]
                head = f"{len(node.papers())} {L['count.papers']}"
                if not lines:  # an area with its papers directly under it: the named ones
                    papers = node.papers()
                    named = [self.name(p) for p in papers if self.name(p) != arxiv.base_id(p)][:6]
                    lines = [self.line([TextRun(curly_quotes(n))]) for n in named]
                    if len(papers) > len(named):
                        lines.append(self.line([TextRun(self.L["deck.more"].format(n=len(papers) - len(named)),
                                                        False, True)], bullet=False))
                lines.insert(0, self.line([TextRun(head, True)], bullet=False))
                self.fitted("area", title, self.with_more(lines, AIM["area"]), notes)
            else:
                first, last = group[0].number, group[-1].number
                title = [TextRun(L["deck.areas_range"].format(first=first, last=last), True)]
                heads = [self.line([TextRun(f"{nt.number}. {condense.label(plain(nt.node.label))}", True),
                                    TextRun(f" — {len(nt.node.papers())}")]) for nt in group]
                # every area's line first; its sub-areas beneath while the slide has room
                used = sum(condense.words(h.text) for h in heads)
                lines = []
                for nt, h in zip(group, heads):
                    lines.append(h)
                    subs = [label for label, n in self.area_lines(nt.node) if n]
                    for k in (3, 2, 1):  # as many of its sub-areas as the slide has room for
                        text = " · ".join(subs[:k])
                        if subs and used + condense.words(text) <= AIM["area"]:
                            lines.append(self.line([TextRun(text)], bullet=False, level=1))
                            used += condense.words(text)
                            break
                self.fitted("area", title, lines, notes)

    def with_more(self, lines: list[Paragraph], aim: int = 30) -> list[Paragraph]:
        """Lines that would pass the slide's aim summed up as "and N more" (all are in the notes)."""
        used, kept = 0, []
        for k, p in enumerate(lines):
            n = condense.words(p.text)
            if used + n > aim - 4 and k < len(lines) - 1:
                rest = len(lines) - k
                kept.append(self.line([TextRun(self.L["deck.more"].format(n=rest), False, True)], bullet=False))
                return kept
            kept.append(p)
            used += n
        return kept

    def area_notes(self, node: TopicNode, number: str) -> list[str]:
        """Every word of an area, for the notes: its topics, trend sentences and ids."""
        out = [f"{number}. {self.plain_runs(node.label)} ({len(node.papers())} {self.L['count.papers']})"]

        def walk(n: TopicNode, depth: int):
            if depth:
                out.append("  " * depth + ((n.code + " ") if n.code else "") + self.plain_runs(n.label))
            for e in n.entries:
                out.append("  " * (depth + 1) + ", ".join(e.papers) + " | " + self.plain_runs(e.text))
            for b in n.notes:
                out.append("  " * (depth + 1) + self.plain_runs(b.runs))
            for c in n.children:
                walk(c, depth + 1)

        walk(node, 0)
        return out

    # ---------------------------------------------------------------- highlights, contributions

    def highlight_notes(self, h) -> list[str]:
        L = self.L
        out = [f"#{h.rank} {h.paper or ''} {self.name(h.paper) if h.paper else ''}".strip()]
        if h.keywords:
            out.append(f"{L['keywords']}: {', '.join(h.keywords)}")
        out += [f"{L['breakthrough']}: {self.plain_runs(h.breakthrough)}", f"{L['impact']}: {self.plain_runs(h.impact)}"]
        out += [self.plain_runs(x) for x in h.extra]
        return out

    def highlights(self) -> None:
        rows = self.d.highlights.rows
        if not self.budget.highlights_each:
            per = self.budget.table_rows
            for start in range(0, len(rows), per):
                self.highlight_table(rows[start:start + per], start // per, math.ceil(len(rows) / per))
            return
        body = self.g.box("content.body")
        for h in rows:
            name = self.name(h.paper) if h.paper else (h.keywords[0] if h.keywords else "")
            link = arxiv.url(h.paper) if h.paper and name == h.paper else None  # an id is a link, even in a title
            title = [TextRun(f"#{h.rank} · " if h.rank is not None else "", True),
                     TextRun(curly_quotes(name), True, False, link)]
            tags, used = self.tags(h.keywords[:4], body)
            box = Box(body.x, body.y + used + TAG_GAP * 2, body.w, body.h - used - TAG_GAP * 2) if tags else body
            words = sum(condense.words(f.text) for f in tags)
            room = AIM["highlight"] - words - 1
            why = (condense.phrase(self.plain_runs(h.impact), room) or condense.phrase(self.plain_runs(h.breakthrough),
                                                                                       room) or "")
            lines = []
            if h.paper:
                lines.append(self.line([TextRun(h.paper, True, False, arxiv.url(h.paper))], bullet=False))
            if why:
                lines.append(self.line([TextRun(curly_quotes(why))], bullet=False))
            self.fitted("highlight", title, lines, self.highlight_notes(h), [h.paper] if h.paper else [],
                        extra=tags, box=box, words_used=words)

    def table(self, header: list[str], rows: list[list[list[TextRun]]], fractions: Sequence[float],
              box: Box) -> Optional[TablePlan]:
        """A native table at the largest size (≤ 24 pt, ≥ 20 pt) at which every row fits the box."""
        widths = [int(box.w * f) for f in fractions]
        cells = [[[TextRun(h, True)] for h in header]] + rows
        margin_x, margin_y = INSET_X, INSET_Y

        def layout(size):
            heights = []
            for row in cells:
                h = max(self.m.frame_height([Paragraph(c, size).measured()], (w - 2 * margin_x) / 12700)
                        for c, w in zip(row, widths))
                heights.append(int((h + 2) * 12700) + 2 * margin_y)
            return heights

        size = 24.0
        while size >= BRIEF_BODY_MIN:
            heights = layout(size)
            if sum(heights) <= box.h:
                paras = [[[Paragraph(c, size)] for c in row] for row in cells]
                return TablePlan(Box(box.x, box.y, sum(widths), sum(heights)), widths, paras, heights, size)
            size -= 1
        return None

    def highlight_table(self, rows, page: int, pages: int) -> None:
        L = self.L
        title = [TextRun(L.section("highlights") + (f" ({page + 1}/{pages})" if pages > 1 else ""), True)]
        cells = []
        for h in rows:
            name = [self.name_run(h.paper) if h.paper else TextRun("—", True)]
            if h.paper and self.name(h.paper) != h.paper:
                name += [TextRun(" "), TextRun(h.paper, False, False, arxiv.url(h.paper))]
            cells.append([[TextRun(str(h.rank) if h.rank is not None else "")], name,
                          [TextRun(", ".join(h.keywords[:2] if len(rows) <= 6 else h.keywords[:1]))]])
        self.table_slide("highlights", title, [" #", L["deck.col.paper"], L["deck.col.keywords"]], cells,
                         (0.08, 0.5, 0.42), [n for h in rows for n in self.highlight_notes(h)],
                         [h.paper for h in rows if h.paper])

    def table_slide(self, kind, title, header, cells, fractions, notes, ids) -> None:
        box = self.g.box("content.body")
        plan = None
        while cells:
            words = sum(condense.words(_run_text(c)) for row in cells for c in row) + \
                sum(condense.words(h) for h in header)
            plan = self.table(header, cells, fractions, box) if words <= min(AIM.get(kind, 40) + 8, WORDS_MAX) \
                else None
            if plan is not None:
                break
            cells = cells[:-1]  # a row too many: it stays in the notes
        t = self.title_frame(title, self.g.box("content.title"), max_size=TITLE_MAX_BRIEF)
        self.slide(kind, "content", [t], [_run_text(title)] + notes, list(ids), table=plan)

    def strongest(self, limit: int = 6):
        """The contributions to show: those of highlighted or recommended papers first, then one
        per area, in the order of the areas."""
        d = self.d
        items = d.contributions.items
        marked = {arxiv.base_id(h.paper) for h in (d.highlights.rows if d.highlights else []) if h.paper}
        marked |= {arxiv.base_id(it.paper) for it in (d.reading_list.items if d.reading_list else [])}
        area_of = {}
        for k, nt in enumerate(self.areas_nt):
            for pid in nt.node.papers():
                area_of.setdefault(arxiv.base_id(pid), k)
        chosen, areas = [], set()
        for c in items:
            if any(arxiv.base_id(p) in marked for p in c.papers) and len(chosen) < limit:
                chosen.append(c)
                areas.add(area_of.get(arxiv.base_id(c.papers[0]), -1))
        for c in items:
            a = area_of.get(arxiv.base_id(c.papers[0]), -1)
            if len(chosen) < limit and c not in chosen and a not in areas:
                chosen.append(c)
                areas.add(a)
        return sorted(chosen, key=lambda c: (area_of.get(arxiv.base_id(c.papers[0]), 99), items.index(c)))

    def contribution_notes(self) -> list[str]:
        L = self.L
        return [", ".join(c.papers) + " – " + self.plain_runs(c.technique) +
                (f" – {c.commentary_label or L['commentary']}: {self.plain_runs(c.commentary)}" if c.commentary else "")
                for c in self.d.contributions.items]

    def gap_notes(self) -> list[str]:
        notes = []
        for g in self.d.gaps.groups:
            notes.append(self.plain_runs(g.title) + (": " + self.plain_runs(g.text) if g.text else ""))
            notes += self.block_notes(g.items, 1)
        return notes

    def reading_notes(self) -> list[str]:
        return [f"{it.paper} – {self.plain_runs(it.name)} · {self.plain_runs(it.reason)}"
                for it in self.d.reading_list.items]

    def contributions(self) -> None:
        L = self.L
        cells = []
        for c in self.strongest():
            pid = c.papers[0]
            technique = self.plain_runs(c.technique)
            what = condense.head(technique)
            if not what or self.name(pid) == what or what.startswith(self.name(pid)):
                rest = technique[len(what):].lstrip(" :–—-") if what else technique
                what = condense.phrase(rest, 7) or condense.phrase(rest, 10) or condense.clause(rest, 10)
            cells.append([[self.name_run(pid)], [TextRun(curly_quotes(what))]])
        notes = self.contribution_notes()
        self.table_slide("contributions", [TextRun(L.section("contributions"), True)],
                         [L["deck.col.paper"], L["deck.col.technique"]], cells, (0.36, 0.64), notes,
                         [p for c in self.d.contributions.items for p in c.papers])

    # ---------------------------------------------------------------- gaps, ideas, reading, reflection

    def block_notes(self, blocks: Sequence[Block], depth: int = 0) -> list[str]:
        return ["  " * (depth + b.level) + (f"{b.ordered}. " if b.ordered is not None else "") + self.plain_runs(b.runs)
                for b in blocks]

    def gaps(self) -> None:
        L = self.L
        lines, notes = [], self.gap_notes()
        for g in self.d.gaps.groups:
            title = condense.label(self.plain_runs(g.title)) if g.title else \
                condense.clause(self.plain_runs(g.items[0].runs) if g.items else self.plain_runs(g.text), 10)
            lines.append(self.line([TextRun(curly_quotes(condense.short_title(title, 8)), bool(g.title))]))
        self.fitted("gaps", [TextRun(L.section("gaps"), True)], self.with_more(lines, AIM["gaps"]), notes)

    def idea_title(self, k: int, idea) -> list[TextRun]:
        title = condense.short_title(self.plain_runs(idea.title), 12)
        return [TextRun(f"{self.L['idea']} {k}: ", True), TextRun(curly_quotes(title), True)]

    def idea_notes(self, k: int, idea) -> list[str]:
        L = self.L
        out = [f"{L['idea']} {k}: {self.plain_runs(idea.title)}" + (f" ({idea.label})" if idea.label else "")]
        for f in idea.fields:
            out.append(f"{L.field(f.key, f.label) if f.key != 'other' else f.label}: {self.plain_runs(f.text)}")
            for st in f.steps:
                out.append(f"  {st.number or '•'}. {self.plain_runs(st.runs)}")
                out += self.block_notes(st.substeps, 2)
            out += self.block_notes(f.blocks, 1)
        return out

    def ideas(self) -> None:
        L = self.L
        ideas = self.d.ideas.ideas
        per = self.budget.ideas_per_slide
        for start in range(0, len(ideas), per):
            group = list(enumerate(ideas, 1))[start:start + per]
            notes = [n for k, idea in group for n in self.idea_notes(k, idea)]
            if len(group) == 1:
                k, idea = group[0]
                title = self.idea_title(k, idea)
                lines = []
                for key in ("motivation", "novelty", "risk"):
                    f = idea.field(key)
                    if f is None or not (f.text or f.steps or f.blocks):
                        continue
                    text = self.plain_runs(f.text) or (self.plain_runs(f.steps[0].runs) if f.steps else
                                                       self.plain_runs(f.blocks[0].runs))
                    name = L.field(key, f.label) + ": "
                    one = condense.phrase(text, 15 - condense.words(name))
                    if one:
                        lines.append(self.line([TextRun(name, True), TextRun(curly_quotes(one))], bullet=False))
                tags, used = self.tags([idea.label], self.g.box("content.body")) if idea.label else ([], 0)
                body = self.g.box("content.body")
                box = Box(body.x, body.y + used + TAG_GAP * 2, body.w, body.h - used - TAG_GAP * 2) if tags else body
                self.fitted("idea", title, lines, notes, extra=tags, box=box,
                            words_used=sum(condense.words(t.text) for t in tags))
            else:
                title = [TextRun(L["deck.ideas_range"].format(first=group[0][0], last=group[-1][0]), True)]
                lines = []
                for k, idea in group:
                    lines.append(self.line([TextRun(f"{k}. ", True), TextRun(self.plain_runs(idea.title), True)]))
                    f = idea.field("novelty")
                    one = condense.phrase(self.plain_runs(f.text), LEAD_WORDS) if f is not None and f.text else None
                    if one:
                        lines.append(self.line([TextRun(curly_quotes(one))], bullet=False, level=1))
                self.fitted("idea", title, lines, notes)

    def reading_list(self) -> None:
        L = self.L
        lines, notes = [], self.reading_notes()
        for it in self.d.reading_list.items:
            name = self.name(it.paper)
            runs = [TextRun(curly_quotes(name), True)]
            if name != arxiv.base_id(it.paper):
                runs += [TextRun(" · "), TextRun(it.paper, False, False, arxiv.url(it.paper))]
            else:
                runs = [TextRun(it.paper, True, False, arxiv.url(it.paper))]
            lines.append(self.line(runs))
        self.fitted("reading", [TextRun(L.section("reading_list"), True)], self.with_more(lines, AIM["reading"]), notes,
                    [it.paper for it in self.d.reading_list.items])

    def takeaway(self, b: Block) -> list[str]:
        """A reflection block's points: its bold spans ("Thứ nhất, **hiệu quả** … Thứ hai, **…**"),
        else its first clause."""
        bold = [condense.short_title(" ".join(r.text.split()).strip(" :"), LEAD_WORDS) for r in b.runs
                if r.bold and r.text.strip()]
        bold = [t for t in bold if 1 <= condense.words(t) <= LEAD_WORDS]
        if bold:
            return bold
        short = condense.phrase(self.plain_runs(b.runs), 8)
        return [short] if short else []

    def takeaways(self) -> None:
        r = self.d.reflection
        blocks = (r.blocks if r else [])
        top = [b for b in blocks if b.level == 0]
        # a reflection of one paragraph over a list: the list's items are its points
        chosen = top if len(top) > 1 or not blocks else [b for b in blocks if b.level > 0] or top
        points = list(dict.fromkeys(t for b in chosen for t in self.takeaway(b)))
        lines = [self.line([TextRun(curly_quotes(t[:1].upper() + t[1:]))]) for t in points]
        notes = self.block_notes(blocks) + (self.block_notes(r.other) if r else [])
        self.fitted("takeaways", [TextRun(self.L["deck.takeaways"], True)], self.with_more(lines, AIM["takeaways"]),
                    notes)

    def discussion(self) -> None:
        L = self.L
        ideas = self.d.ideas.ideas if self.d.ideas else []
        lines = [self.line([TextRun(L["deck.discussion_prompt"])], bullet=False, align="ctr")]
        for k, idea in enumerate(ideas, 1):
            title = condense.short_title(self.plain_runs(idea.title), 6)
            lines.append(self.line([TextRun(f"{k}. ", True), TextRun(L["deck.question"].format(title=title))],
                                   bullet=False, align="ctr"))
        notes = [L["deck.discussion_prompt"], L["deck.ideas_prompt"]] + \
            [f"{L['idea']} {k}: {self.plain_runs(i.title)}" for k, i in enumerate(ideas, 1)]
        self.fitted("closing", [TextRun(L["deck.discussion"], True)], lines, notes, layout="closing",
                    title_box="closing.title", align="ctr")

    def divider(self) -> None:
        L = self.L
        self.fitted("divider", [TextRun(L["deck.appendix"], True)],
                    [self.line([TextRun(L["deck.appendix_note"])], bullet=False, align="ctr")],
                    [L["deck.appendix"], L["deck.appendix_note"]], layout="closing", title_box="closing.title",
                    align="ctr")


def words_of(slides) -> list[int]:
    """Visible words of each slide besides its title (the budget's measure)."""
    return [condense.words(s.body_text) for s in slides if not s.hidden]


def median_words(slides) -> float:
    counts = words_of(slides)
    return median(counts) if counts else 0.0
