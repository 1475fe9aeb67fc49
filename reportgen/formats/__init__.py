"""The output formats: one module each, and one registry table, ``FORMATS``.

A format declares what the pipeline, ``reportgen build``, the command line and the
tests need to know of one output: its name, the command that makes it on its own, its
file suffix, the settings it reads, its default accent and ``render(digest, settings)``.
Adding an output is one module and one line in ``_builtin()`` below (pandoc's writers
table, nbconvert's exporters); a package of its own may add formats through the entry
point group ``reportgen.formats`` (each entry point names a ``Format`` or a list of them).

Format modules import their heavy libraries (WeasyPrint, python-pptx, TeX) inside
``render``, so that listing the formats, or ``reportgen --help``, costs nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Digest, Warning_
    from ..settings import Settings

ENTRY_POINT_GROUP = "reportgen.formats"


@dataclass(frozen=True)
class Rendered:
    """What a format makes of a digest: the file's bytes and the format's own warnings
    (the digest's warnings are the pipeline's).  ``keep`` holds files the user asked to
    keep beside the output (``--keep-tex``); ``details`` facts for tests and benchmarks
    (TeX passes, pages)."""

    data: bytes
    warnings: tuple["Warning_", ...] = ()
    keep: Mapping[str, bytes] = field(default_factory=dict)
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Format:
    name: str  # the registry's key: "report", "deck", …
    render: Callable[["Digest", "Settings"], Rendered]
    build_name: str  # its file in reportgen build's OUT_DIR/<digest-name>/
    suffix: str  # a single command's default output: OUT_DIR/<digest-name><suffix>
    reads: tuple[str, ...] = ()  # the settings it reads (its CLI options; what its manifest hash holds)
    command: str | None = None  # the command that makes it alone; formats may share one, told apart by --format
    variant: str | None = None  # its --format value when they do (the first is the default)
    help: str = ""  # the command's help when this format is its first
    title: str = ""  # what it is, in a few words ("BibLaTeX"): --format's help
    accent: str | None = None  # its accent unless one is configured (documented in the README)
    assets: bool = False  # reads the bundled/user templates and fonts (their hash joins its manifest entry)
    cost: int = 1  # rough relative time, so reportgen build starts the slowest first
    media_type: str = "application/octet-stream"
    covers: tuple[str, ...] = ()  # section kinds whose every word the output shows ("*": all)
    stdout: bool = False  # its command writes to stdout unless given -o
    carries_warnings: bool = False  # the output itself lists the warnings (the model's JSON): not echoed
    edited: bool = True  # renders what readers see (editorial.edition); False: the whole marked model
    keep_suffix: str = "-files"  # folder for ``Rendered.keep``: OUT_DIR/<output-name><keep_suffix>/


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add a format to the registry (built-in, from an entry point, or a test's own)."""
    if not isinstance(fmt, Format):
        raise TypeError(f"not a reportgen Format: {fmt!r}")
    clash = next((f for f in FORMATS.values() if f.build_name == fmt.build_name and f.name != fmt.name), None)
    if clash is not None:
        raise ValueError(f"format {fmt.name!r} writes {fmt.build_name}, as {clash.name!r} does")
    FORMATS[fmt.name] = fmt
    return fmt


def unregister(name: str) -> None:
    FORMATS.pop(name, None)


def by_cost() -> list[Format]:
    """Every registered format, slowest first (what ``reportgen build`` makes, in that order)."""
    return sorted(FORMATS.values(), key=lambda f: -f.cost)


def commands() -> dict[str, list[Format]]:
    """Command name -> the formats it makes, in registry order (its default first)."""
    out: dict[str, list[Format]] = {}
    for fmt in FORMATS.values():
        if fmt.command:
            out.setdefault(fmt.command, []).append(fmt)
    return out


def _load_entry_points() -> None:
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        obj = ep.load()
        for fmt in (obj if isinstance(obj, (list, tuple)) else [obj]):
            register(fmt)


def _builtin() -> list[Format]:
    from . import bibliography, deck, model, reading_list, report

    return [
        report.FORMAT,
        reading_list.FORMAT,
        bibliography.BIBLATEX,
        bibliography.RIS,
        bibliography.CSLJSON,
        deck.FORMAT,
        model.FORMAT,
    ]


for _fmt in _builtin():
    register(_fmt)
_load_entry_points()
