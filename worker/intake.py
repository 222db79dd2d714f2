"""Reading payloads off the intake: a Redis list and a Redis stream, both reliable.

A payload leaves the intake only after its pipeline message is enqueued (``ack``):
list items are moved to a per-consumer processing list while in hand (``LMOVE``), stream
entries stay pending in the consumer group until acknowledged. After a crash, ``recover``
hands back what was in hand, so nothing taken is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import redis

from worker.keys import INTAKE_FIELD, Keys
from worker.oom import full_redis_as_oom
from worker.settings import Settings

# Move up to ARGV[1] items from the head of KEYS[1] to the tail of KEYS[2], atomically.
_MOVE_MANY = """
local items = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #items > 0 then
  -- Push before trimming: if Redis refuses the push (maxmemory), nothing has moved.
  redis.call('RPUSH', KEYS[2], unpack(items))
  redis.call('LTRIM', KEYS[1], #items, -1)
end
return items
"""


@dataclass(frozen=True)
class Delivery:
    """One payload in hand: its raw bytes and what acknowledges it."""

    raw: bytes
    kind: str
    """``list`` or ``stream``."""
    token: bytes
    """The list item itself, or the stream entry id."""
    problem: str | None = None
    """Why the delivery holds no payload at all (a stream entry without the field)."""


class ListIntake:
    """The intake list (``ENRICH_INTAKE_KEY``) with a processing list per consumer."""

    def __init__(self, client: redis.Redis, settings: Settings) -> None:
        self._redis = client
        keys = Keys(settings)
        self.key = keys.intake
        self.processing_key = keys.processing(settings.consumer_name())
        self._move_many = client.register_script(_MOVE_MANY)
        self._consumers = keys.intake_consumers
        self._consumer = settings.consumer_name()

    def recover(self) -> list[Delivery]:
        """Items a previous run of this consumer took but did not finish.

        Also names this consumer in the consumers set, where `enrich stats` finds the
        processing lists instead of scanning the keyspace (here, not at construction: the
        ingester waits out a Redis refusing writes around this call).
        """
        self._redis.sadd(self._consumers, self._consumer)
        items = self._redis.lrange(self.processing_key, 0, -1)
        return [Delivery(item, "list", item) for item in items]

    @full_redis_as_oom
    def take(self, count: int, block: float = 0) -> list[Delivery]:
        """Up to ``count`` items, waiting up to ``block`` seconds for the first."""
        items: list[bytes] = []
        if block > 0:
            first = self._redis.blmove(self.key, self.processing_key, block, "LEFT", "RIGHT")
            if first is None:
                return []
            items.append(first)
        if count > len(items):
            items += self._move_many(
                keys=[self.key, self.processing_key], args=[count - len(items)]
            )
        return [Delivery(item, "list", item) for item in items]

    def ack(self, deliveries: Sequence[Delivery]) -> None:
        """Forget items whose pipeline message is enqueued."""
        pipe = self._redis.pipeline(transaction=False)
        for d in deliveries:
            pipe.lrem(self.processing_key, 1, d.token)
        pipe.execute()

    def depth(self) -> int:
        return int(self._redis.llen(self.key))


class StreamIntake:
    """The intake stream (``ENRICH_INTAKE_STREAM``), read through a consumer group."""

    def __init__(self, client: redis.Redis, settings: Settings) -> None:
        self._redis = client
        self.key = Keys(settings).intake_stream
        self.group = settings.stream_group
        self.field = INTAKE_FIELD.encode()
        self.consumer = settings.consumer_name()
        self._ensure_group()

    def _ensure_group(self) -> None:
        try:
            # From id 0: entries added before the first ingester started are read too.
            self._redis.xgroup_create(self.key, self.group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def recover(self) -> list[Delivery]:
        """Entries delivered to this consumer earlier and never acknowledged."""
        return self._read("0", 10_000, None)

    def take(self, count: int, block: float = 0) -> list[Delivery]:
        """Up to ``count`` new entries, waiting up to ``block`` seconds."""
        return self._read(">", count, int(block * 1000) if block > 0 else None)

    def _read(self, start: str, count: int, block_ms: int | None) -> list[Delivery]:
        try:
            reply = self._redis.xreadgroup(
                self.group, self.consumer, {self.key: start}, count=count, block=block_ms
            )
        except redis.ResponseError as exc:
            if "NOGROUP" not in str(exc):
                raise
            # Someone deleted the stream (and with it the group): start again on a new one.
            self._ensure_group()
            return []
        out = []
        for _stream, entries in reply or []:
            for entry_id, fields in entries:
                # An entry without the payload field is still delivered, to be dead-lettered
                # with a reason instead of vanishing.
                raw = (fields or {}).get(self.field)
                problem = None if raw is not None else f"stream entry has no {INTAKE_FIELD!r} field"
                out.append(Delivery(raw or b"", "stream", entry_id, problem))
        return out

    def ack(self, deliveries: Sequence[Delivery]) -> None:
        """Acknowledge and delete entries whose pipeline message is enqueued."""
        ids = [d.token for d in deliveries]
        if ids:
            pipe = self._redis.pipeline(transaction=True)
            pipe.xack(self.key, self.group, *ids)
            pipe.xdel(self.key, *ids)
            pipe.execute()

    def depth(self) -> int:
        return int(self._redis.xlen(self.key))
