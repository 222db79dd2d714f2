"""The broker transport's retry: a full Redis is waited out, a lost connection is not."""

from __future__ import annotations

import pytest
import redis

from worker.broker import PatientRetry, wait_for_memory_at_most


def test_a_connection_error_is_raised_at_once_for_kombu_to_handle() -> None:
    """Kombu re-registers its polling on a new connection; a retry under it must not."""
    calls: list[int] = []

    def lost() -> None:
        calls.append(1)
        raise redis.ConnectionError("Connection reset by peer")

    with pytest.raises(redis.ConnectionError):
        PatientRetry().call_with_retry(lost, lambda _error: None)
    assert calls == [1]


def test_a_refusal_for_memory_is_tried_again_until_it_passes() -> None:
    attempts: list[int] = []
    failures: list[Exception] = []

    def full_twice() -> str:
        attempts.append(1)
        if len(attempts) <= 2:
            raise redis.exceptions.OutOfMemoryError("command not allowed")
        return "OK"

    wait_for_memory_at_most(5.0)
    try:
        assert PatientRetry().call_with_retry(full_twice, failures.append) == "OK"
    finally:
        wait_for_memory_at_most(300.0)
    assert len(attempts) == 3
    assert len(failures) == 2  # the connection is closed before each new attempt
