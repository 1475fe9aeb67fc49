"""Benchmark: `reportgen slides` build time, in-process and as a command.

    python benchmarks/bench_deck.py [--runs 5]

In-process (the issue's measure): ``build_slides()`` after one warm-up build
(imports, font tables, template), median of N, on the reference digest and on a
synthetic digest ten times its size (``synth.write_synthetic``), with the time
split into read / plan / write.  Then whole commands (wall time, peak RSS via
GNU time), against ``pandoc -o deck.pptx`` in the same run where pandoc is
installed — pandoc's deck is one unmeasured text dump, so the ratio says what
the measuring and planning cost, not that the outputs are alike.
Goal (issue 6): under 1 s in-process for the reference.  Not a test.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_synthetic  # noqa: E402
from timing import timed  # noqa: E402

REFERENCE = ROOT / "examples" / "digest-2024-06.md"


def in_process(path: Path, out: Path, runs: int) -> dict:
    from pptx import Presentation

    from reportgen.deck.plan import plan_deck
    from reportgen.deck.template import Template
    from reportgen.deck.writer import write_deck
    from reportgen.labels import build_date
    from reportgen.pipeline import build_one, load
    from reportgen.settings import Settings

    build_one("deck", path, out)  # warm-up
    totals, cpu, parts = [], [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        build_one("deck", path, out)
        totals.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        t0 = time.perf_counter()
        d = load(path)
        t1 = time.perf_counter()
        tpl = Template()
        deck = plan_deck(d, tpl.geometry, Settings(), build_date())
        t2 = time.perf_counter()
        write_deck(deck, tpl)
        t3 = time.perf_counter()
        parts.append((t1 - t0, t2 - t1, t3 - t2))
    return {
        "total": statistics.median(totals),
        "cpu": statistics.median(cpu),
        "runs": totals,
        "read": statistics.median(p[0] for p in parts),
        "plan": statistics.median(p[1] for p in parts),
        "write": statistics.median(p[2] for p in parts),
        "slides": len(Presentation(str(out)).slides),
        "kB": out.stat().st_size // 1024,
    }


def command(cmd: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    samples = [timed(cmd, cwd) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[2] for s in samples)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-deck-"))
    synthetic = write_synthetic(REFERENCE, 10, work)
    print(f"reference: {REFERENCE.name} ({REFERENCE.stat().st_size // 1024} kB); "
          f"synthetic x10: {synthetic.stat().st_size // 1024} kB")
    print("in-process build_slides() (median wall time, CPU time; read / plan / write):")
    ref = in_process(REFERENCE, work / "ref.pptx", args.runs)
    big = in_process(synthetic, work / "x10.pptx", max(1, args.runs // 2))
    for name, r in (("reference", ref), ("synthetic x10", big)):
        print(f"  {name:<14} {r['total']:6.3f} s (CPU {r['cpu']:.3f} s)  ({r['read']:.3f} / {r['plan']:.3f} / "
              f"{r['write']:.3f})"
              f"  {r['slides']} slides, {r['kB']} kB   runs: {', '.join(f'{t:.3f}' for t in r['runs'])}")
    print(f"  goal < 1 s for the reference: {'met' if ref['total'] < 1 else 'NOT met'}; "
          f"x10 / x1 time {big['total'] / ref['total']:.1f}x for {big['slides'] / ref['slides']:.1f}x the slides")
    if Path("/usr/bin/time").exists():
        print("whole commands (median wall, peak RSS):")
        rg = [sys.executable, "-m", "reportgen", "slides"]
        ours, rss = command(rg + [str(REFERENCE), "-o", str(work / "c.pptx")], ROOT, 3)
        print(f"  reportgen slides               {ours:6.2f} s  peak {rss:5.0f} MB")
        if shutil.which("pandoc"):
            theirs, prss = command(["pandoc", str(REFERENCE), "-o", str(work / "p.pptx")], work, 3)
            print(f"  pandoc -o deck.pptx            {theirs:6.2f} s  peak {prss:5.0f} MB")
            print(f"  ratio reportgen / pandoc: {ours / theirs:.2f}x")
        else:
            print("  pandoc not installed: no comparison")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
