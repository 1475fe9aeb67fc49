"""HTML renderer: ``Digest`` -> one self-contained HTML document for WeasyPrint.

The template (``templates/report/report.html.j2``) decides layout; this module
gives it the digest, the labels, the derived numbering and one ``Linker``
that turns runs and paper ids into escaped HTML with arXiv links and the
anchors the paper index points to.  Renderers for other HTML outputs (the
reading list) reuse ``Linker`` and the template partials.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .. import arxiv
from ..charts import bar_chart_svg
from ..glyphs import FALLBACKS
from ..labels import Labels, build_date, build_datetime
from ..model import Digest, plain
from ..pagerefs import PagedHTML, page_ref, page_refs, part_end, part_start
from ..resources import asset_dir
from ..settings import Density, Settings
from ..templating import html_environment
from ..typography import break_long
from .common import (REPORT_MARGINS, RunWriter, area_place, chapters, cover_counts, is_short, keywords, logo_bytes,
                     mention_anchor, number_topics, papers_per_area, qr_svg, reading_entries, short_name_unless_said,
                     unbreakable_spans)


def _text_html(text: str) -> Markup:
    return Markup("").join(Markup('<span class="nw">%s</span>') % piece if whole
                           else Markup("").join(break_long(piece, escape, _WBR))
                           for piece, whole in unbreakable_spans(text))


_WBR = Markup("<wbr>")


# Font stacks: every family falls back to the bundled fallback fonts (symbols, emoji, other
# scripts), and only to them (the engine's fontconfig knows no other font).  One definition for
# every template.
_FALLBACK = ", ".join(f'"{family}"' for family, _, _ in FALLBACKS)
STACKS = {
    "serif": Markup(f'"Noto Serif", {_FALLBACK}'),
    "sans": Markup(f'"Noto Sans", {_FALLBACK}'),
    "mono": Markup(f'"Noto Sans Mono", {_FALLBACK}'),
}


@dataclass
class Linker(RunWriter[Markup]):
    """Runs and ids -> escaped HTML with arXiv links; the first mention of each paper in
    each section gets the anchor the paper index links to."""

    def _anchor_attr(self, pid: str, section: str | None) -> Markup:
        return Markup(' id="%s"') % mention_anchor(pid, section) if self.first(pid, section) else Markup("")

    def paper(self, pid: str, section: str | None = None, css: str = "ref") -> Markup:
        return Markup('<a class="%s" href="%s"%s>%s</a>') % (
            css, arxiv.url(pid), self._anchor_attr(pid, section), pid)

    def text(self, text: str) -> Markup:
        return _text_html(text)

    def link(self, href: str, text: str) -> Markup:
        return Markup('<a class="ext" href="%s">%s</a>') % (href, _text_html(text))

    def code(self, text: str) -> Markup:
        return Markup("<code>%s</code>") % Markup("").join(break_long(text, escape, _WBR))

    def italic(self, inner: Markup) -> Markup:
        return Markup("<em>%s</em>") % inner

    def bold(self, inner: Markup) -> Markup:
        return Markup("<strong>%s</strong>") % inner

    def join(self, parts: list[Markup]) -> Markup:
        return Markup("").join(parts)


PAPER_SIZES = {"a4": "A4", "letter": "letter"}


def _page_context(digest: Digest, settings: Settings, labels: Labels) -> dict:
    """What every HTML document's template gets: the digest, labels, links, page set-up, fonts."""
    return dict(
        d=digest,
        L=labels,
        link=Linker(),
        lang=settings.lang,
        page_size=PAPER_SIZES[settings.paper],
        margins=REPORT_MARGINS.css(),
        # an idea begins a new page only when less than a third of one is left (.need)
        need_third=f"{REPORT_MARGINS.text_height(settings.paper) / 3:.1f}mm",
        organisation=settings.organisation,
        period=labels.period(digest.period),
        generated=labels.date(build_date()),
        created=build_datetime().strftime("%Y-%m-%dT%H:%M:%SZ"),
        fonts_url=asset_dir("fonts").as_uri() + "/",
        stacks=STACKS,
        fallbacks=FALLBACKS,
        accent=settings.accent,
        logo=_data_url(settings.logo) if settings.logo else None,
    )


def _data_url(path: str) -> str:
    """An image embedded as a data: URL (the engine's fetcher serves nothing else from outside)."""
    import base64
    from pathlib import Path

    mime = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
    data = logo_bytes(path)  # its type was checked with the settings
    return f"data:{mime[Path(path).suffix.lower()]};base64," + base64.b64encode(data).decode("ascii")


def render_report(digest: Digest, settings: Settings) -> PagedHTML:
    """The report as HTML whose page numbers (contents, paper index) the engine fills in."""
    labels = Labels(settings.lang)
    env = html_environment(settings.template_dir, settings.lang)
    template = env.get_template("report/report.html.j2")
    areas = papers_per_area(digest)
    tree = digest.topic_tree
    # the chart in figures of at most 15 bars: a figure is never broken, and 40 areas would be taller than a page
    bars = [(label, n) for label, n in areas if n]
    top = max((n for _, n in bars), default=0)
    chart = Markup("").join(
        Markup('<figure>%s</figure>') % Markup(bar_chart_svg(bars[i:i + 15], labels["chart.title"] if not i else "",
                                                             accent=settings.accent, top=top))
        for i in range(0, len(bars), 15))
    context = dict(
        **_page_context(digest, settings, labels),
        page_ref=page_ref, page_refs=page_refs, part_start=part_start, part_end=part_end, area_place=area_place,
        short=is_short,
        part_body=None, first_page=None, total_pages=None,
        chapters=chapters(digest, labels),
        counts=cover_counts(digest),
        topics=number_topics(tree.nodes) if tree else [],
        chart=chart,
        plain=plain,
        extra_name=lambda pid, runs: short_name_unless_said(digest, pid, runs),
        keywords=", ".join(keywords(digest)),
    )

    def part_document(body: str, first_page: int, total_pages: int) -> str:
        return template.render(**{**context, "part_body": Markup(body), "first_page": first_page,
                                  "total_pages": total_pages})

    return PagedHTML(template.render(**context), part_document)


def render_reading_list(digest: Digest, settings: Settings, density: str = Density.normal.value) -> str:
    """The printable reading list (one or two A4 pages) as HTML."""
    labels = Labels(settings.lang)
    env = html_environment(settings.template_dir, settings.lang)
    entries = reading_entries(digest, settings.include_highlights)
    return env.get_template("reading/reading.html.j2").render(
        **_page_context(digest, settings, labels),
        entries=entries,
        density=density,  # a Density: the reading-list format takes the first that fits two pages
        qr=lambda url: Markup(qr_svg(url)),  # sized by CSS
        url=arxiv.url,
    )
