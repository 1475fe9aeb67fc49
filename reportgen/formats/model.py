"""The model as JSON (``reportgen parse``): lossless, stable key order, its schema from
``reportgen schema``; ``reportgen`` reads it back as readily as a digest."""
from __future__ import annotations

from ..jsonio import to_json
from ..model import Digest
from ..settings import Settings
from . import Format, Rendered


def render(digest: Digest, settings: Settings) -> Rendered:
    return Rendered(to_json(digest).encode("utf-8"))


FORMAT = Format(
    name="model",
    render=render,
    build_name="model.json",
    suffix=".json",
    command="parse",
    help="Read a digest and write its model as JSON (stable key order).",
    cost=0,
    media_type="application/json",
    covers=("*",),
    stdout=True,
    carries_warnings=True,
    edited=False,  # lossless: chatter and empty areas stay in the JSON, marked
)
