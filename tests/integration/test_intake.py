"""Reading the intake against a real Redis: nothing taken is lost before it is acknowledged."""

from __future__ import annotations

import threading

import pytest
import redis

from worker.app import create_app
from worker.ingest import POLL_SLICE, Ingester
from worker.intake import Delivery, ListIntake, StreamIntake
from worker.settings import Settings

pytestmark = pytest.mark.integration


def test_list_items_in_hand_are_recovered_until_acked(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Taken items sit on the consumer's processing list; a restart gets them back."""
    intake = ListIntake(redis_client, settings)
    redis_client.rpush(intake.key, b"p1", b"p2", b"p3")
    taken = intake.take(2)
    assert [d.raw for d in taken] == [b"p1", b"p2"]
    assert intake.depth() == 1
    again = ListIntake(redis_client, settings)  # as after a crash
    assert [d.raw for d in again.recover()] == [b"p1", b"p2"]
    again.ack(taken)
    assert again.recover() == []


def test_list_take_blocks_then_returns_nothing_when_empty(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """An empty intake yields no deliveries after the blocking wait."""
    assert ListIntake(redis_client, settings).take(5, block=0.1) == []


def test_stream_entries_stay_pending_until_acked(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Stream entries are re-read by the same consumer after a crash, deleted once acked."""
    intake = StreamIntake(redis_client, settings)
    redis_client.xadd(intake.key, {"payload": b'{"text": "a"}'})
    taken = intake.take(10)
    assert [d.raw for d in taken] == [b'{"text": "a"}']
    assert intake.take(10) == []
    recovered = StreamIntake(redis_client, settings).recover()
    assert [d.raw for d in recovered] == [b'{"text": "a"}']
    intake.ack(taken)
    assert intake.recover() == []
    assert intake.depth() == 0


def test_stream_entries_added_before_first_ingester_are_read(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """The consumer group starts at the stream's beginning, not at its end."""
    redis_client.xadd(settings.key(settings.intake_stream), {"payload": b"{}"})
    assert len(StreamIntake(redis_client, settings).take(10)) == 1


def test_stream_deleted_under_the_ingester_is_recreated(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Deleting the intake stream does not crash the reader; it starts on a fresh one."""
    intake = StreamIntake(redis_client, settings)
    redis_client.delete(intake.key)
    assert intake.take(10) == []
    redis_client.xadd(intake.key, {"payload": b"{}"})
    assert len(intake.take(10)) == 1


class Recording:
    """An intake that records how long each read would wait, and has nothing."""

    def __init__(self) -> None:
        self.blocks: list[float] = []

    def take(self, count: int, block: float = 0) -> list[Delivery]:
        self.blocks.append(block)
        return []


def test_an_idle_consumer_waits_on_each_intake_in_short_turns(settings: Settings) -> None:
    """Waiting a second, the consumer turns between the intakes every POLL_SLICE at most,
    so a payload pushed onto either is not left waiting out a long read on the other."""
    ingester = Ingester(create_app(settings), settings)
    fakes = [Recording(), Recording()]
    ingester.intakes = fakes  # type: ignore[assignment]
    assert ingester.step(block=0.3) == 0
    for fake in fakes:
        assert len(fake.blocks) >= 3
        assert max(fake.blocks) <= POLL_SLICE


def test_a_payload_pushed_while_the_consumer_waits_is_taken(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Pushed onto the list while the consumer is waiting: that step enqueues it."""
    ingester = Ingester(create_app(settings), settings)
    key = settings.key(settings.intake_key)
    pusher = threading.Timer(0.2, redis_client.rpush, args=(key, b'{"id": "a", "text": "x"}'))
    pusher.start()
    try:
        assert ingester.step(block=5.0) == 1
    finally:
        pusher.join()
    assert redis_client.llen(settings.key("clean")) == 1
