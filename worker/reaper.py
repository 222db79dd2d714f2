"""Finding articles whose pipeline message was lost, and putting them back.

Celery on Redis can lose a message outright: kombu pops it (BRPOP) and only then records
it as unacknowledged, so a worker killed between the two, or a Redis that refuses the
second write (maxmemory), drops it with no trace in Celery. Our own bookkeeping still has
it: every article between intake and outcome has its payload copy and an entry in the
in-flight index, scored by when a stage last touched it. An entry untouched for long
enough is claimed (its score moves to now, so only one ingester takes it) and resubmitted
from its payload; the idempotent publish makes a resubmission of an article that was
merely slow harmless.

"Long enough" is ``ENRICH_STALE_AFTER``, or twice the time the current backlog takes to
drain, whichever is longer: an article waiting its turn in a long queue is not lost, and
resubmitting it would only lengthen the queue (measured: under constant pool-child kills a
fixed threshold resubmitted every queued article, over and over). The drain time comes
from the finishing rate over the last few minutes of sweeps, not between two sweeps: a
burst between two sweeps made the backlog look short (3,498 of 10,000 articles were
resubmitted in a run with pool-child kills). With a backlog and nothing finishing, nothing
is resubmitted, for a while: no worker would take it either. A backlog that has not moved
for ``STALLED_AFTER`` times ``ENRICH_STALE_AFTER`` is not draining, and stale articles are
resubmitted as if there were none, so no run waits on it forever.
"""

from __future__ import annotations

import time
from collections import deque

import redis

from tasks.pipeline import STAGE_NAMES
from worker.keys import Keys
from worker.oom import full_redis_as_oom
from worker.settings import Settings

# KEYS: in-flight index; ARGV: stale-before score, now, how many
_CLAIM = """
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
for _, member in ipairs(members) do
  redis.call('ZADD', KEYS[1], ARGV[2], member)
end
return members
"""

CLAIM_BATCH = 200
"""Stale articles resubmitted per sweep: a backlog is worked off over several sweeps."""
RATE_WINDOW = 300.0
"""Seconds of sweeps over which the finishing rate is measured."""
STALLED_AFTER = 3
"""A backlog with nothing finished for this many ``ENRICH_STALE_AFTER`` is stalled."""


class Reaper:
    """Claims stale in-flight articles and hands back their payloads."""

    def __init__(self, client: redis.Redis, settings: Settings) -> None:
        self._redis = client
        self._settings = settings
        self._claim = client.register_script(_CLAIM)
        self._keys = Keys(settings)
        self._seen: deque[tuple[float, int]] = deque()
        """(when, outcomes so far) at each look in the rate window, oldest first."""
        self._moved_at = 0.0
        """When the outcome count last went up (or was first seen)."""

    def stale_after(self, now: float) -> float | None:
        """Seconds untouched that make an article stale now; None: resubmit nothing now."""
        pipe = self._redis.pipeline(transaction=False)
        for stage in STAGE_NAMES:
            pipe.llen(self._keys.queue(stage))
        pipe.hmget(self._keys.counters, "enriched", "dead")
        *depths, finished = pipe.execute()
        rate = self._finishing_rate(now, sum(int(n or 0) for n in finished))
        queued = int(sum(depths)) * self._settings.batch_size
        floor = float(self._settings.stale_after)
        if queued == 0:
            return floor
        if rate:
            return max(floor, 2 * queued / rate)
        if now - self._moved_at >= STALLED_AFTER * floor:
            return floor  # a backlog that does not drain: see the module's docstring
        return None  # a backlog, and no rate yet: wait

    def _finishing_rate(self, now: float, outcomes: int) -> float:
        """Outcomes per second over the rate window (0.0 until two looks apart)."""
        seen = self._seen
        if not seen or outcomes > seen[-1][1]:
            self._moved_at = now
        seen.append((now, outcomes))
        while len(seen) > 2 and now - seen[1][0] >= RATE_WINDOW:
            seen.popleft()  # keep one look at or past the window's start
        first_at, first_count = seen[0]
        if now <= first_at or outcomes <= first_count:
            return 0.0
        return (outcomes - first_count) / (now - first_at)

    @full_redis_as_oom
    def claim_stale(self, now: float | None = None) -> list[tuple[str, bytes | None]]:
        """(member, payload) of articles untouched for too long; payload None if expired."""
        now = time.time() if now is None else now
        threshold = self.stale_after(now)
        if threshold is None:
            return []
        members = self._claim(keys=[self._keys.inflight], args=[now - threshold, now, CLAIM_BATCH])
        if not members:
            return []
        names = [m.decode() if isinstance(m, bytes) else str(m) for m in members]
        pipe = self._redis.pipeline(transaction=False)
        for name in names:
            pipe.get(self._keys.payload(name))
        pipe.hincrby(self._keys.counters, "resubmitted", len(names))
        payloads = pipe.execute()[:-1]
        return list(zip(names, payloads, strict=True))

    def forget(self, members: list[str]) -> None:
        """Drop index entries whose payload copy is gone (expired): nothing left to resubmit."""
        if members:
            self._redis.zrem(self._keys.inflight, *members)
