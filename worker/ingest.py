"""``enrich ingest``: move payloads from the intake into the pipeline.

Each payload is decoded and normalised here (``tasks.payload``), so a payload that is not
JSON, has no body or has a wrong type is dead-lettered at once with its reason. Good ones
are grouped into batches and enqueued for the first stage; only then are they removed from
the intake.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from celery import Celery

from tasks.errors import InvalidPayload
from tasks.payload import decode_payload, record_from_payload
from tasks.pipeline import STAGE_NAMES
from tasks.record import Article
from worker.flow import TRANSPORT_ERRORS, send_batch
from worker.health import LIVENESS
from worker.intake import Delivery, ListIntake, StreamIntake
from worker.metrics import resubmitted, stage_ran
from worker.output import DeadLetter, decode_for_letter, leave_bodies, utc_now
from worker.reaper import Reaper
from worker.runtime import Runtime
from worker.settings import Settings

log = logging.getLogger("enrich.ingest")

TRANSPORT_PAUSE_MIN = 1.0
TRANSPORT_PAUSE_MAX = 30.0
"""Bounds of the pause between attempts while Redis or the broker is unreachable."""

POLL_SLICE = 0.05
"""Seconds one blocking read waits on one intake before the consumer turns to the other:
the most a payload waits for the consumer (idle, that is 20 reads a second per intake)."""
SWEEP_EVERY = 30.0
"""Seconds between looks for articles that stopped moving (at most a quarter of
ENRICH_STALE_AFTER, so one is found soon after it goes stale)."""

LETTER_PAYLOAD_LIMIT = 1024 * 1024
"""A dead letter for an oversized payload keeps only its first MiB: enough to identify it."""


@dataclass
class IngestCounts:
    """What an ingester has done since it started."""

    taken: int = 0
    enqueued: int = 0
    dead: int = 0


class Ingester:
    """Moves payloads from the intake list and stream into the first stage's queue."""

    def __init__(
        self,
        app: Celery,
        settings: Settings,
        *,
        track: bool = False,
        runtime: Runtime | None = None,
    ) -> None:
        self._app = app
        self._track = track
        self.tracked: set[str] = set()
        """With ``track``: the done-key of every payload taken, one per expected outcome."""
        self._settings = settings
        rt = runtime or Runtime(settings, served=())
        self._output = rt.output
        self.intakes: list[ListIntake | StreamIntake] = [
            ListIntake(rt.redis, settings),
            StreamIntake(rt.redis, settings),
        ]
        self.counts = IngestCounts()
        self._reaper = Reaper(rt.redis, settings)
        self._sweep_every = min(SWEEP_EVERY, settings.stale_after / 4)

    def recover(self) -> int:
        """Finish what a previous run of this consumer had in hand."""
        moved = 0
        for intake in self.intakes:
            deliveries = intake.recover()
            moved += self.handle(intake, deliveries)
        return moved

    def step(self, block: float = 0.0) -> int:
        """Take one batch from each intake (waiting up to ``block`` s when both are empty).

        The wait is spent in turns of ``POLL_SLICE`` on each intake: a payload pushed onto one
        while the consumer waits on the other waits at most that long (with half of ``block``
        each, a paced producer's articles waited 0.25 s on average before anything ran).
        """
        size = self._settings.batch_size
        moved = sum(self.handle(i, i.take(size)) for i in self.intakes)
        deadline = time.monotonic() + block
        while moved == 0 and time.monotonic() < deadline:
            for intake in self.intakes:
                slice_ = min(POLL_SLICE, max(deadline - time.monotonic(), 0.001))
                moved += self.handle(intake, intake.take(size, block=slice_))
        return moved

    def run(self, stop: threading.Event, *, once: bool = False) -> IngestCounts:
        """Ingest until ``stop`` is set (or, with ``once``, until the intake is empty).

        A Redis or broker outage is waited out with growing pauses: payloads stay on the
        intake (or in this consumer's hands, recovered on the next pass), so nothing is lost.
        """
        pause = TRANSPORT_PAUSE_MIN
        recovered = False
        next_sweep = time.monotonic() + self._sweep_every
        while not stop.is_set():
            LIVENESS.beat()  # a pass of the loop: this ingester is alive (worker.health)
            try:
                if not recovered:
                    self.recover()
                    recovered = True
                if not once and time.monotonic() >= next_sweep:
                    self.sweep()
                    next_sweep = time.monotonic() + self._sweep_every
                moved = self.step(block=0.0 if once else 1.0)
            except TRANSPORT_ERRORS as exc:
                log.warning("transport error, retrying in %.0f s: %s", pause, exc)
                stop.wait(pause)
                pause = min(pause * 2, TRANSPORT_PAUSE_MAX)
                recovered = False
                continue
            pause = TRANSPORT_PAUSE_MIN
            if moved == 0 and once:
                break
        return self.counts

    def sweep(self) -> int:
        """Resubmit articles that stopped moving: their message was lost (``worker.reaper``)."""
        claimed = self._reaper.claim_stale()
        expired = [member for member, payload in claimed if payload is None]
        if expired:
            self._reaper.forget(expired)
            self._output.dead_letter([_expired_letter(m) for m in expired])
        again = [Delivery(p, "resubmit", m.encode()) for m, p in claimed if p is not None]
        if again:
            log.warning("resubmitting %d article(s) that stopped moving", len(again))
            resubmitted(len(again))
        return self.handle(None, again)

    def handle(
        self, intake: ListIntake | StreamIntake | None, deliveries: Sequence[Delivery]
    ) -> int:
        """Enqueue or dead-letter each delivery, then remove them all from the intake."""
        if not deliveries:
            return 0
        now = utc_now()
        taken: list[tuple[Article, Delivery]] = []
        letters: list[DeadLetter] = []
        for delivery in deliveries:
            try:
                taken.append((self._record(delivery, now), delivery))
            except InvalidPayload as exc:
                letters.append(_intake_letter(delivery, exc, now))
        self._output.keep_payloads((r.id, r.content_hash, d.raw) for r, d in taken)
        records = leave_bodies([r for r, _ in taken])
        size = self._settings.batch_size
        for start in range(0, len(records), size):
            send_batch(self._app, STAGE_NAMES[0], records[start : start + size])
        self._output.dead_letter(letters)
        if intake is not None:
            intake.ack(deliveries)
        if self._track:
            done_key = self._output.done_key
            self.tracked.update(done_key(r.id, r.content_hash) for r in records)
            self.tracked.update(done_key(d.id, d.content_hash) for d in letters)
        stage_ran("intake", len(deliveries), records, len(letters))
        self.counts.taken += len(deliveries)
        self.counts.enqueued += len(records)
        self.counts.dead += len(letters)
        return len(deliveries)

    def _record(self, delivery: Delivery, now: str) -> Article:
        if delivery.problem:
            raise InvalidPayload(delivery.problem, code="wrong_shape")
        payload = decode_payload(delivery.raw, max_bytes=self._settings.max_payload_bytes)
        return record_from_payload(payload, received_at=now)


def _intake_letter(delivery: Delivery, exc: InvalidPayload, now: str) -> DeadLetter:
    raw = delivery.raw[:LETTER_PAYLOAD_LIMIT]
    payload = decode_for_letter(raw)
    ident = payload.get("id") if isinstance(payload, dict) else None
    digest = hashlib.sha256(delivery.raw).hexdigest()
    if not isinstance(ident, (str, int)) or isinstance(ident, bool):
        ident = "sha:" + digest[:20]
    return DeadLetter(
        id=str(ident),
        stage="intake",
        error=exc.code,
        reason=exc.reason,
        payload=payload,
        ts=now,
        content_hash=digest,
    )


def _expired_letter(member: str) -> DeadLetter:
    article_id, _, digest = member.rpartition(":")
    return DeadLetter(
        id=article_id,
        stage="intake",
        error="payload_expired",
        reason="the article stopped moving and its payload copy expired before it could be "
        "resubmitted (ENRICH_PAYLOAD_TTL)",
        payload=None,
        ts=utc_now(),
        content_hash=digest,
    )
