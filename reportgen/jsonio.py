"""The model as JSON: one stable form for ``reportgen parse`` and ``schema``."""
from __future__ import annotations

import json

from .model import Digest

SCHEMA_ID = "https://reportgen.invalid/schema/digest-1.json"


def to_json(digest: Digest) -> str:
    # Field order is the model's declaration order, so output is stable across runs.
    data = digest.model_dump(mode="json", exclude_defaults=True)
    # The section kind is a default-valued discriminator: always write it, first.
    data["sections"] = [{"kind": s.kind, **s.model_dump(mode="json", exclude_defaults=True)}
                        for s in digest.sections]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def schema_json() -> str:
    schema = Digest.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
    return json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
