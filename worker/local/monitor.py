"""Looking at a running pipeline: `enrich stats` and `enrich tail`. Read-only."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import redis

from tasks.pipeline import STAGE_NAMES
from worker.connection import connect
from worker.keys import DEAD_BY, OUTPUT_FIELD, Keys
from worker.output import WITHOUT_TEXT
from worker.settings import Settings

_FIELD = OUTPUT_FIELD.encode()


def gather_stats(settings: Settings) -> dict[str, Any]:
    """Depth of every queue along the pipeline, running totals and dead letters by kind.

    Every figure comes from a length (LLEN, XLEN, HLEN) or the counters hash the
    output script maintains, in two round trips whatever the keyspace holds: no SCAN, no
    reading of dead letters (each carries its payload, up to a MiB). The processing lists
    are found through the consumers set the intake keeps.
    """
    client = connect(settings.require_redis_url())
    keys = Keys(settings)
    consumers = sorted(m.decode() for m in client.smembers(keys.intake_consumers))
    pipe = client.pipeline(transaction=False)
    pipe.xlen(keys.output) if settings.output_mode == "stream" else pipe.llen(keys.output)
    pipe.llen(keys.intake)
    pipe.xlen(keys.intake_stream)
    pipe.hlen(keys.unacked)
    pipe.llen(keys.dead)
    pipe.hgetall(keys.counters)
    for stage in STAGE_NAMES:
        pipe.llen(keys.queue(stage))
    for consumer in consumers:
        pipe.llen(keys.processing(consumer))
    out_len, intake, stream, unacked, dead, counters, *rest = pipe.execute()
    depths, in_hand = rest[: len(STAGE_NAMES)], rest[len(STAGE_NAMES) :]
    totals, by_kind = _counters(counters)
    return {
        "redis": settings.safe_url(),
        "intake": {"list": intake, "list_in_hand": sum(in_hand), "stream": stream},
        "stages": dict(zip(STAGE_NAMES, depths, strict=True)),
        "unacked": unacked,
        "output": out_len,
        "dead": dead,
        "dead_reasons": by_kind,
        "counters": totals,
    }


def _counters(raw: dict[bytes, bytes]) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """The running totals, with the enriched records split by whether they carry text, and
    the dead letters by stage and error (all time, commonest first)."""
    counters = {k.decode(): int(v) for k, v in raw.items()}
    kinds = {k: v for k, v in counters.items() if k.startswith(DEAD_BY)}
    totals = {k: v for k, v in counters.items() if k not in kinds}
    without = totals.setdefault(WITHOUT_TEXT, 0)
    totals["enriched_with_text"] = totals.get("enriched", 0) - without
    by_kind = []
    for name, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        stage, _, error = name.removeprefix(DEAD_BY).partition(":")
        by_kind.append({"stage": stage, "error": error, "count": n})
    return totals, by_kind


def tail_records(
    settings: Settings, count: int, *, follow: bool = False, dead: bool = False, poll: float = 0.5
) -> Iterator[str]:
    """The newest ``count`` entries of the output (or dead letters), then new ones if ``follow``.

    A stream output is read as it is (consumers read it through groups, not by popping). A
    list is popped by its consumers, so in list mode tail reads the capped log stream the
    output script writes each record (and dead letter) to as well, in the same step: it
    sees every record however fast consumers pop. Without a log (ENRICH_TAIL_LOG_MAXLEN=0)
    it polls the list and can miss what is popped between two looks.
    """
    client = connect(settings.require_redis_url())
    keys = Keys(settings)
    if settings.output_mode == "stream" and not dead:
        yield from _tail_stream(client, keys.output, count, follow)
        return
    key = keys.dead if dead else keys.output
    if settings.tail_log_maxlen > 0:
        yield from _tail_stream(
            client, keys.dead_log if dead else keys.output_log, count, follow, key
        )
        return
    yield from _poll_list(client, key, count, follow, poll)


def _poll_list(
    client: redis.Redis, key: str, count: int, follow: bool, poll: float
) -> Iterator[str]:
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


def _tail_stream(
    client: redis.Redis, key: str, count: int, follow: bool, fallback: str | None = None
) -> Iterator[str]:
    """The newest ``count`` entries of a stream, then (``follow``) each new one, read with
    XREAD from the last id seen, so nothing added in between is skipped. An empty log (a
    pipeline that has not written one yet) shows the ``fallback`` list's newest instead."""
    entries = list(reversed(client.xrevrange(key, count=count)))
    last = entries[-1][0] if entries else b"0-0"
    for _id, fields in entries:
        yield fields[_FIELD].decode()
    if not entries and fallback is not None:
        for raw in client.lrange(fallback, -count, -1):
            yield raw.decode()
    while follow:
        reply = client.xread({key: last}, block=1000) or []
        for _stream, batch in reply:
            for entry_id, fields in batch:
                last = entry_id
                yield fields[_FIELD].decode()
