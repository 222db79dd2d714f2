"""Reading the intake against a real Redis: nothing taken is lost before it is acknowledged."""

from __future__ import annotations

import pytest
import redis

from worker.intake import ListIntake, StreamIntake
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
