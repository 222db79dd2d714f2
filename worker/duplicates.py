"""The near-duplicate index in Redis, shared by every worker (``tasks.near_duplicates``).

Per article, a hash (``Keys.duplicate_seen``) holds when it was indexed (a counter), its
group's first article, the similarity to it and its signature; per LSH band, a list
(``Keys.duplicate_band``) holds the first ``DUPLICATE_BAND_CAP`` articles that showed that
band. Everything expires after ``ENRICH_DUPLICATE_DAYS``, so memory is bounded by the
stream's rate over that window, and a band's list by its cap.

An article already indexed (a redelivery, a replay) gets the answer it got the first time:
registration is one Lua script that does nothing when the article's hash exists. Two copies
indexed in the same instant by two workers may both become "first"; a later copy then
points to the earlier-numbered one.
"""

from __future__ import annotations

import struct

import redis

from tasks.near_duplicates import (
    PERMUTATIONS,
    Seen,
    Signature,
    answer,
    band_keys,
    best_match,
    similarity,
)
from worker.defaults import DUPLICATE_BAND_CAP
from worker.keys import Keys
from worker.oom import full_redis_as_oom
from worker.settings import Settings

DAY = 24 * 3600
MAX_CANDIDATES = 64
"""Candidates compared per article (the bands' lists together)."""

_PACKING = struct.Struct(f"<{PERMUTATIONS}Q")

# KEYS: the article's hash, the order counter, its band lists...
# ARGV: ttl, first, score, packed signature, band cap, article id
_REGISTER = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('HMGET', KEYS[1], 'first', 'score')
end
local order = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'order', order, 'first', ARGV[2], 'score', ARGV[3], 'sig', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[1])
for i = 3, #KEYS do
  redis.call('RPUSH', KEYS[i], ARGV[6])
  redis.call('LTRIM', KEYS[i], 0, tonumber(ARGV[5]) - 1)
  redis.call('EXPIRE', KEYS[i], ARGV[1])
end
return {ARGV[2], ARGV[3]}
"""


class RedisDuplicateIndex:
    """A ``DuplicateIndex`` in Redis: expiring, with bounded band lists."""

    def __init__(self, client: redis.Redis, settings: Settings) -> None:
        self._redis = client
        self._keys = Keys(settings)
        self._ttl = settings.duplicate_days * DAY
        self._register = client.register_script(_REGISTER)

    @full_redis_as_oom
    def first_similar(self, article_id: str, signature: Signature) -> tuple[str, float] | None:
        seen = self._seen([article_id])[0]
        if seen is not None:
            return answer(article_id, seen)
        bands = [self._keys.duplicate_band(key) for key in band_keys(signature)]
        pipe = self._redis.pipeline(transaction=False)
        for band in bands:
            pipe.lrange(band, 0, -1)
        listed = [m.decode() for members in pipe.execute() for m in members]
        candidates = [c for c in dict.fromkeys(listed) if c != article_id][:MAX_CANDIDATES]
        match = best_match(signature, self._seen(candidates))
        first, score = article_id, 1.0
        if match is not None:
            root = self._seen([match.first])[0] or match
            first, score = match.first, round(similarity(signature, root.signature), 4)
        stored = self._register(
            keys=[self._keys.duplicate_seen(article_id), self._keys.duplicate_order, *bands],
            args=[
                self._ttl,
                first,
                score,
                _PACKING.pack(*signature),
                DUPLICATE_BAND_CAP,
                article_id,
            ],
        )
        first_stored, score_stored = (v.decode() for v in stored)
        if first_stored == article_id:
            return None
        return first_stored, float(score_stored)

    def _seen(self, article_ids: list[str]) -> list[Seen | None]:
        pipe = self._redis.pipeline(transaction=False)
        for article_id in article_ids:
            pipe.hmget(self._keys.duplicate_seen(article_id), "order", "first", "score", "sig")
        return [_decoded(fields) for fields in pipe.execute()] if article_ids else []


def _decoded(fields: list[bytes | None]) -> Seen | None:
    order, first, score, sig = fields
    if order is None or first is None or score is None or sig is None:
        return None  # expired, or never indexed
    values = _PACKING.unpack(sig)
    return Seen(int(order), first.decode(), float(score), tuple(values))
