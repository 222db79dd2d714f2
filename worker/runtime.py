"""What a worker process holds for its whole life: a Redis pool and the built stages.

Opened once per process (pool children build their own after the fork) and handed to the
task bodies; stages are built on first use, so a worker serving only ``clean`` never loads
a spaCy model.
"""

from __future__ import annotations

import functools

import redis

from tasks.memory import MemoryStore
from tasks.near_duplicates import DuplicateIndex
from tasks.pipeline import build_stage
from tasks.stage import Stage
from worker.connection import connect
from worker.deliveries import Deliveries
from worker.duplicates import RedisDuplicateIndex
from worker.memory import RedisMemory
from worker.output import Output
from worker.settings import Settings


class Runtime:
    """A process's Redis client, output writer and stages."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.redis: redis.Redis = connect(settings.require_redis_url())
        self.output = Output(self.redis, settings)
        self.deliveries = Deliveries(self.redis, settings)
        self.memory: MemoryStore | None = (
            RedisMemory(self.redis, settings) if settings.memory_days else None
        )
        self.duplicates: DuplicateIndex | None = (
            RedisDuplicateIndex(self.redis, settings) if settings.duplicate_days else None
        )
        self._stages: dict[str, Stage] = {}
        self._config = settings.stage_config()

    def stage(self, name: str) -> Stage:
        """The stage called ``name``, built on first use."""
        if name not in self._stages:
            self._stages[name] = build_stage(name, self._config)
        return self._stages[name]


@functools.lru_cache(maxsize=4)
def runtime_for(settings: Settings) -> Runtime:
    """The one runtime of this process for these settings."""
    return Runtime(settings)
