"""WeasyPrint engine: HTML string -> PDF bytes.

Safety (DESIGN §5): the URL fetcher serves only files inside the bundled
``templates/`` and ``fonts/`` folders and ``data:`` URLs; anything else
(``file://`` elsewhere, ``http://``) is refused without being read.  The
digest's text is escaped by the template, so a digest cannot even ask.

WeasyPrint's own warnings (a missing glyph, a refused URL) are collected and
returned, never just logged.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import EngineFailed, EngineMissing
from ..pagerefs import PagedHTML, fill
from ..resources import asset_dir


class RefusedURL(Exception):
    pass


def _allowed_roots() -> list[Path]:
    return [asset_dir("fonts").resolve(), asset_dir("templates").resolve()]


def make_fetcher(log: list[str]):
    """A URL fetcher limited to bundled assets.  ``log`` records every URL asked for."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = _allowed_roots()

    class BundledOnly(URLFetcher):
        def fetch(self, url, headers=None):
            log.append(url)
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return URLFetcherResponse(url, body=path.read_bytes(),
                                              headers={"Content-Type": _mime(path)})
            raise RefusedURL(f"refused to fetch {url}: only bundled assets are served")

    return BundledOnly()


def _mime(path: Path) -> str:
    return {".ttf": "font/ttf", ".otf": "font/otf", ".css": "text/css", ".svg": "image/svg+xml",
            ".png": "image/png"}.get(path.suffix.lower(), "application/octet-stream")


# The fontconfig world WeasyPrint sees: the bundled report fonts and nothing else,
# so a character they lack can never be drawn from a system font (DejaVu …) —
# it is caught by the glyph pre-flight instead.  Liberation/Carlito are for the deck.
_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
  <selectfont><rejectfont>
    <glob>*/Liberation*</glob>
    <glob>*/Carlito*</glob>
  </rejectfont></selectfont>
</fontconfig>
"""


def _bundled_font_config():
    """A WeasyPrint FontConfiguration whose fontconfig knows only bundled fonts."""
    import os
    import tempfile

    from weasyprint.text.fonts import FontConfiguration

    folder = Path(tempfile.gettempdir()) / f"reportgen-fontconfig-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    conf = folder / "fonts.conf"
    text = _FONTS_CONF.format(fonts=asset_dir("fonts").resolve(), cache=folder / "cache")
    if not conf.exists() or conf.read_text() != text:
        conf.write_text(text)
    old = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(conf)  # read when FontConfiguration loads its FcConfig
    try:
        return FontConfiguration()
    finally:
        if old is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = old


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@dataclass
class Rendered:
    pdf: bytes
    warnings: list[str]  # what WeasyPrint logged
    fetched: list[str]  # every URL it asked for
    pages: int


class _Engine:
    """One WeasyPrint session: the bundled fonts, the fetcher, WeasyPrint's warnings
    collected.  Several documents may be laid out in it (``render_paged``).  Only what
    WeasyPrint itself does is turned into ``EngineFailed``: an error in our own code
    stays what it is."""

    def __enter__(self):
        try:
            import weasyprint
        except ImportError as e:  # pragma: no cover - weasyprint is a dependency
            raise EngineMissing(f"WeasyPrint cannot be imported ({e}); pip install weasyprint") from None
        self.weasyprint = weasyprint
        self.fetched: list[str] = []
        self.fetcher = make_fetcher(self.fetched)
        self.base = asset_dir("templates").as_uri() + "/"
        self.handler = _Collect()
        try:
            self.font_config = _bundled_font_config()
        except OSError as e:  # the private fontconfig folder in the temp directory
            raise EngineFailed(f"cannot set up the fonts for WeasyPrint: {e}") from None
        logger = logging.getLogger("weasyprint")
        self._old_level = logger.level
        logger.addHandler(self.handler)
        logger.setLevel(logging.WARNING)
        return self

    def __exit__(self, kind, error, tb):
        logger = logging.getLogger("weasyprint")
        logger.removeHandler(self.handler)
        logger.setLevel(self._old_level)
        return False

    def layout(self, html: str):
        with _weasyprint_errors():
            return self.weasyprint.HTML(string=html, base_url=self.base, url_fetcher=self.fetcher).render(
                font_config=self.font_config)

    def result(self, doc, identifier: bytes | None) -> Rendered:
        with _weasyprint_errors():
            pdf = doc.write_pdf(
                pdf_identifier=identifier,  # a fixed /ID keeps builds byte-identical
                custom_metadata=True,
                pdf_tags=False,
                uncompressed_pdf=False,
            )
        warnings = list(dict.fromkeys(self.handler.messages))  # a part laid out twice warns once
        return Rendered(pdf, warnings, self.fetched, len(doc.pages))


@contextmanager
def _weasyprint_errors():
    """WeasyPrint bugs on odd input: one line, the engine's own exit code."""
    try:
        yield
    except RefusedURL as e:  # pragma: no cover - WeasyPrint catches fetch errors itself
        raise EngineFailed(str(e)) from None
    except Exception as e:
        raise EngineFailed(f"WeasyPrint failed: {type(e).__name__}: {e}") from None


def html_to_pdf(html: str, *, lang: str = "vi", identifier: bytes | None = None) -> Rendered:
    """Render ``html`` to PDF."""
    with _Engine() as engine:
        return engine.result(engine.layout(html), identifier)


def anchor_pages(pages) -> dict[str, int]:
    """Every anchor of a laid-out document -> the number of the page it begins on
    (an element split over pages has its anchor on each)."""
    where: dict[str, int] = {}
    for number, page in enumerate(pages, 1):
        for anchor in page.anchors:
            where.setdefault(anchor, number)
    return where


def _placeholder_digits(html: str) -> int:
    """How many digits page numbers will have, guessed from the document's size (a
    page holds a few kB of HTML); a guess too small costs a second layout, not a wrong number."""
    return max(2, len(str(len(html) // 3000)))


def render_paged(paged: PagedHTML, *, lang: str = "vi", identifier: bytes | None = None,
                 max_passes: int = 4) -> Rendered:
    """Render a document whose page numbers are filled in after layout (``reportgen.pagerefs``)."""
    with _Engine() as engine:
        digits = _placeholder_digits(paged.html)
        doc = engine.layout(fill(paged.html, lambda anchor: "0" * digits))  # placeholders
        passes = 1
        if len(str(len(doc.pages))) > digits:  # numbers wider than their placeholders: again, wider
            digits = len(str(len(doc.pages)))
            doc = engine.layout(fill(paged.html, lambda anchor: "0" * digits))
            passes += 1
        numbers = _numbers(paged, anchor_pages(doc.pages))
        done = _relayout_parts(engine, paged, doc, numbers, digits)
        while done is None and passes < max_passes:
            # A part came out longer or shorter with the real numbers (or a template printed a
            # number outside any part): lay the whole document out with the numbers read, until
            # they are the pages they name.
            digits = max(digits, len(str(len(doc.pages))))
            doc = engine.layout(fill(paged.html, numbers, digits))
            passes += 1
            read = _numbers(paged, anchor_pages(doc.pages))
            if read == numbers:
                done = doc
            numbers = read
        if done is None:  # pragma: no cover - numbers that move the pages they name, every time
            engine.handler.messages.append("page numbers in the contents or the index may be off by one")
            done = doc
        return engine.result(done, identifier)


def _numbers(paged: PagedHTML, where: dict[str, int]) -> dict[str, int]:
    return {anchor: where[anchor] for anchor in paged.references if anchor in where}


def _relayout_parts(engine: _Engine, paged: PagedHTML, doc, numbers: dict[str, int], digits: int):
    """``doc`` with each part's pages laid out again with the real numbers, or None
    when that would move any page or leave a placeholder printed (then the caller lays
    out everything again)."""
    parts = paged.parts
    if not paged.references <= {ref for part in parts for ref in part.references}:
        return None  # a number printed outside the parts (a user's template): only a full layout fills it
    where = anchor_pages(doc.pages)
    total = len(doc.pages)
    pages = list(doc.pages)
    for part in parts:
        if part.first_anchor not in where or (part.next_anchor and part.next_anchor not in where):
            return None
        first = where[part.first_anchor]
        end = where[part.next_anchor] - 1 if part.next_anchor else total  # last page of the part
        laid = engine.layout(paged.part_document(fill(part.body, numbers, digits), first, total))
        if len(laid.pages) != end - first + 1:
            return None
        pages[first - 1:end] = laid.pages  # same length: the other parts' page indexes hold
    combined = doc.copy(pages)
    if _numbers(paged, anchor_pages(combined.pages)) != numbers:
        return None
    return combined
