"""Renderers: the model -> a document format (HTML, TeX, slide plan, bibliographies)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ReportOptions:
    lang: str = "vi"
    paper: str = "a4"  # a4 | letter
    organisation: str | None = None
    template_dir: str | None = None
