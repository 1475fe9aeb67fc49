"""HTML renderer: ``Digest`` -> one self-contained HTML document for WeasyPrint.

The template (``templates/report/report.html.j2``) decides layout; this module
gives it the digest, the labels, the derived numbering and one ``Linker``
that turns runs and paper ids into escaped HTML with arXiv links and the
anchors the paper index points to.  Renderers for other HTML outputs (the
reading list) reuse ``Linker`` and the template partials.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from .. import arxiv
from ..charts import bar_chart_svg
from ..labels import Labels, build_date, build_datetime
from ..resources import asset_dir
from ..model import Digest, Runs, plain
from ..pagerefs import PagedHTML, page_ref, part_end, part_start
from ..templating import html_environment
from ..transforms import FirstMentions, chapters, mention_anchor, number_topics, papers_per_area, reading_entries, short_name_unless_said
from . import ReportOptions
from ..typography import curly_runs

# Words joined by hyphens or slashes ("mô-đun", "Mamba-2", "huấn luyện/tinh"): kept on
# one line, so copy-paste and search find them whole.  The text itself is unchanged
# (no U+2011 non-breaking hyphen, which search would not match).
_HYPHENATED_RE = re.compile(r"[^\W_]+(?:[-/][^\W_]+)+")


def _text_html(text: str) -> Markup:
    out, pos = [], 0
    for m in _HYPHENATED_RE.finditer(text):
        out.append(escape(text[pos:m.start()]))
        out.append(Markup('<span class="nw">%s</span>') % m.group(0))
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


# Font stacks: every family falls back to the bundled symbol fonts, and only to them
# (the engine's fontconfig knows no other font).  One definition for every template.
_FALLBACK = '"Noto Sans Math", "Noto Sans Symbols2", "Noto Emoji"'
STACKS = {
    "serif": Markup(f'"Noto Serif", {_FALLBACK}'),
    "sans": Markup(f'"Noto Sans", {_FALLBACK}'),
    "mono": Markup(f'"Noto Sans Mono", {_FALLBACK}'),
}


@dataclass
class Linker(FirstMentions):
    """Runs and ids -> HTML.  The first mention of each paper in each section gets
    an anchor (``FirstMentions``), which the paper index links to."""

    def _anchor_attr(self, pid: str, section: str | None) -> Markup:
        return Markup(' id="%s"') % mention_anchor(pid, section) if self.first(pid, section) else Markup("")

    def paper(self, pid: str, section: str | None = None, css: str = "ref") -> Markup:
        return Markup('<a class="%s" href="%s"%s>%s</a>') % (
            css, arxiv.url(pid), self._anchor_attr(pid, section), pid)

    def runs(self, runs: Runs, section: str | None = None) -> Markup:
        out = []
        for r in curly_runs(runs):
            if r.ref:
                html = self.paper(r.ref, section)
            elif r.href:
                html = Markup('<a class="ext" href="%s">%s</a>') % (r.href, _text_html(r.text))
            elif r.code:
                html = Markup("<code>%s</code>") % r.text
            else:
                html = _text_html(r.text)
            if r.italic:
                html = Markup("<em>%s</em>") % html
            if r.bold:
                html = Markup("<strong>%s</strong>") % html
            out.append(html)
        return Markup("").join(out)


PAPER_SIZES = {"a4": "A4", "letter": "letter"}


def _page_context(digest: Digest, options: ReportOptions, labels: Labels) -> dict:
    """What every HTML document's template gets: the digest, labels, links, page set-up, fonts."""
    return dict(
        d=digest,
        L=labels,
        link=Linker(),
        lang=options.lang,
        page_size=PAPER_SIZES[options.paper],
        organisation=options.organisation,
        period=labels.period(digest.period),
        generated=labels.date(build_date()),
        created=build_datetime().strftime("%Y-%m-%dT%H:%M:%SZ"),
        fonts_url=asset_dir("fonts").as_uri() + "/",
        stacks=STACKS,
        accent=options.accent,
        logo=_data_url(options.logo) if options.logo else None,
    )


def _data_url(path: str) -> str:
    """An image embedded as a data: URL (the engine's fetcher serves nothing else from outside)."""
    import base64
    from pathlib import Path

    from ..errors import InputError

    mime = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
    p = Path(path)
    if p.suffix.lower() not in mime:
        raise InputError("a logo must be a .png, .jpg or .svg file", str(p))
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the logo: {e.strerror}", str(p)) from None
    return f"data:{mime[p.suffix.lower()]};base64," + base64.b64encode(data).decode("ascii")


def render_report(digest: Digest, options: ReportOptions) -> PagedHTML:
    """The report as HTML whose page numbers (contents, paper index) the engine fills in."""
    labels = Labels(options.lang)
    env = html_environment(options.template_dir, options.lang)
    template = env.get_template("report/report.html.j2")
    areas = papers_per_area(digest)
    tree = digest.topic_tree
    counts = {
        "papers": len(digest.papers),
        "areas": len(tree.nodes) if tree else 0,
        "highlights": len(digest.highlights.rows) if digest.highlights else 0,
        "ideas": len(digest.ideas.ideas) if digest.ideas else 0,
    }
    chart = bar_chart_svg([(label, n) for label, n in areas if n], labels["chart.title"], accent=options.accent)
    context = dict(
        **_page_context(digest, options, labels),
        page_ref=page_ref, part_start=part_start, part_end=part_end,
        part_body=None, first_page=None, total_pages=None,
        chapters=chapters(digest, labels),
        counts=counts,
        topics=number_topics(tree.nodes) if tree else [],
        chart=Markup(chart),
        plain=plain,
        extra_name=lambda pid, runs: short_name_unless_said(digest, pid, runs),
        keywords=", ".join(sorted({kw for h in (digest.highlights.rows if digest.highlights else [])
                                   for kw in h.keywords})[:12]),
    )

    def part_document(body: str, first_page: int, total_pages: int) -> str:
        return template.render(**{**context, "part_body": Markup(body), "first_page": first_page,
                                  "total_pages": total_pages})

    return PagedHTML(template.render(**context), part_document)


def qr_svg(url: str) -> Markup:
    """A vector QR code for ``url`` (segno), sized by CSS."""
    import segno

    svg = segno.make(url, error="m", micro=False).svg_inline(border=0, omitsize=True, dark="#000")
    return Markup(svg)


def render_reading_list(digest: Digest, options: ReportOptions, include_highlights: bool = False,
                        density: str = "normal") -> str:
    """The printable reading list (one or two A4 pages) as HTML."""
    labels = Labels(options.lang)
    env = html_environment(options.template_dir, options.lang)
    entries = reading_entries(digest, include_highlights)
    return env.get_template("reading/reading.html.j2").render(
        **_page_context(digest, options, labels),
        entries=entries,
        density=density,  # "normal", "compact", "dense": build.py picks the first that fits two pages
        qr=qr_svg,
        url=arxiv.url,
    )
