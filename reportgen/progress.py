"""Progress and the closing summary of ``reportgen build``.

On a terminal: a rich progress bar and a summary table; elsewhere (CI, a pipe): quiet —
one line per failure and a plain summary, so logs stay short.  Either way the summary
says what went wrong: per digest, its warnings grouped by code, with a count and the
first ``file:line`` of each (once per digest, however many outputs saw them);
``--verbose`` lists every warning and every output's time.
"""
from __future__ import annotations

import sys
from collections import Counter

from .build import BuildReport, TaskResult
from .model import Warning_


def warning_groups(warnings: list[Warning_]) -> list[tuple[str, int, Warning_]]:
    """(code, how many, the first) for each warning code, in order of first appearance."""
    first: dict[str, Warning_] = {}
    counts: Counter = Counter()
    for w in warnings:
        first.setdefault(w.code, w)
        counts[w.code] += 1
    return [(code, counts[code], w) for code, w in first.items()]


class Reporter:
    def __init__(self, digests: int, outputs: int, verbose: bool = False, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.verbose = verbose
        self.outputs = outputs  # per digest
        self.total_tasks = digests * outputs
        self.progress = None

    def __enter__(self):
        if self.tty:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), console=Console(file=self.stream), transient=True)
            self.progress.start()
            self.task = self.progress.add_task("building", total=self.total_tasks)
        return self

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()
        return False

    def _print(self, line: str) -> None:
        if self.progress is not None:
            self.progress.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=self.stream)

    def done(self, r: TaskResult) -> None:
        if self.progress is not None:
            advance = self.outputs if r.output == "*" else 1
            self.progress.update(self.task, advance=advance, description=f"{r.digest} {r.output}")
        if r.status == "failed":
            # a digest that could not be read at all: its error already names the file
            self._print(f"reportgen: {r.error}" if r.output == "*" else f"reportgen: {r.digest}: {r.output}: {r.error}")
        elif self.verbose:
            self._print(f"  {r.digest:<28} {r.output:<22} {r.status:<9} {r.seconds:6.2f} s")

    def summary(self, report: BuildReport) -> None:
        rows = []
        for d in report.digests:
            tasks = [t for t in report.tasks if t.digest == d]
            status = Counter(t.status for t in tasks)
            rows.append((d, status["built"], status["unchanged"], status["failed"], len(report.warnings(d))))
        if self.tty:
            from rich.console import Console
            from rich.table import Table

            table = Table(title="reportgen build")
            for col in ("digest", "built", "unchanged", "failed", "warnings"):
                table.add_column(col, justify="left" if col == "digest" else "right")
            for row in rows:
                table.add_row(*[str(x) for x in row], style="red" if row[3] else None)
            Console(file=self.stream).print(table)
        for d, built, unchanged, failed, n_warnings in rows:
            if not self.tty:
                print(f"{d}: {built} built, {unchanged} unchanged, {failed} failed, {n_warnings} warnings",
                      file=self.stream)
            warnings = report.warnings(d)
            if self.verbose:
                for w in warnings:
                    print(f"  {w}", file=self.stream)
                continue
            for code, count, w in warning_groups(warnings):
                where = f"{w.file}:{w.line}" if w.line else w.file
                print(f"  {code:<16} {count:>4}  first at {where}: {w.message}", file=self.stream)
