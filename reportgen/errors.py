"""One root exception; each kind has its own exit code.

The CLI prints ``str(error)`` as one line on stderr and exits with
``error.exit_code``; no traceback ever reaches a user for an error they caused.
"""
from __future__ import annotations

# Exit codes (documented in the README).
EXIT_WARNINGS = 1  # --strict and there were warnings
EXIT_INPUT = 2  # bad input file, bad option, unwritable output
EXIT_ENGINE_MISSING = 3  # e.g. xelatex not installed
EXIT_ENGINE_FAILED = 4  # the engine ran and failed


class ReportgenError(Exception):
    exit_code = EXIT_INPUT

    def __init__(self, message: str, file: str = "", line: int = 0):
        self.message = message
        self.file = str(file)
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: error: {self.message}" if where else f"error: {self.message}"


class InputError(ReportgenError):
    """The input cannot be read as a digest."""


class OutputError(ReportgenError):
    """An output cannot be written."""


class StrictWarnings(ReportgenError):
    exit_code = EXIT_WARNINGS


class EngineMissing(ReportgenError):
    exit_code = EXIT_ENGINE_MISSING


class EngineFailed(ReportgenError):
    exit_code = EXIT_ENGINE_FAILED
    kept: dict = {}  # files the user asked to keep (--keep-tex), written beside the output even so
