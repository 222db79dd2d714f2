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

# One call per batch, and the cap checked once per article when there is room: the checks
# (HEXISTS and HLEN for every key) had been 65k of Redis's 110k commands for 300 pages.
# KEYS: per article, its week's counts hash and its week's set of counted article ids
# ARGV: ttl, field cap, then per article: its id digest, how many keys follow, the keys
_OBSERVE = """
local ttl, cap, at = ARGV[1], tonumber(ARGV[2]), 3
for k = 1, #KEYS, 2 do
  local counts, ids, digest, n = KEYS[k], KEYS[k + 1], ARGV[at], tonumber(ARGV[at + 1])
  local first, last = at + 2, at + 1 + n
  at = last + 1
  if redis.call('SADD', ids, digest) == 1 then
    redis.call('EXPIRE', ids, ttl)
    redis.call('HINCRBY', counts, '_articles', 1)
    -- With room for every key, none needs the cap check: one HLEN, not two calls a key.
    local room = redis.call('HLEN', counts) + n <= cap
    for i = first, last do
      if room or redis.call('HEXISTS', counts, ARGV[i]) == 1
          or redis.call('HLEN', counts) < cap then
        redis.call('HINCRBY', counts, ARGV[i], 1)
      end
    end
    redis.call('EXPIRE', counts, ttl)
  end
end
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
        if not items:
            return
        week = self._week()
        keys: list[str] = []
        args: list[str | int] = [self._weeks * WEEK + WEEK, self._settings.memory_max_keys]
        for source, article_id, found in items:
            digest = hashlib.blake2b(article_id.encode(), digest_size=8).hexdigest()
            distinct = list(dict.fromkeys(found))
            keys += [self._key(stage, source, week), self._key(stage, source, week, "ids")]
            args += [digest, len(distinct), *distinct]
        self._observe(keys=keys, args=args)
