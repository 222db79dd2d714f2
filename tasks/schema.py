"""The JSON Schema of the published record, generated from the ``Article`` struct.

``schema/record.schema.json`` in the repository is this function's output; a test keeps the
two in step, so the published schema always describes what the code emits.
"""

from __future__ import annotations

import inspect
from typing import Any

import msgspec

from tasks.record import INPUT_ONLY, Article

SCHEMA_ID = "https://github.com/article-enrich/article-enrich/schema/record.schema.json"


def record_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one output record."""
    schema: dict[str, Any] = msgspec.json.schema(Article)
    article = schema["$defs"]["Article"]
    for name in INPUT_ONLY:
        article["properties"].pop(name, None)
    for name in ("RawBody", "PageSignals", "PageDate"):
        schema["$defs"].pop(name, None)
    # Consumers may rely on every field being present in output, so all are required.
    article["required"] = sorted(article["properties"])
    article["additionalProperties"] = False
    _clean_descriptions(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Enriched article record",
        **schema,
    }


def _clean_descriptions(node: Any) -> None:
    """Every ``description`` dedented as ``inspect.cleandoc`` does: msgspec 0.23 does it and
    0.22 did not, and the published schema must not depend on which one is installed."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                node[key] = inspect.cleandoc(value)
            else:
                _clean_descriptions(value)
    elif isinstance(node, list):
        for item in node:
            _clean_descriptions(item)
