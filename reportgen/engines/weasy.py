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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import EngineFailed, EngineMissing
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


def html_to_pdf(html: str, *, lang: str = "vi", identifier: bytes | None = None) -> Rendered:
    """Render ``html`` to PDF."""
    try:
        import weasyprint
    except ImportError as e:  # pragma: no cover - weasyprint is a dependency
        raise EngineMissing(f"WeasyPrint cannot be imported ({e}); pip install weasyprint") from None
    fetched: list[str] = []
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        base = asset_dir("templates").as_uri() + "/"
        doc = weasyprint.HTML(string=html, base_url=base, url_fetcher=make_fetcher(fetched)).render(
            font_config=_bundled_font_config())
        pdf = doc.write_pdf(
            pdf_identifier=identifier,  # a fixed /ID keeps builds byte-identical
            custom_metadata=True,
            pdf_tags=False,
            uncompressed_pdf=False,
        )
    except RefusedURL as e:  # pragma: no cover - WeasyPrint catches fetch errors itself
        raise EngineFailed(str(e)) from None
    except Exception as e:  # WeasyPrint bugs on odd input: one line, its own exit code
        raise EngineFailed(f"WeasyPrint failed: {type(e).__name__}: {e}") from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return Rendered(pdf, handler.messages, fetched, len(doc.pages))
