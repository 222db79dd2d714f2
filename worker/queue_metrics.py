"""Queue depths and ages, read from Redis when Prometheus scrapes (not counted in-process).

One pipelined round trip of O(1) commands (LLEN, XLEN, HLEN, ZCARD, XINFO GROUPS, ZRANGE
of one member, LINDEX of one item per list) and, when the intake stream has undelivered
entries, a second one (XRANGE of one entry): cheap enough for every scrape of every process.
Ages exist only where Redis holds a timestamp: a stage message carries when it was sent
(``SENT_HEADER``); a payload on the intake list carries nothing the pipeline set, so that
list has a depth only.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import msgspec
import redis
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from tasks.pipeline import STAGE_NAMES
from worker.keys import SENT_HEADER, Keys
from worker.metrics import seconds_since
from worker.settings import Settings

DEPTH_HELP = (
    "Items waiting in a queue: intake (list), intake_stream (entries not yet delivered to the "
    "ingesters' group), each stage's Celery queue (messages of up to ENRICH_BATCH_SIZE "
    "articles), unacked (messages a worker holds), inflight (articles between intake and "
    "outcome), output and dead (lists or stream)."
)
AGE_HELP = (
    "Seconds, where Redis holds a timestamp: intake_stream, since the oldest entry not yet "
    "delivered to the group was added (its stream ID); inflight, since the least recently "
    "moved in-flight article last moved (taken in, or a stage started on it): high when work "
    "stalls; each stage, since its oldest waiting message was sent; output (list mode), since "
    "the oldest record still on the list was taken in (its received_at): the consumers' lag "
    "plus the pipeline's. The intake list has no age: its payloads carry no time of ours."
)


class _Received(msgspec.Struct):
    received_at: str | None = None


class _Message(msgspec.Struct):
    """A kombu message on a Redis list, as far as its age goes."""

    headers: dict[str, Any] = {}


class QueueCollector(Collector):
    """``enrich_queue_depth``, ``enrich_queue_oldest_age_seconds`` and ``enrich_redis_up``."""

    def __init__(self, client: redis.Redis, settings: Settings) -> None:
        self._redis = client
        self._settings = settings
        self._keys = Keys(settings)

    def describe(self) -> Iterator[Metric]:
        """The families without values (a registry asks at registration: no Redis then)."""
        yield from _families()

    def collect(self) -> Iterator[Metric]:
        up, depth, age = _families()
        try:
            depths, ages = self.read()
        except redis.RedisError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        for queue, n in depths.items():
            depth.add_metric([queue], n)
        for queue, seconds in ages.items():
            age.add_metric([queue], seconds)
        yield from (up, depth, age)

    def read(self) -> tuple[dict[str, int], dict[str, float]]:
        """Depth of every queue, and the age of those that have one."""
        keys, stream_output = self._keys, self._settings.output_mode == "stream"
        pipe = self._redis.pipeline(transaction=False)
        pipe.llen(keys.intake)
        pipe.xinfo_groups(keys.intake_stream)
        for stage in STAGE_NAMES:
            pipe.llen(keys.queue(stage))
            pipe.lindex(keys.queue(stage), -1)  # kombu pushes left, pops right: the oldest
        pipe.hlen(keys.unacked)
        pipe.zcard(keys.inflight)
        pipe.zrange(keys.inflight, 0, 0, withscores=True)
        if stream_output:  # a stream's first entry is kept, not waiting: no age
            pipe.xlen(keys.output)
            pipe.echo("")
        else:
            pipe.llen(keys.output)
            pipe.lindex(keys.output, 0)
        pipe.llen(keys.dead)
        replies = pipe.execute(raise_on_error=False)
        _raise_connection_errors(replies)
        intake, groups, *rest = replies
        stages, rest = rest[: 2 * len(STAGE_NAMES)], rest[2 * len(STAGE_NAMES) :]
        unacked, inflight, oldest, output, first_record, dead = rest
        now = time.time()
        depths = {"intake": int(intake)}
        ages: dict[str, float] = {}
        stream_depth, stream_age = self._stream_backlog(groups, now)
        depths["intake_stream"] = stream_depth
        if stream_age is not None:
            ages["intake_stream"] = stream_age
        for stage, n, oldest_message in zip(STAGE_NAMES, stages[::2], stages[1::2], strict=True):
            depths[stage] = int(n)
            if (message_age := _message_age(oldest_message, now)) is not None:
                ages[stage] = message_age
        depths.update(unacked=int(unacked), inflight=int(inflight), output=int(output))
        depths["dead"] = int(dead)
        if oldest:
            ages["inflight"] = max(now - float(oldest[0][1]), 0.0)
        if (record_age := _record_age(first_record, now)) is not None:
            ages["output"] = record_age
        return depths, ages

    def _stream_backlog(self, groups: Any, now: float) -> tuple[int, float | None]:
        """Entries of the intake stream not yet delivered to the group, and the oldest's age."""
        stream = self._keys.intake_stream
        if isinstance(groups, redis.ResponseError):  # no stream yet: nothing waits
            return 0, None
        name = self._settings.stream_group
        group = next((g for g in groups if _text(g.get("name")) == name), None)
        after = "-" if group is None else "(" + _text(group.get("last-delivered-id"))
        lag = None if group is None else group.get("lag")
        if lag is None:
            # No group yet, or a lag Redis cannot tell (before 7.0, or after deletions): the
            # ingesters delete what they acknowledge, so what is neither pending nor deleted
            # has not been delivered.
            pending = 0 if group is None else int(group.get("pending") or 0)
            lag = max(int(self._redis.xlen(stream)) - pending, 0)
        length = int(lag)
        first = self._redis.xrange(stream, min=after, count=1) if length else []
        if not first:
            return length, None
        millis = int(_text(first[0][0]).split("-", 1)[0])
        return length, max(now - millis / 1000, 0.0)


def _families() -> tuple[GaugeMetricFamily, GaugeMetricFamily, GaugeMetricFamily]:
    return (
        GaugeMetricFamily("enrich_redis_up", "1 when this scrape could read Redis, else 0."),
        GaugeMetricFamily("enrich_queue_depth", DEPTH_HELP, labels=["queue"]),
        GaugeMetricFamily("enrich_queue_oldest_age_seconds", AGE_HELP, labels=["queue"]),
    )


def _raise_connection_errors(replies: list[Any]) -> None:
    for reply in replies:
        if isinstance(reply, redis.ConnectionError | redis.TimeoutError):
            raise reply


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _message_age(raw: Any, now: float) -> float | None:
    """Seconds since the stage message ``raw`` was sent, when it says (``SENT_HEADER``)."""
    if not isinstance(raw, bytes) or not raw:
        return None
    try:
        sent = msgspec.json.decode(raw, type=_Message).headers.get(SENT_HEADER)
    except msgspec.DecodeError:
        return None
    if not isinstance(sent, int | float) or isinstance(sent, bool):
        return None
    return max(now - sent, 0.0)


def _record_age(raw: Any, now: float) -> float | None:
    """Seconds since the record ``raw`` was taken in, when it is one and says so."""
    if not isinstance(raw, bytes) or not raw:
        return None
    try:
        received = msgspec.json.decode(raw, type=_Received).received_at
    except msgspec.DecodeError:
        return None
    return seconds_since(received, now)
