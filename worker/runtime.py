"""What a worker process holds for its whole life: a Redis client, the output writer and
the pipeline with its stages, memory store and duplicate index.

Built once per worker (``worker.signals`` builds it at start, before the pool forks, so the
children share the loaded models) and handed to the task bodies and the ingester; nothing
looks it up. Tests build one with fakes: ``Runtime(settings, pipeline=Pipeline.of([...]))``.
"""

from __future__ import annotations

from collections.abc import Iterable

import redis

from tasks.pipeline import STAGE_NAMES, Pipeline
from worker.connection import connect
from worker.deliveries import Deliveries
from worker.duplicates import RedisDuplicateIndex
from worker.memory import RedisMemory
from worker.output import Output
from worker.settings import Settings


class Runtime:
    """A process's Redis client, output writer, delivery counter and pipeline.

    ``served``: the stages this worker consumes; a batch runs on through the following
    stages while this worker serves them, instead of going back to Redis between them.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        client: redis.Redis | None = None,
        pipeline: Pipeline | None = None,
        served: Iterable[str] = STAGE_NAMES,
    ) -> None:
        self.settings = settings
        self.redis: redis.Redis = client or connect(settings.require_redis_url())
        self.output = Output(self.redis, settings)
        self.deliveries = Deliveries(self.redis, settings)
        self.pipeline = pipeline or Pipeline(
            config=settings.stage_config(),
            memory=RedisMemory(self.redis, settings) if settings.memory_days else None,
            duplicates=(
                RedisDuplicateIndex(self.redis, settings) if settings.duplicate_days else None
            ),
        )
        self.served = frozenset(served)
