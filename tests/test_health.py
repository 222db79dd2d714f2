"""The endpoint's three paths and the liveness rule, on a local port (no Redis)."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from prometheus_client import CollectorRegistry, Counter

from worker import health
from worker.errors import SettingsError
from worker.health import Liveness, serve
from worker.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture
def endpoint() -> Iterator[tuple[int, dict[str, str | None]]]:
    """A served endpoint whose liveness and readiness verdicts the test sets."""
    verdicts: dict[str, str | None] = {"alive": None, "ready": None}
    registry = CollectorRegistry()
    Counter("enrich_example", "An example.", registry=registry).inc()
    port = free_port()
    server = serve(port, registry, ready=lambda: verdicts["ready"], alive=lambda: verdicts["alive"])
    yield port, verdicts
    server.shutdown()
    server.server_close()


def test_the_three_paths(endpoint: tuple[int, dict[str, str | None]]) -> None:
    port, verdicts = endpoint
    assert get(port, "/healthz") == (200, "ok\n")
    assert get(port, "/readyz") == (200, "ok\n")
    status, body = get(port, "/metrics")
    assert status == 200
    assert "enrich_example_total 1.0" in body
    assert get(port, "/nothing")[0] == 404
    verdicts["alive"] = "consumer loop silent for 99 s"
    verdicts["ready"] = "Redis at redis://h:6379/0 does not answer"
    assert get(port, "/healthz") == (503, "consumer loop silent for 99 s\n")
    assert get(port, "/readyz")[0] == 503


def test_liveness_goes_stale_without_ticks(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(health.time, "monotonic", lambda: now[0])
    live = Liveness()
    assert live.problem() is None
    now[0] += health.STALE_AFTER + 1
    assert "silent for 61 s" in (live.problem() or "")
    live.beat()
    assert live.problem() is None


def test_metrics_port_must_be_a_port() -> None:
    with pytest.raises(SettingsError, match="ENRICH_METRICS_PORT"):
        Settings.from_env({"ENRICH_METRICS_PORT": "70000"})
    assert Settings.from_env({"ENRICH_METRICS_PORT": "9464"}).metrics_port == 9464


def test_the_worker_consumer_ticks_from_its_own_timer() -> None:
    """The tick runs on the consumer's timer (its event loop), and stops with it."""
    from worker.monitoring import ConsumerBeat

    class Timer:
        def __init__(self) -> None:
            self.calls: list[tuple[float, object]] = []
            self.cancelled = False

        def call_repeatedly(self, every: float, fn: object) -> Timer:
            self.calls.append((every, fn))
            return self

        def cancel(self) -> None:
            self.cancelled = True

    class Consumer:
        timer = Timer()

    consumer = Consumer()
    step = ConsumerBeat(consumer)
    step.start(consumer)
    assert consumer.timer.calls == [(health.BEAT_EVERY, health.LIVENESS.beat)]
    step.stop(consumer)
    assert consumer.timer.cancelled
