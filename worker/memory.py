"""Per-source memory on Redis, shared by every worker (``tasks.memory.MemoryStore``).

Counts live in one hash per (stage, source, week): ``_articles`` and one field per key.
A lookup sums the weeks of the window; each week's keys expire when it leaves the window,
so a source's memory forgets what its pages stopped showing, and a source that stops
publishing leaves nothing behind. A week's hash stops taking new fields at a cap, which
bounds memory however varied a source's pages are; known fields still count up.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable, Sequence

import redis

from tasks.record import SourceMemory
from worker.keys import Keys
from worker.oom import full_redis_as_oom
from worker.settings import Settings

WEEK = 7 * 24 * 3600
ARTICLES_FIELD = "_articles"

# KEYS: the week's counts hash, the week's set of counted article ids
# ARGV: ttl, field cap, article id digest, keys...
_OBSERVE = """
if redis.call('SADD', KEYS[2], ARGV[3]) == 0 then return 0 end
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[1], '_articles', 1)
local cap = tonumber(ARGV[2])
for i = 4, #ARGV do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 or redis.call('HLEN', KEYS[1]) < cap then
    redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
"""


class RedisMemory:
    """A ``MemoryStore`` in Redis: weekly buckets over a window, capped, expiring."""

    def __init__(
        self, client: redis.Redis, settings: Settings, clock: Callable[[], float] = time.time
    ) -> None:
        self._redis = client
        self._settings = settings
        self._keys = Keys(settings)
        self._clock = clock
        self._weeks = max(1, math.ceil(settings.memory_days * 24 * 3600 / WEEK))
        self._observe = client.register_script(_OBSERVE)

    def _key(self, stage: str, source: str, week: int, part: str = "counts") -> str:
        return self._keys.memory(stage, source, week, part)

    def _week(self) -> int:
        return int(self._clock() // WEEK)

    def recall(
        self, stage: str, sources: Sequence[str], keys: Sequence[Sequence[str]]
    ) -> list[SourceMemory]:
        """Sum each source's counts over the weeks of the window."""
        now = self._week()
        weeks = range(now - self._weeks + 1, now + 1)
        pipe = self._redis.pipeline(transaction=False)
        for source, wanted in zip(sources, keys, strict=True):
            for week in weeks:
                pipe.hmget(self._key(stage, source, week), [ARTICLES_FIELD, *wanted])
        replies = iter(pipe.execute())
        out = []
        for wanted in keys:
            totals = [0] * (len(wanted) + 1)
            for _ in weeks:
                for i, value in enumerate(next(replies)):
                    totals[i] += int(value or 0)
            counts = {k: n for k, n in zip(wanted, totals[1:], strict=True) if n}
            out.append(SourceMemory(articles=totals[0], counts=counts))
        return out

    @full_redis_as_oom
    def observe(self, stage: str, items: Sequence[tuple[str, str, Sequence[str]]]) -> None:
        """Count each article's keys in this week's bucket, once per article id."""
        week = self._week()
        ttl = self._weeks * WEEK + WEEK
        pipe = self._redis.pipeline(transaction=False)
        for source, article_id, found in items:
            digest = hashlib.blake2b(article_id.encode(), digest_size=8).hexdigest()
            self._observe(
                keys=[self._key(stage, source, week), self._key(stage, source, week, "ids")],
                args=[ttl, self._settings.memory_max_keys, digest, *dict.fromkeys(found)],
                client=pipe,
            )
        if items:
            pipe.execute()
