"""The printable reading list (``reportgen reading-list``): one or two A4 pages to pin up.

The HTML renderer's reading-list template (``templates/reading/``) laid out by WeasyPrint,
in denser layouts (``settings.Density``) until it fits one page, or else the loosest that
fits two.
"""
from __future__ import annotations

from ..errors import InputError
from ..model import Digest, Warning_
from ..settings import Density, Settings
from . import Format, Rendered
from .report import pdf_id


def require_entries(digest: Digest, settings: Settings) -> None:
    """A reading list needs papers: the digest's list, or the highlights when asked for."""
    if digest.reading_list and digest.reading_list.items:
        return
    if settings.include_highlights and digest.highlights and digest.highlights.rows:
        return
    raise InputError("the digest has no reading list (try --include highlights)", digest.source)


def render(digest: Digest, settings: Settings) -> Rendered:
    from ..engines.weasy import html_to_pdf
    from ..glyphs import check_glyphs, substitute_missing
    from ..renderers.html import render_reading_list

    require_entries(digest, settings)
    warnings = check_glyphs(digest)
    digest = substitute_missing(digest)  # what no bundled font has prints as U+FFFD, never a box
    # One page if any layout fits one (a second page holding two of ten entries is a waste of
    # paper); otherwise the loosest layout that fits two.
    two_pages = None
    for density in Density:
        html = render_reading_list(digest, settings, density.value)
        rendered = html_to_pdf(html, lang=settings.lang, identifier=pdf_id(html))
        if rendered.pages == 1:
            break
        if rendered.pages == 2 and two_pages is None:
            two_pages = (density, rendered)
    else:
        if two_pages:
            density, rendered = two_pages
        else:
            warnings.append(Warning_(code="too-long", file=digest.source,
                                     message=f"the reading list takes {rendered.pages} pages even at the densest "
                                             "layout"))
    warnings += [Warning_(code="engine", file=digest.source, message=m) for m in rendered.warnings]
    return Rendered(rendered.pdf, tuple(warnings), details={"pages": rendered.pages, "density": density.value})


FORMAT = Format(
    name="reading-list",
    render=render,
    build_name="reading-list.pdf",
    suffix=".reading.pdf",
    reads=("lang", "paper", "organisation", "accent", "logo", "template_dir", "include"),
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
