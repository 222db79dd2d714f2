"""A real Celery worker (all stages, the real spaCy model) shared by the integration tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.conftest import drop_keys
from tests.integration.driver import Driver
from tests.integration.processes import start, stop, wait_ready
from worker.settings import Settings


@pytest.fixture(scope="session")
def worker_settings(redis_url: str) -> Iterator[Settings]:
    """Settings of the session's worker, in a namespace of their own."""
    settings = Settings(
        redis_url=redis_url,
        key_prefix=f"itest-{uuid.uuid4().hex[:8]}:",
        consumer="itest",
        batch_size=4,
    )
    yield settings
    drop_keys(redis.Redis.from_url(redis_url), settings.key_prefix)


@pytest.fixture(scope="session")
def live_worker(
    worker_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """`enrich worker` serving every stage, as a child process; yields its log file."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    proc = start(
        "enrich worker --concurrency 2 -- --without-mingle --without-gossip", worker_settings, log
    )
    try:
        wait_ready(proc, log)
        yield log
    finally:
        stop(proc)


@pytest.fixture
def driver(worker_settings: Settings, live_worker: Path) -> Iterator[Driver]:
    """Pushes payloads, ingests them and collects outcomes against the live worker."""
    drv = Driver(worker_settings)
    drv.clear()
    yield drv
    drv.clear()
