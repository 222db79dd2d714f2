"""Finding articles whose message was lost: stale by age, but never merely queued."""

from __future__ import annotations

import dataclasses
import time

import msgspec
import pytest
import redis

from tasks.payload import payload_digest
from worker.app import create_app
from worker.ingest import Ingester
from worker.keys import Keys
from worker.output import Output
from worker.reaper import STALLED_AFTER, Reaper
from worker.settings import Settings

pytestmark = pytest.mark.integration


def _keep(output: Output, article_id: str) -> tuple[str, str]:
    payload = {"id": article_id, "text": "A body."}
    digest = payload_digest(payload)
    output.keep_payloads([(article_id, digest, msgspec.json.encode(payload))])
    return article_id, digest


def _settings(settings: Settings) -> Settings:
    return dataclasses.replace(
        settings, stale_after=200, stage_time_limit=100, stage_soft_time_limit=50, prefetch=1
    )


def test_untouched_article_is_claimed_with_its_payload_once(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """With no backlog, an article untouched for ENRICH_STALE_AFTER is handed back, once."""
    settings = _settings(settings)
    output, reaper = Output(redis_client, settings), Reaper(redis_client, settings)
    _keep(output, "lost")
    now = time.time()
    assert reaper.claim_stale(now + 100) == []
    ((member, payload),) = reaper.claim_stale(now + 300)
    assert member.startswith("lost:")
    assert msgspec.json.decode(payload)["id"] == "lost"
    assert reaper.claim_stale(now + 301) == []  # claimed: its clock starts again


@pytest.fixture
def backlogged(settings: Settings, redis_client: redis.Redis) -> tuple[Settings, Reaper]:
    """Settings and a reaper over 100 queued NER messages and one kept payload."""
    settings = _settings(settings)
    output, reaper = Output(redis_client, settings), Reaper(redis_client, settings)
    _keep(output, "waiting")
    redis_client.rpush(settings.key("ner"), *[b"message"] * 100)
    return settings, reaper


def _finish(settings: Settings, redis_client: redis.Redis, count: int) -> None:
    redis_client.hincrby(Keys(settings).counters, "enriched", count)


def test_queued_articles_are_not_stale_while_the_backlog_drains(
    backlogged: tuple[Settings, Reaper], redis_client: redis.Redis
) -> None:
    """With a backlog, the threshold grows to twice its drain time; with no rate yet, wait."""
    settings, reaper = backlogged
    t = 1_000_000_000.0
    assert reaper.stale_after(t) is None  # no rate measured yet
    _finish(settings, redis_client, 10)
    threshold = reaper.stale_after(t + 10)  # 1 article/s, 100 × batch queued
    assert threshold == pytest.approx(2 * 100 * settings.batch_size)


def test_the_rate_is_measured_over_minutes_not_between_two_sweeps(
    backlogged: tuple[Settings, Reaper], redis_client: redis.Redis
) -> None:
    """A burst after a quiet spell does not make the backlog look short."""
    settings, reaper = backlogged
    t = 1_000_000_000.0
    reaper.stale_after(t)
    _finish(settings, redis_client, 10)
    reaper.stale_after(t + 10)
    for step in range(2, 10):  # nothing finishes for 80 s
        reaper.stale_after(t + 10 * step)
    _finish(settings, redis_client, 100)  # then a burst: 100 in 10 s
    threshold = reaper.stale_after(t + 100)
    assert threshold == pytest.approx(2 * 100 * settings.batch_size / (110 / 100))


def test_a_backlog_that_never_drains_stops_protecting_stale_articles(
    backlogged: tuple[Settings, Reaper],
) -> None:
    """Nothing finished for STALLED_AFTER × ENRICH_STALE_AFTER: resubmit as if no backlog."""
    settings, reaper = backlogged
    t = 1_000_000_000.0
    for step in range(0, STALLED_AFTER * settings.stale_after, 30):
        assert reaper.stale_after(t + step) is None
    assert reaper.stale_after(t + STALLED_AFTER * settings.stale_after) == settings.stale_after


def test_ingester_resubmits_lost_articles_and_buries_expired_ones(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """A sweep re-enqueues a stale article from its copy; one whose copy expired is buried."""
    settings = _settings(settings)
    output = Output(redis_client, settings)
    _, digest = _keep(output, "lost")
    _, gone = _keep(output, "expired")
    redis_client.delete(output.payload_key("expired", gone))
    redis_client.zadd(output.keys.inflight, {f"lost:{digest[:16]}": 0, f"expired:{gone[:16]}": 0})
    ingester = Ingester(create_app(settings), settings)
    assert ingester.sweep() == 1
    assert redis_client.llen(settings.key("clean")) == 1
    (letter,) = [msgspec.json.decode(x) for x in redis_client.lrange(output.keys.dead, 0, -1)]
    assert (letter["id"], letter["error"]) == ("expired", "payload_expired")
