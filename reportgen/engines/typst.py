"""Typst engine: a template and its data -> PDF bytes, with the ``typst`` wheel.

- The data goes in as JSON through ``sys.inputs`` (``renderers/typst.py``); the template
  reads it with ``json(bytes(sys.inputs.data))``: digest text is never Typst markup.
- The compile root is the folder of the templates and nothing else (Typst reads no file
  outside its root); no ``@preview`` package is ever imported (they are fetched from the
  network), and the package paths point at an empty folder inside the root.
- Fonts: the bundled folder only — no system fonts, none of Typst's own embedded ones
  (Libertinus, New Computer Modern, DejaVu Sans Mono); the templates name every family,
  the monospace one too, and switch font fallback off.
- One warm ``typst.Compiler`` per root and process: the fonts and Typst's caches are kept
  between compiles, so ``reportgen build --watch`` rebuilds in a fraction of a cold build.
- Typst's warnings come back as strings; a compile error is ``EngineFailed`` with the
  error's own message and where it stands, trimmed to one line.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import EngineFailed, EngineMissing
from ..resources import asset_dir

TEMPLATE_FOLDER = "typst"  # under templates/ (and under a user's --template-dir)
_PACKAGE_RE = re.compile(r'\b(?:import|include)\s+"@')  # "@preview/cetz:0.3.0", "@local/…"


@dataclass
class Compiled:
    pdf: bytes
    warnings: list[str]
    pages: int


def _typst():
    try:
        import typst
    except ImportError as e:  # pragma: no cover - typst is a dependency
        raise EngineMissing(f"the typst package cannot be imported ({e}); pip install 'typst>=0.15,<0.16'") from None
    return typst


@lru_cache(maxsize=1)
def fonts():
    """The bundled fonts, and only them (``typst.Fonts`` reads folders, not files)."""
    typst = _typst()
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                       font_paths=[str(asset_dir("fonts").resolve())])


def template_root(template_dir: str | None = None) -> Path:
    """The compile root: the bundled ``templates/typst/``, or — when a user's template
    folder has a ``typst/`` of its own — a private copy of both, the user's files winning
    (mkdocs' and nbconvert's lookup order).  Nothing else is in it."""
    bundled = asset_dir("templates") / TEMPLATE_FOLDER
    user = Path(template_dir) / TEMPLATE_FOLDER if template_dir else None
    if user is None or not user.is_dir():
        return bundled.resolve()
    files = {p.relative_to(bundled): p for p in bundled.rglob("*") if p.is_file()}
    files.update({p.relative_to(user): p for p in user.rglob("*") if p.is_file()})
    for rel, src in files.items():
        if src.suffix == ".typ" and _PACKAGE_RE.search(src.read_text(encoding="utf-8", errors="replace")):
            raise EngineFailed(f"Typst template {rel} imports a package (@preview/…): packages are fetched from the "
                               "network, and reportgen compiles offline; copy what it needs into the template folder")
    h = hashlib.sha256()
    for rel in sorted(files):
        h.update(str(rel).encode() + b"\0" + files[rel].read_bytes())
    root = Path(tempfile.gettempdir()) / f"reportgen-typst-{h.hexdigest()[:16]}"
    if not root.is_dir():
        tmp = Path(tempfile.mkdtemp(prefix="reportgen-typst-"))
        for rel, src in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, tmp / rel)
        try:
            tmp.rename(root)
        except OSError:  # another process made it first: same content
            shutil.rmtree(tmp, ignore_errors=True)
    return root


_COMPILERS: dict[Path, object] = {}
_LOCK = threading.Lock()


def compiler(root: Path):
    """The process's warm compiler for ``root`` (made once; Typst keeps its caches in it)."""
    with _LOCK:
        if root not in _COMPILERS:
            typst = _typst()
            empty = root / ".no-packages"  # @preview/… and local packages resolve to nothing
            _COMPILERS[root] = typst.Compiler(root=str(root), font_paths=fonts(), ignore_system_fonts=True,
                                              package_path=str(empty), package_cache_path=str(empty))
        return _COMPILERS[root]


_PAGES_RE = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF Typst wrote (its page tree is one uncompressed object)."""
    m = _PAGES_RE.search(pdf)
    if not m:  # pragma: no cover - every Typst PDF has its page tree in the clear
        raise EngineFailed("cannot read the page count of the PDF Typst wrote")
    return int(m.group(1) or m.group(2))


def _where(diagnostic: str) -> str:
    """``file:line:column`` of a Typst diagnostic (the first ``┌─`` line)."""
    m = re.search(r"┌─\s*(\S+)", diagnostic or "")
    return f" ({Path(m.group(1)).name})" if m else ""


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def compile_pdf(template: str, data: dict, *, template_dir: str | None = None,
                timestamp: int | None = None) -> Compiled:
    """Lay out ``template`` (a file of the compile root, e.g. ``report.typ``) with ``data``."""
    typst = _typst()
    root = template_root(template_dir)
    main = root / template
    if not main.is_file():
        raise EngineFailed(f"Typst template not found: {template}")
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    c = compiler(root)
    try:
        with _LOCK:  # one compile at a time per process: the compiler is shared
            pdf, warnings = c.compile_with_warnings(input=str(main), format="pdf", sys_inputs={"data": payload},
                                                    timestamp=timestamp, pdf_tags=False)
    except typst.TypstError as e:
        hints = "; ".join(getattr(e, "hints", []) or [])
        message = getattr(e, "message", "") or str(e)
        raise EngineFailed(_one_line(f"Typst failed: {message}{_where(getattr(e, 'diagnostic', ''))}"
                                     + (f" (hint: {hints})" if hints else ""))) from None
    except (RuntimeError, ValueError, OSError) as e:  # the binding's own errors (a bad argument, a file)
        raise EngineFailed(_one_line(f"Typst failed: {type(e).__name__}: {e}")) from None
    messages = [_one_line(f"typst: {getattr(w, 'message', '') or w}{_where(getattr(w, 'diagnostic', ''))}")
                for w in warnings]
    messages = list(dict.fromkeys(messages))  # a warning of a part laid out again is said once
    return Compiled(pdf, messages, page_count(pdf))
