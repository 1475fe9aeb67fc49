"""Page numbers printed in the text (table of contents, paper index), filled in after layout.

Why not CSS ``target-counter()``: in WeasyPrint every anchor that lands on a page
re-checks every reference in the document, and the pages holding references are
laid out again until nothing changes — on the reference digest the paper index's
~300 references cost more (1.5 s) than laying out the whole rest of the report.

Instead (the way LaTeX does it, but without re-running everything):

1. the renderer prints each number with ``page_ref(anchor)`` and brackets the parts
   of the document that print numbers with ``part_start`` / ``part_end``;
2. the engine lays the whole document out once with placeholders of the same width
   (digits are tabular in the bundled fonts), reads the page of every anchor;
3. lays out only those parts again, as small documents told their first page and
   the total, with the real numbers, and puts their pages in place.

Every part begins on a new page and ends where the next page-breaking element
begins, so the pages around it do not move; the engine checks that (same page
count, every number equals the page its anchor is on) and otherwise lays the whole
document out again with the numbers it read, until they hold.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from html import unescape

from markupsafe import Markup

# A page reference is a link whose text ends with the number (no element of its own:
# in WeasyPrint every inline element costs layout time, and the index has hundreds).
_REF = '<a class="pr" href="#%s">%s%s0</a>'
_REF_RE = re.compile(r'(<a class="pr" href="#([^"]*)">(?:[^<]|<(?!/a>))*?)([0-9?\u2007]+)(</a>)')
# Several numbers for one thing (the pages of a paper in the index): a page said once
_GROUP_RE = re.compile(r'(<span class="prg">)(.*?)(</span>)', re.S)
_PART_RE = re.compile(r"<!--part (\S+) (\S+) (\S*)-->(.*?)<!--/part-->", re.S)  # names: no spaces (ids)


def page_ref(anchor: str, label: str, leader: bool = False) -> Markup:
    """A link to ``anchor`` reading ``label`` and the page number, as text (copied and
    searched like any word); ``leader`` puts a dotted leader between them."""
    return Markup(_REF) % (anchor, label, Markup('<span class="leader"></span>') if leader else " ")


def page_refs(anchors: list[str]) -> Markup:
    """The page numbers of several anchors, each a link, a page said once however many of
    them stand on it ("5, 9", not "5, 5, 9": repeats are dropped once the numbers are known)."""
    return Markup('<span class="prg">%s</span>') % Markup(", ").join(Markup(_REF) % (a, "", "") for a in anchors)


def part_start(name: str, first_anchor: str, next_anchor: str | None) -> Markup:
    """Opens a part that prints page numbers: it begins at ``first_anchor`` (on a new
    page) and ends where ``next_anchor`` begins (a new page), or at the end."""
    return Markup("<!--part %s %s %s-->") % (name, first_anchor, next_anchor or "")


def part_end() -> Markup:
    return Markup("<!--/part-->")


@dataclass(frozen=True)
class Part:
    name: str
    first_anchor: str
    next_anchor: str | None
    body: str  # its HTML, page numbers as placeholders

    @property
    def references(self) -> set[str]:
        return _references(self.body)


@dataclass
class PagedHTML:
    """A document whose page numbers are filled in after layout (see the module docstring)."""

    html: str  # the whole document, every page number a placeholder
    # (part body with its numbers, its first page number, the document's page count) -> a whole
    # HTML document with the same head, laid out on its own
    part_document: Callable[[str, int, int], str]

    @cached_property
    def parts(self) -> list[Part]:
        return [Part(unescape(name), unescape(first), unescape(nxt) or None, body)
                for name, first, nxt, body in _PART_RE.findall(self.html)]

    @cached_property
    def references(self) -> set[str]:
        return _references(self.html)


def _references(html: str) -> set[str]:
    # anchors as the engine names them: the HTML attribute unescaped ("a&amp;b" is "a&b")
    return {unescape(m.group(2)) for m in _REF_RE.finditer(html)}


FIGURE_SPACE = "\u2007"  # as wide as a digit (the bundled fonts' digits are tabular)


def fill(html: str, number: Callable[[str], str] | Mapping[str, int], width: int = 0) -> str:
    """``html`` with every page number printed: ``number`` maps an anchor to its page
    (a mapping; an anchor it lacks prints "?") or is a function giving the text.

    Numbers are padded on the left to ``width`` digits with figure spaces, so a part
    laid out with the real numbers has exactly the widths it had with the placeholders,
    hence the same lines and pages (and the contents' numbers line up on the right).
    """
    real = isinstance(number, Mapping)
    if real:
        pages = number
        number = lambda anchor: str(pages.get(anchor, "?"))  # noqa: E731
    html = _REF_RE.sub(lambda m: m.group(1) + number(unescape(m.group(2))).rjust(width, FIGURE_SPACE) + m.group(4),
                       html)
    return _GROUP_RE.sub(_once, html) if real else html  # placeholders are all alike: keep them all


def _once(group: re.Match) -> str:
    """A group of page references with each page said once (the first link to it kept)."""
    refs, seen = [], set()
    for m in _REF_RE.finditer(group.group(2)):
        page = m.group(3).strip(FIGURE_SPACE)
        if page not in seen:
            seen.add(page)
            refs.append(m.group(0))
    return group.group(1) + ", ".join(refs) + group.group(3)
