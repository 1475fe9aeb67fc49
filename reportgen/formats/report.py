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


def low_ideas(pdf: bytes, data: dict) -> list[int]:
    """Indices of the ideas (after the first) whose heading stands with less than a third of
    the text area below it, read off the compiled PDF's bookmarks (each holds its heading's
    page and height on it)."""
    import io

    import pypdf

    chapter = next((ch for ch in data["chapters"] if ch["kind"] == "ideas"), None)
    if chapter is None or len(chapter["ideas"]) < 2:
        return []
    number = {idea["number"]: k for k, idea in enumerate(chapter["ideas"])}
    bottom = data["margins"]["bottom"] * 72 / 25.4  # PDF units, from the page's foot
    third = data["text_height"] * 72 / 25.4 / 3
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    low = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            k = number.get(item.title.split(" ", 1)[0])
            if k and item.top is not None and float(item.top) - bottom < third:
                low.append(k)

    walk(reader.outline)
    return sorted(set(low))


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
    # that never settles, so the compiled PDF is read: the first idea that stands too low gets a
    # break and the report is laid out again (warm: a fraction of the first compile).  Each
    # round fixes one idea and moves only what follows it, so there are at most as many rounds
    # as ideas.
    ideas = next((ch["ideas"] for ch in data["chapters"] if ch["kind"] == "ideas"), [])
    for _ in range(len(ideas)):
        low = [k for k in low_ideas(compiled.pdf, data) if not ideas[k].get("break")]
        if not low:
            break
        ideas[low[0]]["break"] = True
        compiled = compile_()
    return Rendered(compiled.pdf, tuple(warnings + engine_warnings(digest, compiled.warnings)),
                    details={"pages": compiled.pages, "idea_breaks": sum(bool(i.get("break")) for i in ideas)})


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
