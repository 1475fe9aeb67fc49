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


EPOCH = "1718000000"  # SOURCE_DATE_EPOCH of every shared build: 2024-06-10


@pytest.fixture(scope="session")
def made(tmp_path_factory):
    """(format name, digest path[, settings]) -> pipeline.Result, each built once per test
    session with SOURCE_DATE_EPOCH fixed: the slow renders are shared by the contract
    (tests/test_formats.py) and the format's own tests."""
    from reportgen.formats import FORMATS
    from reportgen.pipeline import build_one
    from reportgen.settings import Settings

    cache = {}
    folder = tmp_path_factory.mktemp("made")

    def get(name, path, settings=None):
        settings = settings or Settings()
        key = (name, path, settings)
        if key not in cache:
            old = os.environ.get("SOURCE_DATE_EPOCH")
            os.environ["SOURCE_DATE_EPOCH"] = EPOCH
            try:
                out = folder / f"{len(cache)}-{path.stem}{FORMATS[name].suffix}"
                cache[key] = build_one(name, path, out, settings)
            finally:
                if old is None:
                    os.environ.pop("SOURCE_DATE_EPOCH", None)
                else:
                    os.environ["SOURCE_DATE_EPOCH"] = old
        return cache[key]

    return get
