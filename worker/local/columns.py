"""The flat row `enrich export` makes of a record: one row per article, one column per fact.

Scalars are columns of their own (the chosen dates and language unnested into
``published_date``, ``language``...); lists stay lists: ``authors``, ``source_tags``,
``warnings`` and ``published_evidence`` of strings, ``entities`` and ``tags`` of small
objects (the fields an analyst filters and counts on; offsets and mentions stay in the JSON
record). ``meta`` is the crawler's mapping as a JSON string (DuckDB: ``meta->>'$.warc_file'``).
Candidates, removed lines and stage timings are left out: they explain a record, they are
not facts about the article.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import msgspec

from tasks.record import Article, DateResult

Kind = Literal["string", "date", "double", "bool", "strings", "entities", "tags"]
"""What a column holds; each writer maps it to its own type (``worker.local.export``)."""

ENTITY_FIELDS = ("text", "label", "canonical", "count", "country", "salience")
TAG_FIELDS = ("name", "kind", "score")


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    value: Callable[[Article], Any]


def _day(result: DateResult) -> date | None:
    """The established day as a date (a column analysts group by), None when unknown."""
    return date.fromisoformat(result.date) if result.date else None


def _date_columns(prefix: str, pick: Callable[[Article], DateResult]) -> list[Column]:
    return [
        Column(prefix, "string", lambda r: pick(r).value),
        Column(f"{prefix}_date", "date", lambda r: _day(pick(r))),
        Column(f"{prefix}_utc", "string", lambda r: pick(r).utc),
        Column(f"{prefix}_precision", "string", lambda r: pick(r).precision),
        Column(f"{prefix}_confidence", "double", lambda r: pick(r).confidence),
    ]


def _entities(record: Article) -> list[dict[str, Any]]:
    return [{name: getattr(e, name) for name in ENTITY_FIELDS} for e in record.entities]


def _tags(record: Article) -> list[dict[str, Any]]:
    return [{name: getattr(t, name) for name in TAG_FIELDS} for t in record.tags]


def _meta(record: Article) -> str | None:
    return msgspec.json.encode(record.meta).decode() if record.meta else None


COLUMNS: tuple[Column, ...] = (
    Column("id", "string", lambda r: r.id),
    Column("url", "string", lambda r: r.url),
    Column("source", "string", lambda r: r.source),
    Column("title", "string", lambda r: r.title),
    Column("byline", "string", lambda r: r.byline),
    Column("authors", "strings", lambda r: r.authors),
    Column("dateline", "string", lambda r: r.dateline),
    *_date_columns("published", lambda r: r.published),
    Column("published_repaired", "bool", lambda r: r.published.repaired),
    Column("published_evidence", "strings", lambda r: r.published.evidence),
    *_date_columns("modified", lambda r: r.modified),
    Column("language", "string", lambda r: r.language.code),
    Column("language_confidence", "double", lambda r: r.language.confidence),
    Column("language_reliable", "bool", lambda r: r.language.reliable),
    Column("language_source", "string", lambda r: r.language.source),
    Column("declared_language", "string", lambda r: r.declared_language),
    Column("entities", "entities", _entities),
    Column("source_tags", "strings", lambda r: r.source_tags),
    Column("tags", "tags", _tags),
    Column("duplicate_of", "string", lambda r: r.duplicate_of),
    Column("similarity", "double", lambda r: r.similarity),
    Column("warnings", "strings", lambda r: [f"{w.stage}:{w.code}" for w in r.warnings]),
    Column("text", "string", lambda r: r.text),
    Column("meta", "string", _meta),
    Column("fetched_at", "string", lambda r: r.fetched_at),
    Column("received_at", "string", lambda r: r.received_at),
    Column("content_hash", "string", lambda r: r.content_hash),
    Column("schema_version", "string", lambda r: r.schema_version),
)


def columns_of(records: list[Article]) -> dict[str, list[Any]]:
    """A chunk of records as columns (the shape Parquet writes)."""
    return {c.name: [c.value(r) for r in records] for c in COLUMNS}
