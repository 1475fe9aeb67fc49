"""Typst renderer: ``Digest`` -> the data a Typst template lays out.

Nothing here writes Typst markup.  The report and the reading list are given to their
templates (``templates/typst/report.typ``, ``reading.typ``) as one JSON document,
through ``sys.inputs``: the template reads it with ``json(bytes(sys.inputs.data))`` and
lays it out, so digest text is only ever a Typst *string* — ``#``, ``$``, ``*``, ``@``,
``<``, `````, ``\\`` are letters, by construction, not by an escaper (DESIGN §5).

Runs become lists of pieces (``{"t": text}``, ``{"p": id, "u": url, "a": anchor}``,
``{"h": href, "t": text}``, ``{"c": code}``, with ``"b"``/``"i"`` flags and ``"nw"`` on
words kept on one line); the rest is the model's structure with the labels, numbering,
first-mention anchors and counts of ``renderers.common`` — the same as the HTML and
LaTeX renderers use, computed once there.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import arxiv
from ..glyphs import FALLBACKS
from ..labels import MESSAGES, Labels, build_date, build_datetime
from ..model import Block, Digest, Runs, plain
from ..settings import Density, Settings
from ..typography import break_long
from .common import (REPORT_MARGINS, SHORT_CHARS, RunWriter, area_place, chapters, cover_counts, keywords, logo_bytes, mention_anchor, number_topics,
                     papers_per_area, qr_svg, reading_entries, short_name_unless_said, unbreakable_spans)

Piece = dict[str, Any]

# Typst's names of the paper sizes
PAPER_SIZES = {"a4": "a4", "letter": "us-letter"}


@dataclass
class PieceWriter(RunWriter[list]):
    """Runs and ids -> pieces (plain data); the first mention of a paper in a place gets
    the anchor (a Typst label) the paper index points to."""

    def paper(self, pid: str, section: str | None = None) -> list[Piece]:
        piece = {"p": pid, "u": arxiv.url(pid)}
        if self.first(pid, section):
            piece["a"] = mention_anchor(pid, section)
        return [piece]

    def text(self, text: str) -> list[Piece]:
        out: list[Piece] = []
        for piece, whole in unbreakable_spans(text):
            if whole:
                out.append({"t": piece, "nw": True})
                continue
            # a very long token in pieces, each a box: Typst may break between two boxes, and adds no
            # character there (a zero-width space would be in the text layer, inside a hash)
            items = break_long(piece, lambda s: s, None)
            for i, it in enumerate(items):
                if it:
                    near = (i and items[i - 1] is None) or (i + 1 < len(items) and items[i + 1] is None)
                    out.append({"t": it, "nw": True} if near else {"t": it})
        return out

    def link(self, href: str, text: str) -> list[Piece]:
        return [{"h": href, "t": text}]

    def code(self, text: str) -> list[Piece]:
        return [{"c": text}]

    def italic(self, inner: list[Piece]) -> list[Piece]:
        return [dict(p, i=True) for p in inner]

    def bold(self, inner: list[Piece]) -> list[Piece]:
        return [dict(p, b=True) for p in inner]

    def join(self, parts: list[list[Piece]]) -> list[Piece]:
        return [p for part in parts for p in part]

    def blocks(self, blocks: list[Block], section: str | None) -> list[dict]:
        return [{"level": b.level, "bullet": b.bullet, "ordered": b.ordered, "runs": self.runs(b.runs, section)}
                for b in blocks]

    def papers(self, ids: list[str], section: str | None) -> list[list[Piece]]:
        return [self.paper(pid, section) for pid in ids]


def _labels(labels: Labels) -> dict[str, str]:
    """Every fixed string, by key: the templates say nothing in any language themselves."""
    return {key: labels[key] for key in MESSAGES}


def _size(*runs_lists: Runs) -> int:
    """Characters of text: how long a block is, for the template's keep-together choice."""
    return sum(len(plain(r)) for r in runs_lists)


def _logo(settings: Settings) -> dict | None:
    """The logo as bytes (a list of numbers: JSON has no bytes) with its format."""
    if not settings.logo:
        return None
    return {"bytes": list(logo_bytes(settings.logo)), "format": Path(settings.logo).suffix.lower().lstrip(".")
            .replace("jpeg", "jpg")}


def _page(digest: Digest, settings: Settings, labels: Labels, title: str, subject: str, kws: list[str]) -> dict:
    """What every Typst document gets: language, paper, colours, metadata, labels."""
    return {
        "lang": settings.lang,
        "fallbacks": [family for family, _, _ in FALLBACKS],  # the one fallback order (glyphs.FALLBACKS)
        "paper": PAPER_SIZES[settings.paper],
        "accent": settings.accent,
        "organisation": settings.organisation,
        "labels": _labels(labels),
        "period": labels.period(digest.period),
        "generated": labels.date(build_date()),
        "title": title,
        "subject": subject,
        "author": settings.organisation or "reportgen",
        "keywords": kws,
        # the page's text area and what is short enough to keep whole (renderers.common), as in
        # every engine
        "margins": {"top": REPORT_MARGINS.top, "bottom": REPORT_MARGINS.bottom, "x": REPORT_MARGINS.left},
        "text_height": REPORT_MARGINS.text_height(settings.paper),
        "short_chars": SHORT_CHARS,
        "logo": _logo(settings),
        "source": Path(digest.source.replace("\\", "/")).name if digest.source else "",
    }


def _chapter(ch: dict, digest: Digest, w: PieceWriter, labels: Labels) -> dict:
    s = ch["section"]
    kind = ch["kind"]
    out: dict[str, Any] = {"kind": kind, "id": ch["id"], "number": ch["number"], "title": ch["title"],
                           "subs": {sub["id"]: sub["number"] for sub in ch["subs"]},
                           "suffix": w.runs(s.suffix, s.kind) if s is not None and s.suffix else None}

    def name(pid: str | None) -> str | None:
        info = digest.paper(pid) if pid else None
        return info.short_name if info and info.short_name else None

    if kind == "summary":
        out["preamble"] = w.blocks(digest.preamble, "preamble")
        out["blocks"] = w.blocks(s.blocks, "reflection") if s is not None else []
        out["other"] = w.blocks(s.other, "reflection") if s is not None else []
        rows = digest.highlights.rows if digest.highlights else []
        out["glance"] = [{"rank": h.rank if h.rank is not None else i,
                          "paper": w.paper(h.paper) if h.paper else None, "name": name(h.paper),
                          "text": w.runs(h.breakthrough), "size": _size(h.breakthrough)} for i, h in enumerate(rows, 1)]
        return out
    place = s.kind if s is not None else None
    if kind == "topic_tree":
        out["chart"] = [{"label": label, "n": n} for label, n in papers_per_area(digest) if n]
        topics = []

        def walk(t):
            where = area_place(t.number)
            topics.append({
                "depth": t.depth, "id": f"t-{t.number}" if t.depth == 1 else None,
                "number": f"{ch['number']}.{t.number}" if t.depth == 1 else None,
                "code": t.node.code, "label": w.runs(t.node.label, where),
                "entries": [{"papers": w.papers(e.papers, where), "text": w.runs(e.text, where),
                             "size": _size(e.text)} for e in t.node.entries],
                "notes": [w.runs(n.runs, where) for n in t.node.notes],
            })
            for c in t.children:
                walk(c)

        for t in number_topics(s.nodes):
            walk(t)
        out["topics"] = topics
    elif kind == "highlights":
        out["rows"] = [{"rank": h.rank if h.rank is not None else i,
                        "paper": w.paper(h.paper, place) if h.paper else None, "name": name(h.paper),
                        "keywords": h.keywords,
                        "breakthrough": w.runs(h.breakthrough, place), "impact": w.runs(h.impact, place),
                        "extra": [w.runs(x, place) for x in h.extra],
                        "size": _size(h.breakthrough, h.impact, *h.extra)}
                       for i, h in enumerate(s.rows, 1)]
    elif kind == "contributions":
        out["items"] = [{"papers": w.papers(c.papers, place),
                         "names": [n for n in (short_name_unless_said(digest, pid, c.technique) for pid in c.papers)
                                   if n],
                         "technique": w.runs(c.technique, place), "label": c.commentary_label,
                         "commentary": w.runs(c.commentary, place), "size": _size(c.technique, c.commentary)}
                        for c in s.items]
    elif kind == "gaps":
        subs = iter(ch["subs"])
        groups = []
        for g in s.groups:
            sub = next(subs) if g.title else None
            groups.append({"id": sub["id"] if sub else None, "number": sub["number"] if sub else None,
                           "title": w.runs(g.title, place) if g.title else None, "text": w.runs(g.text, place),
                           "items": w.blocks(g.items, place)})
        out["groups"] = groups
    elif kind == "ideas":
        ideas = []
        for sub, idea in zip(ch["subs"], s.ideas):
            ideas.append({"id": sub["id"], "number": sub["number"], "title": w.runs(idea.title, place),
                          "label": idea.label,
                          "fields": [{"label": labels.field(f.key, f.label), "text": w.runs(f.text, place),
                                      "steps": [{"number": st.number, "runs": w.runs(st.runs, place),
                                                 "substeps": w.blocks(st.substeps, place)} for st in f.steps],
                                      "blocks": w.blocks(f.blocks, place)} for f in idea.fields]})
        out["ideas"] = ideas
    elif kind == "reading_list":
        out["items"] = [{"paper": w.paper(it.paper, place), "name": w.runs(it.name, place),
                         "reason": w.runs(it.reason, place), "size": _size(it.name, it.reason)} for it in s.items]
    elif kind == "unknown":
        out["blocks"] = w.blocks(s.blocks, place)
    if s is not None:
        out["other"] = w.blocks(s.other, place)
    return out


def report_data(digest: Digest, settings: Settings) -> dict:
    """The report's data, in reading order (first mentions are anchored in that order)."""
    labels = Labels(settings.lang)
    period = labels.period(digest.period)
    data = _page(digest, settings, labels, f"{labels['report_kind']} – {period}", labels["report_kind"],
                 keywords(digest))
    w = PieceWriter()
    chs = chapters(digest, labels)
    data["counts"] = [{"n": n, "label": labels[f"count.{key}"]} for key, n in cover_counts(digest).items()]
    data["toc"] = [{"id": ch["id"], "number": ch["number"], "title": ch["title"],
                    "subs": [{"id": sub["id"], "number": sub["number"], "title": sub["title"]} for sub in ch["subs"]]}
                   for ch in chs]
    data["chapters"] = [_chapter(ch, digest, w, labels) for ch in chs]
    for ch in data["chapters"]:  # the index last: every mention before it has been anchored
        if ch["kind"] == "index":
            ch["papers"] = [{"id": p.id, "url": p.url, "name": p.short_name,
                             "where": [{"label": labels.short_section(kind), "anchors": anchors}
                                       for kind, anchors in w.index_links(p.id)]} for p in digest.papers]
    return data


def reading_data(digest: Digest, settings: Settings, density: str = Density.normal.value) -> dict:
    """The printable reading list's data: one entry per paper, its QR code as SVG text."""
    labels = Labels(settings.lang)
    entries = reading_entries(digest, settings.include_highlights)
    period = labels.period(digest.period)
    data = _page(digest, settings, labels, f"{labels['reading.title']} – {period}", labels["reading.title"],
                 ["arXiv"] + [e.paper for e in entries])
    w = PieceWriter()
    data["density"] = density
    data["entries"] = [{"paper": e.paper, "url": arxiv.url(e.paper), "name": w.runs(e.name),
                        "reason": w.runs(e.reason), "highlight": e.origin == "highlights",
                        "qr": qr_svg(arxiv.url(e.paper))} for e in entries]
    return data


def timestamp() -> int:
    """The document's date: SOURCE_DATE_EPOCH's moment, else now (labels.build_datetime)."""
    return int(build_datetime().timestamp())
