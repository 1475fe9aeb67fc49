"""Command line: options in, a stage call out.  No logic lives here.

Every error a user can cause is a ``ReportgenError``: printed as one line on
stderr, exit code from the error kind, no traceback.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .errors import EXIT_WARNINGS, ReportgenError
from .model import Digest

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Turn monthly arXiv digests (Vietnamese) into reports, reading lists and decks.")


def _fail(e: ReportgenError) -> None:
    typer.echo(f"reportgen: {e}", err=True)
    raise typer.Exit(e.exit_code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    pass


@app.command()
def parse(file: Path = typer.Argument(..., help="A digest (.md) or its JSON model."),
          output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the JSON here (default: stdout)."),
          ) -> None:
    """Read a digest and write its model as JSON (stable key order)."""
    from .jsonio import to_json
    from .reader import read_file
    from .writers import atomic_write

    try:
        digest = read_file(file)
        text = to_json(digest)
        if output is None or str(output) == "-":
            sys.stdout.write(text)
        else:
            atomic_write(output, text)
    except ReportgenError as e:
        _fail(e)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the model that `parse` writes."""
    from .jsonio import schema_json

    sys.stdout.write(schema_json())


def _counts(d: Digest) -> list[tuple[str, int]]:
    tree = d.topic_tree
    nodes = [n for top in (tree.nodes if tree else []) for n in top.walk()]
    return [
        ("topic areas", len(tree.nodes) if tree else 0),
        ("topics", len(nodes)),
        ("trend entries", sum(len(n.entries) for n in nodes)),
        ("highlights", len(d.highlights.rows) if d.highlights else 0),
        ("contributions", len(d.contributions.items) if d.contributions else 0),
        ("gap groups", len(d.gaps.groups) if d.gaps else 0),
        ("ideas", len(d.ideas.ideas) if d.ideas else 0),
        ("reading list", len(d.reading_list.items) if d.reading_list else 0),
        ("reflection paragraphs", len(d.reflection.blocks) if d.reflection else 0),
        ("distinct papers", len(d.papers)),
    ]


@app.command()
def check(files: List[Path] = typer.Argument(..., help="Digests to check."),
          strict: bool = typer.Option(False, "--strict", help="Exit 1 when there are warnings."),
          ) -> None:
    """Print what each digest holds, then every warning with file:line."""
    from .reader import read_file

    failed = 0
    warned = 0
    for f in files:
        try:
            d = read_file(f)
        except ReportgenError as e:
            typer.echo(f"reportgen: {e}", err=True)
            failed = max(failed, e.exit_code)
            continue
        period = f"{d.period.month:02d}/{d.period.year}" if d.period else "?"
        typer.echo(f"{f}  ({d.title}; period {period})")
        for label, n in _counts(d):
            typer.echo(f"  {label:<22} {n:>5}")
        kinds = Counter(w.code for w in d.warnings)
        typer.echo(f"  {'warnings':<22} {len(d.warnings):>5}" +
                   (f"  ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})" if kinds else ""))
        for w in d.warnings:
            typer.echo(f"  {w}")
        warned += len(d.warnings)
    if failed:
        raise typer.Exit(failed)
    if strict and warned:
        typer.echo(f"reportgen: {warned} warning(s) and --strict", err=True)
        raise typer.Exit(EXIT_WARNINGS)


ACCENT_HELP = "Accent colour, e.g. '#2B5D8A' (the default)."
CONFIG_HELP = "Default: ./reportgen.toml or [tool.reportgen] in ./pyproject.toml. Flags override it."


def _settings(config: Optional[Path], **flags) -> dict:
    """The configuration file's values with the flags that were given on top (every command alike).
    A logo named in the file is relative to the file; one given as a flag, to the working folder."""
    from .config import load_config

    if flags.get("logo") is not None:
        flags["logo"] = str(flags["logo"])
    return load_config(config).merged(**flags)


def _print_warnings(warnings) -> None:
    for w in warnings:
        typer.echo(f"reportgen: {w}", err=True)


@app.command()
def pdf(file: Path = typer.Argument(..., help="A digest (.md) or its JSON model."),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="Default: output/<name>.pdf"),
        engine: Optional[str] = typer.Option(None, "--engine", help="html (WeasyPrint, the default) or latex."),
        lang: Optional[str] = typer.Option(None, "--lang", help="Language of the report's own words: vi (default) "
                                                                "or en."),
        paper: Optional[str] = typer.Option(None, "--paper", help="a4 (default) or letter."),
        template_dir: Optional[Path] = typer.Option(None, "--template-dir",
                                                    help="Templates here override the bundled ones."),
        org: Optional[str] = typer.Option(None, "--org", help="Organisation shown on the cover."),
        accent: Optional[str] = typer.Option(None, "--accent", help=ACCENT_HELP),
        logo: Optional[Path] = typer.Option(None, "--logo", help="A PNG, JPEG or SVG logo for the cover."),
        config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
        strict: bool = typer.Option(False, "--strict", help="Fail (exit 1, nothing written) on any warning."),
        latex_engine: str = typer.Option("xelatex", "--latex-engine", help="With --engine latex: xelatex or lualatex."),
        keep_tex: bool = typer.Option(False, "--keep-tex", help="With --engine latex: keep report.tex and its log "
                                                                   "next to the PDF (<name>-tex/)."),
        timeout: float = typer.Option(120, "--timeout", help="With --engine latex: seconds per TeX pass."),
        ) -> None:
    """Typeset the digest as a PDF report."""
    from .build import build_pdf

    try:
        c = _settings(config, engine=engine, lang=lang, paper=paper, organisation=org, accent=accent, logo=logo)
        result = build_pdf(file, output, engine=c["engine"] or "html", lang=c["lang"] or "vi",
                           paper=c["paper"] or "a4", template_dir=str(template_dir) if template_dir else None,
                           organisation=c["organisation"], accent=c["accent"], logo=c["logo"],
                           strict=strict, latex_engine=latex_engine, keep_tex=keep_tex, timeout=timeout)
    except ReportgenError as e:
        _fail(e)
    _print_warnings(result.warnings)
    typer.echo(str(result.output))


@app.command("reading-list")
def reading_list(file: Path = typer.Argument(..., help="A digest (.md) or its JSON model."),
                 output: Optional[Path] = typer.Option(None, "-o", "--output",
                                                       help="Default: output/<name>.reading.pdf, .bib, .ris or .json"),
                 fmt: str = typer.Option("pdf", "--format", help="pdf, bib (BibLaTeX), ris or csljson."),
                 paper: Optional[str] = typer.Option(None, "--paper", help="a4 (default) or letter."),
                 include: List[str] = typer.Option([], "--include", help="'highlights' adds the SOTA highlights."),
                 lang: Optional[str] = typer.Option(None, "--lang", help="vi (default) or en."),
                 template_dir: Optional[Path] = typer.Option(None, "--template-dir"),
                 org: Optional[str] = typer.Option(None, "--org", help="Organisation shown in the header."),
                 accent: Optional[str] = typer.Option(None, "--accent", help="Colour of the header's rule, "
                                                                            "e.g. '#2B5D8A' (default black)."),
                 logo: Optional[Path] = typer.Option(None, "--logo", help="A PNG, JPEG or SVG logo for the header."),
                 config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
                 strict: bool = typer.Option(False, "--strict", help="Fail (exit 1, nothing written) on any warning."),
                 ) -> None:
    """A printable reading list (one or two pages) or its bibliography."""
    from .build import build_reading_list
    from .errors import InputError

    try:
        unknown = [i for i in include if i != "highlights"]
        if unknown:
            raise InputError(f"--include takes 'highlights', not '{unknown[0]}'")
        c = _settings(config, lang=lang, paper=paper, organisation=org, accent=accent, logo=logo)
        result = build_reading_list(file, output, fmt=fmt, paper=c["paper"] or "a4",
                                    include_highlights="highlights" in include, lang=c["lang"] or "vi",
                                    template_dir=str(template_dir) if template_dir else None,
                                    organisation=c["organisation"], accent=c["accent"], logo=c["logo"],
                                    strict=strict)
    except ReportgenError as e:
        _fail(e)
    _print_warnings(result.warnings)
    typer.echo(str(result.output))


@app.command()
def slides(file: Path = typer.Argument(..., help="A digest (.md) or its JSON model."),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="Default: output/<name>.pptx"),
           template: Optional[Path] = typer.Option(None, "--template",
                                                   help="A lab's own .pptx; its layouts are mapped by name."),
           lang: Optional[str] = typer.Option(None, "--lang", help="Language of the deck's own words: vi (default) "
                                                                   "or en."),
           org: Optional[str] = typer.Option(None, "--org", help="Organisation shown on the title slide."),
           accent: Optional[str] = typer.Option(None, "--accent", help="Colour of the chart's bars and the tags, "
                                                                      "e.g. '#2B5D8A'."),
           logo: Optional[Path] = typer.Option(None, "--logo", help="A PNG or JPEG logo for the title slide."),
           config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
           strict: bool = typer.Option(False, "--strict", help="Fail (exit 1, nothing written) on any warning."),
           ) -> None:
    """A 16:9 PowerPoint deck for the lab meeting, with speaker notes."""
    from .build import build_slides

    try:
        c = _settings(config, lang=lang, organisation=org, accent=accent, logo=logo)
        result = build_slides(file, output, lang=c["lang"] or "vi", template=template,
                              organisation=c["organisation"], accent=c["accent"], logo=c["logo"], strict=strict)
    except ReportgenError as e:
        _fail(e)
    _print_warnings(result.warnings)
    typer.echo(str(result.output))


@app.command()
def build(files: List[Path] = typer.Argument(..., help="Digests to build."),
          out_dir: Optional[Path] = typer.Option(None, "--out-dir", help="Default: output/ (or out_dir in the config)."),
          engine: Optional[str] = typer.Option(None, "--engine", help="Report engine: html or latex."),
          lang: Optional[str] = typer.Option(None, "--lang", help="vi or en."),
          paper: Optional[str] = typer.Option(None, "--paper", help="a4 or letter."),
          jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes (default: the cores)."),
          org: Optional[str] = typer.Option(None, "--org", help="Organisation shown on the outputs."),
          accent: Optional[str] = typer.Option(None, "--accent", help="Accent colour of every output, e.g. '#2B5D8A'."),
          logo: Optional[Path] = typer.Option(None, "--logo", help="A PNG, JPEG or SVG logo (the deck takes "
                                                                  "PNG or JPEG)."),
          template_dir: Optional[Path] = typer.Option(None, "--template-dir"),
          config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
          strict: bool = typer.Option(False, "--strict", help="Any warning fails its output (exit 1)."),
          verbose: bool = typer.Option(False, "--verbose", "-v", help="Time of every output."),
          watch: bool = typer.Option(False, "--watch", help="After building, rebuild whenever a digest or a "
                                                            "template changes (Ctrl-C to stop)."),
          ) -> None:
    """Every output of each digest into OUT_DIR/<digest-name>/: report, reading list, deck,
    BibLaTeX/RIS/CSL-JSON and the model — in parallel, rebuilding only what changed."""
    from .batch import Options, build_all, exit_code
    from .progress import Reporter

    try:
        merged = _settings(config, organisation=org, paper=paper, engine=engine, lang=lang, jobs=jobs,
                           out_dir=str(out_dir) if out_dir else None, accent=accent, logo=logo)
        from .build import ENGINES, LANGS, PAPERS, _check_branding, _check_choices

        options = Options(engine=merged["engine"] or "html", lang=merged["lang"] or "vi",
                          paper=merged["paper"] or "a4", organisation=merged["organisation"],
                          accent=merged["accent"], logo=merged["logo"],
                          template_dir=str(template_dir) if template_dir else None, strict=strict)
        _check_choices(engine=(options.engine, ENGINES), lang=(options.lang, LANGS), paper=(options.paper, PAPERS))
        _check_branding(options.accent, options.logo)
    except ReportgenError as e:
        _fail(e)
    def once():
        with Reporter(total=len(files), verbose=verbose) as reporter:
            results = build_all(files, merged["out_dir"] or "output", options, jobs=merged["jobs"],
                                on_done=reporter.done)
            reporter.summary(results)
        return results

    results = once()
    if watch:
        from .batch import watched_paths
        from watchfiles import watch as watch_changes

        typer.echo("reportgen: watching for changes (Ctrl-C to stop)", err=True)
        for _changes in watch_changes(*watched_paths(files, options), debounce=300):
            results = once()  # incremental: only what the change touched is rebuilt
    raise typer.Exit(exit_code(results, strict))


def main() -> None:
    # standalone_mode=False: usage errors come back to us as exceptions, so they too
    # end in one line (click would print a usage block).
    try:
        rv = app(prog_name="reportgen", standalone_mode=False)
    except typer.Exit as e:  # a command chose its exit code
        sys.exit(e.exit_code)
    except typer.Abort:
        typer.echo("reportgen: aborted", err=True)
        sys.exit(130)
    except typer.TyperException as e:  # click's UsageError and kin (bad option, missing argument)
        message = e.format_message() if hasattr(e, "format_message") else str(e)
        typer.echo(f"reportgen: error: {message} (see 'reportgen --help')", err=True)
        sys.exit(getattr(e, "exit_code", 2) or 2)
    except KeyboardInterrupt:
        typer.echo("reportgen: interrupted", err=True)
        sys.exit(130)
    except Exception as e:  # a bug of ours, not the user's: still one line, the traceback on request
        import os

        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        typer.echo(f"reportgen: internal error: {type(e).__name__}: {e} "
                   "(set REPORTGEN_DEBUG=1 for the traceback, and please report it)", err=True)
        sys.exit(70)
    sys.exit(rv if isinstance(rv, int) else 0)
