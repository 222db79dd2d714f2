"""Per-source memory: counts of what articles of one source showed, shared by all workers.

The domain only defines what a memory store does (``MemoryStore``) and keeps an in-process
one (``LocalMemory``) for tests and single-process runs; the transport's Redis store
(``worker.memory``) is the one workers share. Which keys are counted, and when the counts
are trusted, is each stage's business (see ``tasks.stage.LearnsFromSource``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Protocol

import msgspec

from tasks.record import Article, SourceMemory
from tasks.stage import LearnsFromSource, Stage


class MemoryStore(Protocol):
    """Counts per (stage, source): articles seen, and in how many each key occurred."""

    def recall(
        self, stage: str, sources: Sequence[str], keys: Sequence[Sequence[str]]
    ) -> list[SourceMemory]:
        """For each source, its article count and the counts of its keys."""
        ...

    def observe(self, stage: str, items: Sequence[tuple[str, str, Sequence[str]]]) -> None:
        """Count each (source, article id, keys) once per article id."""
        ...


class LocalMemory:
    """A ``MemoryStore`` in this process's memory (unbounded: for tests and short runs)."""

    def __init__(self) -> None:
        self._articles: Counter[tuple[str, str]] = Counter()
        self._counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self._seen: set[tuple[str, str, str]] = set()

    def recall(
        self, stage: str, sources: Sequence[str], keys: Sequence[Sequence[str]]
    ) -> list[SourceMemory]:
        out = []
        for source, wanted in zip(sources, keys, strict=True):
            counts = self._counts[(stage, source)]
            out.append(
                SourceMemory(
                    articles=self._articles[(stage, source)],
                    counts={k: counts[k] for k in wanted if counts[k]},
                )
            )
        return out

    def observe(self, stage: str, items: Sequence[tuple[str, str, Sequence[str]]]) -> None:
        for source, article_id, keys in items:
            if (stage, source, article_id) in self._seen:
                continue  # a redelivered article is not evidence twice
            self._seen.add((stage, source, article_id))
            self._articles[(stage, source)] += 1
            self._counts[(stage, source)].update(set(keys))


def memory_source(record: Article) -> str | None:
    """The source a record's memory is kept under (no source: no memory)."""
    return record.source.lower() if record.source else None


def recall_for(stage: Stage, records: Sequence[Article], store: MemoryStore) -> list[Article]:
    """The records with what ``store`` remembers of their sources attached for ``stage``."""
    if not isinstance(stage, LearnsFromSource):
        return list(records)
    sourced = [(i, memory_source(r)) for i, r in enumerate(records)]
    asked = [(i, src) for i, src in sourced if src]
    memories = store.recall(
        stage.name, [src for _, src in asked], [stage.memory_keys(records[i]) for i, _ in asked]
    )
    out = list(records)
    for (i, _), memory in zip(asked, memories, strict=True):
        out[i] = msgspec.structs.replace(
            records[i], memory={**records[i].memory, stage.name: memory}
        )
    return out


def learn_from(stage: Stage, records: Sequence[Article], store: MemoryStore) -> list[Article]:
    """Count what ``stage`` observed in each record; return the records without the memory."""
    if not isinstance(stage, LearnsFromSource):
        return list(records)
    items = [
        (src, r.id, stage.memory_observations(r)) for r in records if (src := memory_source(r))
    ]
    store.observe(stage.name, items)
    return [_forget(r, stage.name) for r in records]


def _forget(record: Article, stage: str) -> Article:
    if stage not in record.memory:
        return record
    return msgspec.structs.replace(
        record, memory={k: v for k, v in record.memory.items() if k != stage}
    )
