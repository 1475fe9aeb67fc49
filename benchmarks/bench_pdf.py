"""Benchmark: `reportgen pdf` (HTML engine) against pandoc + xelatex, same run.

    python benchmarks/bench_pdf.py [--runs 3]

Wall time (median of N) and peak RSS (GNU time) of whole commands, as a user
would run them, on the reference digest; then a synthetic digest ten times its
size.  Prints ratios; pandoc is skipped when not installed.  Not a test.
Goals (issue 3): <= 1.0x pandoc+xelatex time; peak memory < 300 MB;
10x input in <= 12x the reference's time.  Issue 4: the LaTeX engine with
xelatex <= 1.5x pandoc+xelatex, all passes included; the number of passes.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_synthetic  # noqa: E402

REFERENCE = ROOT / "examples" / "digest-2024-06.md"


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds incl. children, peak RSS MB) of one run, via GNU time."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *cmd], cwd=cwd, capture_output=True, text=True,
                         env=env)
    if out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out.stderr[-2000:]}")
    wall, user, system, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) / 1024


def measure(name: str, cmd: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Median wall time and peak memory; CPU time is printed too, since on a shared
    machine it is the steadier figure."""
    samples = [timed(cmd, cwd) for _ in range(runs)]
    wall = statistics.median(s[0] for s in samples)
    cpu = statistics.median(s[1] for s in samples)
    rss = max(s[2] for s in samples)
    print(f"  {name:<34} wall {wall:6.2f} s  cpu {cpu:6.2f} s  peak {rss:5.0f} MB  "
          f"(wall runs: {', '.join(f'{s[0]:.2f}' for s in samples)})")
    return wall, rss


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    synthetic = write_synthetic(REFERENCE, 10, work)
    rg = [sys.executable, "-m", "reportgen", "pdf"]
    print(f"reference: {REFERENCE.name} ({REFERENCE.stat().st_size // 1024} kB); "
          f"synthetic x10: {synthetic.stat().st_size // 1024} kB")
    ours, ours_rss = measure("reportgen pdf (html)", rg + [str(REFERENCE), "-o", str(work / "r.pdf")], ROOT, args.runs)
    theirs = None
    if shutil.which("pandoc") and shutil.which("xelatex"):
        theirs, _ = measure("pandoc --pdf-engine=xelatex", ["pandoc", str(REFERENCE), "-o", str(work / "p.pdf"),
                                                           "--pdf-engine=xelatex", "-V", "mainfont=Noto Serif"],
                            work, args.runs)
        ratio = ours / theirs
        print(f"  ratio reportgen / pandoc+xelatex: {ratio:.2f}x   goal <= 1.0x: {'met' if ratio <= 1.0 else 'NOT met'}")
    else:
        print("  pandoc or xelatex not installed: no comparison")
    if shutil.which("xelatex"):
        sys.path.insert(0, str(ROOT))
        from reportgen.build import build_pdf

        passes = build_pdf(REFERENCE, work / "passes.pdf", engine="latex").passes
        tex, _ = measure("reportgen pdf --engine latex", rg + [str(REFERENCE), "--engine", "latex", "-o",
                                                              str(work / "t.pdf")], ROOT, args.runs)
        line = f"  LaTeX engine (xelatex): {passes} TeX passes"
        if theirs:
            line += f"; ratio to pandoc+xelatex {tex / theirs:.2f}x   goal <= 1.5x: " \
                    f"{'met' if tex / theirs <= 1.5 else 'NOT met'}"
        print(line)
    print(f"  peak memory {ours_rss:.0f} MB   goal < 300 MB: {'met' if ours_rss < 300 else 'NOT met'}")
    big, big_rss = measure("reportgen pdf (html), x10", rg + [str(synthetic), "-o", str(work / "s.pdf")], ROOT,
                           max(1, args.runs - 2))
    print(f"  x10 / x1 time: {big / ours:.1f}x   goal <= 12x: {'met' if big / ours <= 12 else 'NOT met'}; "
          f"x10 peak {big_rss:.0f} MB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
