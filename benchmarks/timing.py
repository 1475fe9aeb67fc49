"""Whole commands timed as a user runs them: one GNU time helper for every benchmark."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list, cwd: Path, ok: tuple[int, ...] = (0,), checkout: Path = ROOT) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds incl. children, peak RSS MB) of one run of ``cmd``, with the
    reportgen of ``checkout`` (this one by default) on the path.  An exit code not in ``ok``
    stops the benchmark."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    out = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *map(str, cmd)], cwd=cwd, capture_output=True,
                         text=True, env=env)
    if out.returncode not in ok:
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}\n{out.stderr[-2000:]}")
    wall, user, system, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) / 1024
