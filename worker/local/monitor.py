"""Looking at a running pipeline: `enrich stats` and `enrich tail`. Read-only."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import msgspec
import redis

from tasks.pipeline import STAGE_NAMES
from worker.connection import connect
from worker.keys import OUTPUT_FIELD, Keys
from worker.output import WITHOUT_TEXT
from worker.settings import Settings

_FIELD = OUTPUT_FIELD.encode()

DEAD_SAMPLE = 1000
"""Newest dead letters read to rank the commonest reasons."""


def gather_stats(settings: Settings) -> dict[str, Any]:
    """Depth of every queue along the pipeline, newest dead-letter reasons, server facts."""
    client = connect(settings.require_redis_url())
    keys = Keys(settings)
    output = keys.output
    out_len = client.xlen(output) if settings.output_mode == "stream" else client.llen(output)
    processing = sum(client.llen(k) for k in client.scan_iter(match=keys.processing_pattern()))
    figures: dict[str, Any] = {
        "redis": settings.safe_url(),
        "intake": {
            "list": client.llen(keys.intake),
            "list_in_hand": processing,
            "stream": _stream_len(client, keys.intake_stream),
        },
        "stages": {stage: client.llen(keys.queue(stage)) for stage in STAGE_NAMES},
        "unacked": client.hlen(keys.unacked),
        "output": out_len,
        "dead": client.llen(keys.dead),
        "dead_reasons": _dead_reasons(client, keys.dead),
        "counters": _counters(client, keys.counters),
    }
    return figures


def _counters(client: redis.Redis, counters_key: str) -> dict[str, int]:
    """The running totals, with the enriched records split by whether they carry text."""
    counters = {k.decode(): int(v) for k, v in client.hgetall(counters_key).items()}
    without = counters.setdefault(WITHOUT_TEXT, 0)
    counters["enriched_with_text"] = counters.get("enriched", 0) - without
    return counters


def _stream_len(client: redis.Redis, stream: str) -> int:
    return int(client.xlen(stream)) if client.exists(stream) else 0


def _dead_reasons(client: redis.Redis, dead_key: str) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    for raw in client.lrange(dead_key, -DEAD_SAMPLE, -1):
        letter = msgspec.json.decode(raw)
        counts[(letter.get("stage", "?"), letter.get("error", "?"))] += 1
    return [
        {"stage": stage, "error": error, "count": n} for (stage, error), n in counts.most_common(10)
    ]


def tail_records(
    settings: Settings, count: int, *, follow: bool = False, dead: bool = False, poll: float = 0.5
) -> Iterator[str]:
    """The newest ``count`` entries of the output (or dead letters), then new ones if ``follow``."""
    client = connect(settings.require_redis_url())
    keys = Keys(settings)
    if settings.output_mode == "stream" and not dead:
        yield from _tail_stream(client, keys.output, count, follow)
        return
    key = keys.dead if dead else keys.output
    seen = client.llen(key)
    for raw in client.lrange(key, max(seen - count, 0), -1):
        yield raw.decode()
    while follow:
        time.sleep(poll)
        length = client.llen(key)
        # Consumers may pop from the list meanwhile; then we restart from its current end.
        for raw in client.lrange(key, seen, -1) if length > seen else []:
            yield raw.decode()
        seen = length


def _tail_stream(client: redis.Redis, key: str, count: int, follow: bool) -> Iterator[str]:
    entries = list(reversed(client.xrevrange(key, count=count)))
    last = entries[-1][0] if entries else b"$"
    for _id, fields in entries:
        yield fields[_FIELD].decode()
    while follow:
        reply = client.xread({key: last}, block=1000) or []
        for _stream, batch in reply:
            for entry_id, fields in batch:
                last = entry_id
                yield fields[_FIELD].decode()
