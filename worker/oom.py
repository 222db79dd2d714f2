"""A full Redis, recognised however it reports it.

At ``maxmemory`` with ``noeviction`` Redis refuses writes with ``-OOM``, which redis-py
raises as ``OutOfMemoryError``, the error every caller already waits out. A Lua script's
refused write comes back differently before Redis 7's script flags (the embedded Redis is
6.2): as a script error quoting the refusal, which redis-py raises as a plain
``ResponseError``. Not recognised, it crashed the ingester and would have buried articles
with a meaningless reason. Nothing was written in that case: Redis refuses only a script's
first write, so a script is never half done, and running it again is safe.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import redis

P = ParamSpec("P")
R = TypeVar("R")

REFUSAL = "OOM command not allowed"
"""What Redis says when it refuses a write for lack of memory."""


def full_redis_as_oom(method: Callable[P, R]) -> Callable[P, R]:
    """Raise ``OutOfMemoryError`` for a refusal that came back as a script error."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except redis.exceptions.OutOfMemoryError:
            raise
        except redis.ResponseError as exc:
            if REFUSAL not in str(exc):
                raise
            raise redis.exceptions.OutOfMemoryError(str(exc)) from exc

    return wrapper
