"""LaTeX renderer: ``Digest`` -> a .tex source for XeLaTeX or LuaLaTeX.

The preamble is built with PyLaTeX (a ``Document`` with fontspec, without T1,
inputenc or lmodern); the body comes from ``templates/latex/report.tex.j2``,
a Jinja2 template with LaTeX-safe delimiters (``((* *))``, ``((( )))``, as
nbconvert does).  Every value the template prints passes through the one
escaper (``reportgen.latex.escape``) unless it is ``NoEscape`` TeX that this
module built — escaping is the environment's default, not the template's duty.

Numbering, labels, dates, the paper index and short names come from the model,
``renderers.common`` and ``labels``, shared with the HTML renderer.
"""
from __future__ import annotations

from dataclasses import dataclass

from pathlib import Path

import jinja2

from .. import arxiv
from ..glyphs import FALLBACKS, coverage
from ..labels import Labels, build_date
from ..latex import NoEscape, escape
from ..model import Digest, Runs, plain
from ..resources import asset_dir
from ..settings import Settings
from ..typography import curly_runs
from .common import (REPORT_MARGINS, RunWriter, is_short, area_place, chapters, cover_counts, keywords, mention_anchor, number_topics, papers_per_area,
                     short_name_unless_said)


def _url(url: str) -> str:
    """A URL safe inside \\href{…}: TeX-active characters percent-encoded or escaped."""
    url = "".join({"\\": "%5C", "{": "%7B", "}": "%7D", " ": "%20", "^": "%5E", "~": "%7E"}.get(c, c) for c in url)
    return url.replace("%", "\\%").replace("#", "\\#")


RTL_SCRIPTS = ("arabic", "hebrew")  # escape() names the script of each right-to-left run
RTL = r"\RL"  # the macro that sets a Hebrew or Arabic run right to left (defined in the preamble)


@dataclass
class TexLinker(RunWriter[str]):
    """Runs and ids -> TeX (the LaTeX twin of ``renderers.html.Linker``): the first
    mention of a paper in a section gets a label the paper index refers to."""

    def _label(self, pid: str, section: str | None) -> str:
        return f"\\phantomsection\\label{{{mention_anchor(pid, section)}}}" if self.first(pid, section) else ""

    def paper(self, pid: str, section: str | None = None) -> NoEscape:
        return NoEscape(f"{self._label(pid, section)}\\href{{{_url(arxiv.url(pid))}}}{{\\paperid{{{escape(pid)}}}}}")

    def text(self, text: str) -> str:
        return escape(text, rtl=RTL)

    def link(self, href: str, text: str) -> str:
        return f"\\href{{{_url(href)}}}{{{escape(text, rtl=RTL)}}}"

    def code(self, text: str) -> str:
        return f"\\texttt{{{escape(text)}}}"

    def italic(self, inner: str) -> str:
        return f"\\emph{{{inner}}}"

    def bold(self, inner: str) -> str:
        return f"\\textbf{{{inner}}}"

    def join(self, parts: list[str]) -> NoEscape:
        return NoEscape("".join(parts))

    def title(self, runs: Runs) -> NoEscape:
        """Runs for a sectioning command: no labels or links (a title is a moving argument,
        copied to the contents and the PDF outline), plain text for the outline."""
        body = "".join(escape(r.text, rtl=RTL) if not r.ref else f"\\paperid{{{escape(r.text)}}}" for r in curly_runs(runs))
        return NoEscape(f"\\texorpdfstring{{{body}}}{{{escape(plain(curly_runs(runs)))}}}")


def latex_environment(template_dir: str | None = None) -> jinja2.Environment:
    search = ([template_dir] if template_dir else []) + [str(asset_dir("templates"))]

    def finalize(value):
        # the LaTeX autoescape: anything not built as TeX here is user text
        if isinstance(value, NoEscape):
            return value
        return escape("" if value is None else str(value), rtl=RTL)

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        block_start_string="((*", block_end_string="*))",
        variable_start_string="(((", variable_end_string=")))",
        comment_start_string="((=", comment_end_string="=))",
        autoescape=False, finalize=finalize, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )


# Fonts by path (DESIGN §4): fontspec loads the bundled files, never system ones.
_FONT_FAMILIES = {
    "main": ("setmainfont", "NotoSerif", True),
    "sans": ("setsansfont", "NotoSans", True),
    "mono": ("setmonofont", "NotoSansMono", False),
}
SYMBOL_FONTS = [(name, file) for _, file, name in FALLBACKS]  # what Noto Serif lacks, in fallback order


def _font_path() -> str:
    return asset_dir("fonts").resolve().as_posix() + "/"


def symbol_chars(digest: Digest) -> dict[str, str]:
    """Characters of the digest that Noto Serif lacks, and which symbol font has each."""
    from ..model import iter_text

    serif = coverage(("NotoSerif-Regular.ttf",))
    per_font = [(name, coverage((file,))) for name, file in SYMBOL_FONTS]
    out: dict[str, str] = {}
    for item in iter_text(digest):
        text = plain(item.runs) if item.kind == "runs" else item.text
        for ch in text:
            if ord(ch) > 0x7F and ch not in out and ord(ch) not in serif:
                for name, cps in per_font:
                    if ord(ch) in cps:
                        out[ch] = name
                        break
    return out


def preamble(digest: Digest, settings: Settings, engine: str, labels: Labels, title: str) -> list[str]:
    path = _font_path()
    m = REPORT_MARGINS
    lines = [
        r"\usepackage{fontspec}",
        r"\defaultfontfeatures{Ligatures=TeXOff}",  # the text is Unicode already: -- stays --
    ]
    fallback = ""
    if engine == "lualatex":
        # luaotfload fallback: missing glyphs come from the bundled symbol fonts (harf mode)
        fonts = ",".join(f'"[{path}{file}]:mode=harf;"' for _, file in SYMBOL_FONTS)
        lines.append(r"\directlua{luaotfload.add_fallback('rgfallback', {" + fonts + "})}")
        fallback = ", RawFeature={fallback=rgfallback}"
    for cmd, stem, four in _FONT_FAMILIES.values():
        styles = "UprightFont=*-Regular, BoldFont=*-Bold" + (", ItalicFont=*-Italic, BoldItalicFont=*-BoldItalic"
                                                              if four else "")
        lines.append(f"\\{cmd}{{{stem}}}[Path={path}, Extension=.ttf, {styles}{fallback}]")
    for name, file in SYMBOL_FONTS:
        script = f", Script={name.capitalize()}" if name in RTL_SCRIPTS else ""
        lines.append(f"\\newfontfamily\\{name}font{{{file}}}[Path={path}{script}]")
    # a Hebrew or Arabic run, right to left (TeX's own bidi primitives; escape() marks the runs)
    if engine == "lualatex":  # in the script's own font: the fallback would not join Arabic letters
        lines.append(r"\DeclareRobustCommand\RL[2]{{\textdir TRT\csname #1font\endcsname #2}}")
    else:  # XeTeX shapes each word right to left; \beginR orders the words
        lines.append(r"\TeXXeTstate=1 \DeclareRobustCommand\RL[2]{\beginR #2\endR}")
    if engine == "xelatex":
        # XeLaTeX has no font fallback: each symbol Noto Serif lacks is mapped to its font
        lines.append(r"\usepackage{newunicodechar}")
        for ch, name in sorted(symbol_chars(digest).items()):
            lines.append(f"\\newunicodechar{{{ch}}}{{{{\\{name}font {ch}}}}}")
    lang = "vietnamese" if settings.lang == "vi" else "english"
    lines += [
        # Vietnamese has no hyphenation patterns: none at all, rather than English ones
        r"\usepackage{babel}",
        f"\\babelprovide[import,main,hyphenrules=nohyphenation]{{{lang}}}",
        r"\usepackage[" + ("a4paper" if settings.paper == "a4" else "letterpaper")
        + f",top={m.top:g}mm,bottom={m.bottom:g}mm,left={m.left:g}mm,right={m.right:g}mm,headsep=6mm]{{geometry}}",
        # no character protrusion: ragged-right text gains nothing from it, and a hanging full stop
        # is a character outside the text area
        r"\usepackage[protrusion=false]{microtype}",
        r"\usepackage{xcolor}",
        f"\\definecolor{{accent}}{{HTML}}{{{settings.accent.lstrip('#').upper()}}}"
        r"\definecolor{ink}{HTML}{14324F}\definecolor{link}{HTML}{1F5F99}",
        r"\usepackage{enumitem}",
        r"\usepackage{tcolorbox}\tcbuselibrary{breakable}",
        r"\usepackage{fancyhdr}",
        r"\usepackage{titlesec}",
        r"\usepackage{tocloft}",
        r"\usepackage{graphicx}",
        r"\usepackage{needspace}",  # no heading stranded at a page foot
        r"\usepackage{refcount}",  # \getpagerefnumber: the index says each page once
        r"\usepackage[hyperfootnotes=false]{hyperref}",
        r"\usepackage{bookmark}",
        # TeX passes (\tracinglostchars=3: a character missing from the font is an error)
        r"\tracinglostchars=3",
        r"\linespread{1.12}",  # 10pt on 13.4pt: stacked diacritics never touch the line above
        r"\hyphenpenalty=10000 \exhyphenpenalty=10000",  # never break "mô-đun"
        # two lines at least on each side of a page break
        r"\widowpenalty=10000 \clubpenalty=10000 \displaywidowpenalty=10000",
        # where the digest is: every block says its source line in the log, every chapter its
        # number, so an overfull box is reported with both (engines/latex.py: overfull_boxes)
        r"\newcommand{\rgsrc}[1]{\typeout{@rg line #1}}",
        r"\newcommand{\rgchapter}[1]{\typeout{@rg chapter #1}}",
        r"\emergencystretch=3em",
        r"\setlength{\parindent}{0pt}\setlength{\parskip}{0.45em}",
        r"\AtBeginDocument{\raggedright}",  # ragged right with no stretch limit: never an overfull line
        r"\newcommand{\paperid}[1]{{\ttfamily\small\color{link}#1}}",
        # \pagelist{a,b,c}: the pages of labels a, b, c, each a link, a page said once ("5, 9")
        r"\makeatletter\newcommand{\pagelist}[1]{\def\rg@last{}\def\rg@sep{}\@for\rg@l:=#1\do{"
        r"\edef\rg@p{\getpagerefnumber{\rg@l}}\ifx\rg@p\rg@last\else\rg@sep"
        r"\edef\rg@do{\noexpand\hyperref[\rg@l]{\rg@p}}\rg@do"
        r"\def\rg@sep{, }\let\rg@last\rg@p\fi}}\makeatother",
        # a block at list depth #1 (em) with marker #2 hung in the margin: flat blocks, no nesting
        r"\newcommand{\blkitem}[3]{\par{\leftskip=\dimexpr#1em+1.2em\relax\noindent"
        r"\llap{#2\hspace{0.45em}}#3\par}}",
        r"\titleformat{\section}{\raggedright\sffamily\bfseries\Large\color{ink}}{\color{accent}\thesection}{0.5em}{}"
        r"[{\color{accent}\titlerule[1.2pt]}]",
        r"\titleformat{\subsection}{\raggedright\sffamily\bfseries\large\color{ink}}{\color{accent}\thesubsection}{0.5em}{}",
        r"\titleformat{\subsubsection}{\raggedright\sffamily\bfseries\normalsize\color{ink}}{}{0em}{}",
        r"\titleformat{\paragraph}[hang]{\raggedright\sffamily\bfseries\small\color{ink}}{}{0em}{}",
        r"\titlespacing*{\paragraph}{0pt}{0.8em}{0.2em}",
        r"\setcounter{secnumdepth}{2}\setcounter{tocdepth}{2}",
        r"\renewcommand{\cftsecfont}{\sffamily\bfseries}\renewcommand{\cftsecpagefont}{\sffamily\bfseries}",
        r"\renewcommand{\cftsecleader}{\cftdotfill{\cftdotsep}}",
        r"\pagestyle{fancy}\fancyhf{}",
        r"\renewcommand{\headrulewidth}{0pt}",
        f"\\fancyhead[L]{{\\sffamily\\scriptsize\\color{{gray}}{escape(title, rtl=RTL)}}}",
        r"\fancyhead[R]{\sffamily\scriptsize\bfseries\color{accent}\leftmark}",
        r"\renewcommand{\sectionmark}[1]{\markboth{#1}{}}",
        r"\fancypagestyle{plain}{}",  # chapter-opening and contents pages keep the running header/footer
        f"\\fancyfoot[C]{{\\sffamily\\footnotesize {escape(labels['page'])} \\thepage{{}} / \\pageref*{{LastPage}}}}",
        r"\tcbset{card/.style={colback=black!2,colframe=black!22,boxrule=0.6pt,arc=2pt,left=3mm,right=3mm,"
        r"top=2mm,bottom=1.5mm,before skip=0pt,after skip=3mm}}",
        r"\newcommand{\fieldlabel}[1]{{\sffamily\bfseries\small\color{accent}#1}\par\nopagebreak}",
        r"\newcommand{\tag}[1]{\tcbox[on line,colback=white,colframe=black!35,boxrule=0.4pt,arc=4pt,left=1mm,"
        r"right=1mm,top=0pt,bottom=0pt,boxsep=0.6pt]{\sffamily\scriptsize #1}}",
        r"\newcommand{\badge}[1]{\tcbox[on line,colback=accent,colframe=accent,boxrule=0pt,arc=1.5pt,left=1mm,"
        r"right=1mm,top=0pt,bottom=0pt,boxsep=0.8pt]{\sffamily\bfseries\small\color{white}#1}}",
        "\\hypersetup{colorlinks=true, linkcolor=ink, urlcolor=link, "
        f"pdftitle={{{escape(title)}}}, pdfsubject={{{escape(labels['report_kind'])}}}, "
        f"pdfauthor={{{escape(settings.organisation or 'reportgen')}}}, pdfcreator={{reportgen}}, "
        f"pdfkeywords={{{escape(', '.join(keywords(digest)))}}}, pdflang={{{settings.lang}}}, "
        "bookmarksnumbered=true, bookmarksdepth=2}",
    ]
    return lines


def logo_file(logo: str | None) -> str | None:
    """The name the cover logo has beside report.tex (png or jpg: what \\includegraphics reads)."""
    if logo and Path(logo).suffix.lower() in (".png", ".jpg", ".jpeg"):
        return "logo" + Path(logo).suffix.lower()
    return None


def render_latex(digest: Digest, settings: Settings, logo: str | None = None) -> str:
    """The whole .tex source for ``settings.latex_engine``; ``logo`` is the cover's image
    (a bitmap: \\includegraphics reads no SVG), copied beside report.tex as ``logo_file``."""
    from pylatex import Document, NoEscape as PNoEscape

    engine = settings.latex_engine
    labels = Labels(settings.lang)
    period = labels.period(digest.period)
    title = f"{labels['report_kind']} – {period}"
    # fontspec, not T1/inputenc/lmodern (PyLaTeX's defaults are for pdflatex); page_numbers=True
    # only brings lastpage (False would force \pagestyle{empty}); indent=True keeps parskip out.
    doc = Document(documentclass="article", document_options=["10pt"], fontenc=None, inputenc=None,
                   lmodern=False, textcomp=False, page_numbers=True, microtype=False, indent=True)
    for line in preamble(digest, settings, engine, labels, title):
        doc.preamble.append(PNoEscape(line))
    env = latex_environment(settings.template_dir)
    from ..templating import install_translations

    install_translations(env, settings.lang)
    tree = digest.topic_tree
    body = env.get_template("latex/report.tex.j2").render(
        d=digest, L=labels, link=TexLinker(), title=title, period=period,
        generated=labels.date(build_date()), organisation=settings.organisation,
        logo=NoEscape(logo_file(logo)) if logo_file(logo) else None,
        counts=cover_counts(digest),
        chapters=chapters(digest, labels), topics=number_topics(tree.nodes) if tree else [],
        areas=[(label, n) for label, n in papers_per_area(digest) if n],
        plain=plain, extra_name=lambda pid, runs: short_name_unless_said(digest, pid, runs),
        tex=NoEscape, area_place=area_place, short=is_short,
        # the widest label of a numbered list, so enumitem makes room for "150." in the text area
        widest=lambda steps: max([st.number for st in steps if st.number] or [len(steps)]),
        src=lambda item: NoEscape(f"\\rgsrc{{{item.line}}}" if getattr(item, "line", 0) else ""),
    )
    doc.append(PNoEscape(body))
    return doc.dumps()
