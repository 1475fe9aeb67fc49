"""Deck writing, step 2: the slide plan -> a .pptx (pandoc's ``presentationToArchive``).

The plan (``plan.py``) has decided everything: which layout, which box, which size.
This module only writes it with python-pptx onto a ``Template``:

- every run gets ``lang`` (vi-VN / en-US), an explicit size and ``a:latin``, ``a:ea``
  and ``a:cs`` (python-pptx's ``font.name`` sets only ``a:latin``);
- every text frame has autofit off (``a:noAutofit``), word wrap on and explicit
  insets, so what the plan measured is what the viewers lay out;
- paper ids are hyperlinks to arXiv; the overview chart is a native, editable bar chart;
- the template already holds a notes master registered in ``notesMasterIdLst``
  (Keynote drops notes otherwise), and slides are only ever added, never deleted;
- the archive is written deterministically (``package.py``).
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from copy import deepcopy

from lxml import etree

from ..labels import source_datetime
from .package import save_deterministic, update_app_props
from .slides import BULLET_INDENT, INSET_X, INSET_Y, NOTES_SIZE, Box, ChartPlan, Deck, Frame, Paragraph, Slide, TablePlan
from .template import P as _P
from .template import R as _R
from .template import Template, _placeholders
from .template import a as _a

_RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
TAG_FILL = "DCE6F2"
TAG_TEXT = "1F3864"

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
        self.sections()

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
        if s.table is not None:
            self.table(slide, s.table, part)
        if s.hidden:  # an appendix slide: in the deck, skipped by the show
            slide._element.set("show", "0")
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

    def table(self, slide, t: TablePlan, part) -> None:
        """A native table: the planned column widths and row heights, every cell's text with
        explicit size, fonts and lang like any other run; the template's table style colours it."""
        gf = slide.shapes.add_table(len(t.rows), len(t.widths), t.box.x, t.box.y, t.box.w, t.box.h)
        table = gf.table
        for k, w in enumerate(t.widths):
            table.columns[k].width = w
        for k, h in enumerate(t.heights):
            table.rows[k].height = h
        for r, row in enumerate(t.rows):
            for c, paras in enumerate(row):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = INSET_X
                cell.margin_top = cell.margin_bottom = INSET_Y
                txbody = cell.text_frame._txBody
                for p in txbody.findall(_a("p")):
                    txbody.remove(p)
                for para in paras:
                    self.paragraph(txbody, para, part)

    def sections(self) -> None:
        """PowerPoint sections (Overview, Areas, …, Appendix) grouping the slides in the sorter:
        the p14:sectionLst extension of presentation.xml, with ids derived from the names."""
        import uuid

        names: list[tuple[str, list[str]]] = []
        ids = [el.get("id") for el in self.t.prs.slides._sldIdLst]
        for s, sid in zip(self.deck.slides, ids):
            if not s.section:
                continue
            if not names or names[-1][0] != s.section:
                names.append((s.section, []))
            names[-1][1].append(sid)
        if not names:
            return
        pres = self.t.prs.part._element
        ext_lst = pres.find(f"{{{_P}}}extLst")
        if ext_lst is None:
            ext_lst = etree.SubElement(pres, f"{{{_P}}}extLst")
        for old in ext_lst.findall(f"{{{_P}}}ext[@uri='{_SECTIONS_URI}']"):
            ext_lst.remove(old)
        ext = etree.SubElement(ext_lst, f"{{{_P}}}ext")
        ext.set("uri", _SECTIONS_URI)
        lst = etree.SubElement(ext, f"{{{_P14}}}sectionLst", nsmap={"p14": _P14})
        for k, (name, slide_ids) in enumerate(names):
            sec = etree.SubElement(lst, f"{{{_P14}}}section")
            sec.set("name", name)
            sec.set("id", "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"reportgen/section/{k}/{name}")).upper() + "}")
            sid_lst = etree.SubElement(sec, f"{{{_P14}}}sldIdLst")
            for sid in slide_ids:
                etree.SubElement(sid_lst, f"{{{_P14}}}sldId").set("id", sid)

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
        series.format.fill.fore_color.rgb = RGBColor.from_string(self.deck.accent)
        cat = chart.category_axis
        cat.reverse_order = True  # area 1 on top
        cat.tick_labels.font.size = Pt(c.size)
        _label_every_category(cat._element)
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


_CAT_AFTER_SKIP = ("noMultiLvlLbl", "extLst")


def _label_every_category(cat_ax) -> None:
    """c:tickLblSkip = c:tickMarkSkip = 1: every area labelled (LibreOffice, left to choose,
    showed every other label on a 12-area month)."""
    for name in ("tickLblSkip", "tickMarkSkip"):
        for old in cat_ax.findall(f"{{{_C}}}{name}"):
            cat_ax.remove(old)
    anchor = next((k for k, ch in enumerate(cat_ax) if etree.QName(ch).localname in _CAT_AFTER_SKIP), len(cat_ax))
    for k, name in enumerate(("tickLblSkip", "tickMarkSkip")):
        el = etree.Element(f"{{{_C}}}{name}")
        el.set("val", "1")
        cat_ax.insert(anchor + k, el)


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
    update_app_props(prs, len(deck.slides))
    return save_deterministic(prs, source_datetime())


