"""A full Redis (maxmemory, noeviction): the broker transport waits, then goes on; our own
scripts report it as ``OutOfMemoryError``, the error every caller waits out."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import redis
from kombu import Connection

from worker.app import create_app
from worker.broker import CONSUMER_PATIENCE, PatientRetry, Transport, wait_for_memory_at_most
from worker.intake import ListIntake
from worker.local.embedded import EmbeddedRedis
from worker.settings import Settings

pytestmark = pytest.mark.integration

FULL_FOR = 1.5
"""Seconds Redis stays full in these tests."""


@pytest.fixture
def server() -> Iterator[EmbeddedRedis]:
    with EmbeddedRedis() as running:
        yield running
    wait_for_memory_at_most(CONSUMER_PATIENCE)


def _fill_for(server: EmbeddedRedis, seconds: float) -> threading.Thread:
    """Make Redis refuse writes now, and lift the limit after ``seconds`` (in a thread)."""
    admin = redis.Redis(port=server.port)
    admin.config_set("maxmemory-policy", "noeviction")
    admin.config_set("maxmemory", 1)
    lifter = threading.Timer(seconds, lambda: admin.config_set("maxmemory", 0))
    lifter.start()
    return lifter


def test_a_refused_write_and_a_refused_transaction_wait_and_apply_once(
    server: EmbeddedRedis,
) -> None:
    client = redis.Redis(port=server.port, retry=PatientRetry())
    lifter = _fill_for(server, FULL_FOR)
    started = time.monotonic()
    assert client.set("plain", "1")
    pipe = client.pipeline()  # a MULTI, as kombu's ack is
    pipe.zadd("index", {"tag": 1.0}).hincrby("counts", "acks", 1)
    assert pipe.execute() == [1, 1]
    assert time.monotonic() - started >= FULL_FOR - 0.5
    lifter.join()
    assert client.hget("counts", "acks") == b"1"


def test_patience_runs_out_with_the_error(server: EmbeddedRedis) -> None:
    client = redis.Redis(port=server.port, retry=PatientRetry())
    wait_for_memory_at_most(0.5)
    lifter = _fill_for(server, 4.0)
    started = time.monotonic()
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        client.set("plain", "1")
    assert time.monotonic() - started < 3.0
    lifter.join()


def test_kombu_acks_a_message_after_redis_stops_being_full(server: EmbeddedRedis) -> None:
    """Kombu's ack is a MULTI; at maxmemory it crashed the worker's consumer."""
    with Connection(server.url, transport=Transport) as conn:
        queue = conn.SimpleQueue("stage")
        queue.put({"id": "a1"})
        message = queue.get(timeout=5)
        lifter = _fill_for(server, FULL_FOR)
        message.ack()
        lifter.join()
        client = redis.Redis(port=server.port)
        assert client.hlen("unacked") == 0
        queue.close()


def test_the_celery_app_uses_the_patient_transport(server: EmbeddedRedis) -> None:
    app = create_app(Settings(redis_url=server.url))
    with app.connection_for_write() as conn:
        assert isinstance(conn.transport, Transport)


def test_a_refused_script_raises_out_of_memory_and_moves_nothing(server: EmbeddedRedis) -> None:
    """The embedded Redis (6.2) reports a script's refused write as a script error; the
    ingester crashed on it."""
    client = redis.Redis(port=server.port)
    intake = ListIntake(client, Settings(redis_url=server.url))
    client.rpush(intake.key, b"p1", b"p2")
    lifter = _fill_for(server, FULL_FOR)
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        intake.take(2)
    assert client.llen(intake.key) == 2
    lifter.join()
    assert [d.raw for d in intake.take(2)] == [b"p1", b"p2"]
