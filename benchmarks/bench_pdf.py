"""Benchmark: `reportgen pdf` (each engine) against pandoc + xelatex, same run.

    python benchmarks/bench_pdf.py [--runs 5] [--html-x10]

Wall time (median of N) and peak RSS (GNU time) of whole commands, as a user
would run them, on the reference digest, interleaved run by run; then a synthetic
digest ten times its size.  Prints ratios; pandoc is skipped when not installed.
Not a test.  Goals — issue 14, the Typst engine (the default): <= 0.4x
pandoc+xelatex (stretch 0.25x); the x10 digest in <= 8x the reference's time.
Issue 3, the HTML engine: <= 1.0x (not reachable: WeasyPrint's floor is measured
beside it); peak memory < 300 MB; x10 in <= 12x.  Issue 4, the LaTeX engine with
xelatex: <= 1.5x pandoc+xelatex, all passes included; the number of passes.
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
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--html-x10", action="store_true", help="also the HTML engine on the x10 digest (about a minute)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    synthetic = write_synthetic(REFERENCE, 10, work)
    rg = [sys.executable, "-m", "reportgen", "pdf"]
    print(f"reference: {REFERENCE.name} ({REFERENCE.stat().st_size // 1024} kB); "
          f"synthetic x10: {synthetic.stat().st_size // 1024} kB")
    commands = {"reportgen pdf (typst)": (rg + [str(REFERENCE), "-o", str(work / "y.pdf")], ROOT),
                "reportgen pdf --engine html": (rg + [str(REFERENCE), "--engine", "html", "-o", str(work / "r.pdf")],
                                                ROOT)}
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
    if shutil.which("xelatex"):
        commands["reportgen pdf --engine latex"] = (rg + [str(REFERENCE), "--engine", "latex", "-o",
                                                          str(work / "t.pdf")], ROOT)
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start")
    got = measure_together(commands, args.runs)
    typst, typst_rss, typst_cpu = got["reportgen pdf (typst)"]
    html, html_rss, html_cpu = got["reportgen pdf --engine html"]
    if have_pandoc:
        theirs, _, theirs_cpu = got["pandoc --pdf-engine=xelatex"]
        r = typst / theirs
        print(f"  typst / pandoc+xelatex: {r:.2f}x wall, {typst_cpu / theirs_cpu:.2f}x CPU   goal <= 0.4x: "
              f"{'met' if r <= 0.4 else 'NOT met'} (stretch 0.25x: {'met' if r <= 0.25 else 'not met'})")
        print(f"  html / pandoc+xelatex: {html / theirs:.2f}x wall, {html_cpu / theirs_cpu:.2f}x CPU; "
              f"WeasyPrint's floor (its own run on pandoc's plain HTML): "
              f"{got['weasyprint on pandoc' + chr(39) + 's HTML'][0] / theirs:.2f}x")
        if "reportgen pdf --engine latex" in got:
            sys.path.insert(0, str(ROOT))
            from reportgen.pipeline import build_one

            passes = build_one("report", REFERENCE, work / "passes.pdf", engine="latex").details["passes"]
            tex = got["reportgen pdf --engine latex"][0]
            print(f"  latex (xelatex, {passes} TeX passes) / pandoc+xelatex: {tex / theirs:.2f}x   goal <= 1.5x: "
                  f"{'met' if tex / theirs <= 1.5 else 'NOT met'}")
    else:
        print("  pandoc or xelatex not installed: no comparison")
    print(f"  peak memory: typst {typst_rss:.0f} MB, html {html_rss:.0f} MB   goal < 300 MB")
    big = measure_together({"reportgen pdf (typst), x10": (rg + [str(synthetic), "-o", str(work / "s.pdf")], ROOT),
                            "reportgen pdf (typst), x1": (rg + [str(REFERENCE), "-o", str(work / "y1.pdf")], ROOT)},
                           args.runs)
    ratio = big["reportgen pdf (typst), x10"][0] / big["reportgen pdf (typst), x1"][0]
    print(f"  typst x10 / x1 time: {ratio:.1f}x   goal <= 8x: {'met' if ratio <= 8 else 'NOT met'}; "
          f"x10 peak {big['reportgen pdf (typst), x10'][1]:.0f} MB")
    if args.html_x10:
        hbig, _ = measure("reportgen pdf --engine html, x10", rg + [str(synthetic), "--engine", "html", "-o",
                                                                     str(work / "h.pdf")], ROOT, 1)
        print(f"  html x10 / x1 time: {hbig / html:.1f}x   goal <= 12x: {'met' if hbig / html <= 12 else 'NOT met'}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
