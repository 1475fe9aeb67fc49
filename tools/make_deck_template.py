"""Build the bundled deck template ``templates/deck/reportgen.pptx`` and check it.

    python tools/make_deck_template.py            # (re)write it, then check it
    python tools/make_deck_template.py --check    # only check the committed file

Starts from python-pptx's default template and makes it what the deck writer
expects (DESIGN §7; issue 6):

- 16:9, 13.333 × 7.5 in;
- theme fonts Arial, major and minor, latin + ea + cs (the slide theme and the
  notes theme), so text typed into the deck later matches the text we measured;
- named layouts "Title", "Content", "Two Content", "Chart", "Closing", "Blank",
  each with its placeholders rebuilt at the boxes ``deck.slides.DEFAULT_GEOMETRY``
  names ("Chart" has a real chart placeholder); the other default layouts removed;
- a notes master, registered in ``presentation.xml``'s ``notesMasterIdLst``
  (python-pptx creates the part on demand but not that list, and Keynote then
  drops every note — python-pptx PR #1128), with a 16:9 slide image;
- zero slides (slides are only ever added: deleting them leaves dangling parts, #310);
- no thumbnail or printer settings from the default; fixed core properties and
  zip timestamps, so rebuilding gives the same bytes.
"""
from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.deck.package import deterministic_zip, package_problems  # noqa: E402
from reportgen.deck.slides import DEFAULT_GEOMETRY, Box  # noqa: E402
from reportgen.deck.template import LAYOUT_NAMES, Template  # noqa: E402

OUT = ROOT / "templates" / "deck" / "reportgen.pptx"
FONT = "Arial"
W, H = 12192000, 6858000
IN = 914400

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:a="{A}" xmlns:p="{P}" xmlns:r="{R}"'
RT_NOTES_MASTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesMaster"
RT_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
RT_PRINTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/printerSettings"
RT_THUMB = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


def q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def box(x, y, w, h) -> Box:
    return Box(int(x * IN), int(y * IN), int(w * IN), int(h * IN))


G = DEFAULT_GEOMETRY.boxes
FOOT_Y = 7.0
FOOTERS = {
    "dt": box(0.6, FOOT_Y, 3.0, 0.35),
    "ftr": box(4.167, FOOT_Y, 5.0, 0.35),
    "sldNum": box(10.733, FOOT_Y, 2.0, 0.35),
}


def ph_xml(sp_id: int, name: str, ph: str, idx: int | None, b: Box, *, lst: str = "", anchor: str = "t",
           prompt: str = "") -> str:
    idx_attr = f' idx="{idx}"' if idx is not None else ""
    type_attr = f' type="{ph}"' if ph != "obj" else ""
    sz = ' sz="quarter"' if ph in ("dt", "ftr", "sldNum", "chart") else ""
    body = (f'<a:p><a:r><a:rPr lang="en-US"/><a:t>{prompt}</a:t></a:r></a:p>' if prompt
            else '<a:p><a:endParaRPr lang="en-US"/></a:p>')
    return (f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{sp_id}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            f'<p:nvPr><p:ph{type_attr}{sz}{idx_attr}/></p:nvPr></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{b.x}" y="{b.y}"/><a:ext cx="{b.w}" cy="{b.h}"/></a:xfrm></p:spPr>'
            f'<p:txBody><a:bodyPr anchor="{anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle>{lst}</a:lstStyle>{body}</p:txBody></p:sp>')


def lvl1(algn: str, sz: int, bold: bool = False, bullet: bool = False) -> str:
    bu = "" if bullet else "<a:buNone/>"
    b = ' b="1"' if bold else ""
    return f'<a:lvl1pPr marL="0" indent="0" algn="{algn}">{bu}<a:defRPr sz="{sz}"{b}/></a:lvl1pPr>'


def footers(start_id: int) -> list[str]:
    return [ph_xml(start_id, "Date Placeholder", "dt", 10, FOOTERS["dt"]),
            ph_xml(start_id + 1, "Footer Placeholder", "ftr", 11, FOOTERS["ftr"]),
            ph_xml(start_id + 2, "Slide Number Placeholder", "sldNum", 12, FOOTERS["sldNum"])]


def layout_shapes() -> dict[str, tuple[str, list[str]]]:
    """layout name -> (layout type, placeholder XML)."""
    left = box(0.6, 1.75, 5.9, 5.2)
    right = box(6.833, 1.75, 5.9, 5.2)
    title = G["content.title"]
    return {
        "Title": ("title", [
            ph_xml(2, "Title", "ctrTitle", None, G["title.title"], lst=lvl1("ctr", 4000, True), anchor="b"),
            ph_xml(3, "Subtitle", "subTitle", 1, G["title.subtitle"], lst=lvl1("ctr", 2400)),
            *footers(4)]),
        "Content": ("obj", [
            ph_xml(2, "Title", "title", None, title, anchor="b"),
            ph_xml(3, "Content Placeholder", "obj", 1, G["content.body"]),
            *footers(4)]),
        "Two Content": ("twoObj", [
            ph_xml(2, "Title", "title", None, title, anchor="b"),
            ph_xml(3, "Content Placeholder Left", "obj", 1, left),
            ph_xml(4, "Content Placeholder Right", "obj", 2, right),
            *footers(5)]),
        "Chart": ("chart", [
            ph_xml(2, "Title", "title", None, G["chart.title"], anchor="b"),
            ph_xml(3, "Chart Placeholder", "chart", 13, G["chart.chart"]),
            *footers(4)]),
        "Closing": ("secHead", [
            ph_xml(2, "Title", "title", None, G["closing.title"], lst=lvl1("ctr", 4000, True), anchor="b"),
            ph_xml(3, "Text Placeholder", "body", 1, G["closing.body"], lst=lvl1("ctr", 2400)),
            *footers(4)]),
        "Blank": ("blank", footers(2)),
    }


# The layouts of python-pptx's default template we rebuild, and their new names.
KEEP = {"Title Slide": "Title", "Title and Content": "Content", "Two Content": "Two Content",
        "Title Only": "Chart", "Section Header": "Closing", "Blank": "Blank"}
ORDER = ["Title", "Content", "Two Content", "Chart", "Closing", "Blank"]


def set_theme_fonts(part, name: str) -> None:
    root = etree.fromstring(part.blob)
    root.set("name", name)
    scheme = root.find(f".//{q(A, 'fontScheme')}")
    scheme.set("name", f"{name} {FONT}")
    for which in ("majorFont", "minorFont"):
        el = scheme.find(q(A, which))
        for slot in ("latin", "ea", "cs"):
            el.find(q(A, slot)).set("typeface", FONT)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if hasattr(part, "_element"):  # an XmlPart: its blob is serialised from _element
        part._element = _reparse(blob)
    else:
        part._blob = blob


def _reparse(blob: bytes):
    from pptx.oxml import parse_xml

    return parse_xml(blob)


def replace_sp_tree(cSld, shapes_xml: list[str]) -> None:
    tree = cSld.find(q(P, "spTree"))
    for child in list(tree):
        if etree.QName(child).localname not in ("nvGrpSpPr", "grpSpPr"):
            tree.remove(child)
    for xml in shapes_xml:
        tree.append(_reparse(xml.encode()))


def build() -> bytes:
    from pptx import Presentation

    prs = Presentation()
    pres = prs.part._element
    sld_sz = pres.find(q(P, "sldSz"))
    sld_sz.set("cx", str(W))
    sld_sz.set("cy", str(H))
    sld_sz.attrib.pop("type", None)

    master = prs.slide_master
    # master placeholders at the content layout's boxes, title style left-aligned, bold, dark blue
    m_el = master._element
    replace_sp_tree(m_el.find(q(P, "cSld")), [
        ph_xml(2, "Title Placeholder", "title", None, G["content.title"], anchor="b",
               prompt="Click to edit the title"),
        ph_xml(3, "Text Placeholder", "body", 1, G["content.body"], prompt="Click to edit the text"),
        *footers(4),
        # a thin accent bar along the top edge of every slide
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="7" name="Accent Bar"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{W}" cy="{int(0.09 * IN)}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="accent1"/></a:solidFill>'
        f'<a:ln><a:noFill/></a:ln></p:spPr></p:sp>',
    ])
    title_style = m_el.find(f".//{q(P, 'titleStyle')}/{q(A, 'lvl1pPr')}")
    title_style.set("algn", "l")
    d = title_style.find(q(A, "defRPr"))
    d.set("sz", "3200")
    d.set("b", "1")
    d.find(f"{q(A, 'solidFill')}/{q(A, 'schemeClr')}").set("val", "tx2")
    body_sizes = [2400, 2000, 1800, 1600, 1600, 1600, 1600, 1600, 1600]
    body_style = m_el.find(f".//{q(P, 'bodyStyle')}")
    for k, lvl in enumerate(body_style.findall(q(A, "*"))):
        if etree.QName(lvl).localname.startswith("lvl"):
            lvl.set("marL", str(274320 * (k + 1)))
            lvl.set("indent", str(-274320))
            lvl.find(q(A, "defRPr")).set("sz", str(body_sizes[k]))

    # layouts: keep six, rebuilt and renamed, in a fixed order
    for layout in list(master.slide_layouts):
        if layout.name not in KEEP:
            master.slide_layouts.remove(layout)
    shapes = layout_shapes()
    by_name = {}
    for layout in master.slide_layouts:
        new = KEEP[layout.name]
        el = layout._element
        el.find(q(P, "cSld")).set("name", new)
        el.set("type", shapes[new][0])
        el.set("preserve", "1")
        replace_sp_tree(el.find(q(P, "cSld")), shapes[new][1])
        by_name[new] = el
    id_lst = m_el.find(q(P, "sldLayoutIdLst"))
    ids = {master.part.related_part(x.get(q(R, "id")))._element.find(q(P, "cSld")).get("name"): x for x in id_lst}
    for x in list(id_lst):
        id_lst.remove(x)
    for name in ORDER:
        id_lst.append(ids[name])

    set_theme_fonts(master.part.part_related_by(RT_THEME), "reportgen")

    # the notes master, properly registered
    notes_master = prs.notes_master
    nm_part = prs.part.part_related_by(RT_NOTES_MASTER)
    rid = next(r.rId for r in prs.part.rels.values() if r.reltype == RT_NOTES_MASTER)
    lst = etree.SubElement(pres, q(P, "notesMasterIdLst"))
    etree.SubElement(lst, q(P, "notesMasterId")).set(q(R, "id"), rid)
    pres.remove(lst)
    pres.find(q(P, "sldMasterIdLst")).addnext(lst)
    set_theme_fonts(nm_part.part_related_by(RT_THEME), "reportgen notes")
    for ph in notes_master.placeholders:
        if ph.placeholder_format.type == 101:  # the slide image: 16:9 like the slides
            ph.left, ph.top, ph.width, ph.height = 381000, 685800, 6096000, 3429000
    for rpr in notes_master._element.iter(q(A, "defRPr")):
        for slot in ("latin", "ea", "cs"):
            el = rpr.find(q(A, slot))
            if el is not None:
                el.set("typeface", "+mn-" + {"latin": "lt", "ea": "ea", "cs": "cs"}[slot])

    # drop what the default template carries for no use here
    for rel in list(prs.part.rels.values()):
        if rel.reltype == RT_PRINTER:
            prs.part.drop_rel(rel.rId)
    pkg_rels = prs.part.package._rels
    for rid_ in [r.rId for r in pkg_rels.values() if r.reltype == RT_THUMB]:
        pkg_rels.pop(rid_)
    for rel in pkg_rels.values():
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                b'<Application>reportgen</Application><PresentationFormat>Widescreen</PresentationFormat>'
                b'<Slides>0</Slides><Notes>0</Notes></Properties>')

    import datetime as dt

    cp = prs.core_properties
    fixed = dt.datetime(2024, 1, 1)
    cp.title = "reportgen deck template"
    cp.author = "reportgen"
    cp.last_modified_by = "reportgen"
    cp.comments = "Bundled template of `reportgen slides`; built by tools/make_deck_template.py"
    cp.subject = ""
    cp.keywords = ""
    cp.revision = 1
    cp.created = fixed
    cp.modified = fixed
    cp.last_printed = fixed

    buf = io.BytesIO()
    prs.save(buf)
    return deterministic_zip(buf.getvalue())


# --------------------------------------------------------------------------- checks


def check(path: Path) -> list[str]:
    blob = path.read_bytes()
    problems = package_problems(blob)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = z.namelist()
        if any(n.startswith("ppt/slides/") for n in names):
            problems.append("the template has slide parts")
        pres = etree.fromstring(z.read("ppt/presentation.xml"))
        rels = etree.fromstring(z.read("ppt/_rels/presentation.xml.rels"))
        lst = pres.find(q(P, "notesMasterIdLst"))
        if lst is None or len(lst) != 1:
            problems.append("presentation.xml has no notesMasterIdLst with one entry")
        else:
            rid = lst[0].get(q(R, "id"))
            rel = next((r for r in rels if r.get("Id") == rid), None)
            if rel is None or rel.get("Type") != RT_NOTES_MASTER:
                problems.append(f"notesMasterId {rid} does not point to a notes master")
        order = [etree.QName(c).localname for c in pres]
        if order.index("notesMasterIdLst") != order.index("sldMasterIdLst") + 1:
            problems.append(f"presentation.xml children out of schema order: {order}")
        sz = pres.find(q(P, "sldSz"))
        if (sz.get("cx"), sz.get("cy")) != (str(W), str(H)):
            problems.append(f"slide size {sz.get('cx')} x {sz.get('cy')}, not 16:9 13.333 x 7.5 in")
        for theme in [n for n in names if n.startswith("ppt/theme/")]:
            root = etree.fromstring(z.read(theme))
            for which in ("majorFont", "minorFont"):
                for slot in ("latin", "ea", "cs"):
                    face = root.find(f".//{q(A, which)}/{q(A, slot)}").get("typeface")
                    if face != FONT:
                        problems.append(f"{theme}: {which}/{slot} is {face!r}, not {FONT}")
    t = Template(path)  # raises when a layout is missing or there are slides
    if len(t.prs.slides):
        problems.append("python-pptx sees slides")
    names_ = [layout.name for layout in t.prs.slide_layouts]
    for name in (names[0] for names in LAYOUT_NAMES.values()):
        if name not in names_:
            problems.append(f"layout {name!r} missing")
    if t.geometry.font != FONT:
        problems.append(f"declared font {t.geometry.font}")
    for key, b in DEFAULT_GEOMETRY.boxes.items():
        if t.geometry.boxes[key] != b:
            problems.append(f"{key}: template box {t.geometry.boxes[key]} != DEFAULT_GEOMETRY {b}")
    if t.prs.notes_master is None or not any(ph.placeholder_format.type == 2 for ph in t.prs.notes_master.placeholders):
        problems.append("the notes master has no body placeholder")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="only check the existing template")
    args = ap.parse_args()
    if not args.check:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_bytes(build())
        print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} kB)")
    problems = check(OUT)
    for p in problems:
        print("problem:", p)
    if problems:
        raise SystemExit(1)
    print("template ok: 16:9, Arial theme fonts, layouts " + ", ".join(ORDER) +
          ", notes master registered, zero slides, no dangling parts")


if __name__ == "__main__":
    main()
