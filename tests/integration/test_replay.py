"""Replay of dead letters and forced reprocessing: against Redis, then through a live worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest
import redis

from tasks.payload import payload_digest, record_from_payload
from tasks.pipeline import STAGE_NAMES
from tasks.record import Article
from tests.integration.driver import Driver
from worker.flow import send_batch
from worker.keys import Keys
from worker.memory import WEEK
from worker.output import DeadLetter, Output, leave_bodies, utc_now
from worker.replay import Selection, force_payloads, replay
from worker.settings import Settings

pytestmark = pytest.mark.integration


def _payload(article_id: str) -> dict[str, str]:
    return {
        "id": article_id,
        "source": f"replay-{article_id}.example",
        "title": "Harbour ferry returns after winter repairs",
        "text": "The harbour ferry returned to service on Monday after four months of "
        "repairs to its hull and engines, the operator said.",
    }


def _letter(payload: object, article_id: str = "a", error: str = "ValueError") -> DeadLetter:
    digest = payload_digest(payload) if isinstance(payload, dict) else "h" * 64
    return DeadLetter(
        id=article_id,
        stage="ner",
        error=error,
        reason="broken",
        payload=payload,
        ts=utc_now(),
        content_hash=digest,
    )


def test_replay_moves_the_payload_back_and_clears_only_dead_markers(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """The payload goes back on the intake, the letter leaves the list, the marker goes; a
    letter without a payload or with a non-object one stays, counted."""
    output = Output(redis_client, settings)
    keys = Keys(settings)
    good = _letter(_payload("a"))
    output.dead_letter([good, _letter(None, "b", "payload_missing"), _letter("{oops", "c")])
    marker = output.done_key("a", good.content_hash)
    assert redis_client.get(marker) == b"dead"

    dry = replay(redis_client, settings, Selection(), dry_run=True)
    assert [x["id"] for x in dry.listed] == ["a"]
    assert redis_client.llen(keys.dead) == 3
    assert redis_client.llen(keys.intake) == 0

    counts = replay(redis_client, settings, Selection())
    assert (counts.selected, counts.replayed, counts.no_payload, counts.not_an_object) == (
        3,
        1,
        1,
        1,
    )
    assert msgspec.json.decode(redis_client.lindex(keys.intake, 0)) == _payload("a")
    assert redis_client.get(marker) is None
    left = [msgspec.json.decode(x)["id"] for x in redis_client.lrange(keys.dead, 0, -1)]
    assert left == ["b", "c"]
    assert redis_client.hget(keys.counters, "replayed") == b"1"


def test_replay_selects_by_reason_stage_id_and_age(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Only letters matching every criterion go; an age in the future selects nothing."""
    output = Output(redis_client, settings)
    output.dead_letter([_letter(_payload(i), i, f"E{i}") for i in ("x", "y", "z")])
    assert replay(redis_client, settings, Selection(errors=frozenset({"Ey"}))).replayed == 1
    assert replay(redis_client, settings, Selection(ids=frozenset({"y", "z"}))).replayed == 1
    assert replay(redis_client, settings, Selection(stages=frozenset({"tag"}))).selected == 0
    assert replay(redis_client, settings, Selection(older_than=3600)).selected == 0
    assert replay(redis_client, settings, Selection(newer_than=3600)).replayed == 1


def test_replay_reads_a_long_list_in_chunks_and_misses_none(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Letters removed while the list is read in chunks shift the rest: none is skipped."""
    output = Output(redis_client, settings)
    ids = [f"n{i:03d}" for i in range(130)]
    output.dead_letter(
        [_letter(_payload(i), i, "Even" if n % 2 else "Odd") for n, i in enumerate(ids)]
    )
    counts = replay(redis_client, settings, Selection(errors=frozenset({"Even"})))
    assert counts.replayed == 65
    left = [msgspec.json.decode(x)["id"] for x in redis_client.lrange(Keys(settings).dead, 0, -1)]
    assert left == ids[::2]
    assert replay(redis_client, settings, Selection()).replayed == 65


def test_force_clears_a_record_marker_and_a_dead_letter(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """--force pushes each payload with its marker gone, and its dead letter with it."""
    output = Output(redis_client, settings)
    keys = Keys(settings)
    enriched, dead = _payload("e"), _payload("d")
    output.publish([Article(id="e", content_hash=payload_digest(enriched), text="x")])
    output.dead_letter([_letter(dead, "d")])
    raw = [msgspec.json.encode(p) for p in (enriched, dead)] + [b"{not json"]
    counts = force_payloads(redis_client, settings, raw)
    assert (counts.forced, counts.was_enriched, counts.was_dead, counts.invalid) == (2, 1, 1, 1)
    assert redis_client.llen(keys.intake) == 3
    assert redis_client.llen(keys.dead) == 0
    assert redis_client.get(output.done_key("e", payload_digest(enriched))) is None


def _poison_memory(client: redis.Redis, driver: Driver, source: str) -> list[str]:
    """Make the clean stage's memory read of ``source`` fail (a key of the wrong type)."""
    keys = Keys(driver.settings)
    week = int(time.time() // WEEK)
    bad = [keys.memory("clean", source, w, "counts") for w in (week, week + 1)]
    for key in bad:
        client.set(key, "not a hash")
    return bad


def test_dead_letter_replayed_after_the_cause_is_gone_is_enriched(driver: Driver) -> None:
    """Through the live worker: a stage failure dead-letters the article; with the cause
    removed, replay sends it back and it comes out as one record, and no letter is left."""
    payload = _payload("replay-1")
    bad = _poison_memory(driver.redis, driver, payload["source"])
    driver.push([payload])
    assert driver.ingest() == 1
    records, dead = driver.outcomes(1)
    assert records == []
    assert [(d["id"], d["stage"]) for d in dead] == [("replay-1", "clean")]
    assert dead[0]["payload"] == payload

    driver.redis.delete(*bad)
    dry = replay(
        driver.redis, driver.settings, Selection(stages=frozenset({"clean"})), dry_run=True
    )
    assert [x["id"] for x in dry.listed] == ["replay-1"]
    assert driver.dead() == dead

    counts = replay(driver.redis, driver.settings, Selection(ids=frozenset({"replay-1"})))
    assert counts.replayed == 1
    assert driver.dead() == []
    assert driver.ingest() == 1
    records, dead = driver.outcomes(1)
    assert [r["id"] for r in records] == ["replay-1"]
    assert dead == []
    driver.settle()
    assert len(driver.records()) == 1


def test_force_gives_a_second_record_for_an_enriched_article(driver: Driver) -> None:
    """Through the live worker: the same payload again publishes nothing; forced, it gives a
    second record."""
    payload = _payload("force-1")
    driver.push([payload])
    driver.ingest()
    records, _ = driver.outcomes(1)
    assert [r["id"] for r in records] == ["force-1"]

    driver.push([payload])
    driver.ingest()
    driver.settle()
    assert len(driver.records()) == 1

    counts = force_payloads(driver.redis, driver.settings, [msgspec.json.encode(payload)])
    assert counts.was_enriched == 1
    driver.ingest()
    records, dead = driver.outcomes(2)
    assert [r["id"] for r in records] == ["force-1", "force-1"]
    assert dead == []


def _enrich(settings: Settings, *args: str) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("ENRICH_")}
    return subprocess.run(
        [sys.executable, "-m", "worker", *args],
        env={**base, **settings.environ()},
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_replay_and_force_on_the_command_line(
    settings: Settings, redis_client: redis.Redis, tmp_path: Path
) -> None:
    """`enrich replay --dry-run` lists and changes nothing; `enrich replay --reason` sends
    back; `enrich submit --force` says what the articles had."""
    output = Output(redis_client, settings)
    keys = Keys(settings)
    output.dead_letter([_letter(_payload("cli"), "cli", "time_limit")])
    dry = _enrich(settings, "replay", "--dry-run", "--older-than", "0s")
    assert dry.returncode == 0, dry.stderr.decode()
    assert [msgspec.json.decode(x)["id"] for x in dry.stdout.splitlines()] == ["cli"]
    assert redis_client.llen(keys.dead) == 1
    bad_age = _enrich(settings, "replay", "--newer-than", "soon")
    assert bad_age.returncode != 0
    assert b"not an age" in bad_age.stderr
    sent = _enrich(settings, "replay", "--reason", "time_limit")
    assert b"1 sent back" in sent.stderr
    assert (redis_client.llen(keys.dead), redis_client.llen(keys.intake)) == (0, 1)
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_bytes(msgspec.json.encode(_payload("cli")) + b"\n")
    forced = _enrich(settings, "submit", "--force", str(crawl))
    assert forced.returncode == 0, forced.stderr.decode()
    assert b"1 forced" in forced.stderr
    assert redis_client.llen(keys.intake) == 2


def test_payload_missing_letter_is_answered_by_a_forced_resubmission(driver: Driver) -> None:
    """Through the live worker: a batch whose stored copy is gone is dead-lettered without a
    payload; replay leaves that letter (nothing to send), pushing the payload again publishes
    nothing, and `submit --force` gives the record and takes the letter off the list."""
    payload = _payload("missing-1")
    record = record_from_payload(payload, received_at=utc_now())
    send_batch(driver.app, STAGE_NAMES[0], leave_bodies([record]))  # no copy kept
    _, dead = driver.outcomes(1)
    assert [(d["id"], d["error"], d["payload"]) for d in dead] == [
        ("missing-1", "payload_missing", None)
    ]
    assert replay(driver.redis, driver.settings, Selection()).no_payload == 1

    driver.push([payload])
    driver.ingest()
    driver.settle()
    assert driver.records() == []

    counts = force_payloads(driver.redis, driver.settings, [msgspec.json.encode(payload)])
    assert counts.was_dead == 1
    assert driver.dead() == []
    driver.ingest()
    records, dead = driver.outcomes(1)
    assert [r["id"] for r in records] == ["missing-1"]
    assert dead == []
