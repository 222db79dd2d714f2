"""The crawler's body travels once: the ingester keeps each payload in Redis anyway (for dead
letters and for resubmitting a lost article), so the first stage's message carries the record
without its body, and the worker reads the body back from that copy.

Measured on the dev pages (142 kB of HTML on average), a body costs about 8 ms per article to
pass through a Celery message (JSON-escaped, base64-encoded, wrapped in JSON again, and all of
it undone on the other side); read back from the payload copy, one MGET per batch.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from tasks.errors import InvalidPayload
from tasks.payload import decode_payload, raw_body
from tasks.record import Article, RawBody
from worker.output import DeadLetter, Output, utc_now

STORED = RawBody(stored=True)
"""The raw body of a record whose body waits in the payload store."""

MISSING = (
    "the payload's stored copy was gone when the first stage ran (expired after "
    "ENRICH_PAYLOAD_TTL, or evicted by Redis's maxmemory policy); submit it again"
)


def leave_bodies(records: Sequence[Article]) -> list[Article]:
    """The records as the first stage's message carries them: bodies left in the store."""
    return [msgspec.structs.replace(r, raw=STORED) for r in records]


def restore_bodies(
    output: Output, records: Sequence[Article], stage: str
) -> tuple[list[Article], list[DeadLetter]]:
    """The records with their stored bodies read back, and a dead letter for each whose
    stored copy is gone (it cannot be cleaned without its body)."""
    waiting = [i for i, r in enumerate(records) if r.raw is not None and r.raw.stored]
    if not waiting:
        return list(records), []
    copies = output.payloads([records[i] for i in waiting])
    out = list(records)
    letters: list[DeadLetter] = []
    for i, copy in zip(waiting, copies, strict=True):
        body = _body_of(copy)
        if body is None:
            letters.append(_letter(records[i], stage))
            out[i] = records[i]
            continue
        out[i] = msgspec.structs.replace(records[i], raw=body)
    lost = {letter.id for letter in letters}
    return [r for r in out if r.id not in lost], letters


def _body_of(copy: bytes | None) -> RawBody | None:
    if copy is None:
        return None
    try:
        return raw_body(decode_payload(copy))
    except InvalidPayload:  # the ingester accepted it: only a changed copy gets here
        return None


def _letter(record: Article, stage: str) -> DeadLetter:
    return DeadLetter(
        id=record.id,
        stage=stage,
        error="payload_missing",
        reason=MISSING,
        payload=None,
        ts=utc_now(),
        content_hash=record.content_hash,
    )
