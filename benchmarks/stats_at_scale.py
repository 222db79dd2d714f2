"""`enrich stats` on a Redis holding about a million keys: how long its code path takes.

A private redis-server is started (nothing shared is touched) and filled the way a busy
deployment fills it: per article a done marker, a near-duplicate hash, a delivery counter
and memory keys (about a dozen keys per article in production; here four), plus queues,
processing lists, a dead-letter list whose letters carry 20 kB payloads, and the counters.
Then ``gather_stats`` runs a few times and the figures are printed, beside the keyspace
SCAN the previous `enrich stats` did, for comparison. No threshold: a figure to read.

    .venv/bin/python benchmarks/stats_at_scale.py [--keys 1000000]
"""

from __future__ import annotations

import argparse
import statistics
import time

import msgspec
import redis

from tasks.pipeline import STAGE_NAMES
from worker.keys import Keys
from worker.local.embedded import EmbeddedRedis
from worker.local.monitor import gather_stats
from worker.output import dead_counter
from worker.settings import Settings

CHUNK = 10_000
DEAD_LETTERS = 2_000
LETTER_PAYLOAD = "x" * 20_000
RUNS = 7


def fill(client: redis.Redis, keys: Keys, total: int) -> int:
    """About ``total`` keys in the deployment's layout; returns the DBSIZE reached."""
    articles = total // 4
    pipe = client.pipeline(transaction=False)
    for i in range(articles):
        member = f"a{i}:{i:016x}"
        pipe.set(keys.done(f"a{i}", f"{i:064x}"), "enriched", ex=7 * 86400)
        pipe.hset(keys.duplicate_seen(f"a{i}"), mapping={"order": i, "first": f"a{i}"})
        pipe.set(keys.deliveries(f"msg-{i}"), 1, ex=86400)
        pipe.hset(keys.memory("clean", f"site{i}.example", 2900, "counts"), member, 1)
        if i % CHUNK == 0:
            pipe.execute()
    pipe.execute()
    for stage in STAGE_NAMES:
        client.rpush(keys.queue(stage), *[b"message"] * 100)
    for consumer in ("ingest-0", "ingest-1", "ingest-2"):
        client.rpush(keys.processing(consumer), b"{}")
        client.sadd(keys.intake_consumers, consumer)
    letter = msgspec.json.encode(
        {"id": "d", "stage": "ner", "error": "E", "payload": {"text": LETTER_PAYLOAD}}
    )
    for start in range(0, DEAD_LETTERS, 500):
        client.rpush(keys.dead, *[letter] * min(500, DEAD_LETTERS - start))
    client.hset(keys.counters, mapping={"enriched": articles, dead_counter("ner", "E"): 2000})
    return int(client.dbsize())


def timed(work: object, runs: int = RUNS) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        out.append((time.perf_counter() - started) * 1000)
    return out


def old_scan(client: redis.Redis, keys: Keys) -> int:
    """What `enrich stats` did before: SCAN the keyspace for the processing lists."""
    return sum(int(client.llen(k)) for k in client.scan_iter(match=keys.processing_pattern()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=1_000_000)
    args = parser.parse_args()
    with EmbeddedRedis() as server:
        settings = Settings(redis_url=server.url)
        client = redis.Redis.from_url(server.url)
        keys = Keys(settings)
        started = time.perf_counter()
        size = fill(client, keys, args.keys)
        print(f"filled {size:,} keys in {time.perf_counter() - started:.1f} s")
        figures = gather_stats(settings)
        if figures["intake"]["list_in_hand"] != 3:
            raise SystemExit(f"stats read wrong figures: {figures}")
        new = timed(lambda: gather_stats(settings))
        old = timed(lambda: old_scan(client, keys), runs=2)
        print(
            f"enrich stats (counters and lengths): median {statistics.median(new):.1f} ms, "
            f"max {max(new):.1f} ms over {RUNS} runs"
        )
        print(f"previous SCAN of the keyspace alone: median {statistics.median(old):.0f} ms")


if __name__ == "__main__":
    main()
