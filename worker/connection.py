"""One way to open a Redis client, with the timeouts the whole worker uses.

redis-py 8 gives every connection a 5 s read timeout unless told otherwise; under load a
large batch write (or an fsync on every write) can take longer, and each such timeout was
an outage for the caller: a retry, work done again. A read now waits as long as the
broker's does; a dead server is still found by the connect timeout and the health check.
"""

from __future__ import annotations

import redis

SOCKET_TIMEOUT = 30
"""Seconds a reply may take (the broker's connections use the same)."""
CONNECT_TIMEOUT = 5
HEALTH_CHECK_INTERVAL = 30
"""A connection idle this long is pinged before use, so a restarted server is noticed."""


def connect(url: str) -> redis.Redis:
    """A client for ``url`` with the worker's timeouts."""
    return redis.Redis.from_url(
        url,
        socket_timeout=SOCKET_TIMEOUT,
        socket_connect_timeout=CONNECT_TIMEOUT,
        health_check_interval=HEALTH_CHECK_INTERVAL,
    )
