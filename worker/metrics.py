"""Prometheus metrics of the pipeline: what each stage took in, passed on and failed, how long
it took, and how every article ended (record, dead letter, or a duplicate suppressed).

The metrics are built on first use, in a registry of their own, so that a worker can switch
prometheus_client to its multiprocess mode first (``use_multiprocess_dir``): the prefork
pool's children each count in a file of their own, which the parent's endpoint adds up.
Labels are low-cardinality by construction: stage names, error codes and a yes/no, never an
article id. Queue depths are read from Redis at scrape time (``worker.queue_metrics``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, multiprocess, values
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from tasks.record import Article

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
"""prometheus_client's variable: where each process of a worker writes its counts."""

STAGE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120)
"""Seconds one article spends in a stage: ~1 ms (language) to the soft time limit (120 s)."""
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)
"""Seconds from intake to output: a fraction of a second idle, up to an hour in a backlog."""

LABEL_LIMIT = 64
"""Longest label value kept: error codes are short identifiers; anything longer is cut."""


@dataclass(frozen=True)
class Metrics:
    """The metric objects of one process, in their own registry."""

    registry: CollectorRegistry
    articles_in: Counter
    articles_out: Counter
    articles_failed: Counter
    stage_seconds: Histogram
    latency_seconds: Histogram
    dead_letters: Counter
    records: Counter
    duplicates_suppressed: Counter
    redeliveries: Counter
    resubmitted: Counter


def _build() -> Metrics:
    reg = CollectorRegistry(auto_describe=True)
    return Metrics(
        registry=reg,
        articles_in=Counter(
            "enrich_articles_in",
            "Articles a stage was given (intake: payloads taken from the intake).",
            ["stage"],
            registry=reg,
        ),
        articles_out=Counter(
            "enrich_articles_out",
            "Articles a stage finished and handed on (intake: payloads enqueued).",
            ["stage"],
            registry=reg,
        ),
        articles_failed=Counter(
            "enrich_articles_failed",
            "Articles a stage failed on (they are dead-lettered; intake: invalid payloads).",
            ["stage"],
            registry=reg,
        ),
        stage_seconds=Histogram(
            "enrich_stage_duration_seconds",
            "Seconds a stage spent on one article (a batch stage's time shared equally).",
            ["stage"],
            buckets=STAGE_BUCKETS,
            registry=reg,
        ),
        latency_seconds=Histogram(
            "enrich_article_latency_seconds",
            "Seconds from intake (received_at) to the record's publication, per new record.",
            buckets=LATENCY_BUCKETS,
            registry=reg,
        ),
        dead_letters=Counter(
            "enrich_dead_letters",
            "Dead letters written, by the stage where the article stopped and the error code.",
            ["stage", "reason"],
            registry=reg,
        ),
        records=Counter(
            "enrich_records",
            "Records published, by whether they carry article text (text=yes|no).",
            ["text"],
            registry=reg,
        ),
        duplicates_suppressed=Counter(
            "enrich_duplicates_suppressed",
            "Outcomes not written because the article had one already (a redelivered or "
            "resubmitted message), by kind (record|dead_letter).",
            ["kind"],
            registry=reg,
        ),
        redeliveries=Counter(
            "enrich_redeliveries",
            "Pipeline messages delivered again (their worker died or lost Redis), by stage.",
            ["stage"],
            registry=reg,
        ),
        resubmitted=Counter(
            "enrich_resubmitted",
            "Articles the ingester resubmitted because they stopped moving.",
            registry=reg,
        ),
    )


_current: list[Metrics] = []


def metrics() -> Metrics:
    """This process's metrics, built on first use."""
    if not _current:
        _current.append(_build())
    return _current[0]


def _label(value: str) -> str:
    return value[:LABEL_LIMIT] or "unknown"


def stage_ran(stage: str, given: int, done: Sequence[Article], failed: int) -> None:
    """Count one stage's run over a batch and the time each finished article took."""
    m = metrics()
    m.articles_in.labels(stage).inc(given)
    m.articles_out.labels(stage).inc(len(done))
    m.articles_failed.labels(stage).inc(failed)
    timed = [r.stage_ms[stage] for r in done if stage in r.stage_ms]
    if timed:  # (the intake times nothing: no empty histogram for it)
        seconds = m.stage_seconds.labels(stage)
        for ms in timed:
            seconds.observe(ms / 1000)


def published(records: Sequence[Article], new: Sequence[int], with_text: Iterable[bool]) -> None:
    """Count records put on the output (``new``: 1 written, 0 suppressed as a duplicate)."""
    m = metrics()
    for record, written, text in zip(records, new, with_text, strict=True):
        if not written:
            m.duplicates_suppressed.labels("record").inc()
            continue
        m.records.labels("yes" if text else "no").inc()
        age = seconds_since(record.received_at)
        if age is not None:
            m.latency_seconds.observe(age)


def dead_lettered(stages_and_codes: Sequence[tuple[str, str]], new: Sequence[int]) -> None:
    """Count dead letters by (stage, error code); ``new`` as for ``published``."""
    m = metrics()
    for (stage, code), written in zip(stages_and_codes, new, strict=True):
        if written:
            m.dead_letters.labels(_label(stage), _label(code)).inc()
        else:
            m.duplicates_suppressed.labels("dead_letter").inc()


def redelivered(stage: str) -> None:
    metrics().redeliveries.labels(stage).inc()


def resubmitted(count: int) -> None:
    metrics().resubmitted.inc(count)


def seconds_since(iso: str | None, now: float | None = None) -> float | None:
    """Seconds from the ISO 8601 moment ``iso`` to ``now`` (epoch; default: now), never
    below 0; None when ``iso`` is absent, unreadable or without an offset (no moment)."""
    if not iso:
        return None
    try:
        then = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if then.tzinfo is None:
        return None
    return max((time.time() if now is None else now) - then.timestamp(), 0.0)


def use_multiprocess_dir() -> Path | None:
    """Switch this process (and the pool children it forks) to multiprocess counting.

    Uses ``PROMETHEUS_MULTIPROC_DIR`` when set (its old ``*.db`` files are removed: counts
    of a previous run must not add up with this one's; give each worker its own directory),
    else a private temporary directory, removed when this process exits (returned).
    Call before any metric is counted: metrics built earlier are dropped.
    """
    created = None
    given = os.environ.get(MULTIPROC_ENV)
    if given:
        for stale in Path(given).glob("*.db"):
            stale.unlink()
    else:
        created = Path(tempfile.mkdtemp(prefix="enrich-metrics-"))
        os.environ[MULTIPROC_ENV] = str(created)
        atexit.register(_remove_private_dir, created, os.getpid())
    # prometheus_client picks its value class when imported; pick again now the variable is set.
    values.ValueClass = values.get_value_class()  # type: ignore[no-untyped-call]
    _current.clear()
    return created


def _remove_private_dir(path: Path, owner: int) -> None:
    # forked children share the atexit list: only the process that made the directory
    if os.getpid() == owner:
        shutil.rmtree(path, ignore_errors=True)


def multiprocess_mode() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def process_exited(pid: int) -> None:
    """Tell the multiprocess files that ``pid`` is gone (a pool child that exited)."""
    if multiprocess_mode():
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]


def exported_registry() -> CollectorRegistry:
    """A registry with what ``/metrics`` serves of the counts: this process's own, or in
    multiprocess mode the sum over every process of the worker."""
    reg = CollectorRegistry(auto_describe=True)
    if multiprocess_mode():
        multiprocess.MultiProcessCollector(reg)  # type: ignore[no-untyped-call]
    else:
        reg.register(_OwnMetrics())
    return reg


class _OwnMetrics(Collector):
    """This process's metrics, looked up at each scrape (they may be rebuilt)."""

    def collect(self) -> Iterator[Metric]:
        yield from metrics().registry.collect()
