"""The Procfile and docker-compose.yml processes, run as local processes, move an article.

No container engine runs here, so each service's command line is started as it is written
(through a shell, as a Procfile runner would), against a local Redis.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import yaml

from tasks.pipeline import STAGE_NAMES
from tests.conftest import EXAMPLE, ROOT, drop_keys
from tests.integration.driver import Driver
from tests.integration.processes import stop, wait_ready
from worker.local.embedded import free_port, redis_server_binary
from worker.settings import Settings

pytestmark = pytest.mark.integration


def _path_with_tools() -> str:
    """PATH with this venv's scripts (enrich, celery) and a redis-server on it."""
    extra = [str(Path(sys.executable).parent), str(Path(redis_server_binary()).parent)]
    return os.pathsep.join([*extra, os.environ.get("PATH", "")])


def _start_shell(command: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            ["bash", "-c", f"exec {command}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=log.parent,
        )


def _procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    entries = [line.split(":", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {name.strip(): command.strip() for name, command in entries}


def _wait_for_ping(url: str, timeout: float = 30.0) -> None:
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            client.ping()
            return
        except redis.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError(f"no Redis at {url}")


def _wait_for_http(port: int, timeout: float = 60.0, path: str = "/") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"nothing answered on port {port}")


def _http_status(port: int, auth: str | None = None) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/")
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=5) as resp:  # noqa: S310  (http://127.0.0.1)
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return err.code


def _interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's ``${NAME:?message}`` substitution, for the variables the file requires."""
    return re.sub(r"\$\{(\w+):\?[^}]*\}", lambda m: variables[m.group(1)], value)


def _article_gets_through(settings: Settings) -> None:
    driver = Driver(settings)
    driver.push([{"id": "deploy-check", "text": EXAMPLE.read_text()}])
    records, dead = driver.outcomes(1)
    assert dead == []
    assert [r["id"] for r in records] == ["deploy-check"]
    assert records[0]["entities"]


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in reversed(started):
        stop(proc)


def test_procfile_processes_enrich_an_article(
    tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    """Every Procfile line starts, and together they take a payload from intake to output."""
    redis_port, web_port = free_port(), free_port()
    url = f"redis://127.0.0.1:{redis_port}/0"
    settings = Settings(redis_url=url, consumer="procfile", batch_size=4)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ENRICH_")},
        **settings.environ(),
        "PATH": _path_with_tools(),
        "REDIS_PORT": str(redis_port),
        "REDIS_DIR": str(tmp_path),
        "PORT": str(web_port),
    }
    entries = _procfile()
    assert set(entries) == {"redis", "ingest", "worker_light", "worker_ner", "flower"}
    processes.append(_start_shell(entries["redis"], env, tmp_path / "redis.log"))
    _wait_for_ping(url)
    for name in ("ingest", "worker_light", "worker_ner", "flower"):
        processes.append(_start_shell(entries[name], env, tmp_path / f"{name}.log"))
    for name, proc in zip(("worker_light", "worker_ner"), processes[2:4], strict=True):
        wait_ready(proc, tmp_path / f"{name}.log")
    _wait_for_http(web_port)
    _article_gets_through(settings)


def test_compose_services_enrich_an_article(
    redis_url: str, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    """docker-compose.yml's app services, run as local processes, enrich a payload."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    variables = {"REDIS_PASSWORD": "unused-here", "FLOWER_BASIC_AUTH": "operator:flower-secret"}
    settings = Settings(
        redis_url=redis_url,
        key_prefix=f"compose-{uuid.uuid4().hex[:8]}:",
        consumer="compose",
        batch_size=4,
    )
    web_port = free_port()
    try:
        for name in ("ingest", "worker_light", "worker_ner", "flower"):
            service = services[name]
            command = service["command"].replace("--port=5555", f"--port={web_port}")
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith(("ENRICH_", "FLOWER_"))},
                # the service's other variables (Flower's password); the ENRICH_ ones are the
                # compose network's (its Redis, a metrics port every container has to itself)
                **{
                    k: _interpolate(v, variables)
                    for k, v in service["environment"].items()
                    if not k.startswith("ENRICH_")
                },
                **settings.environ(),
                "PATH": _path_with_tools(),
            }
            processes.append(_start_shell(command, env, tmp_path / f"{name}.log"))
        wait_ready(processes[1], tmp_path / "worker_light.log")
        wait_ready(processes[2], tmp_path / "worker_ner.log")
        _wait_for_http(web_port, path="/healthcheck")  # flower's health check, open
        assert _http_status(web_port) == 401
        assert _http_status(web_port, variables["FLOWER_BASIC_AUTH"]) == 200
        _article_gets_through(settings)
    finally:
        drop_keys(redis.Redis.from_url(redis_url), settings.key_prefix)


def test_plain_celery_worker_serves_the_ner_queue(
    redis_url: str, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    """`celery -A worker.app worker -Q ner` is a NER worker, beside `enrich worker` for the rest."""
    settings = Settings(
        redis_url=redis_url,
        key_prefix=f"plain-{uuid.uuid4().hex[:8]}:",
        consumer="plain",
        batch_size=4,
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ENRICH_")},
        **settings.environ(),
        "PATH": _path_with_tools(),
    }
    commands = {
        "ingest": "enrich ingest",
        "light": "enrich worker --stages clean,dates,language --concurrency 1",
        "ner": "celery -A worker.app worker -Q ner,tag --concurrency 1 --without-mingle -l INFO",
    }
    try:
        for name, command in commands.items():
            processes.append(_start_shell(command, env, tmp_path / f"{name}.log"))
        wait_ready(processes[1], tmp_path / "light.log")
        wait_ready(processes[2], tmp_path / "ner.log")
        _article_gets_through(settings)
    finally:
        drop_keys(redis.Redis.from_url(redis_url), settings.key_prefix)


def test_plain_celery_worker_without_queues_serves_every_stage(
    redis_url: str, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    """`celery -A worker.app worker` with no -Q takes an article through all five stages."""
    settings = Settings(
        redis_url=redis_url,
        key_prefix=f"plainall-{uuid.uuid4().hex[:8]}:",
        consumer="plainall",
        batch_size=4,
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ENRICH_")},
        **settings.environ(),
        "PATH": _path_with_tools(),
    }
    command = "celery -A worker.app worker --concurrency 1 --without-mingle -l INFO"
    try:
        processes.append(_start_shell("enrich ingest", env, tmp_path / "ingest.log"))
        processes.append(_start_shell(command, env, tmp_path / "worker.log"))
        wait_ready(processes[1], tmp_path / "worker.log")
        banner = (tmp_path / "worker.log").read_text()
        assert all(f".> {stage} " in banner for stage in STAGE_NAMES)  # Celery's [queues]
        _article_gets_through(settings)
    finally:
        drop_keys(redis.Redis.from_url(redis_url), settings.key_prefix)
