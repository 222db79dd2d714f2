"""`enrich tail -f` and `enrich stats` at scale, and the output's length cap, on a real Redis."""

from __future__ import annotations

import dataclasses
import threading

import msgspec
import pytest
import redis

from tasks.record import Article
from worker.intake import ListIntake
from worker.keys import Keys
from worker.local.monitor import gather_stats, tail_records
from worker.output import DeadLetter, Output, utc_now
from worker.settings import Settings

pytestmark = pytest.mark.integration


def _records(n: int, start: int = 0) -> list[Article]:
    return [Article(id=f"r{i}", content_hash=f"h{i}", text="Body.") for i in range(start, n)]


def test_tail_follow_sees_every_record_a_consumer_pops(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """A consumer pops every record as it lands; tail -f still prints each one, once."""
    output = Output(redis_client, settings)
    total = 60
    popped: list[bytes] = []
    done = threading.Event()

    def consume() -> None:
        while len(popped) < total and not done.is_set():
            item = redis_client.blpop([output.keys.output], timeout=1)
            if item is not None:
                popped.append(item[1])

    def publish() -> None:
        for record in _records(total):
            output.publish([record])

    seen: list[str] = []

    def follow() -> None:
        for line in tail_records(settings, total, follow=True):  # no race with the first read
            seen.append(msgspec.json.decode(line)["id"])
            if len(seen) == total:
                return

    tail = threading.Thread(target=follow, daemon=True)  # a tail that misses never returns
    tail.start()
    threads = [threading.Thread(target=consume), threading.Thread(target=publish)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    tail.join(60)
    done.set()
    assert seen == [f"r{i}" for i in range(total)]
    assert len(popped) == total


def test_tail_without_follow_shows_the_newest_published(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Without -f, tail prints the newest records published, even those already popped; with
    the log off it reads the list as before."""
    output = Output(redis_client, settings)
    output.publish(_records(5))
    redis_client.lpop(output.keys.output, 5)
    ids = [msgspec.json.decode(x)["id"] for x in tail_records(settings, 2)]
    assert ids == ["r3", "r4"]
    no_log = dataclasses.replace(settings, tail_log_maxlen=0)
    Output(redis_client, no_log).publish(_records(7, 5))
    assert [msgspec.json.decode(x)["id"] for x in tail_records(no_log, 5)] == ["r5", "r6"]


def test_output_maxlen_trims_lists_and_streams(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """ENRICH_OUTPUT_MAXLEN keeps the newest N records and dead letters (streams: about N)."""
    capped = dataclasses.replace(settings, output_maxlen=3)
    output = Output(redis_client, capped)
    output.publish(_records(10))
    letters = [
        DeadLetter(id=f"d{i}", stage="ner", error="E", reason="r", payload=None, ts=utc_now())
        for i in range(5)
    ]
    output.dead_letter(letters)
    kept = [msgspec.json.decode(x)["id"] for x in redis_client.lrange(output.keys.output, 0, -1)]
    assert kept == ["r7", "r8", "r9"]
    assert redis_client.llen(output.keys.dead) == 3
    streamed = dataclasses.replace(capped, output_mode="stream", output_key="out-stream")
    Output(redis_client, streamed).publish(_records(500))
    assert redis_client.xlen(Keys(streamed).output) < 500


def test_stats_reads_counters_not_the_keyspace(
    settings: Settings, redis_client: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dead letters by kind come from the counters; items in an ingester's hands from the
    consumers set; stats reads no dead letter and scans nothing."""
    output = Output(redis_client, settings)
    letter = DeadLetter(id="d", stage="ner", error="E", reason="r", payload=None, ts=utc_now())
    output.dead_letter([letter, msgspec.structs.replace(letter, id="d2")])
    intake = ListIntake(redis_client, settings)
    intake.recover()  # an ingester's first step names it among the consumers
    redis_client.rpush(intake.key, b"{}", b"{}")
    intake.take(2)
    for walk in ("scan", "scan_iter", "keys", "lrange"):
        monkeypatch.setattr(redis.Redis, walk, _refused)
    figures = gather_stats(settings)
    assert figures["dead_reasons"] == [{"stage": "ner", "error": "E", "count": 2}]
    assert figures["counters"]["dead"] == 2
    assert figures["intake"]["list_in_hand"] == 2
    assert figures["dead"] == 2


def _refused(*args: object, **kwargs: object) -> None:
    raise AssertionError("enrich stats walks the keyspace or reads dead letters")


def test_tail_of_dead_letters_leaves_their_payloads_on_the_list(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """The dead log holds letters without their payload (up to a MiB each); the list keeps it."""
    output = Output(redis_client, settings)
    letter = DeadLetter(
        id="d", stage="ner", error="E", reason="r", payload={"text": "x" * 1000}, ts=utc_now()
    )
    output.dead_letter([letter])
    (shown,) = [msgspec.json.decode(x) for x in tail_records(settings, 5, dead=True)]
    assert (shown["id"], shown["payload"]) == ("d", None)
    kept = msgspec.json.decode(redis_client.lindex(output.keys.dead, 0))
    assert kept["payload"] == {"text": "x" * 1000}
