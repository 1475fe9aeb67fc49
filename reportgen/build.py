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
LATEX_ENGINES = ("xelatex", "lualatex")
LANGS = ("vi", "en")
PAPERS = ("a4", "letter")


def _check_choices(**options: tuple[str, tuple[str, ...]]) -> None:
    """Every option with a fixed set of values, checked the same way, before any work."""
    for name, (value, allowed) in options.items():
        if value not in allowed:
            raise InputError(f"unknown {name.replace('_', ' ')} '{value}' (choose from {', '.join(allowed)})")


def _check_branding(accent: str | None, logo: str | None) -> None:
    """The accent colour and the logo file, checked the same way for every output, before any work."""
    import re

    from .config import ACCENT_RE

    if accent is not None and not re.fullmatch(ACCENT_RE, accent):
        raise InputError(f"the accent must be a colour like \"#2B5D8A\", not '{accent}'")
    if logo is not None:
        if Path(logo).suffix.lower() not in LOGO_TYPES:
            raise InputError(f"a logo must be a {', '.join(LOGO_TYPES)} file", str(logo))
        if not Path(logo).is_file():
            raise InputError("logo file not found", str(logo))
        if Path(logo).suffix.lower() != ".svg":  # a bitmap must really be one (PIL, the deck and TeX read it)
            from PIL import Image, UnidentifiedImageError

            try:
                with Image.open(logo) as im:
                    im.verify()
            except (OSError, UnidentifiedImageError, SyntaxError) as e:
                raise InputError(f"the logo is not a readable image ({type(e).__name__})", str(logo)) from None


def _bitmap_logo(logo: str | None, output: str, warnings: list, source: str | None) -> str | None:
    """The logo for an output that places bitmaps only (the deck, the LaTeX cover): an SVG
    one is left off with a warning naming it."""
    if logo and Path(logo).suffix.lower() == ".svg":
        warnings.append(Warning_(code="logo", file=source,
                                 message=f"{output} needs a PNG or JPEG logo; {Path(logo).name} is left off it"))
        return None
    return logo


LOGO_TYPES = (".png", ".jpg", ".jpeg", ".svg")


@dataclass
class Result:
    output: Path
    warnings: list[Warning_] = field(default_factory=list)
    passes: int = 1  # TeX passes (LaTeX engine)


def _strict(warnings: list[Warning_], strict: bool, source: str) -> None:
    if strict and warnings:
        raise StrictWarnings(f"{len(warnings)} warning(s) and --strict; nothing written", source)


def default_output(input_path: str | Path, suffix: str, out_dir: str | Path = "output") -> Path:
    return Path(out_dir) / (Path(input_path).stem + suffix)


def build_pdf(input_path: str | Path, output: str | Path | None = None, *, engine: str = "html",
              lang: str = "vi", paper: str = "a4", template_dir: str | None = None,
              organisation: str | None = None, strict: bool = False, digest: Digest | None = None,
              latex_engine: str = "xelatex", keep_tex: bool = False, timeout: float = 120,
              accent: str | None = None, logo: str | None = None) -> Result:
    from .glyphs import check_glyphs
    from .writers import atomic_write

    _check_choices(engine=(engine, ENGINES), lang=(lang, LANGS), paper=(paper, PAPERS),
                   latex_engine=(latex_engine, LATEX_ENGINES))
    _check_branding(accent, logo)
    d = digest or read_file(input_path)
    warnings = list(d.warnings) + check_glyphs(d)
    out = Path(output) if output else default_output(input_path, ".pdf")
    if engine == "latex":
        from .engines.latex import compile_tex, find_engine, overfull_boxes
        from .renderers import ReportOptions
        from .renderers.latex import render_latex

        find_engine(latex_engine)  # before any work: TeX missing is one line naming the packages
        logo = _bitmap_logo(logo, "the LaTeX cover", warnings, d.source)  # \includegraphics: no SVG
        _strict(warnings, strict, d.source)
        from .renderers.latex import logo_file

        tex = render_latex(d, ReportOptions(lang=lang, paper=paper, organisation=organisation,
                                            template_dir=template_dir, accent=accent or ReportOptions.accent,
                                            logo=logo), latex_engine)
        files = {logo_file(logo): Path(logo).read_bytes()} if logo and logo_file(logo) else {}
        compiled = compile_tex(tex, latex_engine, timeout=timeout, files=files,
                               keep_dir=out.parent / (out.stem + "-tex") if keep_tex else None)
        for pt, line in overfull_boxes(compiled.log):
            warnings.append(Warning_(code="overfull", file=d.source,
                                     message=f"{latex_engine}: a line {pt:.1f} pt too wide (report.tex:{line})"))
        _strict(warnings, strict, d.source)
        atomic_write(out, compiled.pdf)
        return Result(out, warnings, passes=compiled.passes)
    from .engines.weasy import render_paged
    from .renderers import ReportOptions
    from .renderers.html import render_report

    paged = render_report(d, ReportOptions(lang=lang, paper=paper, organisation=organisation,
                                          template_dir=template_dir, accent=accent or ReportOptions.accent,
                                          logo=logo))
    rendered = render_paged(paged, lang=lang, identifier=_pdf_id(paged.html))
    warnings += [Warning_(code="engine", file=d.source, message=m) for m in rendered.warnings]
    _strict(warnings, strict, d.source)
    atomic_write(out, rendered.pdf)
    return Result(out, warnings)


def _pdf_id(html: str) -> bytes:
    """A /ID derived from the content, so equal input gives equal bytes."""
    return hashlib.md5(html.encode()).hexdigest().encode()


READING_FORMATS = ("pdf", "bib", "ris", "csljson")
DENSITIES = ("normal", "compact", "dense")


def build_reading_list(input_path: str | Path, output: str | Path | None = None, *, fmt: str = "pdf",
                       paper: str = "a4", include_highlights: bool = False, lang: str = "vi",
                       template_dir: str | None = None, organisation: str | None = None,
                       strict: bool = False, digest: Digest | None = None,
                       accent: str | None = None, logo: str | None = None) -> Result:
    """The printable reading list (PDF) or its bibliography export."""
    from .glyphs import check_glyphs
    from .renderers.bibliography import FORMATS
    from .writers import atomic_write

    _check_choices(format=(fmt, READING_FORMATS), paper=(paper, PAPERS), lang=(lang, LANGS))
    _check_branding(accent, logo)
    d = digest or read_file(input_path)
    if not d.reading_list or not d.reading_list.items:
        if not (include_highlights and d.highlights and d.highlights.rows):
            raise InputError("the digest has no reading list (try --include highlights)", d.source)
    warnings = list(d.warnings)
    suffix = ".reading.pdf" if fmt == "pdf" else FORMATS[fmt][1]
    out = Path(output) if output else default_output(input_path, suffix)
    if fmt != "pdf":
        from .transforms import reading_entries

        _strict(warnings, strict, d.source)
        atomic_write(out, FORMATS[fmt][0](reading_entries(d, include_highlights)))
        return Result(out, warnings)
    from .engines.weasy import html_to_pdf
    from .renderers import ReportOptions
    from .renderers.html import render_reading_list

    warnings += check_glyphs(d)
    _strict(warnings, strict, d.source)
    options = ReportOptions(lang=lang, paper=paper, organisation=organisation, template_dir=template_dir,
                            accent=accent or "#000000", logo=logo)  # a printout: black unless configured
    # One or two pages, whatever the list's length: denser layouts until it fits.
    for density in DENSITIES:
        html = render_reading_list(d, options, include_highlights, density)
        rendered = html_to_pdf(html, lang=lang, identifier=_pdf_id(html))
        if rendered.pages <= 2:
            break
    else:
        warnings.append(Warning_(code="too-long", file=d.source,
                                 message=f"the reading list takes {rendered.pages} pages even at the densest layout"))
    warnings += [Warning_(code="engine", file=d.source, message=m) for m in rendered.warnings]
    _strict(warnings, strict, d.source)
    atomic_write(out, rendered.pdf)
    return Result(out, warnings)


def build_slides(input_path: str | Path, output: str | Path | None = None, *, lang: str = "vi",
                 template: str | Path | None = None, organisation: str | None = None, strict: bool = False,
                 digest: Digest | None = None, accent: str | None = None, logo: str | None = None) -> Result:
    """The lab-meeting deck (.pptx): plan every slide (measured, paginated), then write
    the plan onto the template (the bundled one, or a lab's own mapped by layout name)."""
    from .labels import build_date
    from .renderers.deck_plan import DeckOptions, plan_deck
    from .renderers.pptx_writer import Template, write_deck
    from .writers import atomic_write

    _check_choices(lang=(lang, LANGS))
    _check_branding(accent, logo)
    d = digest or read_file(input_path)
    warnings = list(d.warnings)
    logo = _bitmap_logo(logo, "the deck", warnings, d.source)  # PowerPoint places bitmaps
    tpl = Template(template)
    out = Path(output) if output else default_output(input_path, ".pptx")
    deck = plan_deck(d, tpl.geometry, DeckOptions(lang=lang, organisation=organisation, date=build_date(),
                                                  accent=accent, logo=logo))
    _strict(warnings, strict, d.source)
    atomic_write(out, write_deck(deck, tpl))
    return Result(out, warnings)
