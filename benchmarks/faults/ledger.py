"""Where every pushed payload ended: the ledger a fault run is judged by."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

import msgspec
import redis

from worker.keys import Keys
from worker.settings import Settings


@dataclass
class Ledger:
    """For N payloads pushed: each must end exactly once, as a record or a dead letter."""

    pushed: int
    enriched: int
    dead: int
    lost: int
    duplicated: int
    reexecutions: int
    suppressed: int
    lost_ids: list[str] = field(default_factory=list)


def outcome_ids(client: redis.Redis, settings: Settings) -> tuple[Counter[str], Counter[str]]:
    """How many times each id appears on the output and on the dead-letter list."""

    def ids(key: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        for start in range(0, int(client.llen(key)), 1000):
            for raw in client.lrange(key, start, start + 999):
                counts[msgspec.json.decode(raw)["id"]] += 1
        return counts

    return ids(settings.key(settings.output_key)), ids(settings.key(settings.dead_key))


def count_outcomes(client: redis.Redis, settings: Settings) -> int:
    """Records plus dead letters so far (cheap: two LLENs)."""
    return int(
        client.llen(settings.key(settings.output_key))
        + client.llen(settings.key(settings.dead_key))
    )


def ledger(client: redis.Redis, settings: Settings, pushed: Collection[str]) -> Ledger:
    """Account for every pushed id."""
    out, dead = outcome_ids(client, settings)
    counters = {k.decode(): int(v) for k, v in client.hgetall(Keys(settings).counters).items()}
    duplicated = sum(n - 1 for n in out.values()) + sum(n - 1 for n in dead.values())
    duplicated += len(set(out) & set(dead))
    lost = sorted(set(pushed) - set(out) - set(dead))
    return Ledger(
        pushed=len(pushed),
        enriched=len(out),
        dead=len(dead),
        lost=len(lost),
        duplicated=duplicated,
        reexecutions=counters.get("redeliveries", 0),
        suppressed=counters.get("duplicates_suppressed", 0),
        lost_ids=lost[:10],
    )


class Progress:
    """Samples the outcome count, to tell how long the pipeline stalled after each fault."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, int]] = []
        self.faults: list[float] = []
        self.pushing = threading.Event()
        """Set while the producer is still pushing payloads."""
        self.expected = 0
        """Payloads the run pushes (for injectors that strike part of the way through)."""
        self.restarts: list[float] = []
        """When an injector started workers again after killing them all."""
        self.notes: list[str] = []
        """What an injector saw, for the ledger's notes."""

    def done(self) -> int:
        """Outcomes at the latest sample."""
        return self.samples[-1][1] if self.samples else 0

    def sample(self, count: int) -> None:
        self.samples.append((time.monotonic(), count))

    def fault(self) -> None:
        self.faults.append(time.monotonic())

    def recovery_seconds(self) -> float:
        """The longest wait, after any fault, for the next article to finish."""
        worst = 0.0
        for at in self.faults:
            before = max((c for t, c in self.samples if t <= at), default=0)
            after = [t for t, c in self.samples if t > at and c > before]
            if after:
                worst = max(worst, after[0] - at)
        return worst
