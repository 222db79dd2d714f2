"""Second runs on purpose: dead letters sent back (`enrich replay`) and articles reprocessed
although enriched (`enrich submit --force`).

An outcome claims the article's done marker (``worker.output``), whose value says which:
``enriched`` or ``dead``. Nothing automatic clears it, so redeliveries and resubmissions
publish nothing twice. The two commands here clear it, each in one Lua script that also
puts the payload on the intake list and takes the article's dead letter(s) off the
dead-letter list, so that at every moment the article has at most one outcome listed and
its next run publishes exactly one (a copy still in flight races the new one for the
marker: one wins, the other is suppressed).

What replay cannot send back, it leaves on the list and counts: letters without a payload
(``payload_missing``, ``payload_expired``: the stored copy was gone; resubmit the payload
with ``enrich submit --force``) and letters whose payload is not a JSON object (a payload
that was not JSON is kept as text; sent back it would fail the same way).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import msgspec
import redis

from tasks.errors import InvalidPayload
from tasks.payload import decode_payload, record_from_payload
from worker.keys import Keys
from worker.oom import full_redis_as_oom
from worker.settings import Settings

# KEYS: dead list, intake list, done marker, counters; ARGV: letter, payload
# The push is the first write: a Redis at maxmemory refuses the whole script, so a letter
# never leaves the list without its payload being back on the intake.
_REPLAY = """
if not redis.call('LPOS', KEYS[1], ARGV[1]) then
  return 0
end
local marker = redis.call('GET', KEYS[3])
if marker and marker ~= 'dead' then
  return -1
end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('LREM', KEYS[1], 1, ARGV[1])
redis.call('DEL', KEYS[3])
redis.call('HINCRBY', KEYS[4], 'replayed', 1)
return 1
"""

# KEYS: intake list, dead list, done marker, counters
# ARGV: payload, the marker's value when its letters were looked for ('' none), letters
# A marker that changed since (an outcome just landed) may have a letter not looked for:
# the caller looks again rather than leave that letter listed beside a new record.
_FORCE = """
local marker = redis.call('GET', KEYS[3]) or ''
if marker ~= ARGV[2] then
  return -1
end
redis.call('RPUSH', KEYS[1], ARGV[1])
for i = 3, #ARGV do
  redis.call('LREM', KEYS[2], 1, ARGV[i])
end
redis.call('DEL', KEYS[3])
redis.call('HINCRBY', KEYS[4], 'forced', 1)
return 1
"""

SCAN_CHUNK = 50
"""Dead letters read per round trip (each carries its payload: ~140 kB for a mean HTML page,
up to a MiB)."""

FORCE_ATTEMPTS = 5
"""Looks at an article whose marker keeps changing under `submit --force` before giving up."""


@dataclass(frozen=True)
class Selection:
    """Which dead letters to replay: every given criterion must match (none: all letters)."""

    errors: frozenset[str] = frozenset()
    """Error codes (``time_limit``, ``payload_missing``, an exception type name…)."""
    stages: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    older_than: float | None = None
    """Seconds: only letters written at least this long ago."""
    newer_than: float | None = None
    """Seconds: only letters written less than this long ago."""

    def matches(self, letter: dict[str, Any], now: float) -> bool:
        if self.errors and letter.get("error") not in self.errors:
            return False
        if self.stages and letter.get("stage") not in self.stages:
            return False
        if self.ids and str(letter.get("id")) not in self.ids:
            return False
        if self.older_than is None and self.newer_than is None:
            return True
        age = now - _timestamp(letter.get("ts"))
        if self.older_than is not None and age < self.older_than:
            return False
        return self.newer_than is None or age < self.newer_than


@dataclass
class ReplayCounts:
    """What `enrich replay` did with the letters it selected."""

    selected: int = 0
    replayed: int = 0
    no_payload: int = 0
    not_an_object: int = 0
    enriched_since: int = 0
    """Letters whose article has a record now (its marker expired and it came back)."""
    gone: int = 0
    """Letters another consumer or replay took off the list meanwhile."""
    unreadable: int = 0
    listed: list[dict[str, Any]] = field(default_factory=list)
    """With ``dry_run``: id, stage, error and ts of each letter that would go."""


def replay(
    client: redis.Redis, settings: Settings, selection: Selection, *, dry_run: bool = False
) -> ReplayCounts:
    """Send the selected dead letters' payloads back to the intake list."""
    keys = Keys(settings)
    script = client.register_script(_REPLAY)
    counts = ReplayCounts()
    now = time.time()
    for raw, letter in _letters(client, keys.dead, lambda: counts.replayed):
        if letter is None:
            counts.unreadable += 1
            continue
        if not selection.matches(letter, now):
            continue
        counts.selected += 1
        payload = letter.get("payload")
        if payload is None:
            counts.no_payload += 1
        elif not isinstance(payload, dict):
            counts.not_an_object += 1
        elif dry_run:
            counts.listed.append({k: letter.get(k) for k in ("id", "stage", "error", "ts")})
        else:
            _tally(counts, _send_back(script, keys, raw, letter, msgspec.json.encode(payload)))
    return counts


def _letters(
    client: redis.Redis, key: str, removed: Callable[[], int]
) -> Iterator[tuple[bytes, dict[str, Any] | None]]:
    """Each letter on the list when the scan began, in order, with its raw bytes.

    The read position steps back by the letters this scan removed (each was ahead of it),
    and stops at the length the list had at the start: letters the replayed payloads earn
    anew are appended behind it and never replayed in the same run.
    """
    end = int(client.llen(key))
    start = 0
    while True:
        offset = removed()
        first, last = start - offset, min(start + SCAN_CHUNK, end) - 1 - offset
        if first > last:
            return
        for raw in client.lrange(key, first, last):
            yield raw, _decoded(raw)
        start += SCAN_CHUNK


def _decoded(raw: bytes) -> dict[str, Any] | None:
    try:
        value = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return None
    return value if isinstance(value, dict) else None


@full_redis_as_oom
def _send_back(script: Any, keys: Keys, raw: bytes, letter: dict[str, Any], payload: bytes) -> int:
    marker = keys.done(str(letter.get("id")), str(letter.get("content_hash") or ""))
    result: int = script(keys=[keys.dead, keys.intake, marker, keys.counters], args=[raw, payload])
    return result


def _tally(counts: ReplayCounts, result: int) -> None:
    if result == 1:
        counts.replayed += 1
    elif result == 0:
        counts.gone += 1
    else:
        counts.enriched_since += 1


@dataclass
class ForceCounts:
    """What `enrich submit --force` did."""

    forced: int = 0
    was_enriched: int = 0
    was_dead: int = 0
    invalid: int = 0
    """Payloads the ingester will refuse (pushed as they are, to be dead-lettered once)."""


def force_payloads(
    client: redis.Redis, settings: Settings, payloads: Iterable[bytes]
) -> ForceCounts:
    """Push payloads onto the intake list with their articles' outcomes forgotten: each is
    enriched again and published again, even if it was enriched or dead-lettered before."""
    forcer = _Forcer(client, Keys(settings))
    counts = ForceCounts()
    for payload in payloads:
        try:
            record = record_from_payload(
                decode_payload(payload, max_bytes=settings.max_payload_bytes)
            )
        except InvalidPayload:
            client.rpush(forcer.keys.intake, payload)
            counts.invalid += 1
            continue
        outcome = forcer.push(payload, record.id, record.content_hash)
        counts.forced += 1
        counts.was_enriched += outcome == "enriched"
        counts.was_dead += outcome == "dead"
    return counts


class _Forcer:
    def __init__(self, client: redis.Redis, keys: Keys) -> None:
        self.client = client
        self.keys = keys
        self.script = client.register_script(_FORCE)

    @full_redis_as_oom
    def push(self, payload: bytes, article_id: str, digest: str) -> str:
        """Push one payload, its marker and dead letters cleared; return what the marker said."""
        keys = self.keys
        marker = keys.done(article_id, digest)
        for _ in range(FORCE_ATTEMPTS):
            seen = (self.client.get(marker) or b"").decode()
            letters = self._letters_of(article_id, digest) if seen == "dead" else []
            args = [payload, seen, *letters]
            if self.script(keys=[keys.intake, keys.dead, marker, keys.counters], args=args) == 1:
                return seen
        raise redis.RedisError(f"the outcome of article {article_id!r} kept changing; try again")

    def _letters_of(self, article_id: str, digest: str) -> list[bytes]:
        """The raw dead letters of one article and content (a scan of the list: rare, and
        the list is bounded by ENRICH_OUTPUT_MAXLEN where that matters)."""
        return [
            raw
            for raw, letter in _letters(self.client, self.keys.dead, lambda: 0)
            if letter
            and str(letter.get("id")) == article_id
            and str(letter.get("content_hash") or "")[:16] == digest[:16]
        ]


def _timestamp(ts: Any) -> float:
    """A letter's ``ts`` as epoch seconds (an unreadable one counts as very old)."""
    try:
        return datetime.fromisoformat(str(ts)).timestamp()
    except ValueError:
        return 0.0


AGE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_age(text: str) -> float:
    """``90``, ``90s``, ``30m``, ``2h`` or ``7d`` as seconds."""
    text = text.strip().lower()
    unit = AGE_UNITS.get(text[-1:])
    number = text[:-1] if unit else text
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"{text!r} is not an age: give e.g. 90s, 30m, 2h or 7d") from None
    if value < 0:
        raise ValueError(f"{text!r}: an age cannot be negative")
    return value * (unit or 1)
