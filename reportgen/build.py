"""``reportgen build``: every registered format of every digest, in parallel, incrementally.

Each digest is read and derived once, here; each (digest, format) pair is then one task
run in a worker process, given the model (pickled) rather than the file, so even a
single digest's report, reading list and deck are made side by side.  Nothing here
renders: a task is ``pipeline.make`` for one format of the registry.

Incremental: an output's inputs — the digest's bytes, the settings its format reads,
the files they name (logo, deck template), the templates and fonts when it uses them
and reportgen's own code — are hashed, and the hash is recorded with the output's
warnings in ``<out>/<digest>/manifest.json`` once the output is written.  An output
whose hash is unchanged and whose file is there is not rebuilt (its recorded warnings
are reported again).

Writes are atomic (``atomic.atomic_write``); a killed build leaves the previous outputs
intact.  Temporary ``.part`` files a killed build could not remove are cleared at the
start of the next build.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import __version__
from .atomic import atomic_write
from .errors import EXIT_WARNINGS, ReportgenError
from .formats import FORMATS, Format, by_cost
from .model import Digest, Warning_
from .resources import asset_dir
from .settings import Settings


@dataclass
class TaskResult:
    digest: str  # the digest's file name
    output: str  # the format's build_name, or "*" for the digest itself
    status: str  # built | unchanged | failed
    seconds: float = 0.0
    warnings: list[Warning_] = field(default_factory=list)  # the format's own (the digest's are the report's)
    error: str = ""
    exit_code: int = 0


@dataclass
class BuildReport:
    tasks: list[TaskResult] = field(default_factory=list)
    digest_warnings: dict[str, list[Warning_]] = field(default_factory=dict)  # digest name -> the reader's

    def warnings(self, digest: str) -> list[Warning_]:
        """Every warning of one digest, once: the reader's, then each output's new ones (two
        outputs checking the same glyphs report them once)."""
        out, seen = [], set()
        for w in self.digest_warnings.get(digest, []) + [w for t in self.tasks if t.digest == digest
                                                         for w in t.warnings]:
            key = (w.code, w.file, w.line, w.message)
            if key not in seen:
                seen.add(key)
                out.append(w)
        return out

    @property
    def digests(self) -> list[str]:
        return list(dict.fromkeys([t.digest for t in self.tasks] + list(self.digest_warnings)))


def build_formats() -> list[Format]:
    """What ``reportgen build`` makes: every registered format, slowest first."""
    return by_cost()


def _hash_tree(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_hash() -> str:
    """reportgen's own source: a changed renderer rebuilds what it renders."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for p in sorted(package.rglob("*.py")):
        h.update(str(p.relative_to(package)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def assets_hash(template_dir: str | None) -> str:
    """Templates (bundled and the user's) and fonts: anything that changes an output's look."""
    parts = [_hash_tree(asset_dir("templates")), _hash_tree(asset_dir("fonts"))]
    if template_dir:
        parts.append(_hash_tree(Path(template_dir)))
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def input_hash(fmt: Format, digest_bytes: bytes, settings: Settings, assets: str) -> str:
    from .pipeline import for_format

    values = for_format(fmt, settings).values(fmt.reads)
    h = hashlib.sha256()
    h.update(f"{code_hash()}\n{fmt.name}\n".encode())
    h.update(json.dumps(values, sort_keys=True).encode())
    for name in ("logo", "deck_template"):  # the files the settings name, by content
        if values.get(name):
            h.update(Path(values[name]).read_bytes())
    if fmt.assets:
        h.update(assets.encode())
    h.update(hashlib.sha256(digest_bytes).digest())
    return h.hexdigest()


def _run(fmt_name: str, name: str, digest: Digest, target: str, settings: Settings) -> TaskResult:
    """One format of one (already read) digest, in a worker process."""
    from .pipeline import make

    start = time.perf_counter()
    res = TaskResult(name, FORMATS[fmt_name].build_name, "built")
    try:
        result = make(FORMATS[fmt_name], digest, settings, target)
        res.warnings = result.warnings[len(digest.warnings):]  # the format's own
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


def _recorded(entry) -> tuple[str | None, list[Warning_]]:
    """A manifest entry: (hash, warnings); an entry of an older reportgen has no warnings."""
    if not isinstance(entry, dict):
        return None, []
    try:
        return entry.get("hash"), [Warning_.model_validate(w) for w in entry.get("warnings", [])]
    except ValueError:
        return None, []


def workers_for(settings: Settings) -> int:
    return max(1, settings.jobs or os.cpu_count() or 1)


class Workers:
    """The worker processes of ``reportgen build``, kept for as long as the ``with`` lasts:
    ``--watch`` keeps them between rebuilds, so each keeps its imports and its warm Typst
    compiler (``engines/typst.py``) and a saved digest is a new PDF in a fraction of a cold
    build.  A build in kept workers makes the slowest format (the report: what a watching
    user waits for) first, on its own, then the rest.  With one job there is no pool: the
    tasks run here, as warm."""

    def __init__(self, settings: Settings):
        self.count = workers_for(settings)
        self.pool = ProcessPoolExecutor(max_workers=self.count) if self.count > 1 else None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def build_all(digests: list[str | Path], settings: Settings, on_done=None, workers: Workers | None = None
              ) -> BuildReport:
    """Build every format of every digest into ``settings.out_dir``.  ``on_done(result)``
    is called as each task ends (for progress display).  ``workers``: processes kept
    between builds (``--watch``); without them a pool is made for this build alone."""
    from .pipeline import load

    out_dir = Path(settings.out_dir)
    assets = assets_hash(settings.template_dir)
    report = BuildReport()
    plans = []  # (format, digest name, digest model, target, hash)
    manifests: dict[Path, dict] = {}

    def done(res: TaskResult) -> None:
        report.tasks.append(res)
        if on_done:
            on_done(res)

    for path in digests:
        path = str(path)
        try:
            digest = load(path)  # read once; a digest that cannot be read fails here, not in every task
            data = Path(path).read_bytes()
        except ReportgenError as e:
            done(TaskResult(Path(path).name, "*", "failed", error=str(e), exit_code=e.exit_code))
            continue
        name = Path(path).name
        report.digest_warnings[name] = list(digest.warnings)
        folder = out_dir / Path(path).stem
        folder.mkdir(parents=True, exist_ok=True)
        _clear_parts(folder)
        manifest = manifests.setdefault(folder, _load_manifest(folder / "manifest.json"))
        for fmt in build_formats():
            target = folder / fmt.build_name
            h = input_hash(fmt, data, settings, assets)
            old_hash, old_warnings = _recorded(manifest.get(fmt.build_name))
            if old_hash == h and target.exists():
                done(TaskResult(name, fmt.build_name, "unchanged", warnings=old_warnings))
            else:
                plans.append((fmt, name, digest, target, h))

    def record(plan, res: TaskResult) -> None:
        fmt, _name, _digest, target, h = plan
        folder = target.parent
        if res.status == "built":
            manifests[folder][fmt.build_name] = {"hash": h, "warnings": [w.model_dump() for w in res.warnings]}
        else:
            manifests[folder].pop(fmt.build_name, None)  # rebuild it next time
        atomic_write(folder / "manifest.json", json.dumps(manifests[folder], indent=1, sort_keys=True,
                                                          ensure_ascii=False) + "\n")
        done(res)

    def here(plan) -> None:  # in this process
        record(plan, _run(plan[0].name, plan[1], plan[2], str(plan[3]), settings))

    if workers is not None:  # the kept processes (or this one, with one job)
        if workers.pool is None:
            for plan in plans:
                here(plan)
        else:
            # the report first, on its own: what a watching user waits for gets the machine,
            # the rest follow (as many at once as there are workers)
            top = max((p[0].cost for p in plans), default=0)
            _in_pool(workers.pool, [p for p in plans if p[0].cost == top], settings, record)
            _in_pool(workers.pool, [p for p in plans if p[0].cost != top], settings, record)
    elif min(workers_for(settings), len(plans)) <= 1:
        for plan in plans:
            here(plan)
    else:
        with ProcessPoolExecutor(max_workers=min(workers_for(settings), len(plans))) as pool:
            _in_pool(pool, plans, settings, record)
    return report


def _in_pool(pool: ProcessPoolExecutor, plans, settings: Settings, record) -> None:
    futures = {pool.submit(_run, p[0].name, p[1], p[2], str(p[3]), settings): p for p in plans}
    for fut in as_completed(futures):
        record(futures[fut], fut.result())


def exit_code(report: BuildReport, strict: bool) -> int:
    failed = [r.exit_code for r in report.tasks if r.status == "failed"]
    if failed:
        return max(failed)
    if strict and any(report.warnings(d) for d in report.digests):
        return EXIT_WARNINGS
    return 0


def watched_paths(digests: list[str | Path], settings: Settings) -> list[Path]:
    """What ``--watch`` watches: each digest and the template folders."""
    paths = [Path(d).resolve() for d in digests] + [asset_dir("templates")]
    if settings.template_dir:
        paths.append(Path(settings.template_dir).resolve())
    return paths
