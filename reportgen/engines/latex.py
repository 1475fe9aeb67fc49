"""LaTeX engine: .tex source -> PDF bytes with XeLaTeX or LuaLaTeX, safely.

- no shell escape; ``openin_any=p`` / ``openout_any=p`` (paranoid: no reading
  or writing outside the working dir, no dot files); ``-interaction=nonstopmode
  -halt-on-error``; stdin closed; a timeout; a private temporary directory;
- only as many passes as the references need: rerun while the .aux changes
  (TOC, \\pageref, LastPage), at most four times;
- a failure raises ``EngineFailed`` carrying only the trimmed log (the ``!``
  line through ``l.NN``), a missing engine ``EngineMissing`` naming the Debian
  packages.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EngineFailed, EngineMissing

ENGINES = ("xelatex", "lualatex")
DEBIAN_PACKAGES = "texlive-xetex texlive-luatex texlive-lang-other texlive-latex-extra texlive-fonts-recommended"
MAX_PASSES = 4


@dataclass
class Compiled:
    pdf: bytes
    passes: int
    log: str  # the last pass's log, for the overfull-box check
    kept: dict[str, bytes] = field(default_factory=dict)  # report.tex and its log, when asked to keep them


# -file-line-error prints errors as "./report.tex:84: message" instead of "! message", and
# an error inside a package as "/usr/share/texlive/…/hyperref.sty:4872: message"
_ERROR_LINE_RE = re.compile(r"^(!|\.?/[^:\n]+\.\w+:\d+: )")


def _has_error(log: str) -> bool:
    return any(_ERROR_LINE_RE.match(line) for line in log.splitlines())


def _trim(log: str, limit: int = 12) -> str:
    """The error lines of a TeX log: from the first error line to ``l.NN``."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if _ERROR_LINE_RE.match(line):
            out = [line]
            for nxt in lines[i + 1:i + limit]:
                out.append(nxt)
                if re.match(r"^l\.\d+", nxt):
                    break
            return " | ".join(x.strip() for x in out if x.strip())
    return "no error message in the log; last lines: " + " | ".join(lines[-4:])


def _lost_char(log: str) -> str | None:
    """A character the fonts lack (an error under \\tracinglostchars=3), with its place."""
    m = re.search(r"^\./[^:\n]+:(\d+): Missing character: There is no (.+?) \((U\+[0-9A-F]+)\)", log, re.M)
    if m:  # (the font name that follows is cut by TeX's 79-column log lines)
        return f"character {m.group(3)} ({m.group(2)}) is in no bundled font (report.tex line {m.group(1)})"
    return None


def find_engine(engine: str) -> str:
    """The engine's executable, or ``EngineMissing`` naming the packages to install."""
    if engine not in ENGINES:
        raise EngineFailed(f"unknown LaTeX engine '{engine}' (choose xelatex or lualatex)")
    exe = shutil.which(engine)
    if exe is None:
        raise EngineMissing(f"{engine} is not installed; on Debian/Ubuntu: apt-get install {DEBIAN_PACKAGES}")
    return exe


def compile_tex(tex: str, engine: str = "xelatex", timeout: float = 120, keep: bool = False,
                files: dict[str, bytes] | None = None) -> Compiled:
    """``files`` (name -> bytes) are put beside report.tex: TeX may only read its own folder.
    ``keep``: report.tex and its log come back in ``Compiled.kept`` (or, when TeX fails, in
    ``EngineFailed.kept``), for the user to look at."""
    exe = find_engine(engine)
    env = dict(os.environ, openin_any="p", openout_any="p", shell_escape="f", TEXMFOUTPUT="")
    with tempfile.TemporaryDirectory(prefix="reportgen-tex-") as tmp:
        work = Path(tmp)
        (work / "report.tex").write_text(tex, encoding="utf-8")
        for name, data in (files or {}).items():
            (work / Path(name).name).write_bytes(data)
        cmd = [exe, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
               "report.tex"]
        aux_before = None
        passes = 0
        log = ""
        while passes < MAX_PASSES:
            passes += 1
            try:
                subprocess.run(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=timeout, check=False)
            except subprocess.TimeoutExpired:
                raise EngineFailed(f"{engine} did not finish within {timeout:.0f} s") from None
            log_path = work / "report.log"
            log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
            if not (work / "report.pdf").exists() or _has_error(log):
                lost = _lost_char(log)
                error = EngineFailed(f"{engine} failed: {lost or _trim(log)}")
                error.kept = _kept(work, keep)  # the failing source and log are what one needs to look at
                raise error
            aux = hashlib.md5(b"".join((work / n).read_bytes() for n in ("report.aux", "report.toc")
                                       if (work / n).exists())).hexdigest()
            rerun = "Rerun to get" in log or "Label(s) may have changed" in log
            if aux == aux_before and not rerun:
                break
            aux_before = aux
        return Compiled((work / "report.pdf").read_bytes(), passes, log, _kept(work, keep))


def _kept(work: Path, keep: bool) -> dict[str, bytes]:
    if not keep:
        return {}
    return {name: (work / name).read_bytes() for name in ("report.tex", "report.log") if (work / name).exists()}


@dataclass(frozen=True)
class Overfull:
    """An overfull box in the log, placed in the digest."""

    box: str  # "hbox": a line wider than the text area; "vbox": a page or box taller than its room
    points: float
    digest_line: int  # the source line of the block typeset last before it (0: before any block)
    chapter: str  # the number of the chapter it is in ("": before the first)


# The renderer's \rgsrc and \rgchapter write "@rg line N" / "@rg chapter N" to the log as
# TeX reads each block, so the blocks around a warning are the blocks the box holds.
_LOG_RE = re.compile(r"@rg (?P<what>line|chapter) (?P<value>\S+)"
                     r"|^Overfull \\(?P<box>[hv])box \((?P<pt>[\d.]+)pt too (?:wide|high)\)", re.M)


def overfull_boxes(log: str, tolerance_pt: float = 1.0) -> list[Overfull]:
    """Every overfull vbox, and every overfull hbox wider than ``tolerance_pt``, with where it is."""
    line, chapter, found = 0, "", []
    for m in _LOG_RE.finditer(log):
        if m.group("what") == "line":
            line = int(m.group("value"))
        elif m.group("what") == "chapter":
            chapter, line = m.group("value"), 0
        elif m.group("box") == "v" or float(m.group("pt")) > tolerance_pt:
            found.append(Overfull(m.group("box") + "box", float(m.group("pt")), line, chapter))
    return found
