"""Pushing payloads onto the intake: what a crawler does, for `enrich submit` and tests.

A producer in any language does the same: ``RPUSH <intake list> <json>`` (this is exactly
what scrapy-redis's ``RedisPipeline`` does with ``REDIS_ITEMS_KEY`` set to the intake list),
or ``XADD <intake stream> * payload <json>``; the names are in ``worker.keys``.
"""

from __future__ import annotations

from collections.abc import Iterable

from worker.connection import connect
from worker.keys import INTAKE_FIELD, Keys
from worker.settings import Settings

PUSH_CHUNK = 500
"""Payloads per pipelined round trip."""


def push_payloads(settings: Settings, payloads: Iterable[bytes], *, stream: bool = False) -> int:
    """Push every payload onto the intake list (or stream); return how many."""
    client = connect(settings.require_redis_url())
    keys = Keys(settings)
    key = keys.intake_stream if stream else keys.intake
    pushed = 0
    pipe = client.pipeline(transaction=False)
    for payload in payloads:
        if stream:
            pipe.xadd(key, {INTAKE_FIELD: payload})
        else:
            pipe.rpush(key, payload)
        pushed += 1
        if pushed % PUSH_CHUNK == 0:
            pipe.execute()
    pipe.execute()
    return pushed
