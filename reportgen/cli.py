"""Command line: generated from the format registry and the settings' declarations.

Every format with a ``command`` gets that command (formats sharing one are told apart by
``--format``), with one option per setting it reads, declared once in ``settings.py``;
``build`` gets the options of every format.  No logic lives here: options in,
``load_settings`` + ``pipeline`` (or ``build.build_all``) out.

Every error a user can cause is a ``ReportgenError``: printed as one line on stderr,
exit code from the error kind, no traceback.
"""
from __future__ import annotations

import inspect
import sys
import typing
from dataclasses import fields
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, List, Optional

import typer

from . import __version__
from .errors import EXIT_WARNINGS, ReportgenError
from .formats import Format, by_cost, commands
from .settings import Settings

# rich_markup_mode=None: help text is printed as written ("[tool.reportgen]" was once eaten as markup)
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Turn monthly arXiv digests (Vietnamese) into reports, reading lists, decks and more.")

CONFIG_HELP = "Default: ./reportgen.toml, or [tool.reportgen] in ./pyproject.toml. Flags override it."
DIGEST_HELP = "A digest (.md) or its JSON model."


def _fail(e: ReportgenError) -> None:
    typer.echo(f"reportgen: {e}", err=True)
    raise typer.Exit(e.exit_code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    pass


# --------------------------------------------------------------------------- parameters


def _param(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def _flag(name: str, decls: tuple[str, ...], help: str) -> inspect.Parameter:
    # metavar="": a flag takes no value, so its help shows none (not "<bool>"); a flag that can
    # be turned off ("--appendix/--no-appendix") is None until given, so the config file's value holds
    if any("/" in d for d in decls):
        return _param(name, Annotated[Optional[bool], typer.Option(*decls, help=help, metavar="")])
    return _param(name, Annotated[bool, typer.Option(*decls, help=help, metavar="")], False)


_HINTS = typing.get_type_hints(Settings)


def setting_param(name: str) -> inspect.Parameter:
    """The one option declaration of a setting, shared by every command that reads it."""
    f = next(f for f in fields(Settings) if f.name == name)
    meta = f.metadata
    decls = (meta["flag"],) + ((meta["short"],) if meta["short"] else ())
    kind = _HINTS[name]
    if kind is bool:
        return _flag(name, decls, meta["help"])
    if meta["choices"] is not None:
        value = meta["choices"]
        value = List[value] if name == "include" else value  # --include may repeat
    elif meta["path"]:
        value = Path
    elif kind is float:
        value = float
    elif kind is int or int in typing.get_args(kind):
        value = int
    else:
        value = str
    return _param(name, Annotated[Optional[value], typer.Option(*decls, help=meta["help"])])


def _given(kwargs: dict, names) -> dict:
    """The settings flags that were given (left off: None or empty; a plain flag left off is
    False, its default)."""
    return {name: kwargs[name] for name in names if kwargs.get(name) is not None and kwargs.get(name) != []}


def _settings_of(formats: list[Format], extra: tuple[str, ...] = ()) -> list[str]:
    """The settings a command's formats read, in the declaration order of ``Settings``."""
    wanted = {n for fmt in formats for n in fmt.reads} | set(extra)
    return [f.name for f in fields(Settings) if f.name in wanted]


def _command(name: str, params: list[inspect.Parameter], body: Callable[[dict], None], help: str) -> None:
    """Register a command whose parameters are built here, not written out in a def."""
    def command(**kwargs):
        body(kwargs)

    command.__signature__ = inspect.Signature(params)
    command.__annotations__ = {p.name: p.annotation for p in params}
    command.__doc__ = help
    command.__name__ = name.replace("-", "_")
    app.command(name, help=help)(command)


def _print_warnings(warnings) -> None:
    for w in warnings:
        typer.echo(f"reportgen: {w}", err=True)


# --------------------------------------------------------------------------- one command per format


def format_command(command: str, formats: list[Format]) -> None:
    """``reportgen <command> FILE [-o OUT] [--format …] [settings …]`` for a command's formats."""
    names = _settings_of(formats, ("strict",))
    params = [
        _param("file", Annotated[Path, typer.Argument(help=DIGEST_HELP)], inspect.Parameter.empty),
        _param("output", Annotated[Optional[Path], typer.Option(
            "-o", "--output", help=_output_help(formats))]),
    ]
    if len(formats) > 1:
        choice = Enum(f"{command.title().replace('-', '')}Format", {f.variant: f.variant for f in formats}, type=str)
        params.append(_param("format", Annotated[choice, typer.Option(
            "--format", help=", ".join(f"{f.variant}: {f.title or f.name}" for f in formats) + ".")], getattr(choice, formats[0].variant)))
    params.append(_param("config", Annotated[Optional[Path], typer.Option("--config", help=CONFIG_HELP)]))
    params += [setting_param(n) for n in names]

    def body(kw: dict) -> None:
        from . import pipeline
        from .settings import load_settings

        variant = kw.get("format")
        fmt = next(f for f in formats if variant is None or f.variant == getattr(variant, "value", variant))
        output = kw["output"]
        try:
            settings = load_settings(kw["config"], **_given(kw, names))
            digest = pipeline.load(kw["file"])
            if fmt.stdout and (output is None or str(output) == "-"):
                rendered = pipeline.render(fmt, digest, settings)
                sys.stdout.buffer.write(rendered.data)
                sys.stdout.flush()
                return
            result = pipeline.make(fmt, digest, settings, output or pipeline.default_output(fmt, kw["file"], settings))
        except ReportgenError as e:
            _fail(e)
        if not fmt.carries_warnings:
            _print_warnings(result.warnings)
        if not fmt.stdout:  # a filter's output is its file (parse -o x.json says nothing, like cp)
            typer.echo(str(result.output))

    _command(command, params, body, formats[0].help)


def _output_help(formats: list[Format]) -> str:
    if formats[0].stdout:
        return "Write it here (default: stdout)."
    return "Default: output/<name>" + ", ".join(f.suffix for f in formats) + "."


# --------------------------------------------------------------------------- build


def build_command() -> None:
    names = _settings_of(by_cost(), ("strict", "jobs", "out_dir"))
    params = [
        _param("files", Annotated[List[Path], typer.Argument(help="Digests to build.")], inspect.Parameter.empty),
        _param("config", Annotated[Optional[Path], typer.Option("--config", help=CONFIG_HELP)]),
        *[setting_param(n) for n in names],
        _flag("verbose", ("--verbose", "-v"), "List every warning and the time of every output."),
        _flag("watch", ("--watch",), "After building, rebuild whenever a digest or a template changes (Ctrl-C "
                                     "to stop)."),
    ]

    def body(kw: dict) -> None:
        from .build import Workers, build_all, exit_code, watched_paths
        from .progress import Reporter
        from .settings import load_settings

        try:
            settings = load_settings(kw["config"], **_given(kw, names))
        except ReportgenError as e:
            _fail(e)
        files = kw["files"]

        def once(workers=None):
            with Reporter(len(files), len(by_cost()), verbose=kw["verbose"]) as reporter:
                report = build_all(files, settings, on_done=reporter.done, workers=workers)
                reporter.summary(report)
            return report

        if not kw["watch"]:
            raise typer.Exit(exit_code(once(), settings.strict))
        from watchfiles import watch as watch_changes

        with Workers(settings) as workers:  # kept between rebuilds: warm imports, warm Typst compilers
            report = once(workers)
            typer.echo("reportgen: watching for changes (Ctrl-C to stop)", err=True)
            for _changes in watch_changes(*watched_paths(files, settings), debounce=300, step=30):
                report = once(workers)  # incremental: only what the change touched is rebuilt
        raise typer.Exit(exit_code(report, settings.strict))

    outputs = ", ".join(f.build_name for f in by_cost())
    _command("build", params, body, "Every output of each digest into OUT_DIR/<digest-name>/ "
                                    f"({outputs}), in parallel, rebuilding only what changed.")


# --------------------------------------------------------------------------- check, schema


@app.command()
def check(files: Annotated[List[Path], typer.Argument(help="Digests to check.")],
          strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when there are warnings.", metavar="")] = False,
          ) -> None:
    """Print what each digest holds, then every warning with file:line."""
    from collections import Counter

    from .derive import counts
    from .editorial import edition
    from .glyphs import check_glyphs
    from .pipeline import load

    failed = 0
    warned = 0
    for f in files:
        try:
            d = load(f)
        except ReportgenError as e:
            typer.echo(f"reportgen: {e}", err=True)
            failed = max(failed, e.exit_code)
            continue
        period = f"{d.period.month:02d}/{d.period.year}" if d.period else "?"
        typer.echo(f"{f}  ({d.title}; period {period})")
        shown = edition(d)
        for label, n in counts(shown).table():  # what readers see: an empty area is no area
            typer.echo(f"  {label:<22} {n:>5}")
        d.warnings.extend(check_glyphs(shown))  # the glyph pre-flight, as the PDFs run it
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


@app.command()
def schema() -> None:
    """Print the JSON Schema of the model that `parse` writes."""
    from .jsonio import schema_json

    sys.stdout.write(schema_json())


def _register_commands() -> None:
    for command, formats in commands().items():
        format_command(command, formats)
    build_command()


_register_commands()


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
