"""The pipeline under measurement: a private Redis, `enrich worker` and an ingester thread.

Payloads are RPUSH'd onto the intake by a producer thread (all at once, or paced at a
rate), the ingester moves them into the stage queues as `enrich ingest` would, and a
collector pops the output and dead-letter lists, noting when each article came out. The
worker's processes are sampled for RSS throughout.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import redis

from benchmarks.perf.latency import latencies
from benchmarks.perf.rss import RssSampler
from worker.app import create_app
from worker.ingest import Ingester
from worker.local.run import redis_url_for, worker_process
from worker.settings import Settings

STALL_SECONDS = 120
"""A run with no outcome for this long has a dead worker: it stops with an error."""


@dataclass
class Run:
    """What one batch of payloads showed."""

    articles: int
    seconds: float
    stage_ms: dict[str, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    dead: int = 0


class Pipeline:
    """A running pipeline to push batches of payloads through (see ``running``)."""

    def __init__(
        self, client: redis.Redis, settings: Settings, rss: RssSampler, log_path: Path
    ) -> None:
        self._redis = client
        self._settings = settings
        self.rss = rss
        self.log_path = log_path
        """The worker's log (Celery's task lines, for a timeline of the pool's work)."""
        self._outputs = [settings.key(settings.output_key), settings.key(settings.dead_key)]

    @property
    def client(self) -> redis.Redis:
        """The private Redis the pipeline runs on."""
        return self._redis

    def run(
        self,
        pages: Sequence[dict[str, str]],
        *,
        rate: float | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Run:
        """Push ``pages`` (``rate`` per second, or all at once) and wait for every outcome."""
        pushed_at: dict[str, float] = {}
        producer = threading.Thread(target=self._push, args=(pages, rate, pushed_at))
        started = time.perf_counter()
        producer.start()
        finished_at, records, dead = self._collect(len(pages), progress)
        seconds = time.perf_counter() - started
        producer.join()
        return Run(
            articles=len(pages),
            seconds=seconds,
            stage_ms=_stage_totals(records),
            latencies=latencies(pushed_at, finished_at),
            dead=dead,
        )

    def _push(
        self, pages: Sequence[dict[str, str]], rate: float | None, pushed_at: dict[str, float]
    ) -> None:
        client = redis.Redis(connection_pool=self._redis.connection_pool)
        intake = self._settings.key(self._settings.intake_key)
        if rate is None:
            now = time.perf_counter()
            pushed_at.update((p["id"], now) for p in pages)
            pipe = client.pipeline(transaction=False)
            for page in pages:
                pipe.rpush(intake, msgspec.json.encode(page))
            pipe.execute()
            return
        start = time.perf_counter()
        for index, page in enumerate(pages):
            delay = start + index / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pushed_at[page["id"]] = time.perf_counter()
            client.rpush(intake, msgspec.json.encode(page))

    def _collect(
        self, count: int, progress: Callable[[int], None] | None
    ) -> tuple[dict[str, float], list[dict[str, Any]], int]:
        finished_at: dict[str, float] = {}
        records: list[dict[str, Any]] = []
        dead, last = 0, time.monotonic()
        while len(records) + dead < count:
            # Short waits: redis-py's default socket timeout (5 s) ends longer blocking reads.
            item = self._redis.blpop(self._outputs, timeout=1)
            if item is None:
                if time.monotonic() - last > STALL_SECONDS:
                    raise RuntimeError(f"no outcome for {STALL_SECONDS} s; is the worker alive?")
                continue
            last = time.monotonic()
            outcome = msgspec.json.decode(item[1])
            finished_at[str(outcome.get("id"))] = time.perf_counter()
            if item[0].decode() == self._outputs[0]:
                records.append(outcome)
            else:
                dead += 1
            if progress is not None:
                progress(len(records) + dead)
        return finished_at, records, dead


@contextmanager
def running(processes: int, *, rss_every: float = 1.0, **overrides: Any) -> Iterator[Pipeline]:
    """A private pipeline with ``processes`` worker processes, stopped on exit.

    ``overrides`` are settings (``batch_size=8``) for the worker and the ingester.
    """
    base = Settings(key_prefix="bench:", consumer="bench")
    with ExitStack() as stack:
        url = stack.enter_context(redis_url_for(base))
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        settings = Settings(
            redis_url=url, key_prefix=f"bench-{os.getpid()}:", consumer="bench", **overrides
        )
        worker = stack.enter_context(worker_process(settings, processes, tmp / "worker.log"))
        stop = threading.Event()
        ingester = Ingester(create_app(settings), settings)
        thread = threading.Thread(target=ingester.run, args=(stop,), daemon=True)
        thread.start()
        stack.callback(thread.join)
        stack.callback(stop.set)
        rss = stack.enter_context(RssSampler(worker.pid, rss_every))
        yield Pipeline(redis.Redis.from_url(url), settings, rss, tmp / "worker.log")


def _stage_totals(records: Sequence[dict[str, Any]]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for record in records:
        for stage, ms in record.get("stage_ms", {}).items():
            totals[stage] = totals.get(stage, 0.0) + float(ms)
    return totals
