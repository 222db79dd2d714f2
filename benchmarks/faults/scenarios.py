"""The scenarios, and the run that pushes payloads through a cluster while one is injected."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
import redis

from benchmarks.faults import injectors
from benchmarks.faults.cluster import Cluster
from benchmarks.faults.injectors import Injector
from benchmarks.faults.ledger import Ledger, Progress, count_outcomes, ledger, outcome_ids
from benchmarks.faults.producer import payloads, push_all
from worker.keys import Keys

BASE = {
    # Short time limits, so that faults in tasks resolve within a run (the visibility
    # timeout, 30 s, bounds only the recovery of a dead worker's messages: workers' heartbeats
    # keep the ones they hold).
    "ENRICH_VISIBILITY_TIMEOUT": "30",
    "ENRICH_STAGE_SOFT_TIME_LIMIT": "10",
    "ENRICH_STAGE_TIME_LIMIT": "14",
    "ENRICH_BATCH_SIZE": "8",
    # Resubmit an article untouched this long (its message was lost) well within a run.
    "ENRICH_STALE_AFTER": "40",
}


@dataclass(frozen=True)
class Scenario:
    name: str
    inject: Injector
    overrides: dict[str, str] = field(default_factory=dict)
    replay: bool = False
    defaults: bool = False
    """Run with the default settings (and ``overrides``) instead of ``BASE``'s short ones."""


@dataclass
class Result:
    scenario: str
    ledger: Ledger
    recovery: float
    seconds: float
    notes: list[str]


SCENARIOS = [
    Scenario("steady load", injectors.steady),
    Scenario("pool child kill -9", injectors.kill_pool_children),
    Scenario("whole worker kill -9 + restart", injectors.kill_whole_workers),
    Scenario(
        "whole worker kill -9, default settings", injectors.kill_every_worker_once, defaults=True
    ),
    Scenario("rolling SIGTERM", injectors.rolling_sigterm),
    Scenario("Redis kill -9 + restart (AOF)", injectors.restart_redis),
    Scenario("CLIENT KILL", injectors.kill_client_connections),
    Scenario("maxmemory noeviction", injectors.fill_memory),
    Scenario("worker frozen past visibility timeout", injectors.pause_a_worker),
    Scenario("replay every payload", injectors.steady, replay=True),
]


def run(
    scenario: Scenario,
    workdir: Path,
    port: int,
    count: int,
    *,
    duration: float | None = None,
    stall_seconds: float = 240.0,
) -> Result:
    """Push ``count`` payloads through a fresh cluster while ``scenario`` injects its fault.

    With ``duration``, pushes are spread over that many seconds, so that a short run still
    lasts long enough for its faults to land while payloads flow.
    """
    started = time.monotonic()
    base = {} if scenario.defaults else BASE
    cluster = Cluster(workdir, port, overrides={**base, **scenario.overrides})
    cluster.start()
    progress, stop = Progress(), threading.Event()
    progress.expected = count
    items = payloads(count)
    errors: list[str] = []
    intake = cluster.settings.key(cluster.settings.intake_key)
    rate = count / duration if duration else None
    client = cluster.client()

    def produce() -> None:
        try:
            push_all(client, intake, items, errors, rate)
        finally:
            progress.pushing.clear()  # repeated faults stop: see injectors._every

    producer = threading.Thread(target=produce)
    injector = threading.Thread(target=scenario.inject, args=(cluster, progress, stop))
    try:
        progress.pushing.set()
        producer.start()
        injector.start()
        _wait_settled(cluster, progress, count, stall_seconds, producer)
        settled = time.monotonic()
        stop.set()
        injector.join()
        if scenario.replay:
            push_all(cluster.client(), intake, items, errors)
            _wait_suppressed(cluster, count, stall_seconds)
        result = ledger(cluster.client(), cluster.settings, [i for i, _ in items])
        notes = progress.notes + _notes(cluster, errors)
        if progress.restarts:
            after = settled - progress.restarts[-1]
            notes.insert(0, f"every payload ended {after:.0f} s after the workers' restart")
    finally:
        stop.set()
        cluster.stop()
    return Result(
        scenario.name, result, progress.recovery_seconds(), time.monotonic() - started, notes
    )


def _wait_settled(
    cluster: Cluster, progress: Progress, count: int, stall: float, producer: threading.Thread
) -> None:
    """Until every pushed id has an outcome, or nothing moved for ``stall`` seconds."""
    last_change, last = time.monotonic(), -1
    while time.monotonic() - last_change < stall:
        time.sleep(0.5)
        try:
            cluster.supervise()
            client = cluster.client()
            done = count_outcomes(client, cluster.settings)
            progress.sample(done)
            if done != last:
                last, last_change = done, time.monotonic()
            if done >= count and not producer.is_alive():
                out, dead = outcome_ids(client, cluster.settings)
                if len(set(out) | set(dead)) >= count:
                    return
        except redis.RedisError:
            continue  # Redis is being restarted by the scenario


def _wait_suppressed(cluster: Cluster, count: int, stall: float) -> None:
    """Until every replayed payload has been recognised as already published."""
    deadline = time.monotonic() + stall
    client = cluster.client()
    while time.monotonic() < deadline:
        counters = client.hgetall(Keys(cluster.settings).counters)
        if int(counters.get(b"duplicates_suppressed", 0)) >= count:
            return
        time.sleep(0.5)


def _notes(cluster: Cluster, errors: list[str]) -> list[str]:
    notes = []
    if errors:
        notes.append(f"producer retried {len(errors)} pushes ({', '.join(sorted(set(errors)))})")
    if cluster.crash_restarts:
        notes.append(f"{cluster.crash_restarts} worker crash(es) restarted by the supervisor")
    client = cluster.client()
    counters = {
        k.decode(): int(v) for k, v in client.hgetall(Keys(cluster.settings).counters).items()
    }
    if counters.get("resubmitted"):
        notes.append(f"{counters['resubmitted']} stalled article(s) resubmitted")
    bindings = list(client.scan_iter(match=cluster.settings.key("_kombu.binding.*")))
    notes.append(f"{len(bindings)} kombu binding keys present")
    reasons = Counter(
        msgspec.json.decode(raw)["error"]
        for raw in client.lrange(cluster.settings.key(cluster.settings.dead_key), 0, 999)
    )
    if reasons:
        notes.append("dead letters by error: " + ", ".join(f"{k} {n}" for k, n in reasons.items()))
    return notes
