"""A synthetic digest N times the size of a real one, for scaling benchmarks.

Each section's body is repeated N times; in copy k every arXiv id is shifted so
ids stay valid and distinct, and the highlights table keeps one header.  The
result is generated on the fly, never committed.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

HEADING = re.compile(r"^\s{0,3}\d+\.\s+\*\*[A-Z_]+\*\*")
TABLE_HEAD = re.compile(r"^\s*\|\s*(Rank|:?-{3})")
NEW_ID = re.compile(r"(?<![\d.])(\d{4})\.(\d{5})(?!\d)")


def shift_ids(text: str, k: int) -> str:
    if k == 0:
        return text
    return NEW_ID.sub(lambda m: f"{m.group(1)}.{(int(m.group(2)) + 7919 * k) % 100000:05d}", text)


def synthesize(text: str, factor: int = 10) -> str:
    lines = text.split("\n")
    out: list[str] = []
    body: list[str] = []

    def flush():
        keep = [ln for ln in body if TABLE_HEAD.match(ln)]
        rest = [ln for ln in body if not TABLE_HEAD.match(ln)]
        if keep:  # table header once, then the rows of every copy
            first_row = next(i for i, ln in enumerate(body) if TABLE_HEAD.match(ln))
            out.extend(body[:first_row])
            out.extend(keep)
            rows = [ln for ln in rest[first_row:]]
            for k in range(factor):
                out.extend(shift_ids("\n".join(rows), k).split("\n"))
        else:
            for k in range(factor):
                out.extend(shift_ids("\n".join(rest), k).split("\n"))
        body.clear()

    for ln in lines:
        if HEADING.match(ln):
            flush()
            out.append(ln)
        else:
            body.append(ln)
    flush()
    return "\n".join(out)


def write_synthetic(reference: Path, factor: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{reference.stem}-x{factor}.md"
    target.write_text(synthesize(reference.read_text(encoding="utf-8"), factor), encoding="utf-8")
    return target


if __name__ == "__main__":
    ref = Path(sys.argv[1])
    print(write_synthetic(ref, int(sys.argv[2]) if len(sys.argv) > 2 else 10, Path(sys.argv[3] if len(sys.argv) > 3 else ".")))
