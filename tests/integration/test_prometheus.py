"""A real Prometheus scrapes a running worker and ingester; their logs are JSON.

One worker (every stage) and one `enrich ingest`, each with its own ENRICH_METRICS_PORT and
ENRICH_LOG_FORMAT=json, enrich a few payloads; Debian's `prometheus` binary, started here
with a config and a TSDB in tmp, scrapes both; the test asks its HTTP API for the
pipeline's series, checks the scrapes with `promtool check metrics`, runs every query of
the Grafana dashboard, and reads the logs. Skipped only when `prometheus` is not on PATH
(CI installs it: .ci/run).
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import msgspec
import pytest
import redis

from tests.conftest import ROOT, drop_keys
from tests.integration.processes import start, stop, wait_ready
from tests.test_dashboard import exprs
from worker.keys import Keys
from worker.settings import Settings

pytestmark = pytest.mark.integration

WAIT = 180.0
"""Seconds to wait for outcomes or series (the first NER batch loads a model; the machine
is shared): a bound on waiting, not a performance threshold."""

SECRET_WORDS = "quillwort marmalade zephyrine"
"""In every payload's text, and so in no log line."""

PAYLOADS = [
    {
        "id": f"prom-{n}",
        "url": f"https://news.example.org/2026/12/harbour-{n}",
        "title": f"Harbour trial number {n} begins",
        "text": (
            f"The harbour authority of Port Alder began trial number {n} of its tidal barrier "
            f"on Monday. Engineers said the {SECRET_WORDS} test would run for a week, and "
            "the mayor, Ruth Okafor, welcomed the news at a press conference in the town hall."
        ),
    }
    for n in range(3)
]
PARAGRAPH = (
    "<p>The harbour authority said the {SECRET} trial went well in week {n}, "
    "<a href='/photo-{n}'> </a> and more news will follow <a href='/more'>here</a>.</p>"
)
PAYLOADS.append(
    {
        "id": "prom-html",
        "url": "https://news.example.org/2026/12/harbour-page",
        "html": "<html><body><article><h1>Harbour trial, the page</h1>"
        + "".join(PARAGRAPH.format(SECRET=SECRET_WORDS, n=n) for n in range(6))
        + "</article></body></html>",
    }
)
"""The page's empty links make trafilatura warn ("empty link: ...") unless silenced."""
BAD = {"id": "prom-bad", "text": "   "}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as reply:  # noqa: S310  (local test URL)
        data: bytes = reply.read()
        return data


def wait_for(what: str, probe: Any, timeout: float = WAIT) -> Any:
    """``probe()`` once it returns something truthy; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = probe()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.5)
    pytest.fail(f"gave up waiting for {what}")


@dataclass(frozen=True)
class Deployment:
    settings: Settings
    ports: dict[str, int]
    logs: dict[str, Path]


@pytest.fixture(scope="module")
def deployment(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """A worker and an ingester with metrics and JSON logs, after the payloads went through."""
    tmp = tmp_path_factory.mktemp("prometheus-deployment")
    base = Settings(
        redis_url=redis_url,
        key_prefix=f"prom-{uuid.uuid4().hex[:8]}:",
        consumer="prom",
        batch_size=4,
        log_format="json",
    )
    ports = {"worker": free_port(), "ingest": free_port()}
    logs = {name: tmp / f"{name}.log" for name in ports}
    commands = {
        "worker": "enrich worker --concurrency 1 -- --without-mingle --without-gossip",
        "ingest": "enrich ingest",
    }
    procs = [
        start(command, replace(base, metrics_port=ports[name]), logs[name])
        for name, command in commands.items()
    ]
    client = redis.Redis.from_url(redis_url)
    try:
        wait_ready(procs[0], logs["worker"])
        wait_ready(procs[1], logs["ingest"], marker="taking payloads from")
        keys = Keys(base)
        for payload in [*PAYLOADS, BAD]:
            client.rpush(keys.intake, msgspec.json.encode(payload))
        wait_for(
            "every payload's outcome",
            lambda: client.llen(keys.output) + client.llen(keys.dead) >= len(PAYLOADS) + 1,
        )
        yield Deployment(base, ports, logs)
    finally:
        for proc in procs:
            stop(proc)
        drop_keys(client, base.key_prefix)


@pytest.fixture(scope="module")
def prometheus(deployment: Deployment, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Prometheus server of the test's own scraping both processes every second; its URL."""
    binary = shutil.which("prometheus")
    if binary is None:
        pytest.skip("the prometheus binary is not on PATH (apt-get install prometheus)")
    tmp = tmp_path_factory.mktemp("prometheus")
    targets = [f"127.0.0.1:{port}" for port in deployment.ports.values()]
    config = tmp / "prometheus.yml"
    config.write_text(
        "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        "scrape_configs:\n"
        f"  - job_name: enrich\n    static_configs: [{{targets: {json.dumps(targets)}}}]\n",
        encoding="utf-8",
    )
    port = free_port()
    with (tmp / "prometheus.log").open("wb") as log:
        proc = subprocess.Popen(
            [
                binary,
                f"--config.file={config}",
                f"--storage.tsdb.path={tmp / 'data'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for("Prometheus to be ready", lambda: http_get(url + "/-/ready"), timeout=60)
        yield url
    finally:
        stop(proc)


def query(prometheus: str, promql: str) -> list[dict[str, Any]]:
    reply = json.loads(
        http_get(prometheus + "/api/v1/query?" + urllib.parse.urlencode({"query": promql}))
    )
    assert reply["status"] == "success", reply
    result: list[dict[str, Any]] = reply["data"]["result"]
    return result


def scalar(prometheus: str, promql: str) -> float | None:
    result = query(prometheus, promql)
    return float(result[0]["value"][1]) if result else None


def test_prometheus_scrapes_the_pipelines_series(prometheus: str) -> None:
    """Prometheus finds both targets up and the outcomes of the payloads pushed."""
    assert wait_for("both targets up", lambda: scalar(prometheus, 'sum(up{job="enrich"})') == 2)
    assert wait_for(
        "the records counted",
        lambda: (scalar(prometheus, "sum(enrich_records_total)") or 0) >= len(PAYLOADS),
    )
    out = query(prometheus, "sum by (stage) (enrich_articles_out_total)")
    stages = {series["metric"]["stage"] for series in out}
    assert stages == {"intake", "clean", "dates", "language", "ner", "tag"}
    dead = query(prometheus, "enrich_dead_letters_total")
    assert [(d["metric"]["stage"], d["metric"]["reason"]) for d in dead] == [
        ("intake", "empty_body")
    ]
    assert scalar(prometheus, 'max(enrich_queue_depth{queue="output"})') == len(PAYLOADS)
    assert scalar(prometheus, "min(enrich_redis_up)") == 1
    # (since the start: a rate needs two scrapes that differ)
    p99 = "histogram_quantile(0.99, sum by (le) (enrich_article_latency_seconds_bucket))"
    assert 0 < (scalar(prometheus, p99) or 0) < float("inf")


def test_every_dashboard_query_runs(prometheus: str) -> None:
    """Prometheus accepts every query of the Grafana dashboard (Grafana's interval filled)."""
    wait_for("the first scrapes", lambda: query(prometheus, "enrich_articles_in_total"))
    dashboard = json.loads((ROOT / "deploy" / "grafana" / "enrich.json").read_text("utf-8"))
    for promql in exprs(dashboard):
        query(prometheus, promql.replace("$__rate_interval", "1m"))


def test_promtool_accepts_the_scrapes(deployment: Deployment) -> None:
    """`promtool check metrics` finds no problem in what either endpoint serves."""
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool is not on PATH (apt-get install prometheus)")
    for name, port in deployment.ports.items():
        scrape = http_get(f"http://127.0.0.1:{port}/metrics")
        assert b"enrich_articles_in_total" in scrape
        checked = subprocess.run(
            [promtool, "check", "metrics"], input=scrape, capture_output=True, check=False
        )
        assert checked.returncode == 0, (name, checked.stdout, checked.stderr)


def test_health_endpoints_of_the_running_processes(deployment: Deployment) -> None:
    for port in deployment.ports.values():
        assert http_get(f"http://127.0.0.1:{port}/healthz") == b"ok\n"
        assert http_get(f"http://127.0.0.1:{port}/readyz") == b"ok\n"


def json_events(log: Path) -> list[dict[str, Any]]:
    """The log's events: once the first JSON line appears, every line must be one."""
    lines = log.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("{"))
    # (before it: only what Python prints before logging is set up, such as Celery's
    # warning about running as root in a container)
    return [json.loads(line) for line in lines[first:] if line.strip()]


def test_json_logs_carry_article_ids_and_no_payload_text(deployment: Deployment) -> None:
    worker, ingest = (json_events(deployment.logs[n]) for n in ("worker", "ingest"))
    for event in [*worker, *ingest]:
        assert {"ts", "level", "logger", "event"} <= set(event)
    enriched = {e["article_id"]: e for e in worker if e.get("outcome") == "enriched"}
    assert set(enriched) == {p["id"] for p in PAYLOADS}
    assert all(isinstance(e["ms"], float) and e["stage"] == "output" for e in enriched.values())
    dead = [e for e in ingest if e.get("outcome") == "dead_letter"]
    assert [(e["article_id"], e["stage"], e["error"]) for e in dead] == [
        ("prom-bad", "intake", "empty_body")
    ]
    assert not [e for e in worker if e["logger"].startswith("trafilatura")]
    for name, log in deployment.logs.items():
        text = log.read_text(encoding="utf-8")
        assert not re.search(r"quillwort|marmalade|zephyrine|Okafor", text), name
