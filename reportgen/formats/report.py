"""The typeset PDF report (``reportgen pdf``): the whole digest, through one of the engines.

- ``typst`` (the default): the Typst renderer's data (``renderers/typst.py``) laid out by
  the template ``templates/typst/report.typ`` in the ``typst`` wheel (``engines/typst.py``);
- ``html``: the HTML renderer (``renderers/html.py``, ``templates/report/``) laid out by
  WeasyPrint, page numbers filled in after layout (``pagerefs.py``);
- ``latex``: the LaTeX renderer (``renderers/latex.py``, ``templates/latex/``) typeset by
  XeLaTeX or LuaLaTeX in a locked-down runner (``engines/latex.py``).
"""
from __future__ import annotations

import hashlib

from ..model import Digest, Warning_
from ..settings import Settings
from . import Format, Rendered


def bitmap_logo(logo: str | None, output: str, source: str) -> tuple[str | None, list[Warning_]]:
    """The logo for an output that places bitmaps only (the deck, the LaTeX cover): an SVG
    one is left off with a warning naming it."""
    from pathlib import Path

    if logo and Path(logo).suffix.lower() == ".svg":
        return None, [Warning_(code="logo", file=source,
                               message=f"{output} needs a PNG or JPEG logo; {Path(logo).name} is left off it")]
    return logo, []


def pdf_id(text: str) -> bytes:
    """A PDF /ID derived from the content, so equal input gives equal bytes."""
    return hashlib.md5(text.encode()).hexdigest().encode()


def engine_warnings(digest: Digest, messages) -> list[Warning_]:
    """An engine's own warnings (WeasyPrint's log, Typst's diagnostics) as the output's warnings."""
    return [Warning_(code="engine", file=digest.source, message=m) for m in messages]


def _html(digest: Digest, settings: Settings) -> Rendered:
    from ..engines.weasy import render_paged
    from ..glyphs import check_glyphs, substitute_missing
    from ..renderers.html import render_report

    paged = render_report(substitute_missing(digest), settings)
    rendered = render_paged(paged, lang=settings.lang, identifier=pdf_id(paged.html))
    warnings = check_glyphs(digest) + engine_warnings(digest, rendered.warnings)
    return Rendered(rendered.pdf, tuple(warnings), details={"pages": rendered.pages})


def _latex(digest: Digest, settings: Settings) -> Rendered:
    from pathlib import Path

    from ..engines.latex import compile_tex, find_engine, overfull_boxes
    from ..glyphs import check_glyphs, substitute_missing
    from ..labels import Labels
    from ..renderers.common import chapters
    from ..renderers.latex import logo_file, render_latex

    engine = settings.latex_engine
    find_engine(engine)  # before any work: TeX missing is one line naming the packages
    logo, warnings = bitmap_logo(settings.logo, "the LaTeX cover", digest.source)  # \includegraphics: no SVG
    warnings = check_glyphs(digest) + warnings
    tex = render_latex(substitute_missing(digest), settings, logo)
    files = {logo_file(logo): Path(logo).read_bytes()} if logo and logo_file(logo) else {}
    compiled = compile_tex(tex, engine, timeout=settings.timeout, files=files, keep=settings.keep_tex)
    titles = {ch["number"]: ch["title"] for ch in chapters(digest, Labels(settings.lang))}
    for box in overfull_boxes(compiled.log):
        where = f" in chapter {box.chapter} “{titles.get(box.chapter, '?')}”" if box.chapter else ""
        what = (f"a line {box.points:.1f} pt wider than the text area" if box.box == "hbox" else
                f"a page or box {box.points:.1f} pt taller than its room (text may be cut off)")
        warnings.append(Warning_(code="overfull", file=digest.source, line=box.digest_line,
                                 message=f"{engine}: {what}{where}"))
    return Rendered(compiled.pdf, tuple(warnings), keep=compiled.kept, details={"passes": compiled.passes})


def idea_places(pdf: bytes, data: dict) -> dict[int, float]:
    """Where each idea's heading stands, as its distance in points from the top of the first
    page's text area, counted through the pages' text areas one after another (page k starts at
    k × the text height): read off the compiled PDF's bookmarks (page and height of each)."""
    import io

    import pypdf

    chapter = next((ch for ch in data["chapters"] if ch["kind"] == "ideas"), None)
    if chapter is None:
        return {}
    number = {idea["number"]: k for k, idea in enumerate(chapter["ideas"])}
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    area = data["text_height"] * 72 / 25.4
    places: dict[int, float] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            k = number.get(item.title.split(" ", 1)[0])
            if k is not None and item.top is not None:
                page = reader.get_destination_page_number(item)
                top = float(reader.pages[page].mediabox.top) - data["margins"]["top"] * 72 / 25.4
                places[k] = page * area + max(0.0, top - float(item.top))

    walk(reader.outline)
    return places


def plan_idea_breaks(places: dict[int, float], ideas: list[dict], area: float) -> bool:
    """Mark ("break") each idea after the first whose heading would stand with less than a
    third of the text area below it, foreseeing that a break pushes all that follows down by
    the room it leaves (a forecast: the PDF laid out next says whether it held).  True when a
    break was added."""
    added, shift = False, 0.0
    for k in sorted(places):
        if k == 0 or ideas[k].get("break"):
            continue
        at = (places[k] + shift) % area
        if at > 1.0 and area - at < area / 3:
            ideas[k]["break"] = added = True
            shift += area - at
    return added


def _typst(digest: Digest, settings: Settings) -> Rendered:
    from ..engines.typst import compile_pdf
    from ..glyphs import check_glyphs, substitute_missing
    from ..renderers.typst import report_data, timestamp

    warnings = check_glyphs(digest)
    data = report_data(substitute_missing(digest), settings)  # what no bundled font has: a visible U+FFFD

    def compile_():
        return compile_pdf("report.typ", data, template_dir=settings.template_dir, timestamp=timestamp())

    compiled = compile_()
    # An idea begins a new page only where less than a third of a page would be left for it
    # (LaTeX's \needspace).  Typst cannot measure the room left before a break without a layout
    # that never settles, so the compiled PDF is read: the ideas standing too low get a break
    # (later ones foreseen moved down by the earlier breaks) and the report is laid out again,
    # warm; usually one round, at most one per idea.
    ideas = next((ch["ideas"] for ch in data["chapters"] if ch["kind"] == "ideas"), [])
    area = data["text_height"] * 72 / 25.4
    rounds = 0
    while rounds < len(ideas) and plan_idea_breaks(idea_places(compiled.pdf, data), ideas, area):
        compiled, rounds = compile_(), rounds + 1
    return Rendered(compiled.pdf, tuple(warnings + engine_warnings(digest, compiled.warnings)),
                    details={"pages": compiled.pages, "idea_breaks": sum(bool(i.get("break")) for i in ideas),
                             "idea_rounds": rounds})


ENGINES = {"typst": _typst, "html": _html, "latex": _latex}


def render(digest: Digest, settings: Settings) -> Rendered:
    return ENGINES[settings.engine](digest, settings)


FORMAT = Format(
    name="report",
    render=render,
    build_name="report.pdf",
    suffix=".pdf",
    reads=("engine", "latex_engine", "keep_tex", "timeout", "lang", "paper", "organisation", "accent", "logo",
           "template_dir"),
    command="pdf",
    help="Typeset the digest as a PDF report.",
    accent="#2B5D8A",
    assets=True,
    cost=3,
    media_type="application/pdf",
    covers=("*",),
    keep_suffix="-tex",
)
