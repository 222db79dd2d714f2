"""The heartbeat against a real Redis and kombu's own restore: a held message is kept, a
message nobody beats for is put back, and live workers can be listed."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis
from kombu import Connection, Message

from worker.app import celery_config
from worker.heartbeat import Heartbeat, alive_workers, held_by
from worker.keys import Keys
from worker.settings import Settings

pytestmark = pytest.mark.integration


def _heartbeat(client: redis.Redis, settings: Settings, held: list[str]) -> Heartbeat:
    return Heartbeat(client, settings, "enrich-ner.7@host", ["ner"], lambda: held)


def test_a_beat_rescores_the_held_messages_and_no_other(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Held tags get the beat's time; others keep theirs; an acked tag is not brought back."""
    index = Keys(settings).unacked_index
    redis_client.zadd(index, {"held": 1.0, "other": 1.0})
    _heartbeat(redis_client, settings, ["held", "acked"]).beat(now=1000.0)
    assert redis_client.zscore(index, "held") == 1000.0
    assert redis_client.zscore(index, "other") == 1.0
    assert redis_client.zscore(index, "acked") is None


def test_live_workers_are_listed_until_their_beat_is_a_timeout_old(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """A worker is alive for one visibility timeout after its beat, and gone once stopped."""
    beat = _heartbeat(redis_client, settings, ["t1", "t2"])
    now = time.time()
    beat.beat(now=now)
    (alive,) = alive_workers(redis_client, settings, now=now + 1)
    assert (alive.node, alive.stages, alive.held, alive.at) == (
        "enrich-ner.7@host",
        ["ner"],
        2,
        now,
    )
    assert alive_workers(redis_client, settings, now=now + settings.visibility_timeout + 1) == []
    beat.stop()
    assert alive_workers(redis_client, settings, now=now) == []


@pytest.fixture
def broker(settings: Settings) -> Iterator[Connection]:
    """A kombu connection as the workers open it (our transport, prefix, timeouts)."""
    conf = celery_config(settings)
    with Connection(
        settings.redis_url,
        transport=conf["broker_transport"],
        transport_options=conf["broker_transport_options"],
    ) as conn:
        yield conn


class _Consumer:
    """The one attribute of a Celery consumer the heartbeat reads."""

    def __init__(self, task_consumer: object) -> None:
        self.task_consumer = task_consumer


def test_kombu_puts_back_only_what_no_heartbeat_keeps(
    settings: Settings, redis_client: redis.Redis, broker: Connection
) -> None:
    """Two messages held past the visibility timeout: the one a heartbeat re-scored stays
    held, the other goes back on its queue at kombu's next restore sweep."""
    queue = broker.SimpleQueue("ner")
    queue.put({"n": 1})
    queue.put({"n": 2})
    kept: Message = queue.get(timeout=5)
    dropped: Message = queue.get(timeout=5)
    index = Keys(settings).unacked_index
    long_ago = time.time() - 10 * settings.visibility_timeout
    redis_client.zadd(index, {kept.delivery_tag: long_ago, dropped.delivery_tag: long_ago})
    held = held_by(_Consumer(queue.consumer))
    assert set(held()) == {kept.delivery_tag, dropped.delivery_tag}
    Heartbeat(redis_client, settings, "n@h", ["ner"], lambda: [kept.delivery_tag]).beat()

    with Connection(settings.redis_url, transport_options=broker.transport_options) as other:
        other.default_channel.qos.restore_visible(num=None, interval=1)

    assert redis_client.zscore(index, kept.delivery_tag) is not None
    assert redis_client.zscore(index, dropped.delivery_tag) is None
    back: Message = queue.get(timeout=5)
    assert back.payload == {"n": 2}
    for message in (kept, back):
        message.ack()
    queue.close()
