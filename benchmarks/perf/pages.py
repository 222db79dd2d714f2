"""The benchmark's articles: the dev sets' pages and our own fixtures, repeated to a count."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path

from tasks.clean import Clean
from tasks.payload import record_from_payload

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"


def load_pages(data: Path, count: int, prefix: str = "bench") -> list[dict[str, str]]:
    """Payloads (html or text pages), repeated to ``count``, each with a unique id."""
    pages: list[dict[str, str]] = []
    for name in ("cleaning-dev.jsonl.gz", "dates-dev.jsonl.gz"):
        path = data / name
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as rows:
                pages += [
                    {"html": row["html"], "url": row.get("url", "")}
                    for row in map(json.loads, rows)
                ]
    pages += [{"text": p.read_text()} for p in (ROOT / "examples").glob("*.txt")]
    pages += [
        {"html": p.read_text()} for p in (ROOT / "tests" / "fixtures" / "pages").glob("*.html")
    ]
    return [{**pages[i % len(pages)], "id": f"{prefix}-{i}"} for i in range(count)]


def clean_texts(pages: Sequence[dict[str, str]]) -> list[str]:
    """The text the NER stage sees: each page through the clean stage."""
    clean = Clean()
    return [clean(record_from_payload(p)).text for p in pages]
