"""Deck renderer, step 2: the slide plan -> a .pptx (pandoc's ``presentationToArchive``).

The plan (``deck_plan.py``) has decided everything: which layout, which box,
which size.  This module only writes it with python-pptx onto a template:

- layouts are looked up **by name** through ``LAYOUT_NAMES`` (never by index);
  a template lacking any of them is an ``InputError`` listing the missing ones;
- every run gets ``lang`` (vi-VN / en-US), an explicit size and ``a:latin``,
  ``a:ea`` and ``a:cs`` (python-pptx's ``font.name`` sets only ``a:latin``);
- every text frame has autofit off (``a:noAutofit``), word wrap on and explicit
  insets, so what the plan measured is what the viewers lay out;
- paper ids are hyperlinks to arXiv; the overview chart is a native, editable bar chart;
- the template already holds a notes master registered in ``notesMasterIdLst``
  (Keynote drops notes otherwise), and slides are only ever added, never deleted;
- the archive is rewritten with fixed timestamps and fixed core-property dates,
  so the same input and ``SOURCE_DATE_EPOCH`` give the same bytes.
"""
from __future__ import annotations

import datetime as _dt
import io
import os
import re
import unicodedata
import zipfile
from copy import deepcopy
from pathlib import Path, PurePosixPath

from lxml import etree

from ..errors import InputError
from ..resources import asset_dir
from ..textfit import METRIC_TWINS
from .deck_plan import (BULLET_INDENT, DEFAULT_GEOMETRY, INSET_X, INSET_Y, NOTES_SIZE, Box, ChartPlan, Deck, Frame,
                        Geometry, Paragraph, Slide)

#: our roles -> the layout names a template must have (ours first, then the names
#: PowerPoint's stock layouts have, so a lab template built on them maps too)
LAYOUT_NAMES = {
    "title": ("Title", "Title Slide"),
    "content": ("Content", "Title and Content"),
    "chart": ("Chart", "Title and Chart", "Title Only"),
    "closing": ("Closing", "Section Header"),
}

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_RT_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"

TAG_FILL = "DCE6F2"
TAG_TEXT = "1F3864"
BAR_FILL = "4F81BD"
ZIP_EPOCH = _dt.datetime(1980, 1, 1)


def _a(tag: str) -> str:
    return f"{{{_A}}}{tag}"


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
            latin = root.find(f".//{_a('minorFont')}/{_a('latin')}")
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
        ph = sp.find(f"./*/{{{_P}}}nvPr/{{{_P}}}ph")
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


# --------------------------------------------------------------------------- text


class _Writer:
    def __init__(self, deck: Deck, template: Template):
        self.deck = deck
        self.t = template
        self.lang = deck.lang
        self.font = deck.font
        self._notes_proto = None
        self._notes_n = 0
        self._rpr_protos: dict = {}
        self._slide_protos: dict = {}
        self._links: dict = {}  # (part, url) -> rId

    def rpr(self, parent, size: float, bold=False, italic=False, color: str | None = None, tag="rPr"):
        """A run's properties, appended to ``parent`` (a copy of one made once per style)."""
        key = (tag, size, bold, italic, color)
        proto = self._rpr_protos.get(key)
        if proto is None:
            proto = self._rpr_protos[key] = self._make_rpr(size, bold, italic, color, tag)
        rpr = deepcopy(proto)
        parent.append(rpr)
        return rpr

    def link_id(self, part, url: str) -> str:
        key = (id(part), url)
        rid = self._links.get(key)
        if rid is None:
            rid = self._links[key] = part.relate_to(url, _RT_HYPERLINK, is_external=True)
        return rid

    def _make_rpr(self, size: float, bold, italic, color, tag):
        rpr = etree.Element(_a(tag))
        rpr.set("lang", self.lang)
        rpr.set("altLang", "en-US" if self.lang != "en-US" else "vi-VN")
        rpr.set("sz", str(int(round(size * 100))))
        rpr.set("b", "1" if bold else "0")
        rpr.set("i", "1" if italic else "0")
        rpr.set("cap", "none")  # a template's all-caps or letter spacing would break the measured fit
        rpr.set("spc", "0")
        rpr.set("baseline", "0")
        rpr.set("dirty", "0")
        if color:
            fill = etree.SubElement(rpr, _a("solidFill"))
            etree.SubElement(fill, _a("srgbClr")).set("val", color)
        for name in ("latin", "ea", "cs"):
            etree.SubElement(rpr, _a(name)).set("typeface", self.font)
        return rpr

    def paragraph(self, txbody, p: Paragraph, part, color: str | None = None) -> None:
        ap = etree.SubElement(txbody, _a("p"))
        ppr = etree.SubElement(ap, _a("pPr"))
        ppr.set("marL", str(p.margin))
        ppr.set("indent", str(-BULLET_INDENT if p.bullet else 0))
        ppr.set("lvl", str(min(p.level, 8)))
        ppr.set("algn", p.align)
        etree.SubElement(etree.SubElement(ppr, _a("lnSpc")), _a("spcPct")).set("val", str(int(round(p.line_spacing * 100000))))
        etree.SubElement(etree.SubElement(ppr, _a("spcBef")), _a("spcPts")).set("val", str(int(round(p.space_before * 100))))
        etree.SubElement(etree.SubElement(ppr, _a("spcAft")), _a("spcPts")).set("val", "0")
        if p.bullet:
            etree.SubElement(ppr, _a("buFont")).set("typeface", self.font)
            etree.SubElement(ppr, _a("buChar")).set("char", "•")
        else:
            etree.SubElement(ppr, _a("buNone"))
        for r in p.runs:
            text = _clean(r.text)
            if not text:
                continue
            ar = etree.SubElement(ap, _a("r"))
            rpr = self.rpr(ar, p.size, r.bold, r.italic, color)
            if r.link:
                rid = self.link_id(part, r.link)
                etree.SubElement(rpr, _a("hlinkClick")).set(f"{{{_R}}}id", rid)
            etree.SubElement(ar, _a("t")).text = text
        self.rpr(ap, p.size, tag="endParaRPr")

    def frame(self, shape, frame: Frame, part, color: str | None = None) -> None:
        txbody = shape.text_frame._txBody
        body_pr = txbody.find(_a("bodyPr"))
        for child in list(body_pr):
            if child.tag in (_a("noAutofit"), _a("normAutofit"), _a("spAutoFit")):
                body_pr.remove(child)
        body_pr.set("wrap", "square")
        body_pr.set("lIns", str(INSET_X))
        body_pr.set("rIns", str(INSET_X))
        body_pr.set("tIns", str(INSET_Y))
        body_pr.set("bIns", str(INSET_Y))
        body_pr.set("anchor", frame.anchor)
        body_pr.set("rtlCol", "0")
        body_pr.insert(_bodypr_autofit_index(body_pr), etree.Element(_a("noAutofit")))
        for p in txbody.findall(_a("p")):
            txbody.remove(p)
        for para in frame.paragraphs:
            self.paragraph(txbody, para, part, color)
        if not frame.paragraphs:
            etree.SubElement(txbody, _a("p"))

    # ------------------------------------------------------------------ slides

    def write(self) -> None:
        for s in self.deck.slides:
            self.slide(s)

    def slide(self, s: Slide) -> None:
        from pptx.enum.shapes import MSO_SHAPE

        slide = self._add_slide(s.layout)
        part = slide.part
        placeholders = _placeholders(slide)
        used: set[int] = set()
        for f in s.frames:
            if f.role == "tag":
                shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, f.box.x, f.box.y, f.box.w, f.box.h)
                _style_tag(shape)
                accent = self.deck.accent
                self.frame(shape, f, part, accent if accent and _contrast(accent, TAG_FILL) >= 4.5 else TAG_TEXT)
                continue
            idx = self.t.placeholder_idx.get(f"{s.layout}.{f.role}")
            shape = placeholders.get(idx) if idx is not None else None
            if shape is None:
                shape = slide.shapes.add_textbox(f.box.x, f.box.y, f.box.w, f.box.h)
            else:
                used.add(idx)
                if f.box != self.t.geometry.boxes.get(f"{s.layout}.{f.role}"):
                    _place(shape, f.box)
            self.frame(shape, f, part)
        for pic in s.pictures:
            slide.shapes.add_picture(pic.path, pic.box.x, pic.box.y, pic.box.w, pic.box.h)
        if s.chart is not None:
            idx = self.t.placeholder_idx.get(f"{s.layout}.chart")
            ph = placeholders.get(idx) if idx is not None else None
            self.chart(slide, s.chart, ph)
            if ph is not None:
                used.add(idx)
        for idx, ph in placeholders.items():  # empty placeholders would show "Click to add text"
            if idx not in used:
                el = ph._element
                if el.getparent() is not None:
                    el.getparent().remove(el)
        self.notes(slide, s.notes)

    def _add_slide(self, role: str):
        """A new slide on the role's layout.  python-pptx clones the layout's placeholders
        for the first one (~4 ms a slide); later slides of the layout get a copy of that
        first shape tree instead."""
        layout = self.t.layouts[role]
        prs = self.t.prs
        proto = self._slide_protos.get(role)
        if proto is not None:
            try:
                rid, slide = prs.part.add_slide(layout)
                tree = slide._element.cSld.spTree
                tree.getparent().replace(tree, deepcopy(proto))
                prs.slides._sldIdLst.add_sldId(rid)
                return slide
            except AttributeError:  # python-pptx internals moved: its own way, always
                self._slide_protos = {}
        slide = prs.slides.add_slide(layout)
        if self._slide_protos is not None:
            self._slide_protos[role] = deepcopy(slide._element.cSld.spTree)
        return slide

    def chart(self, slide, c: ChartPlan, placeholder) -> None:
        from pptx.chart.data import CategoryChartData
        from pptx.dml.color import RGBColor
        from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
        from pptx.util import Pt

        data = CategoryChartData(number_format="0")
        data.categories = [_clean(x) for x in c.categories]
        data.add_series(_clean(c.title), c.values)
        if placeholder is not None and hasattr(placeholder, "insert_chart"):
            gf = placeholder.insert_chart(XL_CHART_TYPE.BAR_CLUSTERED, data)
            if c.box != self.t.geometry.boxes.get("chart.chart"):
                _place(gf, c.box)
        else:
            if placeholder is not None:
                placeholder._element.getparent().remove(placeholder._element)
            gf = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, c.box.x, c.box.y, c.box.w, c.box.h, data)
        chart = gf.chart
        chart.has_legend = False
        chart.has_title = True
        tf = chart.chart_title.text_frame
        tf.text = _clean(c.title)
        chart.font.size = Pt(c.size)
        chart.font.name = self.font
        plot = chart.plots[0]
        plot.gap_width = 60
        plot.vary_by_categories = False
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = "0"
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.size = Pt(c.size)
        series = plot.series[0]
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(self.deck.accent or BAR_FILL)
        cat = chart.category_axis
        cat.reverse_order = True  # area 1 on top
        cat.tick_labels.font.size = Pt(c.size)
        cat.format.line.fill.background()
        val = chart.value_axis
        val.has_major_gridlines = False
        val.visible = False
        val.minimum_scale = 0
        # every text property of the chart: lang and the three font slots
        cs = chart._chartSpace
        for rpr in cs.iter(_a("defRPr"), _a("rPr"), _a("endParaRPr")):
            rpr.set("lang", self.lang)
            _set_fonts(rpr, self.font)
        title_rpr = cs.findall(f".//{{{_C}}}title//{_a('r')}/{_a('rPr')}")
        for rpr in title_rpr:
            rpr.set("sz", str(int(round(c.size * 100))))
            rpr.set("b", "1")

    def _notes_slide(self, slide):
        """The slide's notes page.  The first is made by python-pptx (placeholders cloned
        from the notes master); the others are copies of it, related the same way —
        python-pptx's cloning costs ~10 ms a slide."""
        from copy import deepcopy

        from pptx.opc.constants import CONTENT_TYPE as CT
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.opc.packuri import PackURI
        from pptx.parts.slide import NotesSlidePart

        if self._notes_proto is None:
            ns = slide.notes_slide
            self._notes_proto = deepcopy(ns._element)
            self._notes_n = int(re.search(r"(\d+)\.xml$", str(ns.part.partname)).group(1))
            return ns
        self._notes_n += 1
        package = slide.part.package
        part = NotesSlidePart(PackURI(f"/ppt/notesSlides/notesSlide{self._notes_n}.xml"), CT.PML_NOTES_SLIDE,
                              package, deepcopy(self._notes_proto))
        part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        return part.notes_slide

    def notes(self, slide, text: str) -> None:
        ns = self._notes_slide(slide)
        txbody = None
        for sp in ns._element.cSld.spTree.iterchildren(f"{{{_P}}}sp"):
            ph = sp.find(f"./*/{{{_P}}}nvPr/{{{_P}}}ph")
            if ph is not None and ph.get("type") == "body":
                txbody = sp.find(f"{{{_P}}}txBody")
                break
        if txbody is None:  # a notes master without a body placeholder
            return
        for p in txbody.findall(_a("p")):
            txbody.remove(p)
        for line in text.split("\n"):
            ap = etree.SubElement(txbody, _a("p"))
            line = _clean(line)
            if line:
                ar = etree.SubElement(ap, _a("r"))
                self.rpr(ar, NOTES_SIZE)
                etree.SubElement(ar, _a("t")).text = line
            self.rpr(ap, NOTES_SIZE, tag="endParaRPr")


_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
# a:bodyPr children in schema order; the autofit choice goes after prstTxWarp
_BODYPR_ORDER = ("prstTxWarp", "noAutofit", "normAutofit", "spAutoFit", "scene3d", "sp3d", "flatTx", "extLst")


def _bodypr_autofit_index(body_pr) -> int:
    for k, child in enumerate(body_pr):
        name = etree.QName(child).localname
        if name in _BODYPR_ORDER[4:]:
            return k
    return len(body_pr)


_RPR_AFTER_FONTS = ("sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst")


def _set_fonts(rpr, font: str) -> None:
    for name in ("latin", "ea", "cs"):
        old = rpr.find(_a(name))
        if old is not None:
            rpr.remove(old)
    anchor = next((k for k, ch in enumerate(rpr) if etree.QName(ch).localname in _RPR_AFTER_FONTS), len(rpr))
    for k, name in enumerate(("latin", "ea", "cs")):
        el = etree.Element(_a(name))
        el.set("typeface", font)
        rpr.insert(anchor + k, el)


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two "RRGGBB" colours: an accent too light for text on a tag is not used there."""
    def luminance(c: str) -> float:
        rgb = [int(c[k:k + 2], 16) / 255 for k in (0, 2, 4)]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _place(shape, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = box.x, box.y, box.w, box.h


def _style_tag(shape) -> None:
    sp = shape._element
    style = sp.find(f"{{{_P}}}style")
    if style is not None:
        sp.remove(style)
    sp_pr = sp.spPr
    fill = etree.SubElement(sp_pr, _a("solidFill"))
    etree.SubElement(fill, _a("srgbClr")).set("val", TAG_FILL)
    etree.SubElement(sp_pr, _a("ln")).append(etree.Element(_a("noFill")))
    shape.name = shape.name.replace("Rounded Rectangle", "Tag")


def _clean(text: str) -> str:
    """NFC, and no control characters (XML 1.0 forbids most of them)."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text.replace("\t", " "))


# --------------------------------------------------------------------------- determinism


def source_datetime() -> _dt.datetime | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).replace(tzinfo=None)
    return None


def _w3cdtf(when: _dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


_DCTERMS_RE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def deterministic_zip(blob: bytes, when: _dt.datetime | None = None) -> bytes:
    """The same archive with fixed entry timestamps (``when``, default
    1980-01-01), fixed attributes, ``[Content_Types].xml`` first and the rest
    sorted; embedded workbooks (the chart's data) are normalised too, their
    creation date included."""
    when = max(when or ZIP_EPOCH, ZIP_EPOCH)
    date_time = when.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        ordered = [n for n in names if n == "[Content_Types].xml"] + sorted(n for n in names if n != "[Content_Types].xml")
        for name in ordered:
            data = zin.read(name)
            if name.endswith(".xlsx"):
                data = deterministic_zip(data, when)
            elif name == "docProps/core.xml" and "xl/workbook.xml" in names:  # XlsxWriter stamps "now"
                stamp = _w3cdtf(when).encode()
                data = _DCTERMS_RE.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zout.writestr(info, data, compresslevel=6)
    return out.getvalue()


# --------------------------------------------------------------------------- checks


def package_problems(blob: bytes) -> list[str]:
    """What would make a viewer offer to repair the file: relationship targets
    that are missing, parts no relationship chain from the package reaches (the
    dangling parts of deleted slides), relationship files of absent parts, parts
    without a content type and content types for absent parts."""
    problems: list[str] = []
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = set(z.namelist())
        ct = etree.fromstring(z.read("[Content_Types].xml"))
        overrides = {o.get("PartName").lstrip("/") for o in ct if o.get("PartName")}
        defaults = {o.get("Extension").lower() for o in ct if o.get("Extension")}

        def rels_name(part: str) -> str:
            p = PurePosixPath(part)
            return str(p.parent / "_rels" / (p.name + ".rels")) if part else "_rels/.rels"

        reached, todo = {""}, [""]
        while todo:
            part = todo.pop()
            rn = rels_name(part)
            if rn not in names:
                continue
            folder = PurePosixPath(part).parent if part else PurePosixPath("")
            for rel in etree.fromstring(z.read(rn)):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target")
                path = (target.lstrip("/") if target.startswith("/")
                        else "/".join(_norm((folder / target).parts)))
                if path not in names:
                    problems.append(f"{rn}: {rel.get('Id')} -> missing {path}")
                elif path not in reached:
                    reached.add(path)
                    todo.append(path)
        for name in sorted(names):
            if name == "[Content_Types].xml":
                continue
            if name.endswith(".rels"):
                owner = name.replace("_rels/", "")[:-len(".rels")]
                if owner.endswith("/"):
                    owner = ""
                if owner and owner not in names:
                    problems.append(f"{name}: relationships of an absent part")
                continue
            if name not in reached:
                problems.append(f"{name}: no relationship chain from the package reaches it")
            if name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
                problems.append(f"{name}: no content type")
        for name in sorted(overrides - names):
            problems.append(f"[Content_Types].xml names absent part /{name}")
        # a slide related to the presentation but not in its slide list: a slide deleted
        # by removing its sldId only (python-pptx #310)
        if "ppt/presentation.xml" in names and "ppt/_rels/presentation.xml.rels" in names:
            pres = etree.fromstring(z.read("ppt/presentation.xml"))
            listed = {el.get(f"{{{_R}}}id") for el in pres.iter(f"{{{_P}}}sldId")}
            for rel in etree.fromstring(z.read("ppt/_rels/presentation.xml.rels")):
                if rel.get("Type", "").endswith("/slide") and rel.get("Id") not in listed:
                    problems.append(f"ppt/presentation.xml: slide {rel.get('Target')} related but not listed")
    return problems


def _norm(parts) -> list[str]:
    out: list[str] = []
    for p in parts:
        if p == "..":
            if out:
                out.pop()
        elif p not in (".", "", "/"):
            out.append(p)
    return out


# --------------------------------------------------------------------------- entry point


def write_deck(deck: Deck, template: Template) -> bytes:
    """The deck as .pptx bytes, deterministic for a fixed ``SOURCE_DATE_EPOCH``."""
    writer = _Writer(deck, template)
    writer.write()
    prs = template.prs
    when = source_datetime() or _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    cp = prs.core_properties
    cp.title = _clean(deck.title)
    cp.subject = _clean(deck.subject)
    cp.keywords = _clean(deck.keywords)[:255]
    cp.author = _clean(deck.author)
    cp.last_modified_by = "reportgen"
    cp.comments = "Generated by reportgen"
    cp.language = deck.lang
    cp.category = ""
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 1
    _update_app_props(prs, len(deck.slides))
    return _save(prs, source_datetime())


class _FixedZip:
    """python-pptx's physical package writer, with fixed entry timestamps and attributes."""

    def __init__(self, buf, when: _dt.datetime | None):
        self.when = max(when or ZIP_EPOCH, ZIP_EPOCH)
        self.zip = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        name = pack_uri.membername
        if name.endswith(".xlsx"):  # the chart's workbook: XlsxWriter stamps it with "now"
            blob = deterministic_zip(blob, self.when)
        info = zipfile.ZipInfo(name, self.when.timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 0
        info.external_attr = 0
        self.zip.writestr(info, blob, compresslevel=6)


def _save(prs, when: _dt.datetime | None) -> bytes:
    """The package, written once, deterministically (python-pptx's own order of parts,
    which depends only on the content).  Falls back to save-then-rewrite should
    python-pptx's writer internals change."""
    buf = io.BytesIO()
    try:
        from pptx.opc.serialized import PackageWriter

        package = prs.part.package
        writer = PackageWriter(buf, package._rels, tuple(package.iter_parts()))
        fixed = _FixedZip(buf, when)
        writer._write_content_types_stream(fixed)
        writer._write_pkg_rels(fixed)
        writer._write_parts(fixed)
        fixed.zip.close()
        return buf.getvalue()
    except (ImportError, AttributeError, TypeError):
        buf = io.BytesIO()
        prs.save(buf)
        return deterministic_zip(buf.getvalue(), when)


def _update_app_props(prs, n_slides: int) -> None:
    """docProps/app.xml (if the template has one): the slide and notes counts."""
    for rel in list(prs.part.package._rels.values()):
        if rel.reltype.endswith("/extended-properties") and not rel.is_external:
            part = rel.target_part
            blob = part.blob
            for tag in (b"Slides", b"Notes"):
                blob = re.sub(rb"<" + tag + rb">\d*</" + tag + rb">",
                              b"<" + tag + b">" + str(n_slides).encode() + b"</" + tag + b">", blob)
            part._blob = blob
