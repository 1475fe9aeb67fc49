"""Progress and the closing summary of ``reportgen build``.

On a terminal: a rich progress bar per digest and a summary table.  Elsewhere
(CI, a pipe): quiet — one line per failure and a plain summary, so logs stay
short.  ``--verbose`` adds every output's time.
"""
from __future__ import annotations

import sys
from collections import defaultdict

from .batch import OUTPUTS, TaskResult


class Reporter:
    def __init__(self, total: int, verbose: bool = False, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.verbose = verbose
        self.total_tasks = total * len(OUTPUTS)
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

    def done(self, r: TaskResult) -> None:
        if self.progress is not None:
            advance = len(OUTPUTS) if r.output == "*" else 1
            self.progress.update(self.task, advance=advance, description=f"{r.digest} {r.output}")
        line = None
        if r.status == "failed":
            # a digest that could not be read at all: its error already names the file
            line = f"reportgen: {r.error}" if r.output == "*" else f"reportgen: {r.digest}: {r.output}: {r.error}"
        elif self.verbose:
            line = f"  {r.digest:<28} {r.output:<22} {r.status:<9} {r.seconds:6.2f} s"
        if line:
            (self.progress.console.print(line, markup=False, highlight=False) if self.progress is not None
             else print(line, file=self.stream))

    def summary(self, results: list[TaskResult]) -> None:
        per = defaultdict(lambda: defaultdict(int))
        for r in results:
            per[r.digest][r.status] += 1
            per[r.digest]["warnings"] += len(r.warnings)
        rows = [(d, c["built"], c["unchanged"], c["failed"], c["warnings"]) for d, c in per.items()]
        if self.tty:
            from rich.console import Console
            from rich.table import Table

            table = Table(title="reportgen build")
            for col in ("digest", "built", "unchanged", "failed", "warnings"):
                table.add_column(col, justify="left" if col == "digest" else "right")
            for row in rows:
                table.add_row(*[str(x) for x in row], style="red" if row[3] else None)
            Console(file=self.stream).print(table)
        else:
            for d, built, unchanged, failed, warnings in rows:
                print(f"{d}: {built} built, {unchanged} unchanged, {failed} failed, {warnings} warnings",
                      file=self.stream)
