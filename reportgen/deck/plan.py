"""Deck planning: ``Digest`` -> a pure slide model (pandoc's ``documentToPresentation``).

Nothing here touches python-pptx.  The plan says what goes on which slide, in which box, at
which explicit font size, and what the speaker notes say; the writer (``writer.py``) only
puts it into a template.  Two planners make it:

- ``briefing.py``: the visible slides, sized to the meeting (about one per two minutes),
  condensed by rule to a few words each in large type;
- ``detail.py``: the digest in full, after a "Phụ lục" divider, as hidden slides the presenter
  reveals when asked (``--no-appendix`` leaves them out).

Every text frame is measured with ``textfit`` (the metric twin of the declared font) and
never overflows.
"""
from __future__ import annotations

import datetime as _dt
from typing import Optional

from ..model import Digest, plain
from ..settings import Settings
from .briefing import Briefing
from .detail import Detail
from .slides import DEFAULT_ACCENT, DEFAULT_GEOMETRY, LANG_TAGS, Deck, Geometry, Slide


def plan_deck(digest: Digest, geometry: Geometry = DEFAULT_GEOMETRY, settings: Settings | None = None,
              date: _dt.date | None = None, logo: Optional[str] = None) -> Deck:
    """The whole deck as data: slides, frames, sizes, notes, sections.  Pure: the same digest,
    geometry, settings, date (shown on the title slide) and logo (a bitmap, or none) give the
    same plan."""
    settings = settings or Settings()
    date = date or _dt.date.today()
    slides: list[Slide] = []
    briefing = Briefing(digest, geometry, settings, date, logo, slides)
    briefing.plan(settings.appendix)
    if settings.appendix:
        Detail(digest, geometry, settings, date, logo, slides).plan()
    L = briefing.L
    period = L.period(digest.period)
    title = f"{L['deck.kind']} — {period}" if period else L["deck.kind"]
    keywords = ", ".join(plain(n.label) for n in (digest.topic_tree.nodes if digest.topic_tree else []))
    return Deck(LANG_TAGS[settings.lang], geometry.font, geometry.width, geometry.height, title, digest.title or "",
                keywords, settings.organisation or "reportgen", slides,
                (settings.accent or DEFAULT_ACCENT).lstrip("#").upper())
