"""A stage task's body against a real Redis: failures buried with reasons, time limits split."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
import redis
from celery.exceptions import SoftTimeLimitExceeded

from tasks.pipeline import Pipeline
from tasks.record import Article, RawBody, to_message
from worker import flow
from worker.keys import SENT_HEADER
from worker.output import leave_bodies
from worker.runtime import Runtime
from worker.settings import Settings

pytestmark = pytest.mark.integration


class SentTasks:
    """Stands in for the Celery app's producer: records what would be enqueued."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[Any]]] = []

    def send_task(
        self, name: str, args: list[Any], queue: str, headers: dict[str, Any] | None = None
    ) -> None:
        assert headers is not None and SENT_HEADER in headers  # the queue's age (metrics)
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


def _runtime(settings: Settings, *stages: Any) -> Runtime:
    """The runtime of a worker that serves only ``stages`` (fakes in place of the real ones)."""
    pipeline = Pipeline(stages={s.name: s for s in stages})
    return Runtime(settings, pipeline=pipeline, served=[s.name for s in stages])


class Passes:
    """A stage that changes nothing."""

    reads_raw = False

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, record: Article) -> Article:
        return record


def _dead(settings: Settings, client: redis.Redis) -> list[dict[str, Any]]:
    return [msgspec.json.decode(x) for x in client.lrange(settings.key(settings.dead_key), 0, -1)]


def test_failing_article_is_dead_lettered_and_the_rest_published(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """At the last stage, a failing article gets a dead letter with its payload; others publish."""
    rt = _runtime(settings, Failing(ValueError))
    rt.output.keep_payloads([("bad", "h", b'{"id": "bad", "text": "fail"}')])
    batch = [
        to_message(Article(id="ok", text="fine", content_hash="h")),
        to_message(Article(id="bad", text="fail", content_hash="h")),
    ]
    assert flow.process(SentTasks(), rt, "tag", batch) == 1  # type: ignore[arg-type]
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
    rt = _runtime(settings, Failing(SoftTimeLimitExceeded))
    app = SentTasks()
    batch = [to_message(Article(id=i, text="fail", content_hash="h")) for i in ("a", "b")]
    flow.process(app, rt, "tag", batch)  # type: ignore[arg-type]
    assert [(name, [m["id"] for m in msgs]) for name, msgs in app.sent] == [
        ("enrich.tag", ["a"]),
        ("enrich.tag", ["b"]),
    ]
    flow.process(app, rt, "tag", app.sent[0][1])  # type: ignore[arg-type]
    (letter,) = _dead(settings, redis_client)
    assert letter["error"] == "time_limit"


def test_raw_body_is_dropped_after_the_last_stage_that_reads_it(settings: Settings) -> None:
    """Messages after the clean stage (the only reader of the raw body) carry none, so later
    stages move small messages; a worker serving one stage sends its batch on to the next
    stage's queue."""
    app = SentTasks()
    message = to_message(Article(id="r", raw=RawBody(html="<p>x</p>"), content_hash="h"))
    flow.process(app, _runtime(settings, Passes("clean")), "clean", [message])  # type: ignore[arg-type]
    ((sent_to, messages),) = app.sent
    assert sent_to == "enrich.dates"
    assert messages[0]["raw"] is None


def test_a_worker_serving_the_next_stages_runs_them_in_the_same_task(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """No message between stages one worker serves: the batch is published by this task."""
    app = SentTasks()
    rt = _runtime(
        settings, *(Passes(name) for name in ("clean", "dates", "language", "ner", "tag"))
    )
    message = to_message(Article(id="r", raw=RawBody(html="<p>x</p>"), content_hash="h"))
    assert flow.process(app, rt, "clean", [message]) == 1  # type: ignore[arg-type]
    assert app.sent == []
    (published,) = redis_client.lrange(settings.key(settings.output_key), 0, -1)
    assert b'"raw"' not in published


def test_a_time_limit_in_a_later_stage_splits_the_batch_on_that_stage(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """The articles go back to the stage that ran out of time, not to the first one."""
    app = SentTasks()
    rt = _runtime(settings, Passes("ner"), Failing(SoftTimeLimitExceeded))
    batch = [to_message(Article(id=i, text="fail", content_hash="h")) for i in ("a", "b")]
    flow.process(app, rt, "ner", batch)  # type: ignore[arg-type]
    assert [(name, [m["id"] for m in msgs]) for name, msgs in app.sent] == [
        ("enrich.tag", ["a"]),
        ("enrich.tag", ["b"]),
    ]


def test_malformed_message_becomes_a_dead_letter(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """An item that is not an article record is dead-lettered, not crashed on."""
    rt = _runtime(settings, Passes("tag"))
    flow.process(SentTasks(), rt, "tag", [{"id": "x", "text": 5}])  # type: ignore[arg-type]
    (letter,) = _dead(settings, redis_client)
    assert letter["error"] == "malformed_message"


def test_message_redelivered_too_often_is_split_then_buried(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """A message that keeps coming back (its worker died) is split, and a lone one buried."""
    rt = _runtime(settings, Failing(ValueError))
    deliveries = rt.deliveries
    app = SentTasks()
    batch = [to_message(Article(id=i, text="fine", content_hash="h")) for i in ("a", "b")]
    for _ in range(settings.max_deliveries):  # each delivery died inside the stage
        deliveries.count("m1")
    flow.process(app, rt, "tag", batch, message_id="m1")  # type: ignore[arg-type]
    assert [[m["id"] for m in msgs] for _, msgs in app.sent] == [["a"], ["b"]]
    for _ in range(settings.max_deliveries):
        deliveries.count("m2")
    flow.process(app, rt, "tag", app.sent[0][1], message_id="m2")  # type: ignore[arg-type]
    (letter,) = _dead(settings, redis_client)
    assert letter["id"] == "a"
    assert letter["error"] == "max_deliveries"
    assert redis_client.llen(settings.key(settings.output_key)) == 0
    counters = redis_client.hgetall(settings.key("enrich:counters"))
    assert int(counters[b"redeliveries"]) == 2 * settings.max_deliveries


class BrokenProducer:
    """A producer that fails as kombu did when its connection went away under a task."""

    def send_task(
        self, name: str, args: list[Any], queue: str, headers: dict[str, Any] | None = None
    ) -> None:
        raise AttributeError("'NoneType' object has no attribute 'send_command'")


def test_a_hand_off_that_breaks_puts_the_message_back_and_buries_nothing(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """The stage's work was sound: the message is retried, the articles are not buried."""
    batch = [to_message(Article(id="a", text="fine", content_hash="h"))]
    rt = _runtime(settings, Passes("clean"))
    with pytest.raises(flow.HandOffError) as raised:
        flow.process(BrokenProducer(), rt, "clean", batch)  # type: ignore[arg-type]
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
    rt = _runtime(settings, Unwritable())
    batch = [
        to_message(Article(id="ok", text="fine", content_hash="h")),
        to_message(Article(id="odd", text="odd", content_hash="h")),
    ]
    flow.process(SentTasks(), rt, "tag", batch)  # type: ignore[arg-type]
    (letter,) = _dead(settings, redis_client)
    assert (letter["id"], letter["error"]) == ("odd", "unwritable_record")
    assert "stage 'tag'" in letter["reason"]
    assert "complex" in letter["reason"]
    assert redis_client.llen(settings.key(settings.output_key)) == 1


def test_the_first_message_leaves_the_body_in_the_payload_store(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """The body crosses Redis once: the message carries none, the worker reads it back."""
    seen: list[RawBody | None] = []

    class Looks(Passes):
        def __call__(self, record: Article) -> Article:
            seen.append(record.raw)
            return record

    rt = _runtime(settings, Looks("clean"))
    payload = b'{"id": "s", "html": "<p>stored body</p>"}'
    rt.output.keep_payloads([("s", "h", payload)])
    (message,) = [to_message(r) for r in leave_bodies([Article(id="s", content_hash="h")])]
    assert message["raw"] == {"html": None, "text": None, "stored": True}
    app = SentTasks()
    assert flow.process(app, rt, "clean", [message]) == 1  # type: ignore[arg-type]
    assert seen == [RawBody(html="<p>stored body</p>")]
    assert app.sent[0][1][0]["raw"] is None  # read by clean, then dropped


def test_a_body_whose_stored_copy_is_gone_is_dead_lettered_with_the_reason(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Expired or evicted: the article cannot be cleaned, and says so; the rest go on."""
    rt = _runtime(settings, Passes("clean"))
    rt.output.keep_payloads([("kept", "h", b'{"id": "kept", "text": "a body"}')])
    records = leave_bodies(
        [Article(id="kept", content_hash="h"), Article(id="gone", content_hash="h")]
    )
    app = SentTasks()
    assert flow.process(app, rt, "clean", [to_message(r) for r in records]) == 1  # type: ignore[arg-type]
    (letter,) = _dead(settings, redis_client)
    assert (letter["id"], letter["error"]) == ("gone", "payload_missing")
    assert "ENRICH_PAYLOAD_TTL" in letter["reason"]
