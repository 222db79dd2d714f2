"""The dev sets as payloads for the product, and each row's verdict on what came out.

Each set turns the rows of one dev file into the payloads a crawler would send, and scores a
row from the record `enrich run` gave for it (None when no record came out). The payloads and
the scoring are those of ``../shared/eval/product_eval.py``, which the held-out evaluation
uses; this module adds the site of each row (for the split into halves) and a malformed set
whose payloads carry the page's text dump instead of its HTML.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

Row = dict[str, Any]
Record = dict[str, Any]

NER_LABELS = {
    "PERSON": "PER",
    "PER": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC",
    "FAC": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}
"""spaCy's labels (and the dev set's own) as the four the NER dev set is annotated with."""


def load(path: Path) -> list[Row]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def site(url: str | None, fallback: str) -> str:
    """The host a row comes from (``www.`` dropped); rows without a URL are their own site."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") or fallback


def half(name: str) -> str:
    """``A`` (tune on it) or ``B`` (confirm on it): a fixed split by a hash of the site."""
    return "AB"[int(hashlib.sha256(name.encode()).hexdigest(), 16) % 2]


@dataclass(frozen=True)
class Item:
    """One payload for the product, and what its record is scored against."""

    key: str
    payload: dict[str, Any]
    site: str
    truth: Any
    extra: Any = None


@dataclass(frozen=True)
class DevSet:
    """A figure: which file, how its rows become items, how an item's record is judged."""

    name: str
    file: str
    items: Callable[[list[Row]], Iterator[Item]]
    kind: str
    """How verdicts add up: ``extraction``, ``day``, ``label`` or ``entities``."""


def _cleaning(form: str) -> Callable[[list[Row]], Iterator[Item]]:
    def items(rows: list[Row]) -> Iterator[Item]:
        for row in rows:
            if row.get("expected_text"):
                key = f"{row['id']}:{form}"
                payload = {"id": key, "url": row.get("url"), form: row[form]}
                yield Item(key, payload, site(row.get("url"), key), row["expected_text"])

    return items


def _passthrough(rows: list[Row]) -> Iterator[Item]:
    for row in rows:
        if row.get("expected_text"):
            payload = {"id": row["id"], "url": row.get("url"), "text": row["expected_text"]}
            yield Item(row["id"], payload, site(row.get("url"), row["id"]), row["expected_text"])


def _dates(rows: list[Row]) -> Iterator[Item]:
    for row in rows:
        if row.get("expected_date"):
            payload = {"id": row["id"], "url": row.get("url"), "html": row["html"]}
            yield Item(row["id"], payload, site(row.get("url"), row["id"]), row["expected_date"])


def _malformed(form: str) -> Callable[[list[Row]], Iterator[Item]]:
    """The malformed payloads; with ``text``, their page's text dump replaces the HTML (the
    dump is looked up in the dates set, which the malformed set was built from)."""

    def items(rows: list[Row]) -> Iterator[Item]:
        dumps = _dumps() if form == "text" else {}
        for row in rows:
            payload = dict(row["payload"])
            if form == "text":
                payload.pop("html", None)
                payload["text"] = dumps.get(str(payload["id"]), "")
            key = str(payload["id"])
            where = site(payload.get("url"), key)
            yield Item(key, payload, where, row["expected_date"], row["kind"])

    return items


_DATA: list[Path] = []
"""The data folder in use (set by ``use_data``), for the set that reads a second file."""


def use_data(folder: Path) -> None:
    _DATA[:] = [folder]


def _dumps() -> dict[str, str]:
    return {str(r["id"]): r.get("text") or "" for r in load(_DATA[0] / "dates-dev.jsonl.gz")}


def _language(rows: list[Row]) -> Iterator[Item]:
    for i, row in enumerate(rows):
        key = f"lang{i}"
        payload = {"id": key, "text": row["text"]}
        yield Item(key, payload, row.get("id") or key, row["lang"], row["text"])


def _ner(rows: list[Row]) -> Iterator[Item]:
    for i, row in enumerate(rows):
        key = f"ner{i}"
        gold = [(e["text"], e["label"]) for e in row["entities"]]
        yield Item(key, {"id": key, "text": row["text"]}, key, gold, row["text"])


SETS: dict[str, DevSet] = {
    s.name: s
    for s in (
        DevSet("cleaning html", "cleaning-dev.jsonl.gz", _cleaning("html"), "extraction"),
        DevSet("cleaning text", "cleaning-dev.jsonl.gz", _cleaning("text"), "extraction"),
        DevSet("already-clean text", "cleaning-dev.jsonl.gz", _passthrough, "extraction"),
        DevSet("dates html", "dates-dev.jsonl.gz", _dates, "day"),
        DevSet("malformed html", "malformed-dev.jsonl.gz", _malformed("html"), "day"),
        DevSet("malformed text", "malformed-dev.jsonl.gz", _malformed("text"), "day"),
        DevSet("language", "language-dev.jsonl.gz", _language, "label"),
        DevSet("ner", "ner-dev.jsonl.gz", _ner, "entities"),
    )
}


def got_text(record: Record | None) -> str:
    return str((record or {}).get("text") or "")


def got_day(record: Record | None) -> str | None:
    value = ((record or {}).get("published") or {}).get("date")
    return value[:10] if isinstance(value, str) else None


def got_language(record: Record | None) -> str | None:
    code = ((record or {}).get("language") or {}).get("code")
    return code if isinstance(code, str) else None


def got_entities(record: Record | None) -> list[tuple[str, str]]:
    """Every mention of every entity as (text, dev label), as the dev set counts them."""
    rec = record or {}
    text, found = got_text(rec), []
    for entity in rec.get("entities") or []:
        label = NER_LABELS.get(entity.get("label"))
        if not label:
            continue
        for start, end in entity.get("mentions") or [[entity.get("start"), entity.get("end")]]:
            if isinstance(start, int) and isinstance(end, int):
                found.append((text[start:end], label))
    return found
