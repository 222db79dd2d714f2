"""What a stage is, and the loop that runs one over a batch of records.

A stage is any callable ``Article -> Article`` with a ``name`` (spaCy's component shape).
A stage that is cheaper per article in bulk (NER through ``nlp.pipe``) also offers
``pipe(records)``. The runner isolates failures: one bad article becomes one ``Failure``
naming the stage and the cause; the rest of the batch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import msgspec

from tasks.errors import StageError
from tasks.record import Article, SourceMemory


class Stage(Protocol):
    """A pipeline stage: pure, record in, record out."""

    name: str
    reads_raw: bool
    """True when the stage reads ``record.raw``; the transport drops the raw body after the
    last stage that reads it, so later messages stay small."""

    def __call__(self, record: Article) -> Article: ...


@runtime_checkable
class BatchStage(Protocol):
    """A stage that processes many records at once more cheaply than one by one."""

    def pipe(self, records: Sequence[Article]) -> list[Article]: ...


@dataclass(frozen=True)
class Failure:
    """One article that a stage could not process, and why."""

    record: Article
    stage: str
    error_type: str
    reason: str


def run_stage(
    stage: Stage,
    records: Sequence[Article],
    *,
    reraise: tuple[type[BaseException], ...] = (),
) -> tuple[list[Article], list[Failure]]:
    """Apply ``stage`` to every record; return the results and the failures.

    ``reraise`` lets the transport keep its own control-flow exceptions (a soft time limit)
    out of the per-article failure handling.
    """
    if isinstance(stage, BatchStage) and len(records) > 1:
        done = _run_as_batch(stage.pipe, stage.name, records, reraise)
        if done is not None:
            return done, []
    return _run_one_by_one(stage, records, reraise)


def _run_as_batch(
    pipe: Callable[[Sequence[Article]], list[Article]],
    name: str,
    records: Sequence[Article],
    reraise: tuple[type[BaseException], ...],
) -> list[Article] | None:
    """The whole batch through ``pipe``, or None when any article made it fail."""
    started = time.perf_counter()
    try:
        done = pipe(records)
    except reraise:
        raise
    except Exception:  # noqa: BLE001  (the caller retries one by one to find the bad article)
        return None
    share = (time.perf_counter() - started) * 1000 / len(records)
    return [timed(r, name, share) for r in done]


def _run_one_by_one(
    stage: Stage, records: Sequence[Article], reraise: tuple[type[BaseException], ...]
) -> tuple[list[Article], list[Failure]]:
    done: list[Article] = []
    failed: list[Failure] = []
    for record in records:
        started = time.perf_counter()
        try:
            result = stage(record)
        except reraise:
            raise
        except Exception as exc:  # noqa: BLE001  (any stage bug becomes a dead letter, not a crash loop)
            error = StageError(stage.name, record.id, exc)
            failed.append(Failure(record, stage.name, error.error_type, str(error)))
            continue
        done.append(timed(result, stage.name, (time.perf_counter() - started) * 1000))
    return done, failed


def timed(record: Article, stage: str, ms: float) -> Article:
    """The record with ``ms`` noted as the time ``stage`` took for it."""
    return msgspec.structs.replace(record, stage_ms={**record.stage_ms, stage: round(ms, 3)})


@dataclass(frozen=True)
class Reading:
    """What a learning stage read of one record before its source's memory is asked.

    The read is split from the rest of the work so that a batch asks the memory store once
    for all its articles, and so that what the keys were read from (a parsed page) is not
    read again when the stage finishes: ``state`` carries it from ``read`` to ``finish``.
    """

    record: Article
    keys: list[str]
    """The memory keys this article asks about."""
    state: Any = None
    """What the stage keeps between ``read`` and ``finish`` (a parsed page); never sent."""


@runtime_checkable
class LearnsFromSource(Protocol):
    """A stage that reads what earlier articles of the same source showed, in two phases.

    ``read`` finds the keys the article asks its source's memory about; the runner
    (``tasks.memory.run_with_memory``) recalls their counts for the whole batch at once and
    hands each article's to ``finish``, which returns the record with the keys to count in
    ``observed[name]``. The stage stays pure: it only reads the counts it is handed and
    decides when they are enough to be trusted; ``__call__`` is ``finish(read(r), None)``.
    """

    name: str

    def read(self, record: Article) -> Reading: ...

    def finish(self, reading: Reading, memory: SourceMemory | None) -> Article: ...
