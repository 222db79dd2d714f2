"""Where every payload ends: one enriched record on the output, or one dead letter.

Both go through one Lua script that first claims the article's "done" marker (``SET NX``),
so a redelivered or resubmitted message never publishes twice and an article can never be
both enriched and dead-lettered; only `enrich replay` and `enrich submit --force` clear a
marker, on purpose (see ``_FINISH``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

import msgspec
import redis

from tasks.errors import InvalidPayload
from tasks.payload import decode_payload, raw_body
from tasks.record import Article, RawBody, encode_output
from worker.keys import DEAD_BY, OUTPUT_FIELD, Keys, inflight_member
from worker.logs import article_fields
from worker.metrics import dead_lettered, published
from worker.oom import full_redis_as_oom
from worker.settings import Settings

log = logging.getLogger("enrich.output")

WITHOUT_TEXT = "enriched_without_text"
"""The counter of records published with empty text (nothing to read was found), kept apart
so that a dashboard cannot mistake them for successes."""

# KEYS: done marker, target, in-flight payload copy, counters hash, in-flight index, tail log
# ARGV: entry, marker TTL, target kind ('list' or 'stream'), outcome, in-flight member,
#       a second counter to count the outcome under too ('' for none), the stream's field,
#       the target's length cap (0: none), the tail log's length cap (0: no log), the
#       log's entry ('': the entry itself)
#
# The marker's value is the outcome, ``enriched`` or ``dead``. Nothing automatic ever
# clears it (a redelivery, the reaper's resubmission, a crawler pushing the same payload
# again all publish nothing twice); only an operator does, on purpose: ``enrich replay``
# deletes a ``dead`` marker in the same script that puts the payload back on the intake
# and takes its dead letter off the list, and ``enrich submit --force`` deletes the marker
# (and any dead letter of that article and content) as it pushes the payload again. Either
# way the article is never enriched and dead-lettered at once, and its next run publishes
# exactly one outcome (``worker.replay``).
_FINISH = """
redis.call('DEL', KEYS[3])
redis.call('ZREM', KEYS[5], ARGV[5])
if redis.call('SET', KEYS[1], ARGV[4], 'NX', 'EX', ARGV[2]) then
  local cap = tonumber(ARGV[8])
  if ARGV[3] == 'stream' then
    if cap > 0 then
      redis.call('XADD', KEYS[2], 'MAXLEN', '~', cap, '*', ARGV[7], ARGV[1])
    else
      redis.call('XADD', KEYS[2], '*', ARGV[7], ARGV[1])
    end
  else
    redis.call('RPUSH', KEYS[2], ARGV[1])
    if cap > 0 then
      redis.call('LTRIM', KEYS[2], -cap, -1)
    end
  end
  local log_cap = tonumber(ARGV[9])
  if log_cap > 0 then
    local logged = ARGV[10] ~= '' and ARGV[10] or ARGV[1]
    redis.call('XADD', KEYS[6], 'MAXLEN', '~', log_cap, '*', ARGV[7], logged)
  end
  redis.call('HINCRBY', KEYS[4], ARGV[4], 1)
  if ARGV[6] ~= '' then
    redis.call('HINCRBY', KEYS[4], ARGV[6], 1)
  end
  return 1
end
redis.call('HINCRBY', KEYS[4], 'duplicates_suppressed', 1)
return 0
"""


class DeadLetter(msgspec.Struct, frozen=True):
    """A payload that could not be enriched, with where and why."""

    id: str
    stage: str
    error: str
    reason: str
    payload: Any
    """The payload as received: the JSON value, or the raw text when it was not JSON."""
    ts: str
    content_hash: str = ""


def utc_now() -> str:
    """Now, ISO 8601 in UTC, to the millisecond."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class Output:
    """Publishes records and dead letters exactly once per article and content."""

    def __init__(self, client: redis.Redis, settings: Settings) -> None:
        self._redis = client
        self._settings = settings
        self._finish = client.register_script(_FINISH)
        self.keys = Keys(settings)

    def done_key(self, article_id: str, content_hash: str) -> str:
        return self.keys.done(article_id, content_hash)

    def payload_key(self, article_id: str, content_hash: str) -> str:
        return self.keys.payload(inflight_member(article_id, content_hash))

    def keep_payloads(self, items: Iterable[tuple[str, str, bytes]]) -> None:
        """Hold each in-flight payload (id, hash, raw) until its outcome is published.

        The copy lets a dead letter carry the original, and, with the in-flight index, lets
        an article whose message was lost be found and resubmitted (``worker.reaper``).
        """
        now = time.time()
        pipe = self._redis.pipeline(transaction=False)
        for article_id, content_hash, raw in items:
            member = inflight_member(article_id, content_hash)
            pipe.set(self.keys.payload(member), raw, ex=self._settings.payload_ttl)
            pipe.zadd(self.keys.inflight, {member: now})
        pipe.execute()

    def restore_bodies(
        self, records: Sequence[Article], stage: str
    ) -> tuple[list[Article], list[DeadLetter]]:
        """The records with the bodies ``leave_bodies`` left in the payload copies read back
        (one MGET), and a dead letter for each whose copy is gone: it cannot be cleaned."""
        waiting = [i for i, r in enumerate(records) if r.raw is not None and r.raw.stored]
        if not waiting:
            return list(records), []
        keys = [self.payload_key(records[i].id, records[i].content_hash) for i in waiting]
        copies = dict(zip(waiting, self._redis.mget(keys), strict=True))
        out: list[Article] = []
        letters: list[DeadLetter] = []
        for i, record in enumerate(records):
            if i not in copies:
                out.append(record)
            elif (body := _body_of(copies[i])) is None:
                letters.append(_missing_letter(record, stage))
            else:
                out.append(msgspec.structs.replace(record, raw=body))
        return out, letters

    def touch(self, records: Sequence[Article]) -> None:
        """Note that these articles are moving (a stage has them), so none looks stale."""
        if records:
            members = {inflight_member(r.id, r.content_hash): time.time() for r in records}
            self._redis.zadd(self.keys.inflight, members, xx=True)

    @full_redis_as_oom
    def publish(self, records: Sequence[Article]) -> int:
        """Put records on the output; returns how many were new (not duplicates)."""
        texts = [has_text(r) for r in records]  # strips each text: once, not thrice
        pipe = self._redis.pipeline(transaction=False)
        for record, with_text in zip(records, texts, strict=True):
            self._finish(
                keys=[
                    self.done_key(record.id, record.content_hash),
                    self.keys.output,
                    self.payload_key(record.id, record.content_hash),
                    self.keys.counters,
                    self.keys.inflight,
                    self.keys.output_log,
                ],
                args=[
                    encode_output(record),
                    self._settings.done_ttl,
                    self._settings.output_mode,
                    "enriched",
                    inflight_member(record.id, record.content_hash),
                    "" if with_text else WITHOUT_TEXT,
                    OUTPUT_FIELD,
                    self._settings.output_maxlen,
                    self._tail_log_cap(),
                    "",
                ],
                client=pipe,
            )
        results = pipe.execute()
        published(records, results, texts)
        for record, new, with_text in zip(records, results, texts, strict=True):
            total = sum(record.stage_ms.values())
            outcome = "duplicate-suppressed" if not new else "enriched"
            outcome += "" if with_text else " without text"
            extra = article_fields(record.id, "output", outcome, ms=round(total, 1))
            log.info("article %s %s in %.1f ms", record.id, outcome, total, extra=extra)
        return sum(results)

    @full_redis_as_oom
    def dead_letter(self, letters: Sequence[DeadLetter]) -> int:
        """Put dead letters on the dead-letter list, once per article and content."""
        letters = [self._with_payload(letter) for letter in letters]
        pipe = self._redis.pipeline(transaction=False)
        for letter in letters:
            self._finish(
                keys=[
                    self.done_key(letter.id, letter.content_hash),
                    self.keys.dead,
                    self.payload_key(letter.id, letter.content_hash),
                    self.keys.counters,
                    self.keys.inflight,
                    self.keys.dead_log,
                ],
                args=[
                    msgspec.json.encode(letter),
                    self._settings.done_ttl,
                    "list",
                    "dead",
                    inflight_member(letter.id, letter.content_hash),
                    dead_counter(letter.stage, letter.error),
                    OUTPUT_FIELD,
                    self._settings.output_maxlen,
                    self._settings.tail_log_maxlen,
                    # the log keeps letters without their payload (up to a MiB each)
                    msgspec.json.encode(msgspec.structs.replace(letter, payload=None)),
                ],
                client=pipe,
            )
        results = pipe.execute() if letters else []
        dead_lettered([(letter.stage, letter.error) for letter in letters], results)
        for letter in letters:
            extra = article_fields(letter.id, letter.stage, "dead_letter", error=letter.error)
            log.warning(
                "article %s dead-lettered at %s: %s",
                letter.id,
                letter.stage,
                letter.reason,
                extra=extra,
            )
        return sum(results)

    def _tail_log_cap(self) -> int:
        """The records' tail log cap: none in stream mode, where tail reads the output itself."""
        return 0 if self._settings.output_mode == "stream" else self._settings.tail_log_maxlen

    def _with_payload(self, letter: DeadLetter) -> DeadLetter:
        """Fill in the original payload from the in-flight copy when the letter lacks it."""
        if letter.payload is not None:
            return letter
        raw = self._redis.get(self.payload_key(letter.id, letter.content_hash))
        return msgspec.structs.replace(letter, payload=decode_for_letter(raw))


STORED = RawBody(stored=True)
"""The raw body of a record whose body waits in its payload copy."""

MISSING = (
    "the payload's stored copy was gone when the first stage ran (expired after "
    "ENRICH_PAYLOAD_TTL, or evicted by Redis's maxmemory policy); submit it again with "
    "`enrich submit --force` (pushed plainly, it would publish nothing: this letter holds "
    "its done marker)"
)


def leave_bodies(records: Sequence[Article]) -> list[Article]:
    """The records as the first stage's message carries them, bodies left in the payload
    copies ``Output.keep_payloads`` holds anyway (for dead letters and resubmission).

    The body then crosses Redis once: through a Celery message a 142 kB page (the dev pages'
    mean) cost about 8 ms per article, JSON-escaped, base64-encoded, wrapped in JSON again,
    and all of it undone by the worker.
    """
    return [msgspec.structs.replace(r, raw=STORED) for r in records]


def _body_of(copy: bytes | None) -> RawBody | None:
    if copy is None:
        return None
    try:
        return raw_body(decode_payload(copy))
    except InvalidPayload:  # the ingester accepted it: only a changed copy gets here
        return None


def _missing_letter(record: Article, stage: str) -> DeadLetter:
    return DeadLetter(
        id=record.id,
        stage=stage,
        error="payload_missing",
        reason=MISSING,
        payload=None,
        ts=utc_now(),
        content_hash=record.content_hash,
    )


def dead_counter(stage: str, error: str) -> str:
    """The counters-hash field of dead letters of one kind, read by `enrich stats` (error codes
    and exception type names are few, so the hash stays small)."""
    return f"{DEAD_BY}{stage}:{error}"


def has_text(record: Article) -> bool:
    """Whether the record carries any article text (the stages had something to read)."""
    return bool(record.text.strip())


def decode_for_letter(raw: bytes | str | None) -> Any:
    """The payload as a JSON value when it is one, else as (lossy) text."""
    if raw is None:
        return None
    try:
        return msgspec.json.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError):
        data = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else raw
        return data.decode("utf-8", errors="replace")
