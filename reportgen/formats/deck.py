"""The PowerPoint briefing deck (``reportgen slides``): planned as a pure slide model
(``deck/plan.py``), then written onto the template (``deck/writer.py``)."""
from __future__ import annotations

from ..deck.slides import DEFAULT_ACCENT
from ..model import Digest
from ..settings import Settings
from . import Format, Rendered
from .report import bitmap_logo


def render(digest: Digest, settings: Settings) -> Rendered:
    from ..deck.plan import plan_deck
    from ..deck.template import Template
    from ..deck.writer import write_deck
    from ..labels import build_date

    logo, warnings = bitmap_logo(settings.logo, "the deck", digest.source)  # PowerPoint places bitmaps
    template = Template(settings.deck_template)
    deck = plan_deck(digest, template.geometry, settings, build_date(), logo)
    return Rendered(write_deck(deck, template), tuple(warnings), details={"slides": len(deck.slides)})


FORMAT = Format(
    name="deck",
    render=render,
    build_name="deck.pptx",
    suffix=".pptx",
    reads=("lang", "organisation", "accent", "logo", "deck_template", "minutes", "appendix"),
    command="slides",
    help="A 16:9 PowerPoint deck for the lab meeting, with speaker notes.",
    accent=DEFAULT_ACCENT,
    assets=True,
    cost=2,
    media_type="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    covers=("*",),
)
