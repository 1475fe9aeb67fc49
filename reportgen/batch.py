"""``reportgen build``: every output of every digest, in parallel, incrementally.

Each (digest, output) pair is one task run in a worker process, so even a
single digest's report, reading list and deck are made side by side.  The
renderers are the ones the single commands use (``build.py``); nothing here
renders.

Incremental: an output's inputs — the digest's bytes, the templates, the fonts,
the options and reportgen's version — are hashed, and the hash is recorded in
``<out>/<digest>/manifest.json`` once the output is written.  An output whose
hash is unchanged and whose file is there is not rebuilt.

Writes are atomic (``writers.atomic_write``); a killed build leaves the
previous outputs intact.  Temporary ``.part`` files a killed build could not
remove are cleared at the start of the next build.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__
from .errors import EXIT_WARNINGS, ReportgenError
from .resources import asset_dir

# output name -> what makes it; "report" follows the engine option
OUTPUTS = ("report.pdf", "reading-list.pdf", "deck.pptx", "reading-list.bib", "reading-list.ris",
           "reading-list.csl.json", "model.json")
_USES_ASSETS = {"report.pdf", "reading-list.pdf", "deck.pptx"}
# longest first, so the slowest task starts at once
_ORDER = {"report.pdf": 0, "deck.pptx": 1, "reading-list.pdf": 2}


@dataclass
class Options:
    engine: str = "html"
    lang: str = "vi"
    paper: str = "a4"
    organisation: str | None = None
    accent: str | None = None
    logo: str | None = None
    template_dir: str | None = None
    strict: bool = False


@dataclass
class TaskResult:
    digest: str
    output: str
    status: str  # built | unchanged | failed
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    exit_code: int = 0


def _hash_tree(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def assets_hash(template_dir: str | None) -> str:
    """Templates (bundled and the user's) and fonts: anything that changes an output's look."""
    parts = [_hash_tree(asset_dir("templates")), _hash_tree(asset_dir("fonts"))]
    if template_dir:
        parts.append(_hash_tree(Path(template_dir)))
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def input_hash(output: str, digest_bytes: bytes, options: Options, assets: str) -> str:
    h = hashlib.sha256()
    h.update(f"reportgen {__version__}\n{output}\n".encode())
    h.update(json.dumps(asdict(options), sort_keys=True).encode())
    if options.logo:
        h.update(Path(options.logo).read_bytes())
    if output in _USES_ASSETS:
        h.update(assets.encode())
    h.update(hashlib.sha256(digest_bytes).digest())
    return h.hexdigest()


def _run(digest: str, output: str, target: str, options: Options) -> TaskResult:
    """One output of one digest, in a worker process."""
    from .build import build_pdf, build_reading_list, build_slides
    from .jsonio import to_json
    from .reader import read_file
    from .writers import atomic_write

    start = time.perf_counter()
    res = TaskResult(Path(digest).name, output, "built")
    try:
        common = dict(lang=options.lang, strict=options.strict)
        if output == "report.pdf":
            r = build_pdf(digest, target, engine=options.engine, paper=options.paper,
                          organisation=options.organisation, template_dir=options.template_dir,
                          accent=options.accent, logo=options.logo, **common)
        elif output == "reading-list.pdf":
            r = build_reading_list(digest, target, fmt="pdf", paper=options.paper,
                                   organisation=options.organisation, template_dir=options.template_dir,
                                   accent=options.accent, logo=options.logo, **common)
        elif output == "deck.pptx":
            r = build_slides(digest, target, organisation=options.organisation,
                             accent=options.accent, logo=options.logo, **common)
        elif output.startswith("reading-list."):
            fmt = {"bib": "bib", "ris": "ris", "csl.json": "csljson"}[output.split(".", 1)[1]]
            r = build_reading_list(digest, target, fmt=fmt, **common)
        else:  # model.json
            d = read_file(digest)
            atomic_write(target, to_json(d))
            r = None
        res.warnings = [str(w) for w in (r.warnings if r else [])]
    except ReportgenError as e:
        res.status, res.error, res.exit_code = "failed", str(e), e.exit_code
    res.seconds = time.perf_counter() - start
    return res


def _clear_parts(folder: Path) -> None:
    for part in folder.glob(".*.part"):
        try:
            part.unlink()
        except OSError:
            pass


def _load_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def build_all(digests: list[str | Path], out_dir: str | Path, options: Options, jobs: int | None = None,
              on_done=None) -> list[TaskResult]:
    """Build every output of every digest.  ``on_done(result)`` is called as each task ends
    (for progress display).  Returns one result per (digest, output)."""
    from .reader import read_file
    from .writers import atomic_write

    out_dir = Path(out_dir)
    assets = assets_hash(options.template_dir)
    results: list[TaskResult] = []
    plans = []  # (digest, output, target, hash)
    manifests: dict[Path, dict] = {}
    for digest in digests:
        digest = str(digest)
        try:
            read_file(digest)  # a digest that cannot be read fails here, once, not in seven tasks
            data = Path(digest).read_bytes()
        except ReportgenError as e:
            results.append(TaskResult(Path(digest).name, "*", "failed", error=str(e), exit_code=e.exit_code))
            if on_done:
                on_done(results[-1])
            continue
        folder = out_dir / Path(digest).stem
        folder.mkdir(parents=True, exist_ok=True)
        _clear_parts(folder)
        manifest = manifests.setdefault(folder, _load_manifest(folder / "manifest.json"))
        for output in OUTPUTS:
            target = folder / output
            h = input_hash(output, data, options, assets)
            if manifest.get(output) == h and target.exists():
                results.append(TaskResult(Path(digest).name, output, "unchanged"))
                if on_done:
                    on_done(results[-1])
            else:
                plans.append((digest, output, target, h))
    plans.sort(key=lambda p: _ORDER.get(p[1], 9))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(plans) or 1))

    def record(plan, res: TaskResult):
        folder = plan[2].parent
        if res.status == "built":
            manifests[folder][plan[1]] = plan[3]
        else:
            manifests[folder].pop(plan[1], None)  # rebuild it next time
        atomic_write(folder / "manifest.json", json.dumps(manifests[folder], indent=1, sort_keys=True) + "\n")
        results.append(res)
        if on_done:
            on_done(res)

    if workers == 1:
        for plan in plans:
            record(plan, _run(plan[0], plan[1], str(plan[2]), options))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_run, p[0], p[1], str(p[2]), options): p for p in plans}
            for fut in as_completed(futures):
                record(futures[fut], fut.result())
    return results


def exit_code(results: list[TaskResult], strict: bool) -> int:
    failed = [r.exit_code for r in results if r.status == "failed"]
    if failed:
        return max(failed)
    if strict and any(r.warnings for r in results):
        return EXIT_WARNINGS
    return 0


def watched_paths(digests: list[str | Path], options: Options) -> list[Path]:
    """What ``--watch`` watches: each digest and the template folders."""
    paths = [Path(d).resolve() for d in digests] + [asset_dir("templates")]
    if options.template_dir:
        paths.append(Path(options.template_dir).resolve())
    return paths
