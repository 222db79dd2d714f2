"""Kombu's Redis transport, made to wait while Redis is full instead of crashing.

At ``maxmemory`` with ``noeviction`` Redis refuses every write, and also every command
queued inside a MULTI, deletions included. Kombu acks, counts queues and restores messages
in MULTIs, and takes the refusal as fatal: in the fault script's maxmemory scenario each
worker's consumer died with "Unrecoverable error: OutOfMemoryError" and only a supervisor
brought it back. Here a refused command waits, with growing pauses, and is sent again. A
refused command did nothing (a refused MULTI is discarded whole), so sending it again
cannot apply it twice.

Connection errors are not retried here, as kombu's own transport does not (redis-py's
default for a pool it is handed): kombu notices the lost connection and registers its
polling on a new one. A reconnection done silently under it left every worker's consumer
polling a dead socket after a Redis restart (fault script, Redis kill: 190 of 2,000
articles, then nothing).

Celery uses this transport through ``broker_transport`` (see ``worker.app``); the URL's
scheme, its credentials and its TLS settings mean what they mean to kombu's own transport.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from kombu.transport import redis as kombu_redis
from redis.backoff import NoBackoff
from redis.exceptions import OutOfMemoryError
from redis.retry import Retry

log = logging.getLogger("enrich.broker")

T = TypeVar("T")

CONSUMER_PATIENCE = 300.0
"""Seconds a worker's consumer waits for a full Redis before giving up (and crashing, for
its supervisor to restart): long, because all it can do meanwhile is wait."""
FIRST_PAUSE = 0.25
MAX_PAUSE = 5.0

_patience = [CONSUMER_PATIENCE]
"""This process's patience; pool children set a shorter one (``wait_for_memory_at_most``)."""


def wait_for_memory_at_most(seconds: float) -> None:
    """Set how long this process waits for a full Redis before a command fails.

    A pool child waits less than its task's soft time limit: past it, the task's own
    handling (message put back after a pause) is the better answer than a killed task.
    """
    _patience[0] = seconds


class PatientRetry(Retry):  # type: ignore[misc]  # redis.retry is untyped here
    """No retry of connection errors (kombu's default), but ``OutOfMemoryError`` waited out."""

    def __init__(self) -> None:
        super().__init__(NoBackoff(), 0)

    def call_with_retry(
        self,
        do: Callable[[], T],
        fail: Callable[..., Any],
        is_retryable: Callable[[Exception], bool] | None = None,
        with_failure_count: bool = False,
    ) -> T:
        deadline: float | None = None
        pause = FIRST_PAUSE
        while True:
            try:
                result: T = super().call_with_retry(do, fail, is_retryable, with_failure_count)
                return result
            except OutOfMemoryError as error:
                now = time.monotonic()
                if deadline is None:
                    deadline = now + _patience[0]
                    log.warning("Redis is full (maxmemory): waiting up to %.0f s", _patience[0])
                if now + pause > deadline:
                    raise
                # Closes the connection; for a WATCHed transaction it raises WatchError,
                # so the caller starts over from the WATCH (redis-py's own rule).
                fail(error, 1) if with_failure_count else fail(error)
                time.sleep(pause)
                pause = min(2 * pause, MAX_PAUSE)


class PatientChannel(kombu_redis.Channel):
    """A channel whose connections retry with ``PatientRetry``."""

    def _connparams(self, asynchronous: bool = False) -> dict[str, Any]:
        params: dict[str, Any] = super()._connparams(asynchronous)  # type: ignore[no-untyped-call]
        params["retry"] = PatientRetry()
        return params


class Transport(kombu_redis.Transport):
    """Kombu's Redis transport with ``PatientChannel``."""

    Channel = PatientChannel


TRANSPORT = f"{__name__}:Transport"
"""The ``broker_transport`` setting that selects this transport."""
