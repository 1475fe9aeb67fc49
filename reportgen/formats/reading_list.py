"""The printable reading list (``reportgen reading-list``): one or two A4 pages to pin up.

By engine, in denser layouts (``settings.Density``) until it fits one page, or else the
loosest layout that fits two:

- ``typst`` (the default) and ``latex``: the Typst renderer's data laid out by
  ``templates/typst/reading.typ`` (the reading list has no LaTeX template of its own: a
  lab's LaTeX class is for the report, and Typst gives the same page in a fraction of TeX's time);
- ``html``: the HTML renderer's template (``templates/reading/``) laid out by WeasyPrint.
"""
from __future__ import annotations

from ..errors import InputError
from ..model import Digest, Warning_
from ..settings import Density, Settings
from . import Format, Rendered
from .report import engine_warnings, pdf_id


def require_entries(digest: Digest, settings: Settings) -> None:
    """A reading list needs papers: the digest's list, or the highlights when asked for."""
    if digest.reading_list and digest.reading_list.items:
        return
    if settings.include_highlights and digest.highlights and digest.highlights.rows:
        return
    raise InputError("the digest has no reading list (try --include highlights)", digest.source)


def _html(digest: Digest, settings: Settings, density: str):
    """(pdf, pages, engine warnings) at one density, through WeasyPrint."""
    from ..engines.weasy import html_to_pdf
    from ..renderers.html import render_reading_list

    html = render_reading_list(digest, settings, density)
    rendered = html_to_pdf(html, lang=settings.lang, identifier=pdf_id(html))
    return rendered.pdf, rendered.pages, rendered.warnings


def _typst(digest: Digest, settings: Settings, density: str):
    """(pdf, pages, engine warnings) at one density, through Typst."""
    from ..engines.typst import compile_pdf
    from ..renderers.typst import reading_data, timestamp

    compiled = compile_pdf("reading.typ", reading_data(digest, settings, density), template_dir=settings.template_dir,
                           timestamp=timestamp())
    return compiled.pdf, compiled.pages, compiled.warnings


ENGINES = {"typst": _typst, "html": _html, "latex": _typst}


def render(digest: Digest, settings: Settings) -> Rendered:
    from ..glyphs import check_glyphs, substitute_missing

    require_entries(digest, settings)
    warnings = check_glyphs(digest)
    digest = substitute_missing(digest)  # what no bundled font has prints as U+FFFD, never a box
    engine = ENGINES[settings.engine]
    # One page if any layout fits one (a second page holding two of ten entries is a waste of
    # paper); otherwise the loosest layout that fits two.
    two_pages = None
    for density in Density:
        pdf, pages, messages = engine(digest, settings, density.value)
        if pages == 1:
            break
        if pages == 2 and two_pages is None:
            two_pages = (density, pdf, pages, messages)
    else:
        if two_pages:
            density, pdf, pages, messages = two_pages
        else:
            warnings.append(Warning_(code="too-long", file=digest.source,
                                     message=f"the reading list takes {pages} pages even at the densest layout"))
    warnings += engine_warnings(digest, messages)
    return Rendered(pdf, tuple(warnings), details={"pages": pages, "density": density.value})


FORMAT = Format(
    name="reading-list",
    render=render,
    build_name="reading-list.pdf",
    suffix=".reading.pdf",
    reads=("engine", "lang", "paper", "organisation", "accent", "logo", "template_dir", "include"),
    command="reading-list",
    variant="pdf",
    title="printable PDF",
    help="A printable reading list (one or two pages) or its bibliography.",
    accent="#000000",  # a printout: black unless configured
    assets=True,
    cost=2,
    media_type="application/pdf",
    covers=("reading_list",),
)
