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
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_synthetic  # noqa: E402
from timing import timed  # noqa: E402

REFERENCE = ROOT / "examples" / "digest-2024-06.md"


def measure(name: str, cmd: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Median wall time and peak memory; CPU time is printed too, since on a shared
    machine it is the steadier figure."""
    return measure_together({name: (cmd, cwd)}, runs)[name][:2]


def measure_together(commands: dict[str, tuple[list[str], Path]], runs: int) -> dict[str, tuple[float, float, float]]:
    """Each command run ``runs`` times, interleaved (A B C A B C …), so that a change in the
    machine's load during the run weighs on all of them alike.  name -> (median wall, peak RSS,
    median CPU); each printed."""
    samples: dict[str, list] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (cmd, cwd) in commands.items():
            samples[name].append(timed(cmd, cwd))
    out = {}
    for name, ss in samples.items():
        wall = statistics.median(s[0] for s in ss)
        cpu = statistics.median(s[1] for s in ss)
        rss = max(s[2] for s in ss)
        print(f"  {name:<34} wall {wall:6.2f} s  cpu {cpu:6.2f} s  peak {rss:5.0f} MB  "
              f"(wall runs: {', '.join(f'{s[0]:.2f}' for s in ss)})")
        out[name] = (wall, rss, cpu)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    synthetic = write_synthetic(REFERENCE, 10, work)
    rg = [sys.executable, "-m", "reportgen", "pdf"]
    print(f"reference: {REFERENCE.name} ({REFERENCE.stat().st_size // 1024} kB); "
          f"synthetic x10: {synthetic.stat().st_size // 1024} kB")
    commands = {"reportgen pdf (html)": (rg + [str(REFERENCE), "-o", str(work / "r.pdf")], ROOT)}
    have_pandoc = bool(shutil.which("pandoc") and shutil.which("xelatex"))
    if have_pandoc:
        commands["pandoc --pdf-engine=xelatex"] = (["pandoc", str(REFERENCE), "-o", str(work / "p.pdf"),
                                                    "--pdf-engine=xelatex", "-V", "mainfont=Noto Serif"], work)
        # The engine's floor: WeasyPrint alone on pandoc's own plain HTML of the digest (no cover,
        # contents, cards, chart or index; system fonts) — what any WeasyPrint report costs at least.
        subprocess.run(["pandoc", str(REFERENCE), "-s", "--metadata", "title=digest", "-o", str(work / "p.html")],
                       check=True)
        commands["weasyprint on pandoc's HTML"] = ([sys.executable, "-m", "weasyprint", str(work / "p.html"),
                                                    str(work / "w.pdf")], work)
    got = measure_together(commands, args.runs)
    ours, ours_rss, ours_cpu = got["reportgen pdf (html)"]
    theirs = None
    if have_pandoc:
        theirs, _, theirs_cpu = got["pandoc --pdf-engine=xelatex"]
        floor = got["weasyprint on pandoc's HTML"][0]
        ratio = ours / theirs
        print(f"  ratio reportgen / pandoc+xelatex: {ratio:.2f}x wall, {ours_cpu / theirs_cpu:.2f}x CPU   "
              f"goal <= 1.0x: {'met' if ratio <= 1.0 else 'NOT met'}")
        print(f"  WeasyPrint's floor (its own run on pandoc's plain HTML) / pandoc+xelatex: {floor / theirs:.2f}x")
    else:
        print("  pandoc or xelatex not installed: no comparison")
    if shutil.which("xelatex"):
        sys.path.insert(0, str(ROOT))
        from reportgen.pipeline import build_one

        passes = build_one("report", REFERENCE, work / "passes.pdf", engine="latex").details["passes"]
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
