"""Benchmark: `reportgen build` (issues 7 and 14).  Run on demand: python benchmarks/bench_build.py

- a cold full build of the reference digest (all seven outputs, default engine: Typst)
  against pandoc + xelatex making only its PDF, interleaved in the same run (issue 14:
  <= 1.0x, stretch 0.5x);
- an unchanged rebuild (goal: under 0.15x the cold build);
- the whole corpus with --jobs 2;
- the ten-times synthetic digest;
- peak memory (GNU time: the largest process of the tree).
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_synthetic  # noqa: E402
from timing import timed as _timed  # noqa: E402


def timed(cmd, cwd):
    return _timed(cmd, cwd, ok=(0, 1))  # 1: a digest with warnings under --strict still built the rest

REFERENCE = ROOT / "examples" / "digest-2024-06.md"
CORPUS = sorted((ROOT.parent / "shared" / "corpus").glob("digest-*.md"))


def show(name, t):
    print(f"  {name:<44} wall {t[0]:6.2f} s  cpu {t[1]:6.2f} s  peak {t[2]:5.0f} MB")
    return t


def main() -> None:
    import argparse
    import statistics

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-build-"))
    rg = [sys.executable, "-m", "reportgen", "build"]
    have_pandoc = bool(shutil.which("pandoc") and shutil.which("xelatex"))
    import os

    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start")
    colds, pandocs = [], []
    for i in range(args.runs):  # interleaved, so a change of load weighs on both alike
        colds.append(timed(rg + [REFERENCE, "--out-dir", work / f"a{i}"], ROOT))
        if have_pandoc:
            pandocs.append(timed(["pandoc", REFERENCE, "-o", work / "p.pdf", "--pdf-engine=xelatex", "-V",
                                  "mainfont=Noto Serif"], work))

    def median(samples):
        return tuple(statistics.median(s[k] for s in samples) for k in range(2)) + (max(s[2] for s in samples),)

    cold = show(f"build reference, cold (7 outputs), median of {args.runs}", median(colds))
    warm = show("build reference, unchanged", timed(rg + [REFERENCE, "--out-dir", work / "a0"], ROOT))
    print(f"  unchanged / cold: {warm[0] / cold[0]:.2f}x   goal < 0.15x: {'met' if warm[0] / cold[0] < 0.15 else 'NOT met'}")
    if have_pandoc:
        pd = show(f"pandoc --pdf-engine=xelatex (PDF only), median of {args.runs}", median(pandocs))
        r = cold[0] / pd[0]
        print(f"  cold build / pandoc: {r:.2f}x   goal <= 1.0x: {'met' if r <= 1.0 else 'NOT met'}"
              f" (stretch 0.5x: {'met' if r <= 0.5 else 'not met'})")
    if CORPUS:
        show(f"build the corpus ({len(CORPUS)} digests), --jobs 2",
             timed(rg + [*CORPUS, "--out-dir", work / "c", "--jobs", "2"], ROOT))
    synthetic = write_synthetic(REFERENCE, 10, work)
    big = show("build synthetic x10", timed(rg + [synthetic, "--out-dir", work / "s"], ROOT))
    print(f"  x10 / reference (cold): {big[0] / cold[0]:.1f}x")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
