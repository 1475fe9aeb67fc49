"""The slide model: what a deck is, as data (pandoc's ``Presentation``).

Boxes in EMU, paragraphs with explicit sizes, frames in layout roles, the chart, the
pictures, the notes.  The planner (``plan.py``) makes it from a digest; the writer
(``writer.py``) puts it onto a template.  Nothing here knows python-pptx.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..textfit import Para as MPara
from ..textfit import Span, pt

EMU_PER_IN = 914400
BODY_MIN = 16.0  # the floor for body text of the appendix (hidden detail slides)
BRIEF_BODY_MIN = 20.0  # the floor for body text of the briefing's visible slides
BRIEF_TITLE_MIN = 28.0  # … and for their titles (at most two lines)
BRIEF_BODY_MAX = 28.0
WORDS_MAX = 50  # visible words on a briefing slide outside its title (text frames and table cells)
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
#: the deck's accent (chart bars; tag text where it contrasts enough) unless one is configured
DEFAULT_ACCENT = "#4F81BD"

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
class TablePlan:
    """A native table: column widths (EMU), rows of cells (each cell its paragraphs, all at
    ``size``), row heights (EMU) measured by the planner; the first row is a header."""

    box: Box
    widths: list[int]
    rows: list[list[list[Paragraph]]]
    heights: list[int]
    size: float

    @property
    def text(self) -> str:
        return "\n".join(" ".join(p.text for p in cell) for row in self.rows for cell in row)


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
    table: Optional[TablePlan] = None
    hidden: bool = False  # an appendix slide: in the deck, not in the show
    section: str = ""  # the PowerPoint section it belongs to (Overview, Areas, …, Appendix)

    @property
    def title(self) -> str:
        return next((f.text for f in self.frames if f.role == "title"), "")

    @property
    def text(self) -> str:
        return "\n".join(f.text for f in self.frames)

    @property
    def body_text(self) -> str:
        """What the audience reads besides the title: text frames and table cells."""
        parts = [f.text for f in self.frames if f.role != "title"]
        if self.table is not None:
            parts.append(self.table.text)
        return "\n".join(parts)


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


def inches(x: float) -> int:
    return int(round(x * EMU_PER_IN))


# The bundled template's geometry (tools/make_deck_template.py writes the same numbers);
# the writer reads the real one from whatever template it is given.
DEFAULT_GEOMETRY = Geometry(
    width=12192000, height=6858000, font="Arial",
    boxes={
        "title.title": Box(inches(0.9), inches(1.3), inches(11.533), inches(2.5)),
        "title.subtitle": Box(inches(0.9), inches(4.0), inches(11.533), inches(2.7)),
        "content.title": Box(inches(0.6), inches(0.35), inches(12.133), inches(1.25)),
        "content.body": Box(inches(0.6), inches(1.75), inches(12.133), inches(5.2)),
        "chart.title": Box(inches(0.6), inches(0.35), inches(12.133), inches(1.25)),
        "chart.chart": Box(inches(0.6), inches(1.75), inches(12.133), inches(5.2)),
        "closing.title": Box(inches(0.9), inches(1.2), inches(11.533), inches(1.8)),
        "closing.body": Box(inches(0.9), inches(3.2), inches(11.533), inches(3.5)),
    })


