"""The near-duplicate index in Redis: shared, idempotent, expiring."""

from __future__ import annotations

import dataclasses

import pytest
import redis

from tasks.near_duplicates import mark_duplicates, signature
from tasks.record import Article
from tests.test_near_duplicates import OTHER_STORY, STORY
from worker.duplicates import RedisDuplicateIndex
from worker.settings import Settings

pytestmark = pytest.mark.integration


def test_copies_point_to_the_first_across_index_instances(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Two workers (two index objects) share what they have seen."""
    first, second = (RedisDuplicateIndex(redis_client, settings) for _ in range(2))
    (original,) = mark_duplicates([Article(id="wire-1", text=STORY)], first)
    (copy,) = mark_duplicates([Article(id="site-2", text="Share\n" + STORY)], second)
    (other,) = mark_duplicates([Article(id="site-3", text=OTHER_STORY)], second)
    assert (original.duplicate_of, copy.duplicate_of, other.duplicate_of) == (
        None,
        "wire-1",
        None,
    )
    (again,) = mark_duplicates([Article(id="wire-1", text=STORY)], second)  # redelivered
    assert again.duplicate_of is None


def test_everything_the_index_writes_expires(settings: Settings, redis_client: redis.Redis) -> None:
    settings = dataclasses.replace(settings, duplicate_days=2)
    sig = signature(STORY)
    assert sig is not None
    RedisDuplicateIndex(redis_client, settings).first_similar("a", sig)
    keys = list(redis_client.scan_iter(match=settings.key("enrich:dup:*")))
    assert len(keys) == 1 + 1 + 16  # the article, the counter, its 16 bands
    ttls = [redis_client.ttl(k) for k in keys if not k.endswith(b":order")]
    assert all(0 < ttl <= 2 * 24 * 3600 for ttl in ttls)
