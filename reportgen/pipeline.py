"""The pipeline: reader -> derive -> editorial -> format (renderer -> engine) -> atomic write.

``load`` reads a digest, derives its model and marks what readers should not see, once;
``render`` and ``make`` turn that model into one format's bytes and file — giving the
format the edition (what readers see), or the whole marked model for the model's JSON.  Every command (``pdf``, ``reading-list``,
``slides``, ``parse``) and ``reportgen build`` go through these, so strictness, default
accents, kept files and the atomic write happen in one place for every format.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .atomic import atomic_write
from .derive import derive
from .editorial import edition, mark
from .errors import EngineFailed, StrictWarnings
from .formats import FORMATS, Format, Rendered
from .model import Digest, Warning_
from .reader import read_file, read_text
from .settings import Settings


def load(path: str | Path) -> Digest:
    """A digest (or its JSON model) read, derived and marked by the editorial stage: the
    lossless model every format renders from."""
    return mark(derive(read_file(path)))


def load_text(text: str, source: str = "<digest>") -> Digest:
    """Digest text read, derived and marked (what ``load`` does with a file's text)."""
    return mark(derive(read_text(text, source)))


def for_format(fmt: Format, settings: Settings) -> Settings:
    """The settings a format renders with: its own accent unless one is configured."""
    if settings.accent is None and fmt.accent is not None:
        return replace(settings, accent=fmt.accent)
    return settings


def _strict(warnings, settings: Settings, source: str) -> None:
    if settings.strict and warnings:
        raise StrictWarnings(f"{len(warnings)} warning(s) and --strict; nothing written", source)


def render(fmt: Format, digest: Digest, settings: Settings) -> Rendered:
    """One format's bytes.  With ``--strict`` a warning of the digest stops it before any
    work, and one of the format's own before anything is written."""
    _strict(digest.warnings, settings, digest.source)
    rendered = fmt.render(edition(digest) if fmt.edited else digest, for_format(fmt, settings))
    _strict(list(digest.warnings) + list(rendered.warnings), settings, digest.source)
    return rendered


@dataclass
class Result:
    output: Path
    warnings: list[Warning_] = field(default_factory=list)  # the digest's, then the format's own
    details: dict[str, Any] = field(default_factory=dict)


def default_output(fmt: Format, input_path: str | Path, settings: Settings) -> Path:
    """OUT_DIR/<digest-name><suffix>, e.g. output/digest-2024-06.pdf."""
    return Path(settings.out_dir) / (Path(input_path).stem + fmt.suffix)


def _keep(fmt: Format, output: Path, files) -> None:
    """Files the user asked to keep (``--keep-tex``): beside the output, in <name><keep_suffix>/."""
    folder = output.parent / (output.stem + fmt.keep_suffix)
    for name, data in files.items():
        atomic_write(folder / name, data)


def make(fmt: Format, digest: Digest, settings: Settings, output: str | Path) -> Result:
    """Render ``fmt`` and write it to ``output`` atomically (nothing is written on failure,
    but the files asked to be kept, which show why)."""
    output = Path(output)
    try:
        rendered = render(fmt, digest, settings)
    except EngineFailed as e:
        _keep(fmt, output, e.kept)
        raise
    _keep(fmt, output, rendered.keep)
    atomic_write(output, rendered.data)
    return Result(output, list(digest.warnings) + list(rendered.warnings), dict(rendered.details))


def build_one(name: str, input_path: str | Path, output: str | Path | None = None,
              settings: Settings | None = None, **values: Any) -> Result:
    """One format of one digest file, by format name: what a single command does (and a
    short way for tests, benchmarks and tools to do it).  ``values`` are settings."""
    settings = replace(settings or Settings(), **values) if values else (settings or Settings())
    fmt = FORMATS[name]
    digest = load(input_path)
    return make(fmt, digest, settings, output or default_output(fmt, input_path, settings))
