"""Renderers: the model -> a document format (HTML, TeX, slide plan, bibliographies)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ReportOptions:
    lang: str = "vi"
    paper: str = "a4"  # a4 | letter
    organisation: str | None = None
    template_dir: str | None = None
    accent: str = "#2B5D8A"  # the report's accent colour (config: accent)
    logo: str | None = None  # an image file for the cover (config: logo)
