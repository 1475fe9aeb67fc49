"""Where bundled assets are: inside the installed package (the wheel maps the
top-level ``templates/`` and ``fonts/`` to ``reportgen/templates`` and
``reportgen/fonts``), or at the top of a source checkout."""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def asset_dir(name: str) -> Path:
    for candidate in (_PKG / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder '{name}' not found next to {_PKG}")
