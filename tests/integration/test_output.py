"""Publishing and dead-lettering against a real Redis: once per article, never both."""

from __future__ import annotations

import dataclasses

import msgspec
import pytest
import redis

from tasks.record import Article
from worker.local.monitor import gather_stats
from worker.output import DeadLetter, Output, utc_now
from worker.settings import Settings

pytestmark = pytest.mark.integration


def _letter(article_id: str, content_hash: str = "h1", payload: object = None) -> DeadLetter:
    return DeadLetter(
        id=article_id,
        stage="ner",
        error="ValueError",
        reason="broken",
        payload=payload,
        ts=utc_now(),
        content_hash=content_hash,
    )


def test_publish_is_idempotent_per_id_and_content(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """The same article and content published twice appears once; new content appears again."""
    output = Output(redis_client, settings)
    record = Article(id="a", content_hash="h1", text="Body.")
    assert output.publish([record]) == 1
    assert output.publish([record]) == 0
    assert output.publish([msgspec.structs.replace(record, content_hash="h2")]) == 1
    assert redis_client.llen(output.keys.output) == 2
    counters = redis_client.hgetall(output.keys.counters)
    assert counters == {b"enriched": b"2", b"duplicates_suppressed": b"1"}


def test_records_without_text_are_counted_apart(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """A record published with empty text counts as enriched and as enriched without text,
    and `enrich stats` shows the split."""
    output = Output(redis_client, settings)
    output.publish(
        [Article(id="t", content_hash="h", text="Body."), Article(id="e", content_hash="h")]
    )
    counters = gather_stats(settings)["counters"]
    assert counters["enriched"] == 2
    assert counters["enriched_with_text"] == 1
    assert counters["enriched_without_text"] == 1


def test_article_is_never_both_published_and_dead(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Once published, a later dead letter for the same article is suppressed, and vice versa."""
    output = Output(redis_client, settings)
    output.publish([Article(id="a", content_hash="h1")])
    assert output.dead_letter([_letter("a")]) == 0
    assert output.dead_letter([_letter("b")]) == 1
    assert output.publish([Article(id="b", content_hash="h1")]) == 0
    assert redis_client.llen(output.keys.output) == 1
    assert redis_client.llen(output.keys.dead) == 1


def test_dead_letter_carries_the_kept_original_payload(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """A stage's dead letter includes the payload kept at intake, then the copy is dropped."""
    output = Output(redis_client, settings)
    output.keep_payloads([("a", "h1", b'{"id": "a", "text": "original"}')])
    output.dead_letter([_letter("a")])
    (letter,) = [msgspec.json.decode(x) for x in redis_client.lrange(output.keys.dead, 0, -1)]
    assert letter["payload"] == {"id": "a", "text": "original"}
    assert letter["stage"] == "ner"
    assert not redis_client.exists(output.payload_key("a", "h1"))


def test_stream_output_mode_adds_records_to_a_stream(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """With ENRICH_OUTPUT_MODE=stream, records are XADDed under the field 'record'."""
    output = Output(redis_client, dataclasses.replace(settings, output_mode="stream"))
    output.publish([Article(id="s", content_hash="h", text="Body.")])
    ((_id, fields),) = redis_client.xrange(output.keys.output)
    assert msgspec.json.decode(fields[b"record"])["id"] == "s"
