"""A stage task's body against a real Redis: failures buried with reasons, time limits split."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
import redis
from celery.exceptions import SoftTimeLimitExceeded

from tasks.codec import to_message
from tasks.record import Article, RawBody
from worker import flow
from worker.runtime import runtime_for
from worker.settings import Settings

pytestmark = pytest.mark.integration


class SentTasks:
    """Stands in for the Celery app's producer: records what would be enqueued."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[Any]]] = []

    def send_task(self, name: str, args: list[Any], queue: str) -> None:
        self.sent.append((name, args[0]))


class Failing:
    """A stage that raises on articles whose text says so."""

    name = "tag"
    reads_raw = False

    def __init__(self, exc: type[BaseException]) -> None:
        self.exc = exc

    def __call__(self, record: Article) -> Article:
        if "fail" in record.text:
            raise self.exc("stage blew up")
        return record


def _install(settings: Settings, stage: Any) -> None:
    runtime_for(settings)._stages[stage.name] = stage


def _dead(settings: Settings, client: redis.Redis) -> list[dict[str, Any]]:
    return [msgspec.json.decode(x) for x in client.lrange(settings.key(settings.dead_key), 0, -1)]


def test_failing_article_is_dead_lettered_and_the_rest_published(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """At the last stage, a failing article gets a dead letter with its payload; others publish."""
    _install(settings, Failing(ValueError))
    runtime_for(settings).output.keep_payloads([("bad", "h", b'{"id": "bad", "text": "fail"}')])
    batch = [
        to_message(Article(id="ok", text="fine", content_hash="h")),
        to_message(Article(id="bad", text="fail", content_hash="h")),
    ]
    assert flow.process(SentTasks(), settings, "tag", batch) == 1  # type: ignore[arg-type]
    (letter,) = _dead(settings, redis_client)
    assert letter["stage"] == "tag"
    assert letter["error"] == "ValueError"
    assert "stage blew up" in letter["reason"]
    assert letter["payload"] == {"id": "bad", "text": "fail"}
    assert redis_client.llen(settings.key(settings.output_key)) == 1


def test_batch_over_time_limit_is_split_into_single_article_messages(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """A soft time limit re-enqueues each article alone; a lone article is dead-lettered."""
    _install(settings, Failing(SoftTimeLimitExceeded))
    app = SentTasks()
    batch = [to_message(Article(id=i, text="fail", content_hash="h")) for i in ("a", "b")]
    flow.process(app, settings, "tag", batch)  # type: ignore[arg-type]
    assert [(name, [m["id"] for m in msgs]) for name, msgs in app.sent] == [
        ("enrich.tag", ["a"]),
        ("enrich.tag", ["b"]),
    ]
    flow.process(app, settings, "tag", app.sent[0][1])  # type: ignore[arg-type]
    (letter,) = _dead(settings, redis_client)
    assert letter["error"] == "time_limit"


def test_raw_body_is_dropped_after_the_last_stage_that_reads_it(settings: Settings) -> None:
    """Messages after `dates` carry no raw HTML, so later stages move small messages."""
    app = SentTasks()
    record = Article(id="r", raw=RawBody(html="<p>x</p>"), content_hash="h")
    flow.hand_on(app, settings, "clean", [record])  # type: ignore[arg-type]
    flow.hand_on(app, settings, "dates", [record])  # type: ignore[arg-type]
    (clean_to, clean_msgs), (dates_to, dates_msgs) = app.sent
    assert (clean_to, dates_to) == ("enrich.dates", "enrich.language")
    assert clean_msgs[0]["raw"] is not None
    assert dates_msgs[0]["raw"] is None


def test_malformed_message_becomes_a_dead_letter(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """An item that is not an article record is dead-lettered, not crashed on."""
    flow.process(SentTasks(), settings, "tag", [{"id": "x", "text": 5}])  # type: ignore[arg-type]
    (letter,) = _dead(settings, redis_client)
    assert letter["error"] == "malformed_message"


def test_message_redelivered_too_often_is_split_then_buried(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """A message that keeps coming back (its worker died) is split, and a lone one buried."""
    _install(settings, Failing(ValueError))
    deliveries = runtime_for(settings).deliveries
    app = SentTasks()
    batch = [to_message(Article(id=i, text="fine", content_hash="h")) for i in ("a", "b")]
    for _ in range(settings.max_deliveries):  # each delivery died inside the stage
        deliveries.count("m1")
    flow.process(app, settings, "tag", batch, message_id="m1")  # type: ignore[arg-type]
    assert [[m["id"] for m in msgs] for _, msgs in app.sent] == [["a"], ["b"]]
    for _ in range(settings.max_deliveries):
        deliveries.count("m2")
    flow.process(app, settings, "tag", app.sent[0][1], message_id="m2")  # type: ignore[arg-type]
    (letter,) = _dead(settings, redis_client)
    assert letter["id"] == "a"
    assert letter["error"] == "max_deliveries"
    assert redis_client.llen(settings.key(settings.output_key)) == 0
    counters = redis_client.hgetall(settings.key("enrich:counters"))
    assert int(counters[b"redeliveries"]) == 2 * settings.max_deliveries


class BrokenProducer:
    """A producer that fails as kombu did when its connection went away under a task."""

    def send_task(self, name: str, args: list[Any], queue: str) -> None:
        raise AttributeError("'NoneType' object has no attribute 'send_command'")


def test_a_hand_off_that_breaks_puts_the_message_back_and_buries_nothing(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """The stage's work was sound: the message is retried, the articles are not buried."""
    batch = [to_message(Article(id="a", text="fine", content_hash="h"))]
    with pytest.raises(flow.HandOffError) as raised:
        flow.process(BrokenProducer(), settings, "clean", batch)  # type: ignore[arg-type]
    assert isinstance(raised.value, flow.TRANSPORT_ERRORS)
    assert "AttributeError" in str(raised.value)
    assert _dead(settings, redis_client) == []


class Unwritable:
    """A stage that leaves a value JSON cannot carry (a numpy-like float) in some records."""

    name = "tag"
    reads_raw = False

    def __call__(self, record: Article) -> Article:
        if "odd" not in record.text:
            return record
        return msgspec.structs.replace(record, meta={"score": complex(1, 2)})


def test_a_record_json_cannot_carry_is_buried_at_once_and_the_rest_go_on(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Not retried until the delivery limit (it would fail every time): one dead letter
    naming the stage and the type, and the other article is published."""
    _install(settings, Unwritable())
    batch = [
        to_message(Article(id="ok", text="fine", content_hash="h")),
        to_message(Article(id="odd", text="odd", content_hash="h")),
    ]
    flow.process(SentTasks(), settings, "tag", batch)  # type: ignore[arg-type]
    (letter,) = _dead(settings, redis_client)
    assert (letter["id"], letter["error"]) == ("odd", "unwritable_record")
    assert "stage 'tag'" in letter["reason"]
    assert "complex" in letter["reason"]
    assert redis_client.llen(settings.key(settings.output_key)) == 1
