"""Metrics and health against a real Redis: queue depths and ages read at scrape time, the
output's outcomes counted, and `enrich health`'s verdicts."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import msgspec
import pytest
import redis
from click.testing import CliRunner

from tasks.record import Article
from tests.integration.processes import child_env
from worker import metrics as metrics_module
from worker.app import create_app
from worker.cli import main
from worker.flow import send_batch
from worker.health import check, serve
from worker.keys import SENT_HEADER, Keys
from worker.metrics import exported_registry, metrics
from worker.output import Output
from worker.queue_metrics import QueueCollector
from worker.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def fresh_metrics() -> Iterator[None]:
    metrics_module._current.clear()
    yield
    metrics_module._current.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_queue_depths_and_ages_come_from_redis(
    settings: Settings, redis_client: redis.Redis
) -> None:
    keys = Keys(settings)
    redis_client.rpush(keys.intake, b"p1", b"p2")
    # the oldest message waits at the right end (kombu pushes left and pops right)
    sent_before = msgspec.json.encode({"headers": {SENT_HEADER: time.time() - 30}})
    redis_client.rpush(keys.queue("ner"), sent_before)
    send_batch(create_app(settings), "ner", [])
    redis_client.rpush(keys.dead, b"{}")
    redis_client.zadd(keys.inflight, {"a:1": time.time() - 100, "b:2": time.time()})
    redis_client.rpush(keys.output, b'{"id": "x", "received_at": "2020-01-01T00:00:00+00:00"}')
    old = int((time.time() - 50) * 1000)
    redis_client.xadd(keys.intake_stream, {"payload": b"{}"}, id=f"{old}-0")
    redis_client.xadd(keys.intake_stream, {"payload": b"{}"})
    depths, ages = QueueCollector(redis_client, settings).read()
    assert depths == {
        "intake": 2,
        "intake_stream": 2,  # no group has read it yet
        "clean": 0,
        "dates": 0,
        "language": 0,
        "ner": 2,
        "tag": 0,
        "unacked": 0,
        "inflight": 2,
        "output": 1,
        "dead": 1,
    }
    assert 50 <= ages["intake_stream"] < 3600
    assert 100 <= ages["inflight"] < 3600
    assert ages["output"] > 365 * 24 * 3600
    assert 30 <= ages["ner"] < 3600
    assert "clean" not in ages  # an empty queue has no age
    redis_client.rpop(keys.queue("ner"))
    _, ages = QueueCollector(redis_client, settings).read()
    assert 0 <= ages["ner"] < 30  # the message send_batch sent says when
    # once the group has taken the older entry, only the newer one waits
    redis_client.xgroup_create(keys.intake_stream, settings.stream_group, id="0")
    redis_client.xreadgroup(settings.stream_group, "c", {keys.intake_stream: ">"}, count=1)
    depths, ages = QueueCollector(redis_client, settings).read()
    assert depths["intake_stream"] == 1
    assert ages["intake_stream"] < 50


def test_an_unreachable_redis_is_a_scrape_with_redis_up_zero() -> None:
    dead = Settings(redis_url=f"redis://127.0.0.1:{free_port()}/0")
    client = redis.Redis.from_url(dead.require_redis_url(), socket_connect_timeout=1)
    families = {f.name: f for f in QueueCollector(client, dead).collect()}
    assert list(families) == ["enrich_redis_up"]
    assert families["enrich_redis_up"].samples[0].value == 0


def test_the_outputs_outcomes_are_counted(settings: Settings, redis_client: redis.Redis) -> None:
    output = Output(redis_client, settings)
    record = Article(id="a", content_hash="h1", text="Body.", stage_ms={"clean": 3.0})
    output.publish([record, Article(id="b", content_hash="h1")])
    output.publish([record])  # a redelivery: suppressed
    registry = exported_registry()

    def value(name: str, **labels: str) -> float | None:
        return registry.get_sample_value(name, labels)

    assert value("enrich_records_total", text="yes") == 1
    assert value("enrich_records_total", text="no") == 1
    assert value("enrich_duplicates_suppressed_total", kind="record") == 1
    assert metrics().registry is not None


def test_enrich_health_exit_codes(settings: Settings) -> None:
    """0 with Redis up and the local endpoint alive; 1 with one line naming the problem."""
    runner = CliRunner()
    env = {k: v for k, v in child_env(settings).items() if k.startswith("ENRICH_")}
    port = free_port()
    verdict: list[str | None] = [None]
    server = serve(port, exported_registry(), ready=lambda: None, alive=lambda: verdict[0])
    try:
        result = runner.invoke(main, ["health", "--port", str(port)], env=env)
        assert (result.exit_code, result.output) == (0, "ok\n")
        verdict[0] = "consumer loop silent for 75 s (limit 60 s)"
        result = runner.invoke(main, ["health", "--port", str(port)], env=env)
        assert result.exit_code == 1
        assert "consumer loop silent" in result.output
    finally:
        server.shutdown()
        server.server_close()
    result = runner.invoke(main, ["health"], env={**env, "ENRICH_METRICS_PORT": "0"})
    assert result.exit_code == 1
    assert "ENRICH_METRICS_PORT is 0" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_health_names_a_dead_redis_without_its_password() -> None:
    dead = Settings(redis_url=f"redis://user:hunter2@127.0.0.1:{free_port()}/0")
    problem = check(dead, 9) or ""
    assert "does not answer" in problem
    assert "hunter2" not in problem
