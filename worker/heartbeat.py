"""A live worker's heartbeat: the messages it holds stay its own, and it says it is alive.

Kombu's Redis transport records each message a worker takes in the ``unacked`` hash and its
delivery tag in the ``unacked_index`` sorted set, scored by when it was taken. Every live
worker puts back on their queues, every few seconds (``restore_visible``), the messages
scored older than the visibility timeout. Kombu cannot tell a dead worker's message from
one a live worker is still running, so the timeout had to outlast the longest batch (it
was 30 minutes), and a killed worker's batches waited that long.

Here a thread in the worker's parent process re-scores the messages its consumer holds
every ``ENRICH_HEARTBEAT_INTERVAL`` (``ZADD XX``: a message acknowledged meanwhile is not
brought back into the index). A live worker's messages are never older than a beat,
however long a batch runs; a dead worker's stop being refreshed and are put back after
``ENRICH_VISIBILITY_TIMEOUT``, at the next restore sweep (one every heartbeat interval).
A thread, not a timer on the consumer's event loop: the loop can be held up (a full Redis
is waited out for minutes, ``worker.broker``) while the worker is alive and its batches run.

The same beat renews ``enrich:worker:<node>`` (expiring after the visibility timeout) and
the node's score in ``enrich:workers``; ``alive_workers`` reads them for health checks.
Scores are this host's clock, as kombu's own are: keep the hosts' clocks in step (NTP).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import msgspec
import redis
from celery import signals

from worker.connection import connect
from worker.keys import Keys
from worker.settings import Settings
from worker.signals import served_stages

log = logging.getLogger("enrich.heartbeat")

HeldTags = Callable[[], list[str]]
"""Returns the delivery tags of the messages a worker holds (taken, not yet acknowledged)."""


class WorkerBeat(msgspec.Struct, frozen=True):
    """What a worker says at each heartbeat."""

    node: str
    host: str
    pid: int
    stages: list[str]
    held: int
    """Messages it held at that beat (running or prefetched)."""
    at: float
    """When, in seconds since the epoch (the worker's clock)."""


class Heartbeat:
    """Beats for one worker node, in a thread of its own until stopped."""

    def __init__(
        self,
        client: redis.Redis,
        settings: Settings,
        node: str,
        stages: list[str],
        held: HeldTags,
    ) -> None:
        self._redis = client
        self._keys = Keys(settings)
        self._node = node
        self._stages = stages
        self._held = held
        self._interval = settings.heartbeat_interval
        self._ttl = settings.visibility_timeout
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def beat(self, now: float | None = None) -> int:
        """Re-score the held messages and renew the liveness keys; return messages held."""
        now = time.time() if now is None else now
        tags = self._held()
        beat = WorkerBeat(
            self._node, socket.gethostname(), os.getpid(), self._stages, len(tags), now
        )
        pipe = self._redis.pipeline(transaction=False)
        if tags:  # first: it is what keeps the batches from being taken back
            pipe.zadd(self._keys.unacked_index, dict.fromkeys(tags, now), xx=True)
        pipe.set(self._keys.worker(self._node), msgspec.json.encode(beat), ex=self._ttl)
        pipe.zadd(self._keys.workers, {self._node: now})
        pipe.zremrangebyscore(self._keys.workers, "-inf", now - self._ttl)  # the dead ones
        pipe.execute()
        return len(tags)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="enrich-heartbeat", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        # Any failure is logged and the next beat still comes: a thread that died quietly
        # would have every long batch of a live worker run twice.
        while True:
            try:
                self.beat()
            except Exception as exc:  # noqa: BLE001
                log.warning("heartbeat failed (%s); next in %.0f s", exc, self._interval)
            if self._stop.wait(self._interval):
                return

    def stop(self) -> None:
        """Stop beating and say so (the worker shut down; its messages are acked or back)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self._interval + 5)
        try:
            pipe = self._redis.pipeline(transaction=False)
            pipe.delete(self._keys.worker(self._node))
            pipe.zrem(self._keys.workers, self._node)
            pipe.execute()
        except redis.RedisError as exc:  # the keys expire anyway
            log.warning("could not clear the heartbeat of %s: %s", self._node, exc)


def alive_workers(
    client: redis.Redis, settings: Settings, now: float | None = None
) -> list[WorkerBeat]:
    """The workers that beat within the visibility timeout (those whose messages are still
    their own), each with its last beat; oldest beat first."""
    keys = Keys(settings)
    now = time.time() if now is None else now
    nodes = client.zrangebyscore(keys.workers, now - settings.visibility_timeout, "+inf")
    if not nodes:
        return []
    beats = client.mget([keys.worker(n.decode() if isinstance(n, bytes) else n) for n in nodes])
    return [msgspec.json.decode(raw, type=WorkerBeat) for raw in beats if raw]


def held_by(consumer: Any) -> HeldTags:
    """The delivery tags a Celery consumer holds: its channel's unacknowledged messages.

    Kombu's QoS keeps them in ``_delivered`` (acked ones may linger there until its next
    flush; ``ZADD XX`` ignores them). The consumer's thread changes the dict while this one
    copies it, so a copy that fails is tried again.
    """

    def held() -> list[str]:
        task_consumer = getattr(consumer, "task_consumer", None)
        if task_consumer is None:  # not consuming yet, or reconnecting
            return []
        delivered = task_consumer.channel.qos._delivered
        for _ in range(5):
            try:
                return [str(tag) for tag in list(delivered)]
            except RuntimeError:  # "changed size during iteration"
                continue
        return []

    return held


_running: list[Heartbeat] = []


def _on_worker_ready(sender: Any = None, **_: Any) -> None:
    app = sender.app
    settings: Settings = getattr(app, "enrich_settings", None) or Settings.from_env()
    if not settings.redis_url:  # not a worker of ours (preflight refuses to start one)
        return
    stages = served_stages(list(app.amqp.queues.consume_from or app.amqp.queues))
    beat = Heartbeat(
        connect(settings.redis_url), settings, sender.hostname, stages, held_by(sender)
    )
    beat.start()
    _running[:] = [beat]
    log.info("heartbeat every %.0f s as %s", settings.heartbeat_interval, sender.hostname)


def _on_worker_shutdown(**_: Any) -> None:
    # Sent after a warm shutdown has let the running batches finish, so they were kept
    # alive until they were acknowledged.
    while _running:
        _running.pop().stop()


def connect_heartbeat() -> None:
    """Start the heartbeat when a worker is ready and stop it when it shuts down (Celery
    keeps one connection per receiver, however many apps call this)."""
    signals.worker_ready.connect(_on_worker_ready, weak=False)
    signals.worker_shutdown.connect(_on_worker_shutdown, weak=False)
