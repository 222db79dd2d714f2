"""A real Celery worker (all stages, the real spaCy model) shared by the integration tests."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class LiveWorker:
    """The session's worker process and its log."""

    proc: subprocess.Popen[bytes]
    log: Path

    def alive(self) -> bool:
        return self.proc.poll() is None


@pytest.fixture(scope="session")
def live_worker(
    worker_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveWorker]:
    """`enrich worker` serving every stage, as a child process."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    proc = start(
        "enrich worker --concurrency 2 -- --without-mingle --without-gossip", worker_settings, log
    )
    try:
        wait_ready(proc, log)
        yield LiveWorker(proc, log)
    finally:
        stop(proc)


@pytest.fixture
def driver(worker_settings: Settings, live_worker: LiveWorker) -> Iterator[Driver]:
    """Pushes payloads, ingests them and collects outcomes against the live worker."""
    drv = Driver(worker_settings)
    drv.clear()
    yield drv
    drv.clear()
