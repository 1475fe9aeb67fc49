"""Benchmark: the reader (digest text -> ``Digest``) on the corpus and on ten times the reference.

    python benchmarks/bench_parse.py [--runs 30] [--factor 10] [--profile]

For every corpus file and for a synthetic digest ``--factor`` times the reference
(``digest-2024-06.md``; each section's body repeated with shifted ids by ``synth.py``,
written to a temp dir and never committed):

- in-process parse time of ``load_text`` (read + derive) on text already in memory, after one warm-up
  parse: best and median of N runs, wall (``time.perf_counter``) and CPU
  (``time.process_time``; steadier on a shared machine).  Garbage is collected before
  each run, outside the timing, so one run does not pay for the last one's;
- work: Python function calls of one parse (cProfile), which no machine load disturbs;
- peak memory of one parse: ``tracemalloc`` peak (Python allocations), and the peak RSS
  (``ru_maxrss``) of a fresh subprocess that imports the reader and parses the file, next
  to one that only imports it;
- where ``pandoc`` is on PATH, ``pandoc FILE -t json -o /dev/null`` on the reference in
  the same run, against ``reportgen parse`` as a whole command.

Goals: the reference parses in < 50 ms in-process (median wall); ten times the input
costs at most ten times the time.  The scaling ratio is measured on pairs of reference
and synthetic runs, interleaved so a change of load hits both alike, and judged on the
median of the pairs' CPU-time ratios; best-of-N ratios are printed beside.  When a goal is missed,
or with ``--profile``, the top cProfile hotspots of parsing the reference are printed.
Not a test: timings depend on the machine and its load; compare ratios from one run.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_synthetic  # noqa: E402

from reportgen.pipeline import load_text  # noqa: E402  (the reader, then derive: what every build parses)
from reportgen.reader import decode  # noqa: E402

CORPUS_DIR = Path(os.environ.get("REPORTGEN_CORPUS", ROOT.parent / "shared" / "corpus"))
EXAMPLE = ROOT / "examples" / "digest-2024-06.md"
GOAL_MS = 50.0

_RSS_CODE = """
import resource, sys
from reportgen.pipeline import load
if sys.argv[1] != "-":
    load(sys.argv[1])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def corpus() -> list[Path]:
    files = sorted(CORPUS_DIR.glob("digest-*.md")) if CORPUS_DIR.is_dir() else []
    return files or [EXAMPLE]


def one_run(text: str, name: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one parse."""
    gc.collect()
    w, c = time.perf_counter(), time.process_time()
    load_text(text, name)
    return time.perf_counter() - w, time.process_time() - c


def calls(text: str, name: str) -> int:
    prof = cProfile.Profile()
    prof.enable()
    load_text(text, name)
    prof.disable()
    return pstats.Stats(prof).total_calls


def traced_peak(text: str, name: str) -> float:
    tracemalloc.start()
    try:
        load_text(text, name)
        return tracemalloc.get_traced_memory()[1] / 2 ** 20
    finally:
        tracemalloc.stop()


def subprocess_rss(path: Path | str) -> float:
    """ru_maxrss (MB) of a fresh interpreter that parses ``path`` ("-": imports only)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", _RSS_CODE, str(path)], capture_output=True, text=True, env=env,
                         check=True)
    return int(out.stdout.strip()) / 1024  # kB on Linux


def wall(cmd: list[str], runs: int) -> list[float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append(time.perf_counter() - t)
    return out


def profile(text: str, name: str, top: int = 15) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(5):
        load_text(text, name)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=30, help="timed parses per input (default 30)")
    ap.add_argument("--factor", type=int, default=10, help="size of the synthetic digest (default 10)")
    ap.add_argument("--profile", action="store_true", help="print the cProfile hotspots even if goals hold")
    args = ap.parse_args()

    files = corpus()
    reference = next((p for p in files if p.name == "digest-2024-06.md"), EXAMPLE)
    load = os.getloadavg()[0]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f}"
          + (" (busy machine: wall times are noisy, read the CPU columns and the ratios)"
             if load > (os.cpu_count() or 1) * 0.75 else "")
          + f"; {args.runs} timed parses per input after one warm-up\n")
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-parse-") as tmp:
        synthetic = write_synthetic(reference, args.factor, Path(tmp))
        syn_label = f"synthetic ×{args.factor} of {reference.stem}"
        inputs = [(p.name, p) for p in files] + [(syn_label, synthetic)]
        texts = {label: decode(path.read_bytes(), path.name) for label, path in inputs}
        base_rss = subprocess_rss("-")

        header = ("input", "kB", "lines", "wall best ms", "wall median ms", "CPU best ms", "CPU median ms",
                  "calls", "tracemalloc peak MB", "RSS MB (parse)")
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" for _ in header) + "|")
        results = {}
        for label, path in inputs:
            text = texts[label]
            load_text(text, path.name)  # warm-up: regex caches, pydantic validators
            runs = [one_run(text, path.name) for _ in range(args.runs if label != syn_label
                                                             else max(5, args.runs // 3))]
            walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
            results[label] = (min(walls), statistics.median(walls), min(cpus), statistics.median(cpus))
            rss = subprocess_rss(path)
            print(f"| {label} | {len(text.encode()) / 1024:.0f} | {text.count(chr(10)) + 1} | "
                  f"{min(walls) * 1e3:.1f} | {statistics.median(walls) * 1e3:.1f} | {min(cpus) * 1e3:.1f} | "
                  f"{statistics.median(cpus) * 1e3:.1f} | {calls(text, path.name):,} | "
                  f"{traced_peak(text, path.name):.1f} | {rss:.0f} (+{rss - base_rss:.0f}) |")
        print(f"\nRSS of a fresh interpreter that only imports the reader: {base_rss:.0f} MB")

        # scaling: interleaved runs, so both sides see the same load
        ref_text, syn_text = texts[reference.name], texts[syn_label]
        pairs = []
        for _ in range(max(5, args.runs // 2)):
            pairs.append((one_run(ref_text, reference.name), one_run(syn_text, synthetic.name)))
        ref_cpu = [p[0][1] for p in pairs]
        syn_cpu = [p[1][1] for p in pairs]
        ref_wall = [p[0][0] for p in pairs]
        syn_wall = [p[1][0] for p in pairs]
        size_ratio = len(syn_text.encode()) / len(ref_text.encode())
        work_ratio = calls(syn_text, "s") / calls(ref_text, "r")
        cpu_best = min(syn_cpu) / min(ref_cpu)
        cpu_pair = statistics.median(s / r for r, s in zip(ref_cpu, syn_cpu))  # the goal's figure
        wall_best = min(syn_wall) / min(ref_wall)
        print(f"\nsynthetic / reference ({len(pairs)} interleaved pairs): {size_ratio:.1f}× the bytes, "
              f"{work_ratio:.2f}× the function calls; time {cpu_pair:.2f}× (median of the pairs' CPU ratios), "
              f"{cpu_best:.2f}× (best CPU / best CPU), {wall_best:.2f}× (best wall / best wall)")

        ref_median = results[reference.name][1]
        goal_time = ref_median * 1e3 < GOAL_MS
        goal_scale = cpu_pair <= args.factor
        print(f"goal: reference < {GOAL_MS:.0f} ms in-process: median wall {ref_median * 1e3:.1f} ms "
              f"(best {results[reference.name][0] * 1e3:.1f} ms) -> {'met' if goal_time else 'MISSED'}")
        print(f"goal: {args.factor}× input in <= {args.factor}× the time: {cpu_pair:.2f}× -> "
              f"{'met' if goal_scale else 'MISSED'}")

        pandoc = shutil.which("pandoc")
        if pandoc:
            n = max(3, args.runs // 5)
            pd = statistics.median(wall([pandoc, str(reference), "-t", "json", "-o", os.devnull], n))
            # JSON to stdout (discarded), not "-o /dev/null": reportgen's atomic writer renames a temp
            # file over the target, which replaces /dev/null itself with a regular file when run as root
            rg = statistics.median(wall([sys.executable, "-m", "reportgen", "parse", str(reference)], n))
            print(f"\npandoc {reference.name} -t json -o /dev/null: {pd * 1e3:.0f} ms (median of {n}, whole command)")
            print(f"reportgen parse {reference.name} (whole command, imports included): {rg * 1e3:.0f} ms "
                  f"-> {rg / pd:.2f}× pandoc")
            print(f"reader in-process (median wall): {ref_median * 1e3:.1f} ms -> {ref_median / pd:.2f}× "
                  f"pandoc's whole command")
        else:
            print("\npandoc not on PATH: the pandoc comparison is skipped")

        if args.profile or not (goal_time and goal_scale):
            print("\ncProfile of 5 parses of the reference, by own time:\n")
            print(profile(ref_text, reference.name))
        return 0 if goal_time and goal_scale else 1


if __name__ == "__main__":
    sys.exit(main())
