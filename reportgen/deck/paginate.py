"""Pagination of a slide body: items into as few frames as fit, balanced, at one size.

A body's items are put on pages at the smallest body size (``BODY_MIN``); the pages
are then evened out and given the largest size at which every page fits.  A paragraph
taller than a whole frame is cut between words; a heading stays with its first item
and is repeated ("… (tiếp)") on the next page when its items continue.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

from ..textfit import Metrics, largest
from .slides import BODY_MIN, Box, Paragraph, TextRun


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
        return largest(lambda size: all(self.height(p, size, width) <= height for p in pages), max_size, min_size)

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
