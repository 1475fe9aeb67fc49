"""Shared test fixtures: where the real corpus is, and the bundled example."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/wordcount.py etc.

EXAMPLE = ROOT / "examples" / "digest-2024-06.md"
CORPUS_DIR = Path(os.environ.get("REPORTGEN_CORPUS", ROOT.parent / "shared" / "corpus"))
CORPUS = sorted(CORPUS_DIR.glob("digest-*.md")) if CORPUS_DIR.is_dir() else []
if not CORPUS:
    # The corpus lies beside the repository on every developer machine and in CI;
    # without it only the bundled example (the reference digest) is exercised.
    CORPUS = [EXAMPLE]
REFERENCE = next((p for p in CORPUS if p.name == "digest-2024-06.md"), EXAMPLE)


def corpus_params():
    return pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
