"""Shared fixtures: a real Redis server and a key namespace per test.

Redis is the one at ENRICH_REDIS_URL or REDIS_URL when set (it must answer: a configured
server that is down fails the run rather than silently testing less); otherwise a private
redis-server is started for the session.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from worker.local.embedded import EmbeddedRedis
from worker.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
SEED = SHARED_DATA / "seed-article.txt"
EXAMPLE = ROOT / "examples" / "tidal-array.txt"


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """URL of a real Redis server for the whole session."""
    url = os.environ.get("ENRICH_REDIS_URL") or os.environ.get("REDIS_URL")
    if url:
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            pytest.fail(f"the configured Redis at {url} does not answer: {exc}")
        yield url
        return
    with EmbeddedRedis() as server:
        yield server.url


@pytest.fixture
def redis_client(redis_url: str) -> redis.Redis:
    return redis.Redis.from_url(redis_url)


def drop_keys(client: redis.Redis, prefix: str) -> None:
    """Delete every key under ``prefix``."""
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def settings(redis_url: str, redis_client: redis.Redis) -> Iterator[Settings]:
    """Settings in a key namespace of this test's own, deleted afterwards."""
    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    yield Settings(redis_url=redis_url, key_prefix=prefix, consumer="tests")
    drop_keys(redis_client, prefix)


@pytest.fixture
def seed_text() -> str:
    """The founding example; tests that need it are skipped where ../shared is absent."""
    if not SEED.exists():
        pytest.skip("../shared/data/seed-article.txt is not available here")
    return SEED.read_text(encoding="utf-8")
