"""How a batch moves: run its stage's step, bury what failed, hand the rest on.

Each stage's work is ``tasks.pipeline.Pipeline.step`` (memory, raw-body drop and the
near-duplicate mark included), the same step every other driver runs. A batch runs on
through the following stages while this worker serves their queues too (a default
deployment serves them all): only a stage served elsewhere costs a message. A batch that
leaves the last stage is published. Every article leaves a task in exactly one way:
forwarded, published, or dead-lettered.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import msgspec
import redis
from celery import Celery
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from kombu.exceptions import OperationalError

from tasks.record import Article, from_message, to_message
from worker.errors import TransportError
from worker.keys import SENT_HEADER
from worker.metrics import redelivered, stage_ran
from worker.output import DeadLetter, utc_now
from worker.runtime import Runtime


class HandOffError(TransportError):
    """Handing finished articles on (next stage or output) failed in an unexpected way."""


TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (
    HandOffError,
    redis.ConnectionError,
    redis.TimeoutError,
    redis.BusyLoadingError,
    redis.exceptions.OutOfMemoryError,
    redis.exceptions.ReadOnlyError,
    OperationalError,
)
"""Errors of the broker or Redis, not of the article: the message is put back, not buried."""

TIME_LIMITS = (SoftTimeLimitExceeded, TimeLimitExceeded)


def task_name(stage: str) -> str:
    """The Celery task name of a stage."""
    return f"enrich.{stage}"


def process(app: Celery, rt: Runtime, stage: str, batch: Any, message_id: str | None = None) -> int:
    """Run ``stage`` (and the served stages after it) over a message's batch; return how
    many articles went on."""
    records, letters = decode_batch(batch, stage)
    records, missing = rt.output.restore_bodies(records, stage)
    letters += missing
    rt.output.touch(records)
    if message_id is not None and _given_up(app, rt, stage, records, message_id):
        rt.output.dead_letter(letters)
        return 0
    while True:
        try:
            done, failures = rt.pipeline.step(stage, records, reraise=TIME_LIMITS)
        except TIME_LIMITS as exc:
            # the batch goes back to the stage it was in, one article per message
            rt.output.dead_letter(letters)
            split_or_bury(
                app, rt, stage, records, error="time_limit", reason=_time_limit_reason(stage, exc)
            )
            return 0
        stage_ran(stage, len(records), done, len(failures))
        letters += [letter_for(f.record, f.stage, f.error_type, f.reason) for f in failures]
        following = rt.pipeline.next_after(stage)
        if following is None or following not in rt.served or not done:
            break
        stage, records = following, done
    rt.output.dead_letter(letters)
    _hand_off(app, rt, stage, done)
    return len(done)


def _hand_off(app: Celery, rt: Runtime, stage: str, records: Sequence[Article]) -> None:
    """``hand_on``, any unexpected failure of it raised as a transport error.

    The stage's work is done and sound: whatever breaks while sending it on (a kombu
    connection torn down under the task, an AttributeError deep in a library) is not the
    articles' fault, so the message goes back (bounded by ``ENRICH_MAX_DELIVERIES``) instead
    of the articles going to the dead letters with a reason that says nothing of them.
    """
    try:
        hand_on(app, rt, stage, records)
    except (*TRANSPORT_ERRORS, *TIME_LIMITS):
        raise
    except Exception as exc:  # see the docstring: none of these are the articles' fault...
        unwritable = {r.id: why for r in records if (why := _unwritable(r)) is not None}
        if not unwritable:
            raise HandOffError(
                f"handing {len(records)} article(s) on from {stage!r} failed: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        # ...except a record the stage made that JSON cannot carry: that fails the same way
        # on every delivery, so it is buried at once, with the reason, and the rest go on.
        _bury_unwritable(rt, stage, records, unwritable)
        hand_on(app, rt, stage, [r for r in records if r.id not in unwritable])


def _unwritable(record: Article) -> str | None:
    """Why ``record`` cannot be written as JSON, or None when it can."""
    try:
        to_message(record)
    except (TypeError, ValueError, msgspec.EncodeError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _bury_unwritable(
    rt: Runtime, stage: str, records: Sequence[Article], why: dict[str, str]
) -> None:
    letters = [
        letter_for(
            r,
            stage,
            "unwritable_record",
            f"stage {stage!r} made a record that cannot be written as JSON ({why[r.id]})",
        )
        for r in records
        if r.id in why
    ]
    rt.output.dead_letter(letters)


def _given_up(
    app: Celery, rt: Runtime, stage: str, records: Sequence[Article], message_id: str
) -> bool:
    """Count this delivery; past the limit, settle the batch without running it again."""
    delivered = rt.deliveries.count(message_id)
    if delivered > 1:
        redelivered(stage)
    if delivered <= rt.settings.max_deliveries:
        return False
    reason = (
        f"message for stage {stage!r} was delivered {delivered} times without finishing "
        "(its worker died each time)"
    )
    split_or_bury(app, rt, stage, records, error="max_deliveries", reason=reason)
    return True


def hand_on(app: Celery, rt: Runtime, stage: str, records: Sequence[Article]) -> None:
    """Send records that ``stage`` finished to the next stage, or publish them after the
    last one (the step has dropped the raw body and marked near-duplicates already)."""
    if not records:
        return
    following = rt.pipeline.next_after(stage)
    if following is None:
        rt.output.publish(records)
        return
    send_batch(app, following, records)


def send_batch(app: Celery, stage: str, records: Sequence[Article]) -> None:
    """Enqueue one message carrying ``records`` for ``stage``."""
    args = [[to_message(r) for r in records]]
    # when it was sent: the age of the oldest message waiting is the queue's lag (metrics)
    app.send_task(task_name(stage), args=args, queue=stage, headers={SENT_HEADER: time.time()})


def split_or_bury(
    app: Celery,
    rt: Runtime,
    stage: str,
    records: Sequence[Article],
    *,
    error: str,
    reason: str,
) -> None:
    """Retry a batch that could not finish one article per message, or bury a lone article.

    Splitting finds the one slow or poisonous article without burying the good ones beside
    it; a single article that still cannot finish is dead-lettered, so it cannot loop.
    """
    if len(records) > 1:
        for record in records:
            send_batch(app, stage, [record])
        return
    rt.output.dead_letter([letter_for(r, stage, error, reason) for r in records])


def _time_limit_reason(stage: str, exc: BaseException) -> str:
    return f"stage {stage!r} exceeded its time limit ({type(exc).__name__}: {exc})"


def recover_batch(app: Celery, rt: Runtime, stage: str, batch: Any, exc: BaseException) -> None:
    """Settle every article of a message whose task failed outside the stage runner.

    A time limit splits the batch (see ``split_or_bury``); any other escape is a bug, and the
    articles are dead-lettered with it rather than lost or retried forever.
    """
    records, letters = decode_batch(batch, stage)
    output = rt.output
    output.dead_letter(letters)
    if isinstance(exc, TIME_LIMITS):
        reason = _time_limit_reason(stage, exc)
        split_or_bury(app, rt, stage, records, error="time_limit", reason=reason)
        return
    reason = f"task for stage {stage!r} failed: {type(exc).__name__}: {exc}"
    output.dead_letter([letter_for(r, stage, type(exc).__name__, reason) for r in records])


def decode_batch(batch: Any, stage: str) -> tuple[list[Article], list[DeadLetter]]:
    """Records from a message; anything that is not a record becomes a dead letter."""
    items = batch if isinstance(batch, list) else [batch]
    records: list[Article] = []
    letters: list[DeadLetter] = []
    for item in items:
        try:
            records.append(from_message(item))
        except msgspec.ValidationError as exc:
            ident = item.get("id") if isinstance(item, dict) else None
            letters.append(
                DeadLetter(
                    id=str(ident or "unknown"),
                    stage=stage,
                    error="malformed_message",
                    reason=f"message is not an article record: {exc}",
                    payload=item,
                    ts=utc_now(),
                )
            )
    return records, letters


def letter_for(record: Article, stage: str, error: str, reason: str) -> DeadLetter:
    """A dead letter for an article; the original payload is filled in from Redis."""
    return DeadLetter(
        id=record.id,
        stage=stage,
        error=error,
        reason=reason,
        payload=None,
        ts=utc_now(),
        content_hash=record.content_hash,
    )
