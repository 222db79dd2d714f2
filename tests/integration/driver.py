"""Drives the pipeline from the outside, the way a crawler and a consumer would."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any

import msgspec
import redis

from worker.app import create_app
from worker.ingest import Ingester
from worker.settings import Settings

OUTCOME_TIMEOUT = 180.0
"""Seconds to wait for outcomes (the first NER batch loads a model on a busy machine)."""


class Driver:
    """Push, ingest and collect for one namespace."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.redis = redis.Redis.from_url(settings.require_redis_url())
        self.app = create_app(settings)

    def key(self, name: str) -> str:
        return self.settings.key(name)

    def clear(self) -> None:
        """Forget earlier tests' payloads and outcomes (kombu's own keys stay)."""
        for pattern in ("articles:*", "enrich:*"):
            keys = list(self.redis.scan_iter(match=self.key(pattern)))
            if keys:
                self.redis.delete(*keys)

    def push(self, payloads: Iterable[Any]) -> None:
        """RPUSH payloads (objects are JSON-encoded, bytes go as they are)."""
        for payload in payloads:
            data = payload if isinstance(payload, bytes) else msgspec.json.encode(payload)
            self.redis.rpush(self.key(self.settings.intake_key), data)

    def ingest(self) -> int:
        """Run the ingester until the intake is empty; return payloads taken."""
        ingester = Ingester(self.app, self.settings)
        return ingester.run(threading.Event(), once=True).taken

    def outcomes(
        self, expected: int, timeout: float = OUTCOME_TIMEOUT
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Wait until ``expected`` records and dead letters exist; return both lists."""
        deadline = time.monotonic() + timeout
        while True:
            records, dead = self.records(), self.dead()
            if len(records) + len(dead) >= expected or time.monotonic() > deadline:
                return records, dead
            time.sleep(0.2)

    def records(self) -> list[dict[str, Any]]:
        return [
            msgspec.json.decode(r)
            for r in self.redis.lrange(self.key(self.settings.output_key), 0, -1)
        ]

    def dead(self) -> list[dict[str, Any]]:
        return [
            msgspec.json.decode(r)
            for r in self.redis.lrange(self.key(self.settings.dead_key), 0, -1)
        ]

    def settle(self, seconds: float = 2.0) -> None:
        """Give stray duplicates a moment to appear before asserting there are none."""
        time.sleep(seconds)
