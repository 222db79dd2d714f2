"""The faults: each runs in a thread beside the payload flow until told to stop."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sys
import threading
import time
from collections.abc import Callable

import psutil
import redis

from benchmarks.faults.cluster import Cluster
from benchmarks.faults.ledger import Progress
from worker.keys import Keys

Injector = Callable[[Cluster, Progress, threading.Event], None]


MIN_TURNS = 10
"""Turns a repeated fault takes at least, however quickly the payloads were pushed."""


def _every(
    seconds: float, stop: threading.Event, progress: Progress, action: Callable[[], None]
) -> None:
    """Run ``action`` every ``seconds`` while payloads are pushed (and at least
    ``MIN_TURNS`` times), then stop, so the run shows its recovery too: faults that never
    stop, faster than a worker can finish a batch, would leave nothing to measure but a
    livelock. A failed turn is reported and the next one still comes: an injector that died
    quietly would leave its scenario running without the fault it claims to inject."""
    turns = 0
    while not stop.wait(seconds) and (progress.pushing.is_set() or turns < MIN_TURNS):
        turns += 1
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - any failure of one turn, reported
            print(f"fault injector: a turn failed ({exc!r}); going on", file=sys.stderr)


def steady(cluster: Cluster, progress: Progress, stop: threading.Event) -> None:
    """No fault: the baseline."""


def kill_pool_children(cluster: Cluster, progress: Progress, stop: threading.Event) -> None:
    """kill -9 a random pool child every 2 s."""

    def kill() -> None:
        children = cluster.pool_children()
        if not children:
            return
        try:
            random.choice(children).kill()
        except psutil.NoSuchProcess:
            return  # it died (or was recycled) since it was listed: try again next turn
        progress.fault()

    _every(2.0, stop, progress, kill)


def kill_whole_workers(cluster: Cluster, progress: Progress, stop: threading.Event) -> None:
    """kill -9 a worker's parent and children every 8 s, and start it again."""
    turn = [0]

    def kill() -> None:
        i = turn[0] % cluster.worker_count
        turn[0] += 1
        with cluster.lock:
            cluster.signal_worker(i, signal.SIGKILL)
            progress.fault()
            proc = cluster.workers[i]
            if proc is not None:
                proc.wait()
            cluster.start_worker(i)

    _every(8.0, stop, progress, kill)


def kill_every_worker_once(cluster: Cluster, progress: Progress, stop: threading.Event) -> None:
    """kill -9 every worker (parents and pools) once a quarter of the payloads are out and
    the workers hold batches, then start them again: the outage the issue measured (its
    held batches waited 30 minutes for the visibility timeout)."""
    client = cluster.client()
    unacked = Keys(cluster.settings).unacked
    while not stop.wait(0.02):  # often: paced pushes make small batches, held briefly
        with contextlib.suppress(redis.RedisError):
            if progress.done() >= progress.expected / 4 and client.hlen(unacked) > 0:
                break
    else:
        progress.notes.append("no kill: the workers never held a batch past a quarter")
        return
    with cluster.lock:
        for i in range(cluster.worker_count):
            cluster.signal_worker(i, signal.SIGKILL)
        progress.fault()
        for proc in cluster.workers:
            if proc is not None:
                proc.wait()
        held = int(client.hlen(unacked))
        for i in range(cluster.worker_count):
            cluster.start_worker(i)
        progress.restarts.append(time.monotonic())
    progress.notes.append(
        f"killed {cluster.worker_count} workers holding {held} batches at {progress.done()} out"
    )


def rolling_sigterm(cluster: Cluster, progress: Progress, stop: threading.Event) -> None:
    """SIGTERM one worker at a time (warm shutdown), wait for it to exit, start it again."""
    turn = [0]

    def roll() -> None:
        i = turn[0] % cluster.worker_count
        turn[0] += 1
        with cluster.lock:
            proc = cluster.workers[i]
            if proc is None:
                return
            os.kill(proc.pid, signal.SIGTERM)
            progress.fault()
            proc.wait(timeout=120)
            cluster.start_worker(i)

    _every(8.0, stop, progress, roll)


def restart_redis(cluster: Cluster, progress: Progress, stop: threading.Event) -> None:
    """kill -9 Redis and restart it on the same data directory, three times."""
    for _ in range(3):
        if stop.wait(6.0):
            return
        cluster.redis.kill()
        progress.fault()
        time.sleep(1.0)
        cluster.redis.start()


def kill_client_connections(cluster: Cluster, progress: Progress, stop: threading.Event) -> None:
    """CLIENT KILL every normal and pub/sub connection every 3 s."""
    client = cluster.client()

    def kill() -> None:
        for kind in ("normal", "pubsub"):
            with contextlib.suppress(redis.RedisError):
                client.client_kill_filter(_type=kind, skipme=True)
        progress.fault()

    _every(3.0, stop, progress, kill)


def fill_memory(cluster: Cluster, progress: Progress, stop: threading.Event) -> None:
    """Hold Redis at maxmemory with noeviction for 15 s, then lift the limit."""
    client = cluster.client()
    if stop.wait(3.0):
        return
    used = int(client.info("memory")["used_memory"])
    client.config_set("maxmemory-policy", "noeviction")
    client.config_set("maxmemory", used + 512 * 1024)
    progress.fault()
    stop.wait(15.0)
    client.config_set("maxmemory", 0)


def pause_a_worker(cluster: Cluster, progress: Progress, stop: threading.Event) -> None:
    """SIGSTOP a whole worker (its heartbeat too) past the visibility timeout, then resume:
    its batches are taken back and run by the other worker meanwhile, and the copies it
    finishes when it wakes publish nothing twice."""
    if stop.wait(5.0):
        return
    with cluster.lock:  # a stopped worker is not a crashed one
        cluster.signal_worker(0, signal.SIGSTOP)
        progress.fault()
        time.sleep(cluster.settings.visibility_timeout + 25)
        cluster.signal_worker(0, signal.SIGCONT)
