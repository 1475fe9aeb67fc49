"""The pipeline, once: reader -> transforms -> renderer -> engine -> writer.

Every command calls ``build_*`` here; the CLI only maps options.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, StrictWarnings
from .model import Digest, Warning_
from .reader import read_file

ENGINES = ("html", "latex")


@dataclass
class Result:
    output: Path
    warnings: list[Warning_] = field(default_factory=list)


def _strict(warnings: list[Warning_], strict: bool, source: str) -> None:
    if strict and warnings:
        raise StrictWarnings(f"{len(warnings)} warning(s) and --strict; nothing written", source)


def default_output(input_path: str | Path, suffix: str, out_dir: str | Path = "output") -> Path:
    return Path(out_dir) / (Path(input_path).stem + suffix)


def build_pdf(input_path: str | Path, output: str | Path | None = None, *, engine: str = "html",
              lang: str = "vi", paper: str = "a4", template_dir: str | None = None,
              organisation: str | None = None, strict: bool = False, digest: Digest | None = None) -> Result:
    from .glyphs import check_glyphs
    from .writers import atomic_write

    if engine not in ENGINES:
        raise InputError(f"unknown engine '{engine}' (choose from {', '.join(ENGINES)})")
    if lang not in ("vi", "en"):
        raise InputError(f"unknown language '{lang}' (choose vi or en)")
    if paper not in ("a4", "letter"):
        raise InputError(f"unknown paper size '{paper}' (choose a4 or letter)")
    d = digest or read_file(input_path)
    warnings = list(d.warnings) + check_glyphs(d)
    out = Path(output) if output else default_output(input_path, ".pdf")
    if engine == "latex":
        from .engines.latex import build_latex_pdf  # noqa: F401  (issue: LaTeX engine)

        raise InputError("the LaTeX engine is not available yet; use --engine html")
    from .engines.weasy import html_to_pdf
    from .renderers.html import ReportOptions, render_report

    html = render_report(d, ReportOptions(lang=lang, paper=paper, organisation=organisation,
                                          template_dir=template_dir))
    pdf, engine_warnings, _ = html_to_pdf(html, lang=lang, identifier=hashlib.md5(html.encode()).hexdigest().encode())
    warnings += [Warning_(code="engine", file=d.source, message=m) for m in engine_warnings]
    _strict(warnings, strict, d.source)
    atomic_write(out, pdf)
    return Result(out, warnings)
