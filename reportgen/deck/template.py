"""Template, step 0 of writing a deck: a .pptx opened once, its layouts found by name.

Layouts are looked up **by name** through ``LAYOUT_NAMES`` (never by index); a template
lacking any of them is an ``InputError`` listing the missing ones, one that still has
slides is refused (slides are only ever added: deleting them leaves dangling parts).
The placeholder boxes of the layouts are the boxes the planner measures (``Geometry``).
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..resources import asset_dir
from ..textfit import METRIC_TWINS
from .slides import DEFAULT_GEOMETRY, Box, Geometry


#: our roles -> the layout names a template must have (ours first, then the names
#: PowerPoint's stock layouts have, so a lab template built on them maps too)
LAYOUT_NAMES = {
    "title": ("Title", "Title Slide"),
    "content": ("Content", "Title and Content"),
    "chart": ("Chart", "Title and Chart", "Title Only"),
    "closing": ("Closing", "Section Header"),
}

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_RT_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"


def a(tag: str) -> str:
    """A DrawingML element name."""
    return f"{{{A}}}{tag}"


def bundled_template() -> Path:
    return asset_dir("templates") / "deck" / "reportgen.pptx"


# --------------------------------------------------------------------------- the template


class Template:
    """A template opened once: its layouts by name, placeholder boxes and declared font."""

    # placeholder types, in order of preference, for each (role, placeholder) of the plan
    _WANT = {
        "title": {"title": ("ctrTitle", "title"), "subtitle": ("subTitle", "body", "obj")},
        "content": {"title": ("title", "ctrTitle"), "body": ("body", "obj")},
        "chart": {"title": ("title", "ctrTitle"), "chart": ("chart", "obj", "body")},
        "closing": {"title": ("title", "ctrTitle"), "body": ("body", "obj", "subTitle")},
    }

    def __init__(self, path: str | Path | None = None):
        from pptx import Presentation

        self.path = Path(path) if path else bundled_template()
        if not self.path.is_file():
            raise InputError("template not found", str(self.path))
        try:
            self.prs = Presentation(str(self.path))
        except Exception as e:  # python-pptx raises bare KeyError/BadZipFile/ValueError on non-decks
            raise InputError(f"not a PowerPoint template ({type(e).__name__})", str(self.path)) from None
        layouts = {}
        for master in self.prs.slide_masters:
            for layout in master.slide_layouts:
                layouts.setdefault(layout.name, layout)
        missing = [names for names in LAYOUT_NAMES.values() if not any(n in layouts for n in names)]
        if missing:
            wanted = ", ".join(repr(names[0]) + (f" (or {' or '.join(map(repr, names[1:]))})" if names[1:] else "")
                               for names in missing)
            raise InputError(f"the template lacks the slide layout(s) {wanted}; "
                             f"it has: {', '.join(repr(n) for n in layouts) or 'none'}", str(self.path))
        if len(self.prs.slides):
            raise InputError(f"the template must have no slides (it has {len(self.prs.slides)}); "
                             "slides are added, never deleted", str(self.path))
        self.layouts = {role: next(layouts[n] for n in names if n in layouts) for role, names in LAYOUT_NAMES.items()}
        self.placeholder_idx: dict[str, int] = {}  # "content.body" -> idx of that placeholder in the layout
        boxes = {}
        w, h = self.prs.slide_width, self.prs.slide_height
        sx, sy = w / DEFAULT_GEOMETRY.width, h / DEFAULT_GEOMETRY.height
        for role, wanted in self._WANT.items():
            layout = self.layouts[role]
            for what, types in wanted.items():
                key = f"{role}.{what}"
                ph = _find_placeholder(layout.placeholders, types)
                if ph is not None and None not in (ph.left, ph.top, ph.width, ph.height):
                    self.placeholder_idx[key] = ph.placeholder_format.idx
                    boxes[key] = Box(int(ph.left), int(ph.top), int(ph.width), int(ph.height))
                else:  # no such placeholder: a text box of our own where ours would be
                    b = DEFAULT_GEOMETRY.box(key)
                    boxes[key] = Box(int(b.x * sx), int(b.y * sy), int(b.w * sx), int(b.h * sy))
        self.geometry = Geometry(int(w), int(h), self._declared_font(), boxes)

    def _declared_font(self) -> str:
        """The theme's minor (body) font if it is one we can measure, else Arial
        (the runs name the font explicitly, so the theme's choice does not matter)."""
        try:
            theme = self.prs.slide_master.part.part_related_by(_RT_THEME)
            root = etree.fromstring(theme.blob)
            latin = root.find(f".//{a('minorFont')}/{a('latin')}")
            face = latin.get("typeface") if latin is not None else None
        except Exception:
            face = None
        return face if face in METRIC_TWINS else "Arial"


def _placeholders(slide) -> dict:
    """idx -> placeholder shape of a slide, found by a direct look at its XML
    (python-pptx's own lookup runs an XPath per shape and per property)."""
    from pptx.shapes.shapetree import SlideShapeFactory

    out = {}
    for sp in slide.shapes._spTree.iterchildren():
        ph = sp.find(f"./*/{{{P}}}nvPr/{{{P}}}ph")
        if ph is not None:
            out.setdefault(int(ph.get("idx", "0")), SlideShapeFactory(sp, slide.shapes))
    return out


def _ph_type(ph) -> str:
    el = ph._element.ph
    return el.get("type", "obj") if el is not None else "obj"


def _find_placeholder(placeholders, types):
    found = {}
    for ph in placeholders:
        t = _ph_type(ph)
        if t in types and t not in found:
            found[t] = ph
    return next((found[t] for t in types if t in found), None)


