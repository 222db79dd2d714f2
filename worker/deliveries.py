"""How many times each pipeline message has been delivered.

Redelivery is how Celery on Redis keeps work from being lost (a killed pool child's message
is requeued; an unacknowledged one comes back after the visibility timeout). A message
whose article kills the worker every time would come back forever; counting deliveries
per message id lets the task give up after ``ENRICH_MAX_DELIVERIES`` and settle its
articles (split the batch, then dead-letter the one that still fails).
"""

from __future__ import annotations

import redis

from worker.keys import Keys
from worker.settings import Settings


class Deliveries:
    """A per-message delivery counter in Redis, expiring after the message can no longer return."""

    def __init__(self, client: redis.Redis, settings: Settings) -> None:
        self._redis = client
        self._keys = Keys(settings)
        # A message comes back after its worker died: after the visibility timeout, or
        # behind its queue's backlog when a pool child's message is requeued; a wait past
        # ENRICH_STALE_AFTER is rare (its articles are resubmitted as well). After
        # max_deliveries of them it has been settled, so its counter can go.
        wait = max(settings.visibility_timeout, settings.stale_after)
        self._ttl = wait * (settings.max_deliveries + 1)

    def count(self, message_id: str) -> int:
        """Count one more delivery of ``message_id``; return the total so far."""
        key = self._keys.deliveries(message_id)
        pipe = self._redis.pipeline(transaction=False)
        pipe.incr(key)
        pipe.expire(key, self._ttl)
        delivered = int(pipe.execute()[0])
        if delivered > 1:
            self._redis.hincrby(self._keys.counters, "redeliveries", 1)
        return delivered
