"""Every Redis client of the worker has the same, explicit timeouts."""

from __future__ import annotations

from worker.app import celery_config
from worker.connection import CONNECT_TIMEOUT, SOCKET_TIMEOUT, connect
from worker.settings import Settings


def test_a_client_waits_for_replies_as_long_as_the_broker_does() -> None:
    """Not redis-py 8's default of 5 s, which a large batch write under load outlasts."""
    kwargs = connect("redis://127.0.0.1:6399/0").connection_pool.connection_kwargs
    options = celery_config(Settings(redis_url="redis://127.0.0.1:6399/0"))
    transport = options["broker_transport_options"]
    assert kwargs["socket_timeout"] == transport["socket_timeout"] == SOCKET_TIMEOUT
    assert kwargs["socket_connect_timeout"] == transport["socket_connect_timeout"]
    assert kwargs["socket_connect_timeout"] == CONNECT_TIMEOUT
    assert kwargs["health_check_interval"] > 0
