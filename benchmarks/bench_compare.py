"""Benchmark: the same command in two checkouts of reportgen, before and after a change.

    git worktree add /tmp/before <commit>
    python benchmarks/bench_compare.py --before /tmp/before [--runs 5] [--command build|pdf|parse]

Runs are interleaved (before, after, before, after, …) so that the shared machine's changing
load weighs on both alike; each is a whole command as a user runs it (GNU time: wall, CPU of the
process and its children, peak RSS), each cold (a fresh output folder: nothing to reuse).
Reports medians and the after/before ratio.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import timed  # noqa: E402

REFERENCE = ROOT / "examples" / "digest-2024-06.md"


def command(kind: str, out: Path) -> list:
    rg = [sys.executable, "-m", "reportgen"]
    if kind == "build":
        return rg + ["build", REFERENCE, "--out-dir", out]
    if kind == "pdf":
        return rg + ["pdf", REFERENCE, "-o", out / "r.pdf"]
    return rg + ["parse", REFERENCE, "-o", out / "m.json"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", type=Path, required=True, help="a checkout of the code before the change")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--command", choices=("build", "pdf", "parse"), default="build")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-compare-"))
    samples = {"before": [], "after": []}
    for i in range(args.runs):
        for label, checkout in (("before", args.before.resolve()), ("after", ROOT)):
            out = work / f"{label}{i}"
            out.mkdir()
            samples[label].append(timed(command(args.command, out), work, checkout=checkout))
    med = {k: (statistics.median(s[0] for s in v), statistics.median(s[1] for s in v), max(s[2] for s in v))
           for k, v in samples.items()}
    print(f"reportgen {args.command} of the reference, cold, median of {args.runs} (interleaved):")
    for label in ("before", "after"):
        wall, cpu, rss = med[label]
        runs = ", ".join(f"{s[0]:.2f}" for s in samples[label])
        print(f"  {label:<7} wall {wall:6.2f} s  cpu {cpu:6.2f} s  peak {rss:5.0f} MB   ({runs})")
    print(f"  after / before: {med['after'][0] / med['before'][0]:.2f}x wall, "
          f"{med['after'][1] / med['before'][1]:.2f}x CPU")


if __name__ == "__main__":
    main()
