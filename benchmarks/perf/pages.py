"""The benchmark's articles: the dev sets' pages and our own fixtures, repeated to a count.

Two kinds, measured apart: ``html`` (each page's HTML) and ``text`` (the plain-text dump of
the same pages, as a crawler that renders pages to text sends them). Both carry the url.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from tasks.clean import Clean
from tasks.payload import record_from_payload

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
DEV_SETS = ("cleaning-dev.jsonl.gz", "dates-dev.jsonl.gz")
"""The dev sets with both an ``html`` and a ``text`` field per page."""

Kind = Literal["html", "text"]
KINDS: tuple[Kind, ...] = ("html", "text")


def load_pages(
    data: Path, count: int, kinds: Sequence[Kind] = KINDS, prefix: str = "bench"
) -> list[dict[str, str]]:
    """Payloads of the given kinds, repeated to ``count``, each with a unique id."""
    pages = [page for kind in kinds for page in distinct_pages(data, kind)]
    return [{**pages[i % len(pages)], "id": f"{prefix}-{i}"} for i in range(count)]


def distinct_pages(data: Path, kind: Kind) -> list[dict[str, str]]:
    """Every page of one kind once: the dev sets' (when present), then our fixtures."""
    pages: list[dict[str, str]] = []
    for name in DEV_SETS:
        path = data / name
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as rows:
                pages += [
                    {kind: row[kind], "url": row.get("url", "")}
                    for row in map(json.loads, rows)
                    if row.get(kind)
                ]
    fixtures = ROOT / "examples" if kind == "text" else ROOT / "tests" / "fixtures" / "pages"
    pattern = "*.txt" if kind == "text" else "*.html"
    return pages + [{kind: path.read_text()} for path in sorted(fixtures.glob(pattern))]


def clean_texts(pages: Sequence[dict[str, str]]) -> list[str]:
    """The text the NER stage sees: each page through the clean stage."""
    clean = Clean()
    return [clean(record_from_payload(p)).text for p in pages]
