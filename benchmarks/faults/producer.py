"""Payloads of our own composition, and a producer that keeps pushing through faults."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

import msgspec
import redis

SENTENCES = (
    "The harbour board in Kirkwall approved a new ferry timetable on Monday.",
    "Ingrid Halvorsen said Norway would guarantee loans for the tidal array.",
    "Shares in Orkney Tidal Power rose after the announcement in Edinburgh.",
    "Residents of Stromness asked the council to keep the winter sailings.",
    "The Scottish Government will pay a third of the cost of the new pier.",
    "Callum Forbes told reporters that fuel costs had fallen by half.",
    "A storm closed the Pentland Firth crossing for two days last week.",
    "Barclays and DNB will lend the remaining money over twelve years.",
)


def payloads(count: int, seed: int = 7) -> list[tuple[str, bytes]]:
    """``count`` distinct payloads (id, JSON): short articles with a dated byline."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        body = " ".join(rng.sample(SENTENCES, 4))
        day = 1 + i % 28
        payload = {
            "id": f"fault-{i:06d}",
            "url": f"https://harbour.example/2021/03/{day:02d}/story-{i}",
            "title": f"Harbour story number {i}",
            "text": f"Harbour story number {i}\n\nBy Morag Dunbar | {day:02d} March 2021\n\n{body}",
        }
        out.append((payload["id"], msgspec.json.encode(payload)))
    return out


def push_all(
    client: redis.Redis,
    key: str,
    items: Sequence[tuple[str, bytes]],
    errors: list[str],
    rate: float | None = None,
) -> None:
    """RPUSH every payload, retrying each until Redis acknowledges it (as a crawler should).

    A push whose reply was lost may land twice; the pipeline's idempotent publish makes
    that harmless, which is the point of keying output by id and content. With ``rate``,
    pushes are spread out at that many per second.
    """
    started = time.monotonic()
    for n, (_id, data) in enumerate(items):
        if rate:  # a crawler streams; pacing keeps the run long enough for every fault
            time.sleep(max(0.0, started + n / rate - time.monotonic()))
        pause = 0.05
        while True:
            try:
                client.rpush(key, data)
                break
            except redis.RedisError as exc:
                errors.append(type(exc).__name__)
                time.sleep(pause)
                pause = min(pause * 2, 2.0)
