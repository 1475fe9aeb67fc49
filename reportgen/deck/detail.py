"""The detail: the digest in full, section by section — the deck's hidden appendix.

These are the slides a presenter reveals when asked ("what did that paper do?"): every area
with its topics, trend sentences and ids; every highlight, contribution, gap, idea field and
step; the reading list and the reflection.  Paginated at 16 pt and up (``paginate.py``),
speaker notes holding the full text and its arXiv links.
"""
from __future__ import annotations

from typing import Optional, Sequence

from .. import arxiv
from ..model import Block, TopicNode
from ..renderers.common import number_topics
from ..typography import curly_quotes
from .frames import Builder
from .paginate import Item, _run_text
from .slides import TAG_GAP, Box, TextRun


class Detail(Builder):
    hidden = True

    def plan(self) -> None:
        """The appendix's slides, after the briefing's, in the Appendix section."""
        d = self.d
        self.section = self.L["deck.appendix"]
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
        self.others_to_notes()

    def label_runs(self, node: TopicNode) -> list[TextRun]:
        code = [TextRun(node.code + " ", True)] if node.code else []
        return code + self.runs(node.label, bold=True)

    def entry_runs(self, e) -> list[TextRun]:
        text = self.runs(e.text)
        if not e.papers:
            return text
        # no brackets: a viewer may break a line between "(" and a linked id
        return text + ([TextRun(" ")] if text else []) + self.id_runs(e.papers, bold=False)

    def node_items(self, node: TopicNode, level: int, top: bool, context: Optional[Item],
                   parent: Sequence[TextRun] = ()) -> list[Item]:
        """A topic and everything under it.  Three list levels are all a slide has: below them a
        topic is named with its parent ("Audio › Autoregressive"), so it never looks like a
        bullet under its sibling."""
        label = [*parent, *self.label_runs(node)]
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
        deepest = not top and level >= 2
        for c in node.children:
            out.extend(self.node_items(c, child_level, False, ctx,
                                       [*label, TextRun(" › ", True)] if deepest else ()))
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

    def gaps(self) -> None:
        items = []
        for g in self.d.gaps.groups:
            ctx = None
            if g.title or g.text:
                runs = self.runs(g.title, bold=True)
                if g.text and g.title:  # the heading keeps its colon: never run into its text
                    runs += [TextRun(": ", True)] + self.runs(g.text)
                elif g.text:
                    runs = self.runs(g.text)
                ctx = Item(runs, 0, False, heading=bool(g.items))
                items.append(ctx)
            items.extend(self.block_items(g.items, 0, ctx))
        self.paged("gaps", [TextRun(self.L.section("gaps"), True)], items, max_size=22)
        if self.d.gaps.other:
            self.notes_blocks(self.d.gaps.other)

    def ideas(self) -> None:
        L = self.L
        for k, idea in enumerate(self.d.ideas.ideas, 1):  # numbered as in the report: by place
            title = [TextRun(f"{L['idea']} {k}: ", True)] + self.runs(idea.title, bold=True)
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

    def notes_blocks(self, blocks: Sequence[Block]) -> None:
        """Text the reader could not place: into the notes of the section's last slide."""
        s = self.slides[-1]
        extra = "\n".join(_run_text(self.runs(b.runs)) for b in blocks)
        self._append_notes(s, f"{self.L['section.other']}:\n{extra}")

    def others_to_notes(self) -> None:
        """The "other" text of sections the deck shows no slide for (highlights' and
        the overview's) goes to the notes of the overview slide."""
        d = self.d
        target = next((s for s in self.slides if s.kind == "overview"), self.slides[0])
        if d.highlights and d.highlights.other:
            extra = "\n".join(_run_text(self.runs(b.runs)) for b in d.highlights.other)
            hl = next((s for s in self.slides if s.kind == "highlight"), target)
            self._append_notes(hl, f"{self.L['section.other']}:\n{extra}")
