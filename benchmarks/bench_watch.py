"""Benchmark: a saved digest under `reportgen build --watch` (issue 14).

    python benchmarks/bench_watch.py [--runs 5] [--engine typst] [--jobs N]

Starts `reportgen build DIGEST --watch` on a copy of the reference digest, waits for the
first (cold) build, then saves the digest with one more reflection bullet, N times, and
measures each time from the save to the new `report.pdf` (and to the last output of the
build: the deck, the reading list, the exports).  The watcher keeps its worker processes,
and each its warm Typst compiler, between rebuilds.  Goal: the new report within 0.5 s.
Not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "digest-2024-06.md"


def _stamp(path: Path):
    try:
        st = path.stat()
        return st.st_ino, st.st_mtime_ns
    except FileNotFoundError:
        return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--engine", default="typst")
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-watch-"))
    digest = work / "w.md"
    source = REFERENCE.read_bytes()
    digest.write_bytes(source)
    out = work / "out"
    folder = out / "w"
    cmd = [sys.executable, "-m", "reportgen", "build", str(digest), "--out-dir", str(out), "--watch",
           "--engine", args.engine] + (["--jobs", str(args.jobs)] if args.jobs else [])
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    outputs = None
    try:
        while True:  # the first, cold build: every output in the manifest
            manifest = folder / "manifest.json"
            if manifest.exists():
                try:
                    entries = json.loads(manifest.read_text() or "{}")
                except ValueError:
                    entries = {}
                if len(entries) >= 7:
                    outputs = sorted(entries)
                    break
            if proc.poll() is not None:
                raise SystemExit(proc.stderr.read())
            time.sleep(0.02)
        print(f"first build (start-up included): {time.perf_counter() - start:.2f} s; {os.cpu_count()} cores")
        time.sleep(1.0)
        reports, alls = [], []
        for i in range(args.runs):
            before = {name: _stamp(folder / name) for name in outputs}
            saved = time.perf_counter()
            digest.write_bytes(source + f"\n    *   Một dòng mới số {i} khi đang theo dõi.\n".encode())
            report_at = None
            while True:
                now = time.perf_counter()
                changed = {name for name in outputs if _stamp(folder / name) != before[name]}
                if report_at is None and "report.pdf" in changed:
                    report_at = now - saved
                if len(changed) == len(outputs):
                    break
                if now - saved > 60:
                    raise SystemExit(f"no rebuild within 60 s (changed: {sorted(changed)})")
                time.sleep(0.005)
            # the manifest is written last; wait until it is quiet before the next save
            alls.append(time.perf_counter() - saved)
            reports.append(report_at)
            print(f"  save {i + 1}: new report.pdf after {report_at:.3f} s, every output after {alls[-1]:.3f} s")
            time.sleep(1.0)
        med = statistics.median(reports)
        print(f"median: report {med:.3f} s, all outputs {statistics.median(alls):.3f} s   goal <= 0.5 s: "
              f"{'met' if med <= 0.5 else 'NOT met'}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
