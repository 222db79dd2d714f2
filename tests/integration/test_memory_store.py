"""The Redis memory store: shared counts, once per article, capped, forgetting old weeks."""

from __future__ import annotations

import dataclasses

import msgspec
import pytest
import redis

from tasks.pipeline import Pipeline
from tasks.record import Article, SourceMemory, to_message
from tasks.stage import Reading
from worker import flow
from worker.memory import WEEK, RedisMemory
from worker.runtime import Runtime
from worker.settings import Settings

pytestmark = pytest.mark.integration


class Clock:
    """A settable clock for the store's weekly buckets."""

    def __init__(self) -> None:
        self.now = 1_000 * WEEK

    def __call__(self) -> float:
        return self.now


def test_counts_are_shared_between_store_instances(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """What one worker's store observed, another's recalls (counts per article, not per line)."""
    RedisMemory(redis_client, settings).observe(
        "clean", [("a.example", "1", ["footer", "footer", "x"]), ("a.example", "2", ["footer"])]
    )
    (memory,) = RedisMemory(redis_client, settings).recall(
        "clean", ["a.example"], [["footer", "x", "y"]]
    )
    assert memory.articles == 2
    assert memory.counts == {"footer": 2, "x": 1}


def test_one_batch_counts_each_source_apart_and_each_article_once(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """A batch mixing sources, with an article sent twice, counts as if sent one by one."""
    store = RedisMemory(redis_client, settings)
    store.observe(
        "clean",
        [
            ("a.example", "1", ["footer"]),
            ("b.example", "1", ["menu", "footer"]),
            ("a.example", "1", ["footer"]),
            ("a.example", "2", []),
        ],
    )
    a, b = store.recall("clean", ["a.example", "b.example"], [["footer"], ["menu", "footer"]])
    assert (a.articles, a.counts) == (2, {"footer": 1})
    assert (b.articles, b.counts) == (1, {"menu": 1, "footer": 1})


def test_same_article_is_counted_once(settings: Settings, redis_client: redis.Redis) -> None:
    """A redelivered article adds nothing."""
    store = RedisMemory(redis_client, settings)
    for _ in range(3):
        store.observe("clean", [("a.example", "1", ["footer"])])
    (memory,) = store.recall("clean", ["a.example"], [["footer"]])
    assert (memory.articles, memory.counts) == (1, {"footer": 1})


def test_new_keys_stop_at_the_cap_but_known_keys_count_on(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Memory per source and week is bounded by ENRICH_MEMORY_MAX_KEYS."""
    store = RedisMemory(redis_client, dataclasses.replace(settings, memory_max_keys=3))
    store.observe("clean", [("a.example", "1", ["k1", "k2"])])
    store.observe("clean", [("a.example", "2", ["k1", "k3", "k4"])])
    (memory,) = store.recall("clean", ["a.example"], [["k1", "k2", "k3", "k4"]])
    assert memory.counts == {"k1": 2, "k2": 1}


def test_old_weeks_leave_the_window_and_expire(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Counts older than ENRICH_MEMORY_DAYS are no longer recalled, and their keys expire."""
    clock = Clock()
    store = RedisMemory(redis_client, dataclasses.replace(settings, memory_days=14), clock)
    store.observe("clean", [("a.example", "1", ["footer"])])
    clock.now += WEEK
    store.observe("clean", [("a.example", "2", ["footer"])])
    assert store.recall("clean", ["a.example"], [["footer"]])[0].articles == 2
    clock.now += 2 * WEEK
    assert store.recall("clean", ["a.example"], [["footer"]])[0].articles == 0
    ttls = [redis_client.ttl(k) for k in redis_client.scan_iter(match=f"{settings.key_prefix}*")]
    assert ttls
    assert all(0 < t <= 3 * WEEK for t in ttls)


class Remembers:
    """A learning stage that asks about and observes the lines of its text."""

    name = "tag"
    reads_raw = False

    def __init__(self) -> None:
        self.seen: list[int] = []

    def __call__(self, record: Article) -> Article:
        return self.finish(self.read(record), None)

    def read(self, record: Article) -> Reading:
        return Reading(record, record.text.splitlines())

    def finish(self, reading: Reading, memory: SourceMemory | None) -> Article:
        self.seen.append(memory.articles if memory is not None else -1)
        record = reading.record
        return msgspec.structs.replace(record, observed={self.name: reading.keys})


def test_stage_task_recalls_before_and_observes_after(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """A learning stage sees the counts of earlier articles; its output carries no memory."""
    stage = Remembers()
    memory = RedisMemory(redis_client, settings)
    pipeline = Pipeline(stages={"tag": stage}, memory=memory)
    rt = Runtime(settings, pipeline=pipeline, served=["tag"])
    for i in range(3):
        message = to_message(
            Article(id=str(i), text="footer", source="a.example", content_hash="h")
        )
        flow.process(None, rt, "tag", [message])  # type: ignore[arg-type]
    assert stage.seen == [0, 1, 2]
    record = redis_client.lindex(settings.key(settings.output_key), 0)
    assert b'"observed"' not in record
