"""Per-source memory: counts of what articles of one source showed, shared by all workers.

The domain only defines what a memory store does (``MemoryStore``) and keeps an in-process
one (``LocalMemory``) for tests and single-process runs; the transport's Redis store
(``worker.memory``) is the one workers share. Which keys are counted, and when the counts
are trusted, is each stage's business (see ``tasks.stage.LearnsFromSource``); ``run_with_memory``
is the one runner that recalls and counts them, once per batch.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol, TypeVar

import msgspec

from tasks.errors import StageError
from tasks.record import Article, SourceMemory
from tasks.stage import Failure, LearnsFromSource, Reading, Stage, run_stage, timed


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


def run_with_memory(
    stage: Stage,
    records: Sequence[Article],
    store: MemoryStore | None,
    *,
    reraise: tuple[type[BaseException], ...] = (),
) -> tuple[list[Article], list[Failure]]:
    """Run ``stage`` over ``records``, its source memory recalled and counted once per batch.

    A stage that does not learn runs as ``run_stage`` runs it. A learning stage reads each
    record, the store is asked once for the batch's keys, each record is finished with its
    source's counts, and the keys each article showed are counted in one call; the records
    come back without them. An article whose read or finish raises is that article's
    ``Failure``; ``stage_ms`` holds its read and finish time, as ``run_stage`` notes it.
    """
    if not isinstance(stage, LearnsFromSource):
        return run_stage(stage, records, reraise=reraise)
    if store is None:
        # Nothing to recall or count: the stage called on its own asks for no keys (the
        # clean stage's line fingerprints are a good part of its read).
        alone, failures = run_stage(stage, records, reraise=reraise)
        return [_without_observed(r, stage.name) for r in alone], failures
    failed: list[Failure] = []
    readings: list[tuple[Reading, float]] = []
    for record in records:
        started = time.perf_counter()
        reading = _attempt(stage, record, partial(stage.read, record), failed, reraise)
        if reading is not None:
            readings.append((reading, time.perf_counter() - started))
    memories = _recall(stage.name, [r for r, _ in readings], store)
    done: list[Article] = []
    for (reading, spent), memory in zip(readings, memories, strict=True):
        started = time.perf_counter()
        result = _attempt(
            stage, reading.record, partial(stage.finish, reading, memory), failed, reraise
        )
        if result is not None:
            ms = (spent + time.perf_counter() - started) * 1000
            done.append(timed(result, stage.name, ms))
    items = [(src, r.id, r.observed.get(stage.name, [])) for r in done if (src := memory_source(r))]
    store.observe(stage.name, items)
    return [_without_observed(r, stage.name) for r in done], failed


T = TypeVar("T")


def _attempt(
    stage: Stage,
    record: Article,
    work: Callable[[], T],
    failed: list[Failure],
    reraise: tuple[type[BaseException], ...],
) -> T | None:
    """``work()``, or None with the article's ``Failure`` noted (as ``run_stage`` does)."""
    try:
        return work()
    except reraise:
        raise
    except Exception as exc:  # noqa: BLE001  (any stage bug becomes a dead letter, not a crash loop)
        error = StageError(stage.name, record.id, exc)
        failed.append(Failure(record, stage.name, error.error_type, str(error)))
        return None


def _recall(
    stage: str, readings: Sequence[Reading], store: MemoryStore
) -> list[SourceMemory | None]:
    """Each reading's source memory (None without a source), in one recall."""
    out: list[SourceMemory | None] = [None] * len(readings)
    asked = [(i, src) for i, r in enumerate(readings) if (src := memory_source(r.record))]
    if not asked:
        return out
    memories = store.recall(stage, [src for _, src in asked], [readings[i].keys for i, _ in asked])
    for (i, _), memory in zip(asked, memories, strict=True):
        out[i] = memory
    return out


def _without_observed(record: Article, stage: str) -> Article:
    if stage not in record.observed:
        return record
    observed = {k: v for k, v in record.observed.items() if k != stage}
    return msgspec.structs.replace(record, observed=observed)
